package example.mcpauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Keycloak-like pages, read the way the OAuth test client reads them. */
class HtmlTest {

    private static final String CODE_PAGE = """
            <!DOCTYPE html><html><head><title>Sign in</title></head><body>
            <span id="kc-client-request" class="mcp-demo-request">MCP&nbsp;Inspector &amp; co is requesting access</span>
            <div id="kc-email-code-sent" data-info="code_sent">If an account exists for
              <strong id="kc-email-code-address">john@demo.example</strong>, we sent it a 6-digit code.</div>
            <div id="kc-email-code-error" class="mcp-demo-error" data-error="invalid_code" role="alert">Wrong code</div>
            <form id='kc-code-form' method="post"
                  action="/realms/mcp-demo/login-actions/authenticate?session_code=a&amp;execution=b&amp;tab_id=c">
              <input type="text" id="code" name="code" autocomplete="one-time-code">
              <input type="hidden" name="csrf" value="x&quot;y">
              <input type="checkbox" name="remember" value="on">
              <input type="checkbox" name="agreed" value="yes" checked>
              <button type="submit" name="login" value="Sign in">Sign in</button>
            </form>
            <form id="kc-code-other-actions" action="http://localhost:8180/other"><input type="submit" name="resend" value="true"></form>
            </body></html>""";

    @Test
    void formActionIsTheAttributeWithEntitiesDecoded() {
        assertThat(Html.formAction(CODE_PAGE, "kc-code-form"))
                .isEqualTo("/realms/mcp-demo/login-actions/authenticate?session_code=a&execution=b&tab_id=c");
        assertThat(Html.formAction(CODE_PAGE, "kc-code-other-actions")).isEqualTo("http://localhost:8180/other");
    }

    @Test
    void aMissingFormOrAnElementThatIsNoFormIsAnAssertionError() {
        assertThatThrownBy(() -> Html.formAction(CODE_PAGE, "kc-consent-form")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no form #kc-consent-form");
        assertThatThrownBy(() -> Html.formAction(CODE_PAGE, "kc-email-code-error")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> Html.formAction("<form id=\"f\"></form>", "f")).hasMessageContaining("no action");
    }

    @Test
    void formFieldsAreWhatABrowserWouldSubmitBesidesTheButton() {
        assertThat(Html.formFields(CODE_PAGE, "kc-code-form"))
                .containsExactly(java.util.Map.entry("code", ""), java.util.Map.entry("csrf", "x\"y"),
                        java.util.Map.entry("agreed", "yes"));
    }

    @Test
    void inputValueDecodesAndIsEmptyWithoutAValue() {
        assertThat(Html.inputValue(CODE_PAGE, "csrf")).isEqualTo("x\"y");
        assertThat(Html.inputValue(CODE_PAGE, "code")).isEmpty();
        assertThatThrownBy(() -> Html.inputValue(CODE_PAGE, "nope")).isInstanceOf(AssertionError.class);
    }

    @Test
    void textIsWhatAPersonReads() {
        assertThat(Html.text(CODE_PAGE, "kc-client-request")).isEqualTo("MCP Inspector & co is requesting access");
        assertThat(Html.text(CODE_PAGE, "kc-email-code-sent"))
                .isEqualTo("If an account exists for john@demo.example, we sent it a 6-digit code.");
        assertThatThrownBy(() -> Html.text(CODE_PAGE, "nope")).isInstanceOf(AssertionError.class);
    }

    @Test
    void idsAreElementsNotText() {
        assertThat(Html.hasId(CODE_PAGE, "kc-code-form")).isTrue();
        assertThat(Html.hasId("<p>the id=\"kc-code-form\" is mentioned</p>", "kc-code-form")).isFalse();
    }

    @Test
    void unescapeDecodesCharacterReferences() {
        assertThat(Html.unescape("/logout?a=1&amp;b=&#39;x&#x27;&quot;&lt;&gt;")).isEqualTo("/logout?a=1&b='x'\"<>");
        assertThat(Html.unescape("plain")).isEqualTo("plain");
    }

    @Test
    void theEmailCodeErrorIsItsDataAttributeWhenShown() {
        assertThat(Html.emailCodeError(CODE_PAGE)).contains("invalid_code");
        assertThat(Html.emailCodeError("<div id=\"kc-email-code-sent\"></div>")).isEmpty();
    }

    @Test
    void consentScopesAreTheListItemsInTheirOrder() {
        String consent = "<form id=\"kc-consent-form\"><ul id=\"kc-consent-scopes\"><li>Read <b>stock</b> prices</li>"
                + "<li>Place orders<ul><li>nested</li></ul></li></ul></form>";
        assertThat(Html.consentScopes(consent)).containsExactly("Read stock prices", "Place orders nested");
        assertThat(Html.consentScopes(CODE_PAGE)).isEmpty();
    }
}
