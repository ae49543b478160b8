package example.mcpauth.stocks.policy;

/** A business authorization rule refused the request: answered 403 with {@code code} and {@code message}. */
public class AccessDenied extends RuntimeException {

    private final String code;

    public AccessDenied(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
