package example.mcpauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbox client against a stand-in for maildev's {@code GET /api/email}. */
class InboxTest {

    private final AtomicReference<String> mails = new AtomicReference<>("[]");
    private TestHttpServer maildev;
    private Inbox inbox;

    @BeforeEach
    void start() throws Exception {
        maildev = TestHttpServer.start(0, "maildev", ex -> TestHttpServer.send(ex,
                ex.getRequestURI().getPath().equals("/api/email") ? 200 : 404, "application/json", mails.get()));
        inbox = new Inbox(maildev.baseUrl() + "/");
    }

    @AfterEach
    void stop() {
        maildev.close();
    }

    private static String mail(String id, String to, String subject, String text) {
        return "{\"id\":\"" + id + "\",\"to\":[{\"address\":\"other@x\"},{\"address\":\"" + to + "\"}],\"subject\":\""
                + subject + "\",\"text\":\"" + text + "\"}";
    }

    @Test
    void mailsToAnAddressIgnoreCaseAndOtherRecipients() {
        mails.set("[" + mail("1", "John@Demo.example", "Your sign-in code: 123456", "") + ","
                + mail("2", "jane@demo.example", "Your sign-in code: 654321", "") + "]");
        assertThat(inbox.mailsTo("john@demo.example")).extracting(m -> m.path("id").asText()).containsExactly("1");
        assertThat(inbox.seen("jane@demo.example")).containsExactly("2");
        assertThat(inbox.any("nobody@demo.example")).isEmpty();
    }

    @Test
    void awaitCodeTakesTheFirstUnseenMailAndRemembersIt() {
        mails.set("[" + mail("1", "j@x", "Your sign-in code: 111111", "") + ","
                + mail("2", "j@x", "Sign in", "Your code is 222222. It expires in 5 minutes.") + "]");
        List<String> seen = new java.util.ArrayList<>(List.of("1"));
        assertThat(inbox.awaitCode("j@x", seen, Duration.ofSeconds(2))).isEqualTo("222222");
        assertThat(seen).containsExactly("1", "2");
        assertThatThrownBy(() -> inbox.awaitCode("j@x", seen, Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no new mail");
    }

    @Test
    void awaitCodeWaitsForAMailThatArrivesLater() throws Exception {
        List<String> seen = inbox.seen("j@x");
        Thread later = new Thread(() -> {
            Inbox.sleep(400);
            mails.set("[" + mail("7", "j@x", "Your sign-in code: 777777", "") + "]");
        });
        later.start();
        assertThat(inbox.awaitCode("j@x", seen, Duration.ofSeconds(5))).isEqualTo("777777");
        later.join();
    }

    @Test
    void aNewMailWithoutACodeIsReported() {
        mails.set("[" + mail("1", "j@x", "Welcome", "no digits here 12345") + "]");
        assertThatThrownBy(() -> inbox.awaitCode("j@x", new java.util.ArrayList<>(), Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no 6-digit code");
    }
}
