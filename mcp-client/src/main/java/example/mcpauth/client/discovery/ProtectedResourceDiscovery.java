package example.mcpauth.client.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import example.mcpauth.client.McpAuthException;
import example.mcpauth.client.McpAuthException.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the MCP server's protected-resource metadata (RFC 9728, MCP authorization 2025-11-25):
 * the {@code resource_metadata} URL of the challenge first, then the path-inserted well-known URL,
 * then the root well-known URL. The {@code resource} it names must be the server URL (or, for
 * metadata found at the root, an ancestor of it on the same origin); anything else is refused.
 */
public final class ProtectedResourceDiscovery {

    /** No metadata at any candidate URL. */
    public static final class NotFound extends McpAuthException {
        NotFound(String message, String hint) {
            super(Kind.DISCOVERY, message, hint);
        }
    }

    private final HttpJson http;

    public ProtectedResourceDiscovery(HttpJson http) {
        this.http = http;
    }

    /** The URLs tried, in order. */
    public static List<URI> candidates(URI serverUrl, URI fromChallenge) {
        Set<URI> out = new LinkedHashSet<>();
        if (fromChallenge != null) {
            out.add(fromChallenge);
        }
        if (!Urls.path(serverUrl).isEmpty()) {
            out.add(Urls.wellKnown(serverUrl, "oauth-protected-resource", true));
        }
        out.add(Urls.wellKnown(serverUrl, "oauth-protected-resource", false));
        return new ArrayList<>(out);
    }

    public ProtectedResourceMetadata discover(URI serverUrl, URI fromChallenge) {
        List<String> tried = new ArrayList<>();
        for (URI url : candidates(serverUrl, fromChallenge)) {
            HttpJson.Result r = http.get(url);
            if (!r.ok()) {
                tried.add(r.describe());
                continue;
            }
            return validate(serverUrl, url, r.json());
        }
        throw new NotFound(
                "The MCP server at " + serverUrl + " asked for authorization but its protected-resource metadata "
                        + "(RFC 9728) was not found. Tried: " + String.join("; ", tried),
                "Check the server URL. The server must publish /.well-known/oauth-protected-resource metadata "
                        + "(or name it in the WWW-Authenticate resource_metadata parameter).");
    }

    static ProtectedResourceMetadata validate(URI serverUrl, URI fetchedFrom, JsonNode json) {
        String resource = text(json, "resource");
        if (resource == null) {
            throw new McpAuthException(Kind.DISCOVERY, "The protected-resource metadata at " + fetchedFrom
                    + " has no \"resource\" member.", "Report this to the MCP server's operator (RFC 9728 §2 requires it).");
        }
        URI res;
        try {
            res = Urls.parseHttpUrl(resource, "resource");
        } catch (IllegalArgumentException e) {
            throw new McpAuthException(Kind.DISCOVERY, "The protected-resource metadata at " + fetchedFrom
                    + " names an invalid resource: " + resource, "Report this to the MCP server's operator.");
        }
        if (!resourceMatches(serverUrl, res)) {
            throw new McpAuthException(Kind.DISCOVERY, "Refusing the protected-resource metadata at " + fetchedFrom
                    + ": it describes the resource " + resource + ", not the MCP server " + serverUrl
                    + " (RFC 9728 §3.3). Tokens for another resource must not be requested.",
                    "Check that you connect to the right URL; if it is right, the server's metadata is misconfigured "
                            + "and its operator must fix \"resource\".");
        }
        List<URI> servers = new ArrayList<>();
        JsonNode as = json.get("authorization_servers");
        if (as != null && as.isArray()) {
            for (JsonNode n : as) {
                if (n.isTextual()) {
                    try {
                        servers.add(Urls.parseHttpUrl(n.asText(), "authorization server"));
                    } catch (IllegalArgumentException ignored) {
                        // skip invalid entries
                    }
                }
            }
        }
        if (servers.isEmpty()) {
            throw new McpAuthException(Kind.DISCOVERY, "The protected-resource metadata at " + fetchedFrom
                    + " lists no usable authorization_servers.", "Report this to the MCP server's operator.");
        }
        List<String> scopes = null;
        JsonNode ss = json.get("scopes_supported");
        if (ss != null && ss.isArray()) {
            scopes = new ArrayList<>();
            for (JsonNode n : ss) {
                if (n.isTextual()) {
                    scopes.add(n.asText());
                }
            }
        }
        return new ProtectedResourceMetadata(res, List.copyOf(servers), scopes == null ? null : List.copyOf(scopes), fetchedFrom);
    }

    /**
     * The metadata's resource matches when it is the server URL (canonical form), or an ancestor path of it on
     * the same origin (metadata published once at the root for the whole host).
     */
    public static boolean resourceMatches(URI serverUrl, URI resource) {
        if (resource.getRawQuery() != null || resource.getRawFragment() != null) {
            return false;
        }
        if (!Urls.origin(serverUrl).equals(Urls.origin(resource))) {
            return false;
        }
        String sp = Urls.path(serverUrl);
        String rp = Urls.path(resource);
        return sp.equals(rp) || rp.isEmpty() || sp.startsWith(rp + "/");
    }

    private static String text(JsonNode json, String name) {
        JsonNode n = json.get(name);
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }
}
