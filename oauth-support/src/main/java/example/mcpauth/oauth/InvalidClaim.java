package example.mcpauth.oauth;

/** A claim of a validated token has the wrong JSON type or form: the token is refused as invalid_token. */
public class InvalidClaim extends RuntimeException {

    private final String claim;

    public InvalidClaim(String claim, String message) {
        super(message, null, false, false);
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
