package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import example.mcpauth.client.authorization.BrowserLauncher;
import example.mcpauth.client.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user (or a headless test driver) runs it: --no-browser, URL read from stderr. */
class CliIT {

    @TempDir
    Path store;
    FakeStack stack;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final StringBuilder errText = new StringBuilder();

    /** stderr that, like a headless browser driver, opens the printed sign-in URL. */
    PrintStream driverStderr() {
        return new PrintStream(new OutputStream() {
            final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    String l = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    errText.append(l).append('\n');
                    if (l.startsWith(BrowserLauncher.PROMPT)) {
                        URI url = URI.create(l.substring(BrowserLauncher.PROMPT.length()).trim());
                        new Thread(() -> {
                            try {
                                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build()
                                        .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
                            } catch (Exception ignored) {
                                // the test then fails on the missing sign-in
                            }
                        }).start();
                    }
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void start() throws Exception {
        stack = new FakeStack();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    int run(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--store-dir";
        all[1] = store.toString();
        all[2] = "--server";
        all[3] = stack.mcpUrl().toString();
        System.arraycopy(args, 0, all, 4, args.length);
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), driverStderr());
    }

    @Test
    void toolsListThenToolsCallPrintJson() throws Exception {
        assertThat(run("--no-browser", "--timeout", "20", "tools/list")).isEqualTo(0);
        JsonNode list = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(list.path("tools").get(0).path("name").asText()).isEqualTo("echo");
        assertThat(errText).contains(BrowserLauncher.PROMPT);

        out.reset();
        assertThat(run("--no-browser", "tools/call", "echo", "{\"region\":\"Europe\"}")).isEqualTo(0);
        JsonNode call = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(call.path("content").get(0).path("text").asText()).isEqualTo("echo {\"region\":\"Europe\"}");
        assertThat(stack.authorizeRequests).hasSize(1); // second run used the stored token
    }

    @Test
    void toolsCallAgainstA20260728ServerPrintsTheSameJson() throws Exception {
        stack.servesModern = true;
        stack.servesLegacy = false;
        assertThat(run("--no-browser", "tools/call", "echo", "{\"region\":\"USA\"}")).isEqualTo(0);
        JsonNode call = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(call.path("content").get(0).path("text").asText()).isEqualTo("echo {\"region\":\"USA\"}");
        assertThat(stack.mcpMethods).containsExactly("server/discover", "tools/list", "tools/call");
        assertThat(errText).contains("[mcp-client] MCP protocol 2026-07-28");
    }

    @Test
    void loginPrintsSummaryWithoutTokenUnlessAsked() throws Exception {
        assertThat(run("--no-browser", "login")).isEqualTo(0);
        JsonNode s = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(s.path("authorized").asBoolean()).isTrue();
        assertThat(s.path("issuer").asText()).isEqualTo(stack.issuer());
        assertThat(s.path("protocol_version").asText()).isEqualTo("2025-11-25"); // the fake server speaks only initialize
        assertThat(s.has("access_token")).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8) + errText).doesNotContain("\"at-").doesNotContain("rt-");
        out.reset();
        assertThat(run("login", "--show-token")).isEqualTo(0);
        assertThat(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).path("access_token").asText()).startsWith("at-");
    }

    @Test
    void exitCodesAndMessagesForFailures() {
        assertThat(run("tools/frobnicate")).isEqualTo(2);
        assertThat(errText).contains("Unknown command").contains("What to do:");
        assertThat(run("tools/call", "echo", "[1]")).isEqualTo(2);
        assertThat(run("--no-browser", "tools/call", "nope", "{}")).isEqualTo(2);
        assertThat(errText).contains("no tool named 'nope'").contains("[echo]");

        stack.codeChallengeMethods = java.util.List.of("plain");
        stack.revokeAccessTokens();
        assertThat(run("--no-browser", "--store-dir", store.resolve("fresh").toString(), "tools/list")).isEqualTo(3);
        assertThat(errText).contains("S256");
    }

    @Test
    void unreachableServerIsAConnectionError() {
        String[] args = {"--store-dir", store.toString(), "tools/list", "http://127.0.0.1:9/mcp"};
        assertThat(Main.run(args, new PrintStream(out), driverStderr())).isEqualTo(8);
        assertThat(errText).contains("Error:").contains("What to do:");
    }

    @Test
    void logoutDeletesStoredTokens() {
        assertThat(run("--no-browser", "tools/list")).isEqualTo(0);
        assertThat(run("logout")).isEqualTo(0);
        assertThat(errText).contains("Deleted 1 stored token file(s)");
        assertThat(run("--no-browser", "tools/list")).isEqualTo(0);
        assertThat(stack.authorizeRequests).hasSize(2);
    }
}
