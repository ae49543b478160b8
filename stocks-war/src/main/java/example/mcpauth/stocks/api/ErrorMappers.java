package example.mcpauth.stocks.api;

import example.mcpauth.oauth.BearerChallenge;
import example.mcpauth.oauth.InvalidClaim;
import example.mcpauth.stocks.auth.ApiAudit;
import example.mcpauth.stocks.auth.BearerTokenFilter;
import example.mcpauth.stocks.policy.AccessDenied;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure becomes {@code {"code","message"}} JSON with a precise status; never a stack trace. */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response json(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").entity(new ErrorBody(code, message)).build();
    }

    /** A refusal of the request: written to the audit trail with its code, answered as JSON with this challenge. */
    static Response refused(HttpServletRequest request, int status, String code, String message, BearerChallenge challenge) {
        ApiAudit.refusedBy(request, code);
        return Response.fromResponse(json(status, code, message)).header("WWW-Authenticate", challenge.toHeader()).build();
    }

    /**
     * Business authorization refusals: 403. RFC 6750's error codes do not fit a business rule
     * (insufficient_scope would send the client after more scopes), so the challenge carries the
     * realm and a description only; the JSON body explains.
     */
    @Provider
    public static class AccessDeniedMapper implements ExceptionMapper<AccessDenied> {
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(AccessDenied e) {
            return refused(request, 403, e.code(), e.getMessage(),
                    BearerChallenge.bearer().realm(BearerTokenFilter.REALM).description(e.code()));
        }
    }

    /** A claim of the validated token has the wrong shape (oauth-support's TokenClaims): the token is refused. */
    @Provider
    public static class InvalidClaimMapper implements ExceptionMapper<InvalidClaim> {
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(InvalidClaim e) {
            return refused(request, 401, BearerChallenge.INVALID_TOKEN, "The access token was rejected: "
                            + e.getMessage() + ". The authorization server must issue it as documented.",
                    BearerChallenge.bearer().realm(BearerTokenFilter.REALM)
                            .error(BearerChallenge.INVALID_TOKEN).description("malformed " + e.claim() + " claim"));
        }
    }

    @Provider
    public static class ApiErrorMapper implements ExceptionMapper<ApiError> {
        @Override
        public Response toResponse(ApiError e) {
            return json(e.status(), e.code(), e.getMessage());
        }
    }

    /** JAX-RS's own errors (404, 405, 406, 415, 400 for unreadable bodies). */
    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            if (isJsonProblem(e)) {
                return invalidJson();
            }
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            Response response;
            if (e instanceof NotFoundException) {
                response = json(404, "not_found", "No such resource. This API offers GET /api/stocks and POST /api/orders.");
            } else if (e instanceof NotAllowedException) {
                response = json(405, "method_not_allowed", "This resource does not support that HTTP method.");
                Response.ResponseBuilder b = Response.fromResponse(response);
                Object allow = e.getResponse().getHeaders().getFirst("Allow");
                if (allow != null) {
                    b.header("Allow", allow);
                }
                return b.build();
            } else if (e instanceof NotSupportedException) {
                response = json(415, "unsupported_media_type", "Send the request body as application/json.");
            } else if (e instanceof NotAcceptableException) {
                response = json(406, "not_acceptable", "This API answers application/json only.");
            } else if (status >= 400 && status < 500) {
                response = json(status, "bad_request", "The request could not be processed (HTTP " + status + ").");
            } else {
                LOG.log(Level.WARNING, "request failed: {0}", e.toString());
                response = json(500, "internal_error", "The API failed to process the request; try again later.");
            }
            return response;
        }
    }

    /** Anything else: unreadable JSON is the caller's fault (400), the rest ours (500), logged without detail leaks. */
    @Provider
    public static class FallbackMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (isJsonProblem(e)) {
                return invalidJson();
            }
            LOG.log(Level.WARNING, "request failed: {0}", e.toString());
            return json(500, "internal_error", "The API failed to process the request; try again later.");
        }
    }

    static Response invalidJson() {
        return json(400, "invalid_json",
                "The request body is not valid JSON of the expected shape, e.g. {\"symbol\": \"COM1\", \"quantity\": 10}.");
    }

    static boolean isJsonProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonbException || t instanceof JsonParsingException || t instanceof ProcessingException
                    || t.getClass().getName().contains("JsonParsing")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
