package example.mcpauth.client.tokens;

import example.mcpauth.client.discovery.Urls;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Tokens per issuer + resource, one 0600 file each ({@code token-<hash>.json}) in the store folder. */
public final class TokenStore {

    private final SecureJsonFiles files;

    public TokenStore(SecureJsonFiles files) {
        this.files = files;
    }

    public static String fileName(String issuer, String resource) {
        return "token-" + SecureJsonFiles.key(issuer, resource) + ".json";
    }

    public Path path(String issuer, String resource) {
        return files.dir().resolve(fileName(issuer, resource));
    }

    public Optional<StoredToken> load(String issuer, String resource) {
        return Optional.ofNullable(files.read(fileName(issuer, resource), StoredToken.class));
    }

    public void save(StoredToken token) {
        files.write(fileName(token.issuer(), token.resource()), token);
    }

    public void delete(String issuer, String resource) {
        files.delete(fileName(issuer, resource));
    }

    /** A token stored for this server URL under any issuer (used before the server has named its issuer). */
    public Optional<StoredToken> findForServer(URI serverUrl) {
        for (Path p : files.list("token-")) {
            StoredToken t = files.read(p.getFileName().toString(), StoredToken.class);
            if (t != null && t.resource() != null
                    && example.mcpauth.client.discovery.ProtectedResourceDiscovery.resourceMatches(serverUrl, URI.create(t.resource()))
                    && Urls.canonical(serverUrl).startsWith(Urls.canonical(URI.create(t.resource())))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The tokens stored from this issuer, for any resource (a trailing slash of the issuer is ignored). */
    public java.util.List<StoredToken> findForIssuer(String issuer) {
        String wanted = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        java.util.List<StoredToken> out = new java.util.ArrayList<>();
        for (Path p : files.list("token-")) {
            StoredToken t = files.read(p.getFileName().toString(), StoredToken.class);
            if (t != null && t.issuer() != null
                    && (t.issuer().endsWith("/") ? t.issuer().substring(0, t.issuer().length() - 1) : t.issuer()).equals(wanted)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Deletes every token stored for this server URL; returns how many. */
    public int deleteForServer(URI serverUrl) {
        int n = 0;
        for (Path p : files.list("token-")) {
            StoredToken t = files.read(p.getFileName().toString(), StoredToken.class);
            if (t != null && t.resource() != null
                    && example.mcpauth.client.discovery.ProtectedResourceDiscovery.resourceMatches(serverUrl, URI.create(t.resource()))) {
                if (files.delete(p.getFileName().toString())) {
                    n++;
                }
            }
        }
        return n;
    }
}
