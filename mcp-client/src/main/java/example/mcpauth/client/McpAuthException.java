package example.mcpauth.client;

/**
 * A failure the user can act on: what happened ({@link #getMessage()}), what to do ({@link #hint()})
 * and the process exit code the CLI uses for it ({@link Kind#exitCode()}).
 */
public class McpAuthException extends RuntimeException {

    /** Failure classes; each has a stable exit code (documented in the module README). */
    public enum Kind {
        TOOL_ERROR(1), USAGE(2), DISCOVERY(3), REGISTRATION(4), AUTHORIZATION(5), TOKEN(6), ACCESS_DENIED(7),
        CONNECTION(8), STORAGE(9);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;
    private final String hint;

    public McpAuthException(Kind kind, String message, String hint) {
        super(message);
        this.kind = kind;
        this.hint = hint;
    }

    public McpAuthException(Kind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint;
    }

    public Kind kind() {
        return kind;
    }

    public String hint() {
        return hint;
    }

    /** Finds an McpAuthException in a cause chain (the MCP SDK wraps what our hooks throw). */
    public static McpAuthException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof McpAuthException e) {
                return e;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
