package example.mcpauth.keycloak.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/** The texts of our theme (the extension's messages_en.properties), formatted as Keycloak formats them. */
final class ThemeMessages {

    static final ThemeMessages LOGIN = new ThemeMessages("login");
    static final ThemeMessages EMAIL = new ThemeMessages("email");

    private final Properties messages = new Properties();

    private ThemeMessages(String type) {
        String resource = "/theme/mcp-demo/" + type + "/messages/messages_en.properties";
        try (InputStream in = ThemeMessages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String get(String key, Object... arguments) {
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            throw new AssertionError("the theme has no message " + key);
        }
        return new MessageFormat(pattern, Locale.ENGLISH).format(arguments);
    }
}
