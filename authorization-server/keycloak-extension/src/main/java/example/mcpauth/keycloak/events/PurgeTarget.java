package example.mcpauth.keycloak.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * Whose cached introspection results the gateway must drop: a user ({@code sub}) and, optionally, one
 * client ({@code client_id} = the token's {@code azp}); without a client, every client of the user.
 * Made from the Keycloak events after which a token the gateway may have cached is no longer active.
 */
public record PurgeTarget(String sub, String clientId) {

    /** {@code users/{id}} and what follows (admin event resource paths are realm-relative and decoded) */
    private static final Pattern USER_PATH = Pattern.compile("users/([^/]+)(/.*)?");
    private static final String CONSENTS = "/consents/";

    /**
     * User events: a revoked grant (Account Console or admin revoking the consent: the revoked client is
     * in the {@code revoked_client} detail; the revocation endpoint: the event's client) and a logout
     * (the session's tokens of every client die with it).
     */
    public static Optional<PurgeTarget> of(Event event) {
        if (event.getError() != null || event.getUserId() == null || event.getType() == null) {
            return Optional.empty();
        }
        if (event.getType() == EventType.REVOKE_GRANT) {
            Map<String, String> details = event.getDetails();
            String revoked = details == null ? null : details.get(Details.REVOKED_CLIENT);
            return Optional.of(new PurgeTarget(event.getUserId(), revoked != null ? revoked : event.getClientId()));
        }
        if (event.getType() == EventType.LOGOUT) {
            return Optional.of(new PurgeTarget(event.getUserId(), null));
        }
        return Optional.empty();
    }

    /**
     * Admin events on a user: consent revoked ({@code users/{id}/consents/{clientId}}), all sessions
     * signed out ({@code users/{id}/logout}), the user updated (e.g. disabled, region changed: the
     * cached JWT carries it) or deleted. A single session removed by an admin ({@code sessions/{id}})
     * names no user once it is gone, so it is not covered.
     */
    public static Optional<PurgeTarget> of(AdminEvent event) {
        if (event.getResourceType() != ResourceType.USER || event.getResourcePath() == null || event.getError() != null) {
            return Optional.empty();
        }
        Matcher m = USER_PATH.matcher(event.getResourcePath());
        if (!m.matches()) {
            return Optional.empty();
        }
        String userId = m.group(1);
        String rest = m.group(2) == null ? "" : m.group(2);
        OperationType op = event.getOperationType();
        if (rest.isEmpty() && (op == OperationType.UPDATE || op == OperationType.DELETE)) {
            return Optional.of(new PurgeTarget(userId, null));
        }
        if (op == OperationType.ACTION && rest.equals("/logout")) {
            return Optional.of(new PurgeTarget(userId, null));
        }
        if (op == OperationType.ACTION && rest.startsWith(CONSENTS) && rest.length() > CONSENTS.length()) {
            return Optional.of(new PurgeTarget(userId, rest.substring(CONSENTS.length())));
        }
        return Optional.empty();
    }

    /** The request body of the gateway's purge endpoint; {@code client_id} left out = every client. */
    public Map<String, String> body() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("sub", sub);
        if (clientId != null) {
            body.put("client_id", clientId);
        }
        return body;
    }
}
