package example.mcpauth.client.registration;

import java.util.List;

/**
 * The client identity used with one authorization server.
 *
 * @param source     {@code pre-registered}, {@code cimd} (Client ID Metadata Document URL) or {@code dcr}
 * @param authMethod token endpoint authentication: {@code none}, {@code client_secret_basic}, {@code client_secret_post}
 */
public record ClientCredentials(String issuer, String clientId, String clientSecret, String authMethod, String source,
        List<String> redirectUris) {

    @Override
    public String toString() {
        return "ClientCredentials[issuer=" + issuer + ", clientId=" + clientId + ", secret="
                + (clientSecret == null ? "none" : "present") + ", authMethod=" + authMethod + ", source=" + source
                + ", redirectUris=" + redirectUris + "]";
    }
}
