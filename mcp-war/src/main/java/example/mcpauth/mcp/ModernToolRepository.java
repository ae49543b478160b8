package example.mcpauth.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapter: the tools, written once on the SDK's initialize-era types ({@code io.modelcontextprotocol.spec.McpSchema}),
 * served by the SDK's 2026-07-28 server ({@code io.modelcontextprotocol.modern}). Definitions, requests and
 * results go from one schema type to the other through JSON, so the wire is the same in both eras (the
 * tool's {@code _meta} with its scopes included); a result gets the {@code resultType} 2026-07-28 adds.
 * The handler sees the same transport context (the caller's token, {@code tools/CallerToken}).
 * ttlMs and cacheScope of tools/list are set by the ToolsFeature that serves this repository.
 */
final class ModernToolRepository implements McpSyncToolRepository {

    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() { };

    private final McpJsonMapper json;
    private final Map<String, McpSyncTool> tools = new LinkedHashMap<>();

    ModernToolRepository(McpJsonMapper json, List<SyncToolSpecification> specifications) {
        this.json = json;
        for (SyncToolSpecification spec : specifications) {
            McpSchema.Tool definition = json.convertValue(json.convertValue(spec.tool(), MAP), McpSchema.Tool.class);
            tools.put(definition.name(), McpSyncTool.of(definition, (ctx, request) -> call(spec, ctx, request)));
        }
    }

    @Override
    public ToolsPage list(McpRequestContext ctx, String cursor) {
        return ToolsPage.of(tools.values().stream().map(McpSyncTool::definition).toList());
    }

    @Override
    public McpSyncTool find(McpRequestContext ctx, String name) {
        return tools.get(name);
    }

    private McpSyncResponse<McpSchema.CallToolOutcome> call(SyncToolSpecification spec, McpRequestContext ctx,
            McpSchema.CallToolRequest request) {
        var classicRequest = new io.modelcontextprotocol.spec.McpSchema.CallToolRequest(request.name(),
                request.arguments() == null ? Map.of() : request.arguments());
        var classicResult = spec.callHandler().apply(ctx.transportContext(), classicRequest);
        Map<String, Object> result = new LinkedHashMap<>(json.convertValue(classicResult, MAP));
        result.putIfAbsent("resultType", McpSchema.ResultType.COMPLETE);
        return McpSyncResponse.result(json.convertValue(result, McpSchema.CallToolResult.class));
    }
}
