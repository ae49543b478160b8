package example.mcpauth.client.discovery;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import example.mcpauth.client.McpAuthException;
import example.mcpauth.client.McpAuthException.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds authorization-server metadata in the order of the MCP authorization spec 2025-11-25:
 * issuer with a path: RFC 8414 path-inserted, OIDC path-inserted, OIDC path-appended;
 * issuer without a path: RFC 8414, then OIDC discovery. The document's {@code issuer} must equal the
 * issuer URL, and {@code code_challenge_methods_supported} must contain {@code S256}.
 */
public final class AuthorizationServerDiscovery {

    private final HttpJson http;

    public AuthorizationServerDiscovery(HttpJson http) {
        this.http = http;
    }

    public static List<URI> candidates(URI issuer) {
        String origin = Urls.origin(issuer);
        String path = Urls.path(issuer);
        List<URI> out = new ArrayList<>();
        if (path.isEmpty()) {
            out.add(URI.create(origin + "/.well-known/oauth-authorization-server"));
            out.add(URI.create(origin + "/.well-known/openid-configuration"));
        } else {
            out.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
            out.add(URI.create(origin + "/.well-known/openid-configuration" + path));
            out.add(URI.create(origin + path + "/.well-known/openid-configuration"));
        }
        return out;
    }

    public AuthorizationServerMetadata discover(URI issuer) {
        List<String> tried = new ArrayList<>();
        for (URI url : candidates(issuer)) {
            HttpJson.Result r = http.get(url);
            if (!r.ok()) {
                tried.add(r.describe());
                continue;
            }
            AuthorizationServerMetadata md;
            try {
                md = AuthorizationServerMetadata.parse(r.body());
            } catch (ParseException e) {
                throw new McpAuthException(Kind.DISCOVERY, "The authorization-server metadata at " + url
                        + " is invalid: " + e.getMessage(), "Report this to the authorization server's operator.");
            }
            validate(issuer, url, md);
            return md;
        }
        throw new McpAuthException(Kind.DISCOVERY, "No authorization-server metadata found for the issuer " + issuer
                + " (RFC 8414 / OpenID Connect Discovery). Tried: " + String.join("; ", tried),
                "Check that the authorization server is running and reachable; the MCP server's protected-resource "
                        + "metadata must name its issuer URL exactly.");
    }

    /**
     * MCP 2025-03-26 (opt-in back-compat): the authorization server is the MCP server's origin; its RFC 8414
     * metadata at the root, else the default endpoints /authorize, /token, /register. No issuer check is
     * possible (no issuer was named); S256 is still required when metadata exists.
     */
    public AuthorizationServerMetadata discoverLegacy(URI serverUrl) {
        String origin = Urls.origin(serverUrl);
        URI url = URI.create(origin + "/.well-known/oauth-authorization-server");
        HttpJson.Result r = http.get(url);
        if (r.ok()) {
            try {
                AuthorizationServerMetadata md = AuthorizationServerMetadata.parse(r.body());
                List<CodeChallengeMethod> methods = md.getCodeChallengeMethods();
                if (methods == null || !methods.contains(CodeChallengeMethod.S256)) {
                    throw new McpAuthException(Kind.DISCOVERY, "Refusing the authorization server at " + origin
                            + ": no S256 in code_challenge_methods_supported.", "The server must support PKCE S256.");
                }
                return md;
            } catch (ParseException e) {
                throw new McpAuthException(Kind.DISCOVERY, "The authorization-server metadata at " + url + " is invalid: "
                        + e.getMessage(), "Report this to the server's operator.");
            }
        }
        AuthorizationServerMetadata md = new AuthorizationServerMetadata(new com.nimbusds.oauth2.sdk.id.Issuer(origin));
        md.setAuthorizationEndpointURI(URI.create(origin + "/authorize"));
        md.setTokenEndpointURI(URI.create(origin + "/token"));
        md.setRegistrationEndpointURI(URI.create(origin + "/register"));
        md.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        return md;
    }

    public static void validate(URI issuer, URI fetchedFrom, AuthorizationServerMetadata md) {
        String got = md.getIssuer() == null ? null : md.getIssuer().getValue();
        if (got == null || !stripSlash(got).equals(stripSlash(issuer.toString()))) {
            throw new McpAuthException(Kind.DISCOVERY, "Refusing the authorization-server metadata at " + fetchedFrom
                    + ": its issuer is " + got + " but the metadata was looked up for " + issuer
                    + " (RFC 8414 §3.3: they must be identical).",
                    "The authorization server's issuer setting or the MCP server's authorization_servers entry is wrong; "
                            + "their operators must make them agree.");
        }
        List<CodeChallengeMethod> methods = md.getCodeChallengeMethods();
        if (methods == null || !methods.contains(CodeChallengeMethod.S256)) {
            throw new McpAuthException(Kind.DISCOVERY, "Refusing the authorization server " + issuer
                    + ": its metadata does not list S256 in code_challenge_methods_supported (found: "
                    + (methods == null ? "nothing" : methods) + "). MCP requires PKCE with S256.",
                    "The authorization server must support PKCE S256 and advertise it; ask its operator.");
        }
        if (md.getAuthorizationEndpointURI() == null || md.getTokenEndpointURI() == null) {
            throw new McpAuthException(Kind.DISCOVERY, "The authorization-server metadata at " + fetchedFrom
                    + " lacks authorization_endpoint or token_endpoint.", "Report this to the authorization server's operator.");
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
