package example.mcpauth.mcp;

import java.net.URI;

/**
 * RFC 6750 / RFC 9728 challenges of the MCP endpoint. The metadata URL is derived from the configured
 * resource identifier, never from the request's Host header.
 */
public final class BearerChallenge {

    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final String resourceMetadataUrl;
    private final String scope;

    public BearerChallenge(String resource, String scope) {
        this.resourceMetadataUrl = resourceMetadataUrl(resource);
        this.scope = scope;
    }

    /** {@code https://host:port/path} becomes {@code https://host:port/.well-known/oauth-protected-resource/path}. */
    public static String resourceMetadataUrl(String resource) {
        URI uri = URI.create(resource);
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("mcp.resource must be an absolute URL");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getRawAuthority() + WELL_KNOWN + path;
    }

    public String resourceMetadataUrl() {
        return resourceMetadataUrl;
    }

    /** No token was sent: tell the client where to find the authorization server. */
    public String missingToken() {
        return "Bearer resource_metadata=\"" + resourceMetadataUrl + "\", scope=\"" + scope + "\"";
    }

    /** A token was sent but it is not valid for this server (the reason stays in the server log). */
    public String invalidToken() {
        return "Bearer error=\"invalid_token\", error_description=\"" + INVALID_TOKEN_DESCRIPTION
                + "\", resource_metadata=\"" + resourceMetadataUrl + "\", scope=\"" + scope + "\"";
    }

    /** A valid token without the scope the MCP server needs. */
    public String insufficientScope() {
        return "Bearer error=\"insufficient_scope\", error_description=\"" + insufficientScopeDescription()
                + "\", scope=\"" + scope + "\", resource_metadata=\"" + resourceMetadataUrl + "\"";
    }

    public static final String MISSING_TOKEN_DESCRIPTION =
            "An access token is required: obtain one from the authorization server named in the resource metadata";
    public static final String INVALID_TOKEN_DESCRIPTION =
            "The access token is missing, expired or not valid for this MCP server";

    public String insufficientScopeDescription() {
        return "The access token lacks the scope " + scope + ": request it from the authorization server";
    }
}
