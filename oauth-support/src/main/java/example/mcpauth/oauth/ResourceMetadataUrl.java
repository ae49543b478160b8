package example.mcpauth.oauth;

import java.net.URI;

/** The RFC 9728 metadata URL of a protected resource: {@code /.well-known/oauth-protected-resource} inserted before its path. */
public final class ResourceMetadataUrl {

    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private ResourceMetadataUrl() {
    }

    /** {@code https://host:port/path} becomes {@code https://host:port/.well-known/oauth-protected-resource/path}. */
    public static String of(String resource) {
        URI uri = URI.create(resource);
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("a resource identifier must be an absolute URL: " + resource);
        }
        return uri.getScheme() + "://" + uri.getRawAuthority() + WELL_KNOWN + pathOf(resource);
    }

    /** The resource's path ("" for the root), the suffix of its metadata URL. */
    public static String pathOf(String resource) {
        String path = URI.create(resource).getRawPath();
        return path == null || path.equals("/") ? "" : path;
    }
}
