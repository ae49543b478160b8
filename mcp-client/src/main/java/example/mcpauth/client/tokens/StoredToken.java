package example.mcpauth.client.tokens;

import java.time.Instant;

/**
 * Tokens kept for one issuer + resource. {@code expiresAt} is epoch seconds (null: unknown lifetime).
 * {@code scope} is the scope granted (or, when the server did not say, the scope requested).
 */
public record StoredToken(String issuer, String resource, String clientId, String tokenType, String accessToken,
        String refreshToken, Long expiresAt, String scope, String requestedScope) {

    /** Expired, with a small margin so a token does not die in flight. */
    public boolean expired(Instant now) {
        return expiresAt != null && now.getEpochSecond() >= expiresAt - 30;
    }

    @Override
    public String toString() {
        return "StoredToken[issuer=" + issuer + ", resource=" + resource + ", clientId=" + clientId + ", scope=" + scope
                + ", expiresAt=" + expiresAt + ", refreshToken=" + (refreshToken != null ? "present" : "none") + "]";
    }
}
