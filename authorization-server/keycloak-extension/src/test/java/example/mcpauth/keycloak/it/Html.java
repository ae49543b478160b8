package example.mcpauth.keycloak.it;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough HTML reading for Keycloak's login pages: forms by id, attributes, text by id. */
final class Html {

    private Html() {
    }

    /** The action URL of the form with this id. */
    static String formAction(String html, String formId) {
        Matcher m = Pattern.compile("<form\\b[^>]*\\bid=\"" + Pattern.quote(formId) + "\"[^>]*>", Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form #" + formId + " in page:\n" + html);
        }
        Matcher action = Pattern.compile("\\baction=\"([^\"]*)\"").matcher(m.group());
        if (!action.find()) {
            throw new AssertionError("form #" + formId + " has no action");
        }
        return unescape(action.group(1));
    }

    /** The value of the (hidden) input with this name. */
    static String inputValue(String html, String name) {
        Matcher m = Pattern.compile("<input\\b[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>", Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            throw new AssertionError("no input " + name);
        }
        Matcher value = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(m.group());
        return value.find() ? unescape(value.group(1)) : "";
    }

    static boolean hasId(String html, String id) {
        return html.contains("id=\"" + id + "\"");
    }

    /** The {@code data-error} of the element #kc-email-code-error, if shown. */
    static Optional<String> emailCodeError(String html) {
        Matcher m = Pattern.compile("id=\"kc-email-code-error\"[^>]*data-error=\"([^\"]*)\"").matcher(html);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The text content of the element with this id (tags stripped). */
    static String text(String html, String id) {
        Matcher m = Pattern.compile("<(\\w+)\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</\\1>", Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            throw new AssertionError("no element #" + id + " in page:\n" + html);
        }
        return unescape(m.group(2).replaceAll("<[^>]+>", "")).replaceAll("\\s+", " ").trim();
    }

    static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&#x27;", "'");
    }
}
