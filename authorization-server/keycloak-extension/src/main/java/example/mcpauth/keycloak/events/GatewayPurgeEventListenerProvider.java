package example.mcpauth.keycloak.events;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerTransaction;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;

/**
 * Collects the request's events and, only once Keycloak's transaction has committed, sends a purge
 * for each after which the gateway must forget cached tokens ({@link PurgeTarget}) (Keycloak's
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
        transaction.addEvent(event);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        transaction.addAdminEvent(event, false);
    }

    @Override
    public void close() {
        // the transaction manager owns the enlisted transaction
    }
}
