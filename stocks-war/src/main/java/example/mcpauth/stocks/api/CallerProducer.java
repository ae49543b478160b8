package example.mcpauth.stocks.api;

import example.mcpauth.oauth.TokenClaims;
import example.mcpauth.stocks.policy.Caller;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns the request's validated token into a {@link Caller}, with the strict claim readers both WARs
 * share ({@link TokenClaims}): a claim of the wrong shape is refused (401 invalid_token), never coerced.
 */
@RequestScoped
public class CallerProducer {

    @Inject
    JsonWebToken jwt;

    /** Dependent: a record cannot be proxied; inject it into request-scoped beans only. */
    @Produces
    @Dependent
    Caller caller() {
        return new Caller(jwt.getSubject(),
                TokenClaims.text(jwt, "region"),
                TokenClaims.text(jwt, "client_type"),
                TokenClaims.integer(jwt, "client_assurance_level"),
                TokenClaims.scopes(jwt));
    }
}
