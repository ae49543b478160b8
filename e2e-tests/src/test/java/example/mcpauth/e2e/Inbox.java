package example.mcpauth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The test inbox (maildev) read through its REST API, as a user reads their mail. */
public final class Inbox {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    public Inbox(String base) { this.base = base; }

    public int count(String address) throws Exception {
        int n = 0;
        for (JsonNode mail : all()) if (isTo(mail, address)) n++;
        return n;
    }

    /** The ids of the mails {@code address} has now (to tell a new mail from an old one). */
    public java.util.Set<String> ids(String address) throws Exception {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (JsonNode mail : all()) if (isTo(mail, address)) ids.add(mail.path("id").asText());
        return ids;
    }

    /** Waits for a mail to {@code address} that is not among {@code known}; returns its 6-digit code. */
    public String waitForCode(String address, java.util.Set<String> known, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode mail : all()) {
                if (!isTo(mail, address) || known.contains(mail.path("id").asText())) continue;
                Matcher m = CODE.matcher(mail.path("subject").asText("") + "\n" + mail.path("text").asText(""));
                if (m.find()) return m.group(1);
                throw new AssertionError("the mail to " + address + " has no 6-digit code: " + mail.path("subject").asText());
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no new mail with a code reached " + address + " within " + timeout);
    }

    private JsonNode all() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/email"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("inbox API answered " + r.statusCode());
        return json.readTree(r.body());
    }

    private static boolean isTo(JsonNode mail, String address) {
        for (JsonNode to : mail.path("to")) {
            if (address.equalsIgnoreCase(to.path("address").asText())) return true;
        }
        return false;
    }
}
