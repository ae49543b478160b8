package example.mcpauth.mcp.http;

import java.util.List;

/** The MCP-Protocol-Version header rule of the MCP endpoint. */
public final class ProtocolVersion {

    /** The protocol versions the SDK's stateless transport speaks, oldest first. */
    public static final List<String> SUPPORTED = List.of("2025-03-26", "2025-06-18", "2025-11-25");

    private ProtocolVersion() {
    }

    /** A missing header means 2025-03-26 (the spec's default); any other value must be one this server speaks. */
    public static boolean supported(String version) {
        return version == null || SUPPORTED.contains(version.trim());
    }
}
