package example.mcpauth.keycloak.emailcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every text the authenticator's pages and mail show is a message of our theme: each error id has its
 * {@code emailCodeError.<id>} message, and every literal {@code msg("…")} key of a template exists
 * in the messages of its theme type (a missing key would show the key itself to the user); the
 * error messages, whose key the pages build from the id, are checked by id.
 */
class ThemeMessageKeysTest {

    private static final Pattern MSG = Pattern.compile("msg\\(\"([^\"]+)\"\\s*[,)]");

    private static Properties messages(String type) throws IOException {
        Properties p = new Properties();
        try (InputStream in = resource("theme/mcp-demo/" + type + "/messages/messages_en.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static InputStream resource(String path) {
        InputStream in = ThemeMessageKeysTest.class.getClassLoader().getResourceAsStream(path);
        assertThat(in).as(path).isNotNull();
        return in;
    }

    private static Set<String> keysUsedIn(String path) throws IOException {
        String text;
        try (InputStream in = resource(path)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> keys = new TreeSet<>();
        Matcher m = MSG.matcher(text);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void everyErrorIdHasAMessage() throws IOException {
        Properties login = messages("login");
        assertThat(EmailCodeAuthenticator.ERROR_CODES).isNotEmpty()
                .allSatisfy(id -> assertThat(login).containsKey("emailCodeError." + id));
    }

    @Test
    void everyKeyOfTheLoginPagesExists() throws IOException {
        Properties login = messages("login");
        for (String page : new String[] {EmailCodeAuthenticator.EMAIL_PAGE, EmailCodeAuthenticator.CODE_PAGE, "login-oauth-grant.ftl"}) {
            Set<String> keys = keysUsedIn("theme/mcp-demo/login/" + page);
            assertThat(keys).as(page).isNotEmpty();
            assertThat(keys).as(page).allSatisfy(key -> assertThat(login).containsKey(key));
        }
    }

    @Test
    void everyKeyOfTheMailExists() throws IOException {
        Properties email = messages("email");
        assertThat(email).containsKey(EmailCodeAuthenticator.EMAIL_SUBJECT_KEY);
        for (String variant : new String[] {"html", "text"}) {
            Set<String> keys = keysUsedIn("theme/mcp-demo/email/" + variant + "/" + EmailCodeAuthenticator.EMAIL_TEMPLATE);
            assertThat(keys).as(variant).contains("emailCodeBodyCodeLabel", "emailCodeBodyClient", "emailCodeBodyValidity");
            assertThat(keys).as(variant).allSatisfy(key -> assertThat(email).containsKey(key));
        }
    }
}
