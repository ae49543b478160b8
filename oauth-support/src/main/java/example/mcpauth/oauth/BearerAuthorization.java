package example.mcpauth.oauth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer-token decision of a resource server, the same in both WARs. Liberty's mpJwt has already
 * validated any token (signature, algorithm, issuer, audience, time: liberty-config's audience-check.xml)
 * and made it the request's {@link JsonWebToken} principal; this class reads that outcome together with
 * the Authorization header rule ({@link BearerToken}) and the scope claim ({@link TokenClaims}) and
 * says how to refuse, RFC 6750 style:
 * <ul>
 * <li>no bearer token (no header, or another scheme such as Basic): 401, challenge without error code;</li>
 * <li>two Authorization headers: 400 {@code invalid_request};</li>
 * <li>a token that is not canonical, that mpJwt rejected, or whose scope claim is malformed: 401
 *     {@code invalid_token};</li>
 * <li>a valid token without every required scope: 403 {@code insufficient_scope} with all required
 *     scopes in one challenge.</li>
 * </ul>
 * Every challenge names the realm and/or the resource metadata URL given at construction.
 * <p>
 * The scheme is case-insensitive (RFC 7235): Liberty authenticates a request to an unprotected URL only
 * when its Authorization header starts with exactly {@code Bearer} (or {@code Basic}), so for another
 * spelling ({@code bearer}, {@code BEARER}) {@link #check(HttpServletRequest, HttpServletResponse, Collection)}
 * asks the container to authenticate the request: the same mpJwt validation runs, nothing of ours.
 */
public final class BearerAuthorization {

    /** How to refuse: the status, the WWW-Authenticate value and the JSON body's code and message. */
    public record Refusal(int status, String challenge, String code, String message) { }

    private final String realm;
    private final String resourceMetadataUrl;
    private final String resourceName;

    /**
     * @param realm               realm attribute of the challenges, or null
     * @param resourceMetadataUrl RFC 9728 resource_metadata attribute, or null
     * @param resourceName        how messages name this resource, e.g. "this API"
     */
    public BearerAuthorization(String realm, String resourceMetadataUrl, String resourceName) {
        this.realm = realm;
        this.resourceMetadataUrl = resourceMetadataUrl;
        this.resourceName = resourceName;
    }

    /**
     * Empty when the request carries a valid token with every one of {@code requiredScopes}; a token sent
     * with another spelling of the scheme is first validated by the container (see the class comment).
     */
    public Optional<Refusal> check(HttpServletRequest request, HttpServletResponse response,
            Collection<String> requiredScopes) {
        authenticateOtherSpelling(request, response);
        return check(request, requiredScopes);
    }

    /**
     * Empty when the request carries a valid token with every one of {@code requiredScopes}, as the
     * container has authenticated it (a token with another spelling of the scheme is then refused:
     * use {@link #check(HttpServletRequest, HttpServletResponse, Collection)}).
     */
    public Optional<Refusal> check(HttpServletRequest request, Collection<String> requiredScopes) {
        String scope = String.join(" ", new LinkedHashSet<>(requiredScopes));
        BearerToken.Presented presented = BearerToken.read(request);
        switch (presented.kind()) {
            case NONE, OTHER_SCHEME -> {
                return Optional.of(missingToken(scope, presented.kind() == BearerToken.Kind.OTHER_SCHEME));
            }
            case DUPLICATE_HEADER -> {
                return Optional.of(new Refusal(400, base().error(BearerChallenge.INVALID_REQUEST)
                        .description("more than one Authorization header").toHeader(), BearerChallenge.INVALID_REQUEST,
                        "Send exactly one Authorization header."));
            }
            case MALFORMED -> {
                return Optional.of(invalidToken(scope, "The access token is not a well-formed JWT (compact form, "
                        + "canonical base64url). Send the token exactly as the authorization server issued it."));
            }
            default -> { }
        }
        if (!(request.getUserPrincipal() instanceof JsonWebToken jwt) || jwt.getRawToken() == null) {
            return Optional.of(invalidToken(scope, "The access token was rejected: it is expired or not yet valid, not "
                    + "signed by the trusted authorization server, or issued for another audience than " + resourceName
                    + ". Obtain a new token for " + resourceName + "."));
        }
        Set<String> granted;
        try {
            granted = TokenClaims.scopes(jwt);
        } catch (InvalidClaim e) {
            return Optional.of(invalidToken(scope, "The access token was rejected: " + e.getMessage() + "."));
        }
        if (!granted.containsAll(requiredScopes)) {
            return Optional.of(insufficientScope(scope));
        }
        return Optional.empty();
    }

    /**
     * mpJwt reads {@code bearer <token>} (its header parser ignores the case of the scheme), but Liberty
     * only starts authentication on an unprotected URL for a header beginning with {@code "Bearer"}:
     * for another spelling, authenticate explicitly. A rejected token leaves mpJwt's bare status and
     * challenge on the response, which the caller's refusal then replaces.
     */
    private static void authenticateOtherSpelling(HttpServletRequest request, HttpServletResponse response) {
        BearerToken.Presented presented = BearerToken.read(request);
        if (presented.kind() != BearerToken.Kind.PRESENT || presented.canonicalScheme()
                || request.getUserPrincipal() instanceof JsonWebToken) {
            return;
        }
        try {
            request.authenticate(response);
        } catch (ServletException | IOException e) {
            // not authenticated: check() refuses the token as invalid
        }
    }

    /** 403 for a valid token that lacks some of {@code scope} (space separated: every scope the call needs). */
    public Refusal insufficientScope(String scope) {
        return new Refusal(403, base().error(BearerChallenge.INSUFFICIENT_SCOPE)
                .description("The access token lacks a required scope").scope(scope).toHeader(),
                BearerChallenge.INSUFFICIENT_SCOPE, "The access token does not grant every scope this request needs ("
                        + scope + "). Sign in again and request scope=" + scope + ".");
    }

    /** 401 for a token this resource does not accept. */
    public Refusal invalidToken(String scope, String message) {
        return new Refusal(401, base().error(BearerChallenge.INVALID_TOKEN)
                .description("The access token is missing, expired or not valid for " + resourceName)
                .scope(emptyToNull(scope)).toHeader(), BearerChallenge.INVALID_TOKEN, message);
    }

    private Refusal missingToken(String scope, boolean otherScheme) {
        String message = otherScheme
                ? "The Authorization header must use the Bearer scheme: send 'Authorization: Bearer <access token>'."
                : "An access token is required: send 'Authorization: Bearer <access token>'"
                        + (resourceMetadataUrl == null ? "." : "; the resource metadata names the authorization server.");
        return new Refusal(401, base().scope(emptyToNull(scope)).toHeader(), otherScheme ? "invalid_request" : "missing_token",
                message);
    }

    private BearerChallenge base() {
        return BearerChallenge.bearer().realm(realm).resourceMetadata(resourceMetadataUrl);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
