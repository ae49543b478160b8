package example.mcpauth.mcp;

import java.util.List;

/** Transport hygiene checks of the MCP endpoint: Origin (DNS rebinding) and MCP-Protocol-Version. */
public final class McpRequestChecks {

    /** The protocol versions the SDK's stateless transport speaks, oldest first. */
    public static final List<String> SUPPORTED_VERSIONS = List.of("2025-03-26", "2025-06-18", "2025-11-25");

    private final List<String> allowedOrigins;

    public McpRequestChecks(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Requests without an Origin (non-browser clients) are allowed; a browser origin must be listed exactly. */
    public boolean originAllowed(String origin) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        return allowedOrigins.contains(origin.trim());
    }

    /** A missing header means 2025-03-26 (the spec's default); any other value must be one this server speaks. */
    public static boolean protocolVersionSupported(String version) {
        return version == null || SUPPORTED_VERSIONS.contains(version.trim());
    }
}
