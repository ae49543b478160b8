package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.mcpauth.client.McpAuthException.Kind;
import example.mcpauth.client.authorization.BrowserLauncher;
import example.mcpauth.client.tokens.SecureJsonFiles;
import example.mcpauth.testsupport.FakeAuthorizationServer.MetadataLocation;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole flow through the MCP SDK client against the in-JVM test servers. */
class AuthorizationFlowIT extends AgainstFakeStack {

    McpSchema.CallToolResult callEcho(ClientConfig cfg) {
        try (AuthorizedMcpClient c = new AuthorizedMcpClient(cfg, err)) {
            assertThat(c.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("echo");
            return c.callTool("echo", Map.of("region", "USA"));
        }
    }

    @Test
    void signsInWithDcrPkceStateAndResourceThenCallsTool() {
        McpSchema.CallToolResult r = callEcho(cfg());

        assertThat(((McpSchema.TextContent) r.content().get(0)).text()).isEqualTo("echo {\"region\":\"USA\"}");
        assertThat(stack.registrations).hasSize(1);
        Map<String, String> reg = stack.registrations.get(0);
        assertThat(reg.get("client_name")).isEqualTo("Java MCP Client");
        assertThat(reg.get("token_endpoint_auth_method")).isEqualTo("none");
        assertThat(reg.get("redirect_uris")).matches("\\[\"http://127\\.0\\.0\\.1:\\d+/callback\"]");
        assertThat(reg.get("grant_types")).contains("authorization_code").contains("refresh_token");

        assertThat(stack.authorizeRequests).hasSize(1);
        Map<String, String> az = stack.authorizeRequests.get(0);
        assertThat(az.get("code_challenge_method")).isEqualTo("S256");
        assertThat(az.get("code_challenge")).isNotBlank();
        assertThat(az.get("state")).hasSizeGreaterThan(20);
        assertThat(az.get("resource")).isEqualTo(stack.mcpUrl().toString());
        assertThat(az.get("scope")).isEqualTo("mcp:read"); // from the WWW-Authenticate challenge

        assertThat(stack.tokenRequests()).hasSize(1); // the fake AS verified the PKCE verifier and the resource
        assertThat(stack.tokenRequests().get(0).get("resource")).isEqualTo(stack.mcpUrl().toString());
        assertThat(stack.mcpMethods).contains("initialize", "tools/list", "tools/call");
        assertThat(stderr()).contains(BrowserLauncher.PROMPT + "http://127.0.0.1:");
        assertThat(stderr()).doesNotContain("at-"); // no token in output
    }

    @Test
    void storedTokenIsReusedAndRegistrationIsReusedPerIssuer() throws Exception {
        callEcho(cfg());
        callEcho(cfg()); // new "run": token from the store, no sign-in
        assertThat(stack.authorizeRequests).hasSize(1);
        assertThat(stack.registrations).hasSize(1);

        try (Stream<Path> files = Files.list(store)) {
            files.filter(p -> p.getFileName().toString().startsWith("token-")).forEach(p -> p.toFile().delete());
        }
        callEcho(cfg()); // signs in again, same dynamic registration (same client id, same port if free)
        assertThat(stack.authorizeRequests).hasSize(2);
        assertThat(stack.registrations).hasSize(1);
        assertThat(stack.authorizeRequests.get(1).get("client_id")).isEqualTo(stack.authorizeRequests.get(0).get("client_id"));
    }

    @Test
    void tokenAndRegistrationFilesAreOnlyReadableByTheUser() throws Exception {
        callEcho(cfg());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(store)) {
            var list = files.toList();
            assertThat(list).anyMatch(p -> p.getFileName().toString().startsWith("token-"))
                    .anyMatch(p -> p.getFileName().toString().startsWith("client-"));
            for (Path p : list) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void storeFolderCreatedWith0700AndLooseFilesTightened() throws Exception {
        Path nested = store.resolve("a/b");
        ClientConfig c = cfg().withStoreDir(nested);
        callEcho(c);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
        Path token;
        try (Stream<Path> files = Files.list(nested)) {
            token = files.filter(p -> p.getFileName().toString().startsWith("token-")).findFirst().orElseThrow();
        }
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        new SecureJsonFiles(nested).read(token.getFileName().toString(), Map.class);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
    }

    @Test
    void expiredTokenIsRefreshedWithoutNewSignIn() {
        stack.expiresIn = 5; // below the client's 30 s margin: counts as expired at once
        callEcho(cfg());
        int before = stack.authorizeRequests.size();
        callEcho(cfg());
        assertThat(stack.authorizeRequests).hasSize(before);
        assertThat(stack.tokenGrantTypes()).contains("refresh_token");
        stack.tokenRequests().stream().filter(r -> "refresh_token".equals(r.get("grant_type")))
                .forEach(r -> assertThat(r.get("resource")).isEqualTo(stack.mcpUrl().toString()));
    }

    @Test
    void tokenRejectedWith401IsRefreshed() {
        callEcho(cfg());
        stack.revokeAccessTokens();
        callEcho(cfg());
        assertThat(stack.authorizeRequests).hasSize(1);
        assertThat(stack.tokenGrantTypes()).containsExactly("authorization_code", "refresh_token");
    }

    @Test
    void withoutRefreshTokenA401LeadsToANewSignIn() {
        stack.issueRefreshTokens = false;
        callEcho(cfg());
        stack.revokeAccessTokens();
        callEcho(cfg());
        assertThat(stack.authorizeRequests).hasSize(2);
    }

    /** Both protocol eras of the MCP server: the authorization flow must behave the same. */
    enum Era {
        MODERN, LEGACY;

        void apply(FakeStack s) {
            s.servesModern = this == MODERN;
            s.servesLegacy = this == LEGACY;
        }
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void stepUpAsksForHeldPlusChallengedScopesSignsInOnceAndRetriesTheCallOnce(Era era) {
        era.apply(stack);
        stack.toolCallScope = "mcp:write";
        McpSchema.CallToolResult r = callEcho(cfg());
        assertThat(((McpSchema.TextContent) r.content().get(0)).text()).isEqualTo("echo {\"region\":\"USA\"}");
        assertThat(stack.authorizeRequests).hasSize(2);
        assertThat(stack.authorizeRequests.get(0).get("scope")).isEqualTo("mcp:read");
        assertThat(stack.authorizeRequests.get(1).get("scope").split(" ")).containsExactlyInAnyOrder("mcp:read", "mcp:write");
        assertThat(stack.forbidden.get()).isEqualTo(1); // one 403, then the retried call went through
        assertThat(stack.mcpMethods).filteredOn("tools/call"::equals).hasSize(1);
        assertThat(stderr()).contains("Signing in because the MCP server requires more scope (mcp:write)");
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void stepUpNeverAsksForOfflineAccessWhichTheFirstSignInAskedFor(Era era) {
        era.apply(stack);
        stack.asScopesSupported = java.util.List.of("mcp:read", "mcp:write", "offline_access");
        stack.toolCallScope = "mcp:write";
        callEcho(cfg());
        assertThat(stack.authorizeRequests).hasSize(2);
        // first sign-in: the AS lists offline_access, the client wants a refresh token (SEP-2207)
        assertThat(stack.authorizeRequests.get(0).get("scope").split(" ")).containsExactlyInAnyOrder("mcp:read", "offline_access");
        // step-up: held (mcp:read, offline_access) + challenged (mcp:write), without offline_access
        assertThat(stack.authorizeRequests.get(1).get("scope").split(" ")).containsExactlyInAnyOrder("mcp:read", "mcp:write");
    }

    @Test
    void stepUpAsksForTheScopesHeldNotTheOnesTheServerRefusedToGrant() {
        stack.challengeScope = "mcp:read mcp:extra";
        stack.neverGrants = "mcp:extra";
        stack.toolCallScope = "mcp:write";
        callEcho(cfg());
        assertThat(stack.authorizeRequests.get(0).get("scope").split(" ")).containsExactlyInAnyOrder("mcp:read", "mcp:extra");
        assertThat(stack.authorizeRequests.get(1).get("scope").split(" ")).containsExactlyInAnyOrder("mcp:read", "mcp:write");
    }

    @Test
    void initialSignInAsksForNoOfflineAccessWhenTheServerDoesNotListIt() {
        stack.asScopesSupported = java.util.List.of("mcp:read");
        callEcho(cfg());
        assertThat(stack.authorizeRequests.get(0).get("scope")).isEqualTo("mcp:read");
    }

    @Test
    void offlineAccessIsNotTheOnlyScopeWhenNoneIsDefined() {
        stack.asScopesSupported = java.util.List.of("offline_access");
        stack.challengeScope = null;
        stack.scopesSupported = null;
        callEcho(cfg());
        assertThat(stack.authorizeRequests.get(0)).doesNotContainKey("scope");
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void authorizationServerMigrationDuringARunRegistersWithTheNewServer(Era era) throws Exception {
        era.apply(stack);
        try (FakeStack newAs = new FakeStack()) {
            try (AuthorizedMcpClient c = new AuthorizedMcpClient(cfg(), err)) {
                c.listTools();
                stack.authorizationServerOf = newAs; // PRM now names the new AS; the old AS's tokens get 401
                assertThat(((McpSchema.TextContent) c.callTool("echo", Map.of()).content().get(0)).text()).isEqualTo("echo {}");
            }
            assertMigrated(newAs);
        }
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void authorizationServerMigrationBetweenRunsRegistersWithTheNewServer(Era era) throws Exception {
        era.apply(stack);
        try (FakeStack newAs = new FakeStack()) {
            callEcho(cfg());
            stack.authorizationServerOf = newAs;
            callEcho(cfg()); // the stored token of the old AS is sent, refused, and dropped
            assertMigrated(newAs);
        }
    }

    private void assertMigrated(FakeStack newAs) throws Exception {
        String oldClient = stack.authorizeRequests.get(0).get("client_id");
        assertThat(stack.registrations).hasSize(1);
        assertThat(newAs.registrations).hasSize(1); // registered anew with the new AS
        assertThat(newAs.authorizeRequests).hasSize(1).allSatisfy(r -> assertThat(r.get("client_id")).isNotEqualTo(oldClient));
        assertThat(newAs.tokenRequests()).noneSatisfy(r -> assertThat(r.get("client_id")).isEqualTo(oldClient));
        assertThat(stack.tokenGrantTypes()).containsExactly("authorization_code"); // no refresh at the old AS after the move
        // the old AS's token for this resource and its registration (used by nothing else) are gone
        assertThat(Files.exists(store.resolve(example.mcpauth.client.tokens.TokenStore.fileName(stack.issuer(), stack.mcpUrl().toString())))).isFalse();
        assertThat(Files.exists(store.resolve(example.mcpauth.client.registration.ClientRegistrar.fileName(stack.issuer())))).isFalse();
        assertThat(Files.exists(store.resolve(example.mcpauth.client.tokens.TokenStore.fileName(newAs.issuer(), stack.mcpUrl().toString())))).isTrue();
        assertThat(stderr()).contains("The MCP server now names the authorization server " + newAs.issuer() + " (was " + stack.issuer() + ")");
    }

    @Test
    void migrationKeepsTheOldRegistrationWhileAnotherServerStillUsesIt() throws Exception {
        try (FakeStack newAs = new FakeStack(); FakeStack otherServer = new FakeStack()) {
            otherServer.authorizationServerOf = stack; // a second MCP server using the same (old) AS
            try (AuthorizedMcpClient c = new AuthorizedMcpClient(ClientConfig.defaults(otherServer.mcpUrl()).withStoreDir(store)
                    .withBrowser(BrowserLauncher.Mode.HTTP).withAuthTimeout(Duration.ofSeconds(20)), err)) {
                c.listTools();
            }
            callEcho(cfg());
            assertThat(stack.registrations).hasSize(1); // both servers share the old AS's registration
            stack.authorizationServerOf = newAs;
            callEcho(cfg());
            assertThat(newAs.registrations).hasSize(1);
            assertThat(Files.exists(store.resolve(example.mcpauth.client.registration.ClientRegistrar.fileName(stack.issuer())))).isTrue();
            assertThat(Files.exists(store.resolve(example.mcpauth.client.tokens.TokenStore.fileName(stack.issuer(), otherServer.mcpUrl().toString())))).isTrue();
        }
    }

    @Test
    void every401ReadsTheProtectedResourceMetadataAgain() {
        try (AuthorizedMcpClient c = new AuthorizedMcpClient(cfg(), err)) {
            c.listTools();
            int before = stack.prmRequests.size();
            stack.revokeAccessTokens();
            c.callTool("echo", Map.of());
            assertThat(stack.prmRequests).hasSize(before + 1);
        }
        assertThat(stack.asMetadataRequests()).hasSize(1); // the AS did not change: its metadata is not fetched again
        assertThat(stack.tokenGrantTypes()).containsExactly("authorization_code", "refresh_token");
    }

    @Test
    void stepUpIsLimitedAndEndsWithAccessDenied() {
        stack.toolCallScope = "mcp:admin";
        stack.escalateForever = true; // every 403 names a new scope
        assertThatThrownBy(() -> callEcho(cfg())).isInstanceOf(McpAuthException.class)
                .satisfies(e -> assertThat(((McpAuthException) e).kind()).isEqualTo(Kind.ACCESS_DENIED))
                .hasMessageContaining("step-up");
        assertThat(stack.authorizeRequests).hasSize(2); // initial + one step-up, no loop
    }

    @Test
    void stepUpForAScopeAlreadyRequestedIsNotRetried() {
        stack.toolCallScope = "mcp:admin";
        stack.challengeScope = "mcp:admin";
        stack.scopesSupported = null;
        // the AS grants what was asked, the RS wants mcp:admin: first sign-in asks for it already
        // and the server still refuses with a *different* scope -> one step-up; refuse again -> stop
        stack.escalateForever = true;
        assertThatThrownBy(() -> callEcho(cfg().withMaxStepUps(0))).isInstanceOf(McpAuthException.class)
                .satisfies(e -> assertThat(((McpAuthException) e).kind()).isEqualTo(Kind.ACCESS_DENIED));
        assertThat(stack.authorizeRequests).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(FakeStack.PrmAt.class)
    void protectedResourceMetadataFallbacks(FakeStack.PrmAt at) {
        stack.prmAt = at;
        stack.resourceMetadataInChallenge = false; // only CHALLENGE_URL puts it in the header
        callEcho(cfg());
        switch (at) {
            case CHALLENGE_URL -> assertThat(stack.prmRequests).containsExactly("/custom/metadata.json");
            case PATH_INSERTED -> assertThat(stack.prmRequests).containsExactly("/.well-known/oauth-protected-resource/mcp");
            case ROOT -> assertThat(stack.prmRequests).containsExactly("/.well-known/oauth-protected-resource/mcp",
                    "/.well-known/oauth-protected-resource");
        }
        // root metadata names the origin as resource; that is what is asked for
        assertThat(stack.authorizeRequests.get(0).get("resource"))
                .isEqualTo(at == FakeStack.PrmAt.ROOT ? stack.rsOrigin() : stack.mcpUrl().toString());
    }

    @ParameterizedTest
    @EnumSource(MetadataLocation.class)
    void authorizationServerMetadataFallbacksWithIssuerPath(MetadataLocation at) {
        stack.issuerPath("/tenant1");
        stack.asMetadataAt(at);
        callEcho(cfg());
        var expectedOrder = java.util.List.of("/.well-known/oauth-authorization-server/tenant1",
                "/.well-known/openid-configuration/tenant1", "/tenant1/.well-known/openid-configuration");
        assertThat(stack.asMetadataRequests()).containsExactlyElementsOf(expectedOrder.subList(0, at.ordinal() + 1));
    }

    @Test
    void authorizationServerMetadataWithoutPathTriesOauthThenOidc() {
        stack.asMetadataAt(MetadataLocation.OIDC_PATH_APPENDED); // no path: = /.well-known/openid-configuration
        callEcho(cfg());
        assertThat(stack.asMetadataRequests()).containsExactly("/.well-known/oauth-authorization-server",
                "/.well-known/openid-configuration");
    }

    @Test
    void refusesServerWithoutS256() {
        stack.codeChallengeMethods = java.util.List.of("plain");
        assertRefused(Kind.DISCOVERY, "S256");
        stack.codeChallengeMethods = null;
        assertRefused(Kind.DISCOVERY, "S256");
    }

    @Test
    void refusesIssuerMismatch() {
        stack.issuerOverride = "http://127.0.0.1:1/other";
        assertRefused(Kind.DISCOVERY, "issuer");
    }

    @Test
    void refusesResourceMismatch() {
        stack.prmResourceOverride = "http://127.0.0.1:1/mcp";
        assertRefused(Kind.DISCOVERY, "describes the resource");
        assertThat(stack.asMetadataRequests()).isEmpty();
    }

    @Test
    void refusesWrongState() {
        stack.stateOverride = "forged-state";
        assertRefused(Kind.AUTHORIZATION, "state mismatch");
        assertThat(stack.tokenRequests()).isEmpty();
    }

    @Test
    void refusesWrongIss() {
        stack.issParameterSupported = true;
        stack.issOverride = "http://evil.example";
        assertRefused(Kind.AUTHORIZATION, "iss mismatch");
        assertThat(stack.tokenRequests()).isEmpty();
    }

    @Test
    void refusesMissingIssWhenAdvertised() {
        stack.issParameterSupported = true;
        stack.sendIss = false;
        assertRefused(Kind.AUTHORIZATION, "no iss");
    }

    @Test
    void acceptsCorrectIss() {
        stack.issParameterSupported = true;
        stack.sendIss = true;
        callEcho(cfg());
        assertThat(stack.tokenRequests()).hasSize(1);
    }

    @Test
    void usesPreRegisteredClientWithoutRegistering() {
        stack.dcrEnabled = false;
        callEcho(cfg().withClient("my-client", null, null));
        assertThat(stack.registrations).isEmpty();
        assertThat(stack.authorizeRequests.get(0).get("client_id")).isEqualTo("my-client");
    }

    @Test
    void usesClientIdMetadataDocumentWhenSupported() {
        stack.cimdSupported = true;
        callEcho(cfg().withClient(null, null, "https://client.example/metadata.json"));
        assertThat(stack.registrations).isEmpty();
        assertThat(stack.authorizeRequests.get(0).get("client_id")).isEqualTo("https://client.example/metadata.json");
    }

    @Test
    void fallsBackToDcrWhenCimdNotSupported() {
        callEcho(cfg().withClient(null, null, "https://client.example/metadata.json"));
        assertThat(stack.registrations).hasSize(1);
    }

    @Test
    void withoutDcrOrClientIdTheErrorSaysWhatToDo() {
        stack.dcrEnabled = false;
        assertRefused(Kind.REGISTRATION, "Dynamic Client Registration");
    }

    private void assertRefused(Kind kind, String messagePart) {
        assertThatThrownBy(() -> callEcho(cfg())).isInstanceOf(McpAuthException.class)
                .satisfies(e -> {
                    McpAuthException m = (McpAuthException) e;
                    assertThat(m.kind()).isEqualTo(kind);
                    assertThat(m.hint()).isNotBlank();
                })
                .hasMessageContaining(messagePart);
    }
}
