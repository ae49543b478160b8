package example.mcpauth.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class PurgeTargetTest {

    private static Event event(EventType type, String userId, String clientId, Map<String, String> details) {
        Event e = new Event();
        e.setType(type);
        e.setUserId(userId);
        e.setClientId(clientId);
        e.setDetails(details);
        return e;
    }

    private static AdminEvent admin(ResourceType type, OperationType op, String path) {
        AdminEvent e = new AdminEvent();
        e.setResourceType(type);
        e.setOperationType(op);
        e.setResourcePath(path);
        return e;
    }

    @Test
    void grantRevokedInTheAccountConsoleNamesTheRevokedClient() {
        Event e = event(EventType.REVOKE_GRANT, "u1", "account-console", Map.of(Details.REVOKED_CLIENT, "mcp-client"));
        assertThat(PurgeTarget.of(e)).contains(new PurgeTarget("u1", "mcp-client"));
    }

    @Test
    void tokenRevokedAtTheEndpointNamesTheEventsClient() {
        Event e = event(EventType.REVOKE_GRANT, "u1", "mcp-client", Map.of(Details.TOKEN_ID, "jti"));
        assertThat(PurgeTarget.of(e)).contains(new PurgeTarget("u1", "mcp-client"));
    }

    @Test
    void logoutPurgesEveryClientOfTheUser() {
        PurgeTarget target = PurgeTarget.of(event(EventType.LOGOUT, "u1", "mcp-client", null)).orElseThrow();
        assertThat(target).isEqualTo(new PurgeTarget("u1", null));
        assertThat(target.body()).containsExactly(Map.entry("sub", "u1"));
    }

    @Test
    void otherEventsErrorsAndEventsWithoutUserPurgeNothing() {
        assertThat(PurgeTarget.of(event(EventType.LOGIN, "u1", "c", null))).isEmpty();
        assertThat(PurgeTarget.of(event(EventType.CODE_TO_TOKEN, "u1", "c", null))).isEmpty();
        assertThat(PurgeTarget.of(event(EventType.REVOKE_GRANT, null, "c", null))).isEmpty();
        Event failed = event(EventType.REVOKE_GRANT, "u1", "c", null);
        failed.setError("invalid_token");
        assertThat(PurgeTarget.of(failed)).isEmpty();
    }

    @Test
    void adminEventsOnAUser() {
        assertThat(PurgeTarget.of(admin(ResourceType.USER, OperationType.ACTION, "users/u1/consents/http://127.0.0.1:29200/client.json")))
                .contains(new PurgeTarget("u1", "http://127.0.0.1:29200/client.json"));
        assertThat(PurgeTarget.of(admin(ResourceType.USER, OperationType.ACTION, "users/u1/logout")))
                .contains(new PurgeTarget("u1", null));
        assertThat(PurgeTarget.of(admin(ResourceType.USER, OperationType.UPDATE, "users/u1"))).contains(new PurgeTarget("u1", null));
        assertThat(PurgeTarget.of(admin(ResourceType.USER, OperationType.DELETE, "users/u1"))).contains(new PurgeTarget("u1", null));
    }

    @Test
    void otherAdminEventsPurgeNothing() {
        assertThat(PurgeTarget.of(admin(ResourceType.USER, OperationType.CREATE, "users/u1"))).isEmpty();
        assertThat(PurgeTarget.of(admin(ResourceType.USER, OperationType.ACTION, "users/u1/reset-password"))).isEmpty();
        assertThat(PurgeTarget.of(admin(ResourceType.USER, OperationType.ACTION, "users/u1/consents/"))).isEmpty();
        assertThat(PurgeTarget.of(admin(ResourceType.CLIENT, OperationType.UPDATE, "clients/abc"))).isEmpty();
        // a single session removed by an admin: the event names no user
        assertThat(PurgeTarget.of(admin(ResourceType.USER_SESSION, OperationType.DELETE, "sessions/s1"))).isEmpty();
    }

    @Test
    void bodyHasSubThenClientId() {
        assertThat(new PurgeTarget("u1", "c1").body()).containsExactly(Map.entry("sub", "u1"), Map.entry("client_id", "c1"));
    }
}
