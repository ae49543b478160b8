package example.mcpauth.stocks.auth;

import example.mcpauth.oauth.audit.AuditCounters;
import jakarta.enterprise.context.ApplicationScoped;

/** The stocks API's audit counters: refusals by reason (bearer rule, region and client-assurance policies). */
@ApplicationScoped
public class ApiAuditCounters extends AuditCounters {
}
