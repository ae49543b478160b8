package example.mcpauth.client.discovery;

import java.net.URI;
import java.util.List;

/** RFC 9728 protected-resource metadata as the client uses it. */
public record ProtectedResourceMetadata(URI resource, List<URI> authorizationServers, List<String> scopesSupported,
        URI fetchedFrom) {
}
