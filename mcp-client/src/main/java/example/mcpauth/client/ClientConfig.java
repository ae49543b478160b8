package example.mcpauth.client;

import example.mcpauth.client.authorization.BrowserLauncher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the client. {@link #defaults(URI)} gives the documented defaults; the CLI fills it from options.
 *
 * @param serverUrl          the MCP endpoint (the resource)
 * @param clientId           pre-registered client ID (null: CIMD or DCR)
 * @param clientSecret       secret of a pre-registered confidential client (null: public client)
 * @param clientMetadataUrl  HTTPS URL of this client's Client ID Metadata Document (null: none)
 * @param clientName         client_name sent in Dynamic Client Registration
 * @param storeDir           folder for tokens and registrations (0700)
 * @param callbackPort       loopback redirect port; 0 = reuse the registered one if free, else any free port
 * @param extraScope         scope added to every authorization request (space separated, null: none)
 * @param browser            how the authorization URL is shown
 * @param authTimeout        how long to wait for the user to finish signing in
 * @param httpTimeout        timeout of each HTTP call to metadata, registration and token endpoints
 * @param maxStepUps         how many times a 403 insufficient_scope may trigger a new sign-in with more scopes
 * @param maxAuthorizations  upper bound of interactive sign-ins in one run (loop guard)
 * @param legacyDiscovery    fall back to the 2025-03-26 rules (authorization server at the MCP server's origin,
 *                           default endpoints) when the server publishes no protected-resource metadata
 * @param protocolEra        the MCP protocol era to speak: null = auto (2026-07-28 when the server answers
 *                           {@code server/discover}, else the initialize handshake), or exactly the given era
 */
public record ClientConfig(URI serverUrl, String clientId, String clientSecret, String clientMetadataUrl, String clientName,
        Path storeDir, int callbackPort, String extraScope, BrowserLauncher.Mode browser, Duration authTimeout,
        Duration httpTimeout, int maxStepUps, int maxAuthorizations, boolean legacyDiscovery,
        AuthorizedMcpClient.Era protocolEra) {

    public static final String DEFAULT_CLIENT_NAME = "Java MCP Client";

    public static Path defaultStoreDir() {
        return Path.of(System.getProperty("user.home"), ".mcp-java-client");
    }

    public static ClientConfig defaults(URI serverUrl) {
        return new ClientConfig(serverUrl, null, null, null, DEFAULT_CLIENT_NAME, defaultStoreDir(), 0, null,
                BrowserLauncher.Mode.SYSTEM, Duration.ofSeconds(300), Duration.ofSeconds(15), 1, 3, false, null);
    }

    public ClientConfig withStoreDir(Path dir) {
        return new ClientConfig(serverUrl, clientId, clientSecret, clientMetadataUrl, clientName, dir, callbackPort, extraScope,
                browser, authTimeout, httpTimeout, maxStepUps, maxAuthorizations, legacyDiscovery, protocolEra);
    }

    public ClientConfig withBrowser(BrowserLauncher.Mode mode) {
        return new ClientConfig(serverUrl, clientId, clientSecret, clientMetadataUrl, clientName, storeDir, callbackPort, extraScope,
                mode, authTimeout, httpTimeout, maxStepUps, maxAuthorizations, legacyDiscovery, protocolEra);
    }

    public ClientConfig withClient(String id, String secret, String metadataUrl) {
        return new ClientConfig(serverUrl, id, secret, metadataUrl, clientName, storeDir, callbackPort, extraScope, browser,
                authTimeout, httpTimeout, maxStepUps, maxAuthorizations, legacyDiscovery, protocolEra);
    }

    public ClientConfig withScope(String scope) {
        return new ClientConfig(serverUrl, clientId, clientSecret, clientMetadataUrl, clientName, storeDir, callbackPort, scope,
                browser, authTimeout, httpTimeout, maxStepUps, maxAuthorizations, legacyDiscovery, protocolEra);
    }

    public ClientConfig withCallbackPort(int port) {
        return new ClientConfig(serverUrl, clientId, clientSecret, clientMetadataUrl, clientName, storeDir, port, extraScope,
                browser, authTimeout, httpTimeout, maxStepUps, maxAuthorizations, legacyDiscovery, protocolEra);
    }

    public ClientConfig withAuthTimeout(Duration t) {
        return new ClientConfig(serverUrl, clientId, clientSecret, clientMetadataUrl, clientName, storeDir, callbackPort, extraScope,
                browser, t, httpTimeout, maxStepUps, maxAuthorizations, legacyDiscovery, protocolEra);
    }

    public ClientConfig withLegacyDiscovery(boolean on) {
        return new ClientConfig(serverUrl, clientId, clientSecret, clientMetadataUrl, clientName, storeDir, callbackPort, extraScope,
                browser, authTimeout, httpTimeout, maxStepUps, maxAuthorizations, on, protocolEra);
    }

    public ClientConfig withMaxStepUps(int n) {
        return new ClientConfig(serverUrl, clientId, clientSecret, clientMetadataUrl, clientName, storeDir, callbackPort, extraScope,
                browser, authTimeout, httpTimeout, n, maxAuthorizations, legacyDiscovery, protocolEra);
    }

    /** Speak exactly this protocol era (null: auto, the default). */
    public ClientConfig withProtocolEra(AuthorizedMcpClient.Era era) {
        return new ClientConfig(serverUrl, clientId, clientSecret, clientMetadataUrl, clientName, storeDir, callbackPort, extraScope,
                browser, authTimeout, httpTimeout, maxStepUps, maxAuthorizations, legacyDiscovery, era);
    }
}
