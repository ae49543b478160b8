package example.mcpauth.stocks.policy;

/**
 * Which clients may call operations the API reserves for strongly identified clients.
 * <p>
 * An AI client ({@code client_type=mcp}) must present {@code client_assurance_level} of at least
 * the configured minimum; a missing or non-numeric level counts as 0. Other clients (no
 * {@code client_type}, or another type) are not restricted by this rule.
 */
public final class ClientAssurancePolicy {

    public static final String MCP_CLIENT_TYPE = "mcp";
    public static final String INSUFFICIENT_ASSURANCE = "insufficient_client_assurance";

    private final int minimumLevel;

    public ClientAssurancePolicy(int minimumLevel) {
        this.minimumLevel = minimumLevel;
    }

    public int minimumLevel() {
        return minimumLevel;
    }

    /** True when the caller may use a sensitive operation. */
    public boolean allowsSensitiveOperation(Caller caller) {
        if (!MCP_CLIENT_TYPE.equals(caller.clientType())) {
            return true;
        }
        int level = caller.assuranceLevel() == null ? 0 : caller.assuranceLevel();
        return level >= minimumLevel;
    }

    /** Refuses, with a reason a person can read, a caller that may not use a sensitive operation. */
    public void requireSensitiveOperationAllowed(Caller caller, String operation) {
        if (!allowsSensitiveOperation(caller)) {
            String level = caller.assuranceLevel() == null ? "none" : String.valueOf(caller.assuranceLevel());
            throw new AccessDenied(INSUFFICIENT_ASSURANCE,
                    "An AI agent (client_type=mcp) with client assurance level " + level + " may not " + operation
                            + "; this operation requires client assurance level " + minimumLevel
                            + " or higher. Use a client registered with stronger assurance, or perform it yourself.");
        }
    }
}
