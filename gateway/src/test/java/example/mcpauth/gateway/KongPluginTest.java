package example.mcpauth.gateway;

import example.mcpauth.gateway.support.Stack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Kong cannot run here: its plugin and the shared core at least compile, and the plugin stays thin. */
@Order(4)
class KongPluginTest {
    static final Path PLUGIN = Path.of("docker/kong/kong/plugins/phantom-token");

    @Test
    void luaCompilesWithLuac() {
        List<String> cmd = new ArrayList<>(List.of("luac5.1", "-p"));
        for (String f : List.of(PLUGIN + "/handler.lua", PLUGIN + "/schema.lua", "gateway/lua/phantom_token.lua",
                "gateway/lua/phantom_token_nginx.lua")) {
            assertThat(Stack.root().resolve(f)).exists();
            cmd.add(f);
        }
        // luac -p prints nothing and exits 0 when every file parses; Stack.run throws otherwise
        assertThat(Stack.run(java.util.Map.of(), cmd.toArray(String[]::new))).isEmpty();
    }

    @Test
    void handlerOnlyWrapsTheSharedCore() {
        String handler = Stack.read(Stack.root().resolve(PLUGIN + "/handler.lua"));
        Matcher m = Pattern.compile("require\\s*\\(?\\s*\"([^\"]+)\"").matcher(handler);
        List<String> requires = new ArrayList<>();
        while (m.find()) requires.add(m.group(1));
        assertThat(requires).containsExactlyInAnyOrder("kong.plugins.phantom-token.phantom_token", "resty.http");
        assertThat(handler).contains("core.access(");
        // the decisions (active, jwt, cache keys, stripping) live in the core only
        for (String logic : List.of("active", "jwt", "sha256", "Bearer", "clear_header", "set_header")) {
            assertThat(handler).as("handler.lua must leave '" + logic + "' to the core").doesNotContain(logic);
        }
    }
}
