package example.mcpauth.oauth.audit;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Closes the WAR's audit files when the WAR stops. Without it a redeployed WAR found its audit file
 * still locked by the previous deployment's writer, and java.util.logging wrote to another file
 * ({@code audit-<hop>.0.jsonl.1}). Registered in every WAR that has oauth-support in WEB-INF/lib.
 */
@WebListener
public class AuditLogLifecycle implements ServletContextListener {

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        AuditLog.closeAll();
    }
}
