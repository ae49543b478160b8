package example.mcpauth.mcp.upstream;

/**
 * An upstream call (token exchange, stocks API) failed. {@code code} is machine-readable
 * (e.g. {@code token_exchange_refused}), the message tells a person what happened and what to do.
 * Tools report it to the MCP client as an {@code isError} result.
 */
public class UpstreamFailure extends Exception {

    private static final long serialVersionUID = 1L;
    private final String code;

    public UpstreamFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Whether the failure was a timeout rather than a refused or broken connection. */
    public static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t.getClass().getSimpleName().toLowerCase().contains("timeout")) {
                return true;
            }
        }
        return false;
    }
}
