package example.mcpauth.keycloak.events;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerTransaction;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;

/**
 * Collects the events after which the gateway must forget cached tokens ({@link PurgeTarget}) and
 * sends the purges only once Keycloak's transaction has committed (Keycloak's
 * {@link EventListenerTransaction}, enlisted after completion; nothing is sent on rollback).
 */
public class GatewayPurgeEventListenerProvider implements EventListenerProvider {

    private final EventListenerTransaction transaction;

    GatewayPurgeEventListenerProvider(KeycloakSession session, GatewayPurgeSender sender) {
        this.transaction = new EventListenerTransaction(
                (adminEvent, includeRepresentation) -> PurgeTarget.of(adminEvent).ifPresent(sender::send),
                event -> PurgeTarget.of(event).ifPresent(sender::send));
        session.getTransactionManager().enlistAfterCompletion(transaction);
    }

    @Override
    public void onEvent(Event event) {
        if (PurgeTarget.of(event).isPresent()) {
            transaction.addEvent(event);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (PurgeTarget.of(event).isPresent()) {
            transaction.addAdminEvent(event, false);
        }
    }

    @Override
    public void close() {
        // the transaction manager owns the enlisted transaction
    }
}
