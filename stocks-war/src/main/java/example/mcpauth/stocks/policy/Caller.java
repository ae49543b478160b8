package example.mcpauth.stocks.policy;

import java.util.Set;

/**
 * What the API knows about the caller, taken from the validated access token.
 *
 * @param subject        {@code sub}
 * @param region         {@code region} claim, null when absent
 * @param clientType     {@code client_type} claim, null when absent ({@code mcp} for AI clients)
 * @param assuranceLevel {@code client_assurance_level} claim, null when absent or not a number
 * @param scopes         the space separated {@code scope} claim, split
 */
public record Caller(String subject, String region, String clientType, Integer assuranceLevel, Set<String> scopes) {

    public Caller {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }
}
