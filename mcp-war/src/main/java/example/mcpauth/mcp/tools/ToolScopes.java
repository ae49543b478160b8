package example.mcpauth.mcp.tools;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * THE PER-TOOL SCOPES: which OAuth scopes a call of each tool needs, from the one setting the MCP server
 * and the gateway share, MCP_TOOL_SCOPES ({@code fetch-stock-prices=stocks/read;place-stock-order=stocks/read stocks/trade}:
 * tool=space-separated scopes, {@code ;} between tools). Every tool needs at least the MCP server's own
 * scope (STOCKS_SCOPE), which is also what the protected resource metadata advertises. The same scopes
 * are shown in tools/list (the tool's {@code _meta[META_KEY]}), demanded by {@code http/ToolScopeFilter}
 * (403 insufficient_scope naming all of them) and asked for in the token exchange of that tool.
 */
public final class ToolScopes {

    /** The tool {@code _meta} key that lists a tool's scopes in tools/list. */
    public static final String META_KEY = "example.mcpauth/scopes";

    private final List<String> baseScopes;
    private final Map<String, List<String>> byTool;

    private ToolScopes(List<String> baseScopes, Map<String, List<String>> byTool) {
        this.baseScopes = baseScopes;
        this.byTool = byTool;
    }

    /**
     * @param table     the MCP_TOOL_SCOPES value
     * @param baseScope the scope every call of this MCP server needs (STOCKS_SCOPE)
     * @throws IllegalArgumentException for a malformed table (the server does not start with it)
     */
    public static ToolScopes parse(String table, String baseScope) {
        List<String> base = List.of(baseScope.trim());
        Map<String, List<String>> byTool = new LinkedHashMap<>();
        for (String entry : (table == null ? "" : table).split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String tool = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (tool.isEmpty() || tool.contains(" ")) {
                throw new IllegalArgumentException("MCP_TOOL_SCOPES: '" + entry.trim() + "' is not tool=scope [scope...]");
            }
            Set<String> scopes = new LinkedHashSet<>(base);
            Arrays.stream(entry.substring(eq + 1).trim().split(" +")).filter(s -> !s.isEmpty()).forEach(scopes::add);
            if (byTool.put(tool, List.copyOf(scopes)) != null) {
                throw new IllegalArgumentException("MCP_TOOL_SCOPES names " + tool + " twice");
            }
        }
        return new ToolScopes(base, Map.copyOf(byTool));
    }

    /** Every scope a call of {@code tool} needs, the base scope first; an unlisted tool needs the base scope. */
    public List<String> of(String tool) {
        return byTool.getOrDefault(tool, baseScopes);
    }

    /**
     * The tool definition's {@code _meta}: the scopes a call of {@code tool} needs under {@link #META_KEY}, so
     * that a client can ask for them before it calls.
     */
    public Map<String, Object> meta(String tool) {
        return Map.of(META_KEY, of(tool));
    }

    /** The same, space separated (a challenge's or a token request's {@code scope}). */
    public String scopeString(String tool) {
        return String.join(" ", of(tool));
    }

    /** The tools the table lists. */
    public Set<String> tools() {
        return byTool.keySet();
    }
}
