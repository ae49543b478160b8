package example.mcpauth.stocks.api;

import example.mcpauth.stocks.auth.Callers;
import example.mcpauth.stocks.policy.Caller;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Turns the request's validated token into a {@link Caller}. */
@RequestScoped
public class CallerProducer {

    @Inject
    JsonWebToken jwt;

    /** Dependent: a record cannot be proxied; inject it into request-scoped beans only. */
    @Produces
    @Dependent
    Caller caller() {
        return Callers.from(jwt);
    }
}
