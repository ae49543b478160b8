package example.mcpauth.mcp.upstream;

import jakarta.json.bind.annotation.JsonbProperty;

/** The token endpoint's successful answer (RFC 8693 section 2.2.1); other members are ignored. */
public record TokenResponse(
        @JsonbProperty("access_token") String accessToken,
        @JsonbProperty("issued_token_type") String issuedTokenType,
        @JsonbProperty("token_type") String tokenType,
        @JsonbProperty("expires_in") long expiresIn) {

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + "]"; // never the token
    }
}
