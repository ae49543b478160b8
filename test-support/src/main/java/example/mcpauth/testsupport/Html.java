package example.mcpauth.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Keycloak's login pages read with jsoup: forms by id, input values, an element's text. Each
 * method parses the page it is given; a missing form or element is an AssertionError that shows
 * the page.
 */
public final class Html {

    private Html() { }

    /** The action of the form with this id, as written (entities decoded; may be host-relative). */
    public static String formAction(String html, String formId) {
        Element form = form(html, formId);
        if (!form.hasAttr("action")) {
            throw new AssertionError("form #" + formId + " has no action");
        }
        return form.attr("action");
    }

    /**
     * What a browser submits for the form with this id: its named inputs' values (checkboxes and
     * radio buttons only when checked; buttons are not included, the caller adds the one it presses).
     */
    public static Map<String, String> formFields(String html, String formId) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form(html, formId).select("input[name], textarea[name], select[name]")) {
            String type = input.attr("type").toLowerCase(java.util.Locale.ROOT);
            if (type.equals("submit") || type.equals("button") || type.equals("image") || type.equals("reset")
                    || ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked"))) {
                continue;
            }
            String value = switch (input.normalName()) {
                case "textarea" -> input.wholeText();
                case "select" -> Optional.ofNullable(input.selectFirst("option[selected]"))
                        .or(() -> Optional.ofNullable(input.selectFirst("option")))
                        .map(o -> o.hasAttr("value") ? o.attr("value") : o.text()).orElse("");
                default -> input.attr("value");
            };
            fields.put(input.attr("name"), value);
        }
        return fields;
    }

    /** The value of the first input with this name ("" when it has none). */
    public static String inputValue(String html, String name) {
        Element input = parse(html).selectFirst("input[name=" + cssString(name) + "]");
        if (input == null) {
            throw new AssertionError("no input " + name + " in page:\n" + html);
        }
        return input.attr("value");
    }

    public static boolean hasId(String html, String id) {
        return parse(html).getElementById(id) != null;
    }

    /** The {@code data-error} of the element #kc-email-code-error, when the page shows one. */
    public static Optional<String> emailCodeError(String html) {
        Element e = parse(html).getElementById("kc-email-code-error");
        return e != null && e.hasAttr("data-error") ? Optional.of(e.attr("data-error")) : Optional.empty();
    }

    /** The text of the element with this id, as a browser shows it (white space collapsed, trimmed). */
    public static String text(String html, String id) {
        Element e = parse(html).getElementById(id);
        if (e == null) {
            throw new AssertionError("no element #" + id + " in page:\n" + html);
        }
        return e.text();
    }

    /** The texts of the consent page's scope list ({@code #kc-consent-scopes > li}), in their order. */
    public static List<String> consentScopes(String html) {
        return parse(html).select("#kc-consent-scopes > li").eachText();
    }

    /** Decodes HTML character references ({@code &amp;amp;}, {@code &amp;#39;}, ...) in an attribute value taken from a page as written. */
    public static String unescape(String s) {
        return Parser.unescapeEntities(s, true);
    }

    private static Element form(String html, String formId) {
        Element form = parse(html).getElementById(formId);
        if (form == null || !form.normalName().equals("form")) {
            throw new AssertionError("no form #" + formId + " in page:\n" + html);
        }
        return form;
    }

    private static Document parse(String html) {
        return Jsoup.parse(html);
    }

    private static String cssString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
