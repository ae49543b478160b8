package example.mcpauth.testsupport;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The test inbox (maildev) read through its REST API ({@code GET /api/email}), as a user reads
 * their mail: the mails to an address, and the 6-digit sign-in code of a new one.
 *
 * <pre>{@code
 * List<String> seen = inbox.seen(email);     // before the code is asked for
 * ... submit the email page ...
 * String code = inbox.awaitCode(email, seen);
 * }</pre>
 */
public final class Inbox {

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final Http http = new Http();
    private final String base;

    /** The inbox of the stack's settings, on its bind address ({@code STACK_BIND}:{@code MAIL_WEB_PORT}). */
    public Inbox() {
        this("http://" + Stack.get("STACK_BIND") + ":" + Stack.get("MAIL_WEB_PORT"));
    }

    /** The inbox whose web UI and API are at {@code base} (e.g. {@code http://localhost:1080}). */
    public Inbox(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Every mail addressed to {@code address} (case-insensitive), oldest first. */
    public List<JsonNode> mailsTo(String address) {
        HttpResponse<String> response = http.get(base + "/api/email");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("inbox API " + base + "/api/email answered " + response.statusCode());
        }
        List<JsonNode> mails = new ArrayList<>();
        for (JsonNode mail : Http.json(response)) {
            for (JsonNode to : mail.path("to")) {
                if (address.equalsIgnoreCase(to.path("address").asText())) {
                    mails.add(mail);
                    break;
                }
            }
        }
        return mails;
    }

    /** The ids of the mails {@code address} has now (a mutable list: take it before asking for a code). */
    public List<String> seen(String address) {
        return new ArrayList<>(mailsTo(address).stream().map(m -> m.path("id").asText()).toList());
    }

    public Optional<JsonNode> any(String address) {
        return mailsTo(address).stream().findFirst();
    }

    /** {@link #awaitCode(String, Collection, Duration)} for {@link #DEFAULT_WAIT}. */
    public String awaitCode(String address, Collection<String> seen) {
        return awaitCode(address, seen, DEFAULT_WAIT);
    }

    /**
     * Waits for a mail to {@code address} whose id is not in {@code seen}, adds its id to
     * {@code seen} and returns its 6-digit code (from the subject, else the text).
     *
     * @throws AssertionError when none arrives in time, or the new mail has no code
     */
    public String awaitCode(String address, Collection<String> seen, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (JsonNode mail : mailsTo(address)) {
                String id = mail.path("id").asText();
                if (seen.contains(id)) {
                    continue;
                }
                seen.add(id);
                return code(mail).orElseThrow(() -> new AssertionError("the mail to " + address
                        + " has no 6-digit code: " + mail.path("subject").asText()));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no new mail with a code reached " + address + " within " + timeout);
            }
            sleep(200);
        }
    }

    /** The first 6-digit number of the mail's subject, else of its text. */
    public static Optional<String> code(JsonNode mail) {
        for (String part : List.of(mail.path("subject").asText(""), mail.path("text").asText(""))) {
            Matcher m = CODE.matcher(part);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** Thread.sleep without the checked exception (the interrupt is kept). */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
