package example.mcpauth.stocks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.mcpauth.stocks.auth.StocksSettings;
import example.mcpauth.stocks.domain.Stock;
import example.mcpauth.stocks.domain.StockRepository;
import example.mcpauth.stocks.policy.Caller;
import example.mcpauth.stocks.policy.ClientAssurancePolicy;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside Liberty: the CDI beans and the MicroProfile Config wiring as the server sees them
 * (environment of the test server overriding the WAR's microprofile-config.properties).
 */
@ExtendWith(ArquillianExtension.class)
class InContainerIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.stocksWar();
    }

    @Inject
    StockRepository repository;

    @Inject
    StocksSettings settings;

    @Inject
    ClientAssurancePolicy assurancePolicy;

    @Inject
    Config config;

    @Test
    void seedStocksAreThere() {
        assertEquals(new BigDecimal("450.22"), repository.bySymbol("COM1").map(Stock::price).orElseThrow());
        assertEquals(new BigDecimal("250.62"), repository.bySymbol("COM2").map(Stock::price).orElseThrow());
        assertEquals(new BigDecimal("21.07"), repository.bySymbol("COM3").map(Stock::price).orElseThrow());
        assertEquals(new BigDecimal("180.75"), repository.bySymbol("COM4").map(Stock::price).orElseThrow());
        assertEquals(java.util.List.of("COM1", "COM4", "COM5"), repository.byRegion("USA").stream().map(Stock::symbol).toList());
        assertEquals(java.util.List.of("COM2", "COM3", "COM6"), repository.byRegion("Europe").stream().map(Stock::symbol).toList());
        assertTrue(repository.byRegion("USA").stream().allMatch(s -> s.currency().equals("USD")));
        assertTrue(repository.byRegion("Europe").stream().allMatch(s -> s.currency().equals("EUR")));
        assertTrue(repository.byRegion("usa").isEmpty(), "regions are compared exactly");
    }

    @Test
    void settingsComeFromTheServerEnvironment() {
        assertEquals("stocks/read", settings.requiredScope());
        assertEquals(2, settings.minAssuranceForSensitive());
    }

    @Test
    void theAudienceCheckIsNotAnApplicationSetting() {
        // liberty-config's audience-check.xml is the one place: no mp.jwt.* property may compete with it
        for (String key : new String[] {"mp.jwt.verify.audiences", "mp.jwt.verify.issuer",
                "mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey.algorithm"}) {
            assertTrue(config.getOptionalValue(key, String.class).isEmpty(), key + " must not be set");
        }
    }

    @Test
    void producedAssurancePolicyUsesTheConfiguredMinimum() {
        assertEquals(2, assurancePolicy.minimumLevel());
        assertFalse(assurancePolicy.allowsSensitiveOperation(new Caller("s", "USA", "mcp", 1, Set.of())));
        assertTrue(assurancePolicy.allowsSensitiveOperation(new Caller("s", "USA", "mcp", 2, Set.of())));
    }
}
