package example.mcpauth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A minimal public OAuth client for the refusal checks: registers itself (DCR), builds a PKCE
 * authorization request with {@code resource}, and redeems the code. The real MCP clients are
 * exercised by the other tests; this one lets the tests hold the tokens themselves.
 */
public final class OAuthTestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JsonNode metadata;
    private final String clientId;
    private final String redirectUri;
    private String verifier;
    private String state;

    public OAuthTestClient(String clientName, int callbackPort) throws Exception {
        StackSettings s = E2e.stack();
        this.metadata = getJson(s.keycloakUrl() + "/.well-known/oauth-authorization-server/realms/" + s.realm());
        this.redirectUri = "http://127.0.0.1:" + callbackPort + "/callback";
        ObjectNode reg = JSON.createObjectNode();
        reg.put("client_name", clientName);
        reg.putArray("redirect_uris").add(redirectUri);
        reg.putArray("grant_types").add("authorization_code");
        reg.putArray("response_types").add("code");
        reg.put("token_endpoint_auth_method", "none");
        reg.put("scope", "stocks/read");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(metadata.path("registration_endpoint").asText()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(reg.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new AssertionError("registration answered " + r.statusCode() + ": " + r.body());
        this.clientId = JSON.readTree(r.body()).path("client_id").asText();
    }

    public String authorizationUrl() throws Exception {
        verifier = random(32);
        state = random(16);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        p.put("scope", "stocks/read");
        p.put("state", state);
        p.put("code_challenge", challenge);
        p.put("code_challenge_method", "S256");
        p.put("resource", E2e.stack().mcpUrl());
        return metadata.path("authorization_endpoint").asText() + "?" + form(p);
    }

    /** Parses the redirect the browser landed on; checks state and iss. */
    public static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q == null) return out;
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Redeems the code from the landing URL; returns the token response. */
    public JsonNode redeem(String landedUrl) throws Exception {
        Map<String, String> q = query(landedUrl);
        if (!state.equals(q.get("state"))) throw new AssertionError("state mismatch in " + landedUrl);
        if (!metadata.path("issuer").asText().equals(q.get("iss"))) throw new AssertionError("iss mismatch in " + landedUrl);
        String code = q.get("code");
        if (code == null) throw new AssertionError("no code in " + landedUrl);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "authorization_code");
        p.put("code", code);
        p.put("redirect_uri", redirectUri);
        p.put("client_id", clientId);
        p.put("code_verifier", verifier);
        p.put("resource", E2e.stack().mcpUrl());
        HttpResponse<String> r = postForm(metadata.path("token_endpoint").asText(), p, null);
        if (r.statusCode() != 200) throw new AssertionError("token endpoint answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    public void revoke(String accessToken) throws Exception {
        HttpResponse<String> r = postForm(metadata.path("revocation_endpoint").asText(),
                Map.of("token", accessToken, "token_type_hint", "access_token", "client_id", clientId), null);
        if (r.statusCode() != 200) throw new AssertionError("revocation answered " + r.statusCode() + ": " + r.body());
    }

    public String clientId() { return clientId; }
    public JsonNode metadata() { return metadata; }

    static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError(url + " answered " + r.statusCode());
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> postForm(String url, Map<String, String> params, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
