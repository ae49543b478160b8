package example.mcpauth.keycloak.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** The maildev inbox's REST API: GET /api/email, DELETE /api/email/all. */
final class Inbox {

    private static final Pattern CODE = Pattern.compile("Your sign-in code: (\\d{6})");

    private final Http http = new Http();
    private final String base = "http://" + Stack.get("STACK_BIND") + ":" + Stack.get("MAIL_WEB_PORT");

    List<JsonNode> mailsTo(String address) {
        var response = http.get(base + "/api/email");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("inbox API answered " + response.statusCode());
        }
        List<JsonNode> mails = new ArrayList<>();
        for (JsonNode mail : Http.json(response)) {
            for (JsonNode to : mail.path("to")) {
                if (address.equalsIgnoreCase(to.path("address").asText())) {
                    mails.add(mail);
                }
            }
        }
        return mails;
    }

    /** Waits (up to 20 s) for a code mail to the address that is not in {@code seen}; returns the code. */
    String awaitCode(String address, List<String> seen) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode mail : mailsTo(address)) {
                if (seen.contains(mail.path("id").asText())) {
                    continue;
                }
                Matcher m = CODE.matcher(mail.path("subject").asText());
                if (m.find()) {
                    seen.add(mail.path("id").asText());
                    return m.group(1);
                }
            }
            sleep(200);
        }
        throw new AssertionError("no code mail for " + address + " arrived in the inbox within 20 s");
    }

    /** Ids of the mails already in the inbox for the address (take this before asking for a code). */
    List<String> seen(String address) {
        return new ArrayList<>(mailsTo(address).stream().map(m -> m.path("id").asText()).toList());
    }

    Optional<JsonNode> any(String address) {
        return mailsTo(address).stream().findFirst();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
