package example.mcpauth.mcp.http;

import java.util.List;

/** The MCP-Protocol-Version header rule of the MCP endpoint. */
public final class ProtocolVersion {

    /**
     * The protocol versions this endpoint speaks, oldest first: the {@code initialize}-based ones of the
     * SDK's stateless server (2024-11-05 is negotiated in initialize only; no client sends it as a header)
     * and 2026-07-28 of the SDK's modern server ({@link ProtocolEra}).
     */
    public static final List<String> SUPPORTED = List.of("2025-03-26", "2025-06-18", "2025-11-25", ProtocolEra.MODERN_VERSION);

    private ProtocolVersion() {
    }

    /** A missing header means 2025-03-26 (the spec's default); any other value must be one this server speaks. */
    public static boolean supported(String version) {
        return version == null || SUPPORTED.contains(version.trim());
    }

    /**
     * Whether the header refuses the request here. An unknown version on a 2026-07-28-shaped message (its
     * version in {@code _meta}) is left to the SDK's modern server, which answers it with -32022 and the
     * versions it supports (or -32020 when header and {@code _meta} disagree); on any other message it is
     * refused here with 400 (-32600), as the initialize-based revisions say.
     */
    public static boolean refuses(String version, ProtocolEra era) {
        return !supported(version) && era != ProtocolEra.MODERN;
    }
}
