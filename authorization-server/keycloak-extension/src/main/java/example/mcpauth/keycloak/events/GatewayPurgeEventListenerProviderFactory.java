package example.mcpauth.keycloak.events;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Event listener {@value #ID}: revocation in seconds. Configured as SPI options
 * ({@code --spi-events-listener--mcp-gateway-purge--url}, {@code --…--secret} (scripts/keycloak.sh
 * passes it as the environment variable {@code KC_SPI_EVENTS_LISTENER__MCP_GATEWAY_PURGE__SECRET}, so
 * that it is not on the command line), {@code --…--timeout-millis}); a realm turns it on by listing it
 * in {@code eventsListeners}. Without a URL it does nothing.
 */
public class GatewayPurgeEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "mcp-gateway-purge";

    private static final Logger LOG = Logger.getLogger(GatewayPurgeEventListenerProviderFactory.class);

    private static final EventListenerProvider OFF = new EventListenerProvider() {
        @Override
        public void onEvent(Event event) {
            // no gateway configured
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
            // no gateway configured
        }

        @Override
        public void close() {
            // nothing held
        }
    };

    private GatewayPurgeSender sender;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
        String url = config.get("url", "").trim();
        if (url.isEmpty()) {
            LOG.infof("%s: no url configured; the gateway is not told about revocations", ID);
            return;
        }
        String secret = config.get("secret", "");
        if (secret.isEmpty()) {
            throw new IllegalStateException(ID + ": url is set but secret is not (spi option events-listener--" + ID + "--secret)");
        }
        Duration timeout = Duration.ofMillis(config.getLong("timeout-millis", 2000L));
        sender = new GatewayPurgeSender(URI.create(url), secret, timeout);
        LOG.infof("%s: revocations are sent to %s (timeout %d ms)", ID, url, timeout.toMillis());
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return sender == null ? OFF : new GatewayPurgeEventListenerProvider(session, sender);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("url").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The gateway's purge endpoint (POST); empty = off").add()
                .property().name("secret").type(ProviderConfigProperty.PASSWORD)
                .helpText("Bearer secret the gateway's purge endpoint requires").secret(true).add()
                .property().name("timeout-millis").type(ProviderConfigProperty.STRING_TYPE).defaultValue("2000")
                .helpText("Connect and response timeout of a purge call").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing
    }

    @Override
    public void close() {
        // the HTTP client's threads are daemons
    }
}
