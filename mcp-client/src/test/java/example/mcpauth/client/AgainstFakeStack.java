package example.mcpauth.client;

import example.mcpauth.client.authorization.BrowserLauncher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client's tests against the in-JVM {@link FakeStack} share: a fresh stack for each test, a token
 * store of its own, the client's configuration for them (sign-in over HTTP, no browser) and what the
 * client wrote to stderr.
 */
abstract class AgainstFakeStack {

    @TempDir
    Path store;
    FakeStack stack;
    ByteArrayOutputStream errBytes;
    PrintStream err;

    @BeforeEach
    void start() throws Exception {
        stack = new FakeStack();
        errBytes = new ByteArrayOutputStream();
        err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    ClientConfig cfg() {
        return ClientConfig.defaults(stack.mcpUrl()).withStoreDir(store).withBrowser(BrowserLauncher.Mode.HTTP)
                .withAuthTimeout(Duration.ofSeconds(20));
    }

    String stderr() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
