package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Command;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * This module's integration tests run Keycloak on PostgreSQL (its pom sets {@code KEYCLOAK_DB=postgres}:
 * scripts/keycloak.sh starts scripts/postgres.sh's server and gives Keycloak {@code --db=postgres});
 * the other ITs sign users in, consent, redeem, introspect and exchange tokens against it. This one
 * shows that what they use really lives in PostgreSQL: the imported realm with its users and
 * clients, and a client registered now, read back with psql as the database user of the settings.
 */
class PostgresDatabaseIT {

    /** One column of a query, as KEYCLOAK_DB_USER over TCP (the password by environment, not argv). */
    private static List<String> query(String sql) {
        Command.Result r = Command.in(Stack.root())
                .env("PGPASSWORD", Stack.get("KEYCLOAK_DB_PASSWORD"))
                .run("psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
                        "-h", Stack.get("KEYCLOAK_DB_HOST"), "-p", Stack.get("KEYCLOAK_DB_PORT"),
                        "-U", Stack.get("KEYCLOAK_DB_USER"), "-d", Stack.get("KEYCLOAK_DB_NAME"), "-c", sql)
                .expectExit(0);
        return r.lines().stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void theseTestsRunKeycloakOnPostgres() {
        assertThat(Stack.get("KEYCLOAK_DB")).as("KEYCLOAK_DB of this module's ITs (pom: stack.keycloak.db)").isEqualTo("postgres");
    }

    @Test
    void theImportedRealmItsUsersAndClientsAreInPostgres() {
        String realm = Stack.get("REALM");
        assertThat(query("SELECT name FROM realm ORDER BY name")).contains(realm);
        String inRealm = " WHERE realm_id = (SELECT id FROM realm WHERE name = '" + realm + "')";
        assertThat(query("SELECT username FROM user_entity" + inRealm + " ORDER BY username"))
                .contains("jane.test@demo.example", "john.doe@demo.example");
        assertThat(query("SELECT client_id FROM client" + inRealm))
                .contains(Stack.get("GATEWAY_CLIENT_ID"), Stack.get("MCP_SERVER_CLIENT_ID"));
    }

    @Test
    void aClientRegisteredNowIsWrittenToPostgres() {
        OAuthClient client = OAuthClient.register("Postgres check client");
        assertThat(query("SELECT name FROM client WHERE client_id = '" + client.clientId().replace("'", "''") + "'"))
                .containsExactly("Postgres check client");
    }
}
