package example.mcpauth.stocks.auth;

import example.mcpauth.oauth.audit.AuditEvent;
import example.mcpauth.oauth.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * The stocks API's audit trail (hop {@value #HOP}, oauth-support's {@link AuditLog}): one line per
 * request to the API. A refusal by the bearer rule is written by {@link BearerTokenFilter}; every
 * request it lets through is written here, when JAX-RS has its answer and before the answer is sent:
 * refused with the code an exception mapper named ({@link #refusedBy}: the region and client-assurance
 * policies, a malformed claim), else allowed (with the status, which may still be a 400 or 404).
 */
@Provider
public class ApiAudit implements ContainerResponseFilter {

    public static final String HOP = "stocks-api";

    private static final String REASON = ApiAudit.class.getName() + ".reason";

    @Context
    HttpServletRequest request;

    /** An exception mapper answers a refusal of a business rule with {@code reason}. */
    public static void refusedBy(HttpServletRequest request, String reason) {
        if (request != null) {
            request.setAttribute(REASON, reason);
        }
    }

    /** The decision of a request the bearer rule refused. */
    static void refused(HttpServletRequest request, String reason, int status) {
        AuditLog.forHop(HOP).write(AuditEvent.of(request, HOP).refused(reason, status));
    }

    @Override
    public void filter(ContainerRequestContext requestContext, ContainerResponseContext responseContext) {
        AuditEvent event = AuditEvent.of(request, HOP);
        Object reason = request.getAttribute(REASON);
        int status = responseContext.getStatus();
        AuditLog.forHop(HOP).write(reason instanceof String r ? event.refused(r, status) : event.allowed(status));
    }
}
