package example.mcpauth.mcp;

/** A failure of the tool that is reported to the MCP client as an isError tool result. */
public class ToolFailure extends Exception {

    private final String code;

    public ToolFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** Machine-readable reason, e.g. token_exchange_refused. */
    public String code() {
        return code;
    }
}
