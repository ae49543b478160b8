package example.mcpauth.stocks.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The stocks API. The WAR's context root is {@code /api}, so resources live at {@code /api/...}. */
@ApplicationPath("/")
public class StocksApplication extends Application {
}
