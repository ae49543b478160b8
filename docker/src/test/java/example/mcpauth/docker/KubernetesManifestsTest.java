package example.mcpauth.docker;

import static example.mcpauth.docker.Deployment.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/kubernetes/: every manifest parses and every object is valid against its schema, strictly
 * (a field the schema does not name fails, as {@code kubectl apply --validate=strict} refuses it):
 * <ul>
 * <li>Kubernetes' own kinds (Namespace, Service, StatefulSet, Deployment, Ingress, ConfigMap, Secret)
 *     against the JSON schemas published in fabric8's kubernetes-model JARs on Maven Central
 *     ({@code schema/validation-schema.json}), made strict;</li>
 * <li>the operators' kinds (Keycloak, KeycloakRealmImport, OpenLibertyApplication, KongPlugin),
 *     whose CRDs no registry reachable here publishes, against hand-kept subsets of those CRDs
 *     ({@code src/test/resources/kubernetes/operator-crd-subsets.json}) whose Kubernetes types are
 *     fabric8's; the realm of the KeycloakRealmImport read strictly into Keycloak's own
 *     {@code RealmRepresentation}; the phantom-token KongPlugin's {@code config} against the
 *     plugin's own schema ({@code docker/kong/kong/plugins/phantom-token/schema.lua}).</li>
 * </ul>
 * The negative cases put a wrong field into a real manifest at each level and expect a refusal.
 * The rest holds the manifests to the settings and to Kong's kong.yml (routes, plugin configs).
 */
class KubernetesManifestsTest {

    static final Path K8S = DOCKER.resolve("kubernetes");
    static final Path GENERATED = K8S.resolve("generated");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Files of docker/kubernetes that are not Kubernetes objects (kustomize's file, Helm values). */
    static final Set<String> NOT_MANIFESTS = Set.of("kustomization.yaml", "kong-values.yaml");

    // ---- reading --------------------------------------------------------------------------------

    /** One object of a manifest file. */
    record Manifest(Path file, int index, ObjectNode node) {
        String apiVersion() { return node.path("apiVersion").asText(); }
        String kind() { return node.path("kind").asText(); }
        String name() { return node.path("metadata").path("name").asText(); }
        String type() { return apiVersion() + "/" + kind(); }
        @Override public String toString() { return rel(file) + "#" + index + " " + kind() + " " + name(); }
    }

    /** Every document of a YAML file, as JSON trees (SnakeYAML: YAML 1.1 scalars, as kubectl reads them). */
    static List<ObjectNode> documents(Path file) {
        List<ObjectNode> out = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(read(file))) {
            if (doc == null) continue;
            JsonNode n = JSON.valueToTree(doc);
            assertThat(n.isObject()).as("%s: a document is a mapping", rel(file)).isTrue();
            out.add((ObjectNode) n);
        }
        return out;
    }

    static List<Path> manifestFiles() {
        try (Stream<Path> s = Files.walk(K8S)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !NOT_MANIFESTS.contains(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Manifest> manifests() {
        List<Manifest> out = new ArrayList<>();
        for (Path f : manifestFiles()) {
            List<ObjectNode> docs = documents(f);
            for (int i = 0; i < docs.size(); i++) out.add(new Manifest(f, i, docs.get(i)));
        }
        return out;
    }

    static Manifest manifest(String kind, String name) {
        return manifests().stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in docker/kubernetes"));
    }

    /** KEY=VALUE lines of a generated env file (what kustomize's generators read). */
    static Map<String, String> envFile(Path p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : read(p).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            assertThat(line).as("%s: KEY=VALUE", rel(p)).matches("[A-Z][A-Z0-9_]*=.*");
            out.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return out;
    }

    static Map<String, String> settings() { return envFile(GENERATED.resolve("mcp-settings.env")); }
    static Map<String, String> secrets() { return envFile(GENERATED.resolve("mcp-secrets.env")); }

    // ---- schemas --------------------------------------------------------------------------------

    /** Validators by "apiVersion/kind", and the KongPlugin config schema by plugin name. */
    static final class Schemas {
        final Map<String, JsonSchema> byType = new HashMap<>();
        final Map<String, JsonSchema> pluginConfig = new HashMap<>();

        List<String> validate(JsonNode object, String type) {
            JsonSchema s = byType.get(type);
            if (s == null) return List.of("no schema for " + type);
            return messages(s.validate(object));
        }
    }

    static List<String> messages(Set<ValidationMessage> errors) {
        return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static Schemas schemas;

    static synchronized Schemas schemas() {
        if (schemas != null) return schemas;
        Schemas out = new Schemas();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        List<ObjectNode> documents = new ArrayList<>();
        try {
            for (URL url : Collections.list(KubernetesManifestsTest.class.getClassLoader().getResources("schema/validation-schema.json"))) {
                try (InputStream in = url.openStream()) {
                    documents.add(strict((ObjectNode) JSON.readTree(in)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(documents).as("fabric8 kubernetes-model-{core,apps,networking} schemas on the test classpath").hasSize(3);
        // the operators' kinds go into the document that has the core types they refer to
        ObjectNode core = documents.stream().filter(d -> d.path("definitions").has("kubernetes_core_EnvVar")
                && d.path("definitions").has("kubernetes_apimachinery_pkg_apis_ObjectMeta")).findFirst().orElseThrow();
        ObjectNode crds;
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/kubernetes/operator-crd-subsets.json")) {
            crds = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> crdDefinitions = new LinkedHashMap<>();
        crds.path("definitions").fields().forEachRemaining(e -> {
            String def = "operator_" + e.getKey().replaceAll("[^A-Za-z0-9]", "_");
            ((ObjectNode) core.path("definitions")).set(def, e.getValue());
            crdDefinitions.put(e.getKey(), def);
        });
        for (ObjectNode doc : documents) {
            Iterator<Map.Entry<String, JsonNode>> it = doc.path("definitions").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode p = e.getValue().path("properties");
                String api = p.path("apiVersion").path("default").asText(""), kind = p.path("kind").path("default").asText("");
                if (!api.isEmpty() && !kind.isEmpty()) {
                    out.byType.putIfAbsent(api + "/" + kind, factory.getSchema(rooted(doc, e.getKey())));
                }
            }
        }
        crdDefinitions.forEach((type, def) -> out.byType.put(type, factory.getSchema(rooted(core, def))));
        out.pluginConfig.put("phantom-token", factory.getSchema(kongPluginConfigSchema(DOCKER.resolve("kong/kong/plugins/phantom-token/schema.lua"))));
        schemas = out;
        return out;
    }

    /** The schema document with its root pointing at one definition. */
    static JsonNode rooted(ObjectNode doc, String definition) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.set("definitions", doc.path("definitions"));
        root.put("$ref", "#/definitions/" + definition);
        return root;
    }

    /**
     * fabric8's schemas made strict and plain JSON Schema: an object schema with properties allows no
     * other property (as kubeconform -strict and kubectl's strict field validation); fabric8's Java
     * annotations and its draft-03 style {@code required: true} inside a property are dropped;
     * IntOrString and Quantity take their JSON forms (fabric8 models them as Java objects with custom
     * serializers: {@code port: 9080} or {@code "http"}, {@code memory: 512Mi} or {@code cpu: 1}).
     */
    static ObjectNode strict(ObjectNode doc) {
        doc.remove("id");
        ObjectNode defs = (ObjectNode) doc.path("definitions");
        List<String> names = new ArrayList<>();
        defs.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            if (n.endsWith("_IntOrString")) defs.set(n, JSON.createObjectNode().set("type", JSON.createArrayNode().add("integer").add("string")));
            else if (n.endsWith("_Quantity")) defs.set(n, JSON.createObjectNode().set("type", JSON.createArrayNode().add("string").add("number")));
        }
        strictNode(defs);
        return doc;
    }

    private static void strictNode(JsonNode node) {
        if (node.isArray()) {
            node.forEach(KubernetesManifestsTest::strictNode);
            return;
        }
        if (!node.isObject()) return;
        ObjectNode o = (ObjectNode) node;
        o.remove(List.of("javaType", "existingJavaType", "javaInterfaces", "javaOmitEmpty", "javaEnumNames", "javaEnums"));
        if (o.path("required").isBoolean()) o.remove("required");
        if (o.has("properties") && (!o.has("additionalProperties") || o.path("additionalProperties").isBoolean())) {
            o.put("additionalProperties", false);
        }
        o.forEach(KubernetesManifestsTest::strictNode);
    }

    /**
     * A Kong plugin's config record (its schema.lua) as JSON Schema: the fields it names and no other,
     * typed, the required ones required. Fields are lines {@code { name = { type = "...", ... } }}
     * or {@code { name = typedefs.url { ... } }}.
     */
    static JsonNode kongPluginConfigSchema(Path schemaLua) {
        String lua = read(schemaLua);
        Matcher record = Pattern.compile("(?s)\\{\\s*config\\s*=\\s*\\{\\s*type\\s*=\\s*\"record\",\\s*fields\\s*=\\s*\\{(.*?)\\n\\s*},\\s*\\n\\s*}\\s*}").matcher(lua);
        assertThat(record.find()).as("%s has a config record", rel(schemaLua)).isTrue();
        ObjectNode props = JSON.createObjectNode();
        ArrayNode required = JSON.createArrayNode();
        Matcher field = Pattern.compile("\\{\\s*(\\w+)\\s*=\\s*(typedefs\\.url|\\{)([^\\n]*)").matcher(record.group(1));
        while (field.find()) {
            String name = field.group(1), rest = field.group(3);
            Matcher t = Pattern.compile("type\\s*=\\s*\"(\\w+)\"").matcher(rest);
            String type = field.group(2).startsWith("typedefs.url") ? "string" : t.find() ? t.group(1) : null;
            assertThat(type).as("%s: type of config field %s", rel(schemaLua), name).isIn("string", "integer", "boolean", "number");
            props.set(name, JSON.createObjectNode().put("type", type));
            if (rest.contains("required = true")) required.add(name);
        }
        assertThat(props.size()).as("config fields of %s", rel(schemaLua)).isGreaterThan(3);
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("type", "object").put("additionalProperties", false);
        schema.set("properties", props);
        schema.set("required", required);
        return schema;
    }

    /** A KongPlugin's config as Kong gets it: config with its configPatches applied (values from mcp-secrets). */
    static ObjectNode effectiveConfig(ObjectNode plugin) {
        ObjectNode config = plugin.path("config").isObject() ? plugin.path("config").deepCopy() : JSON.createObjectNode();
        for (JsonNode patch : plugin.path("configPatches")) {
            String path = patch.path("path").asText();
            assertThat(path).as("configPatch path of KongPlugin %s", plugin.path("metadata").path("name").asText()).matches("/[a-z_]+");
            JsonNode ref = patch.path("valueFrom").path("secretKeyRef");
            assertThat(ref.path("name").asText()).isEqualTo("mcp-secrets");
            config.put(path.substring(1), secrets().get(ref.path("key").asText()));
        }
        return config;
    }

    /** Every schema error of one object: its kind's schema, then the kind's inner checks. */
    static List<String> errors(ObjectNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        List<String> errors = new ArrayList<>(schemas().validate(object, type));
        switch (type) {
            case "configuration.konghq.com/v1/KongPlugin" -> {
                JsonSchema config = schemas().pluginConfig.get(object.path("plugin").asText());
                if (config != null) errors.addAll(messages(config.validate(effectiveConfig(object))));
            }
            case "k8s.keycloak.org/v2alpha1/KeycloakRealmImport" -> {
                try {
                    JSON.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                            .treeToValue(object.path("spec").path("realm"), RealmRepresentation.class);
                } catch (IOException | IllegalArgumentException e) {
                    errors.add("spec.realm is not a Keycloak RealmRepresentation: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
            default -> { }
        }
        return errors;
    }

    // ---- the manifests --------------------------------------------------------------------------

    @Test
    void everyManifestIsValidAgainstItsSchema() {
        List<Manifest> all = manifests();
        assertThat(all.stream().map(Manifest::type).distinct().sorted()).containsExactly(
                "apps.openliberty.io/v1/OpenLibertyApplication", "apps/v1/Deployment", "apps/v1/StatefulSet",
                "configuration.konghq.com/v1/KongPlugin", "k8s.keycloak.org/v2alpha1/Keycloak",
                "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", "networking.k8s.io/v1/Ingress", "v1/Namespace", "v1/Service");
        Map<String, List<String>> bad = new LinkedHashMap<>();
        for (Manifest m : all) {
            List<String> errors = errors(m.node());
            if (!errors.isEmpty()) bad.put(m.toString(), errors);
        }
        assertThat(bad).as("schema errors").isEmpty();
    }

    @Test
    void theGeneratedConfigMapAndSecretAreValidToo() {
        for (String[] g : new String[][] {{"ConfigMap", "mcp-settings", "mcp-settings.env", "data"}, {"Secret", "mcp-secrets", "mcp-secrets.env", "stringData"}}) {
            ObjectNode o = JSON.createObjectNode().put("apiVersion", "v1").put("kind", g[0]);
            o.putObject("metadata").put("name", g[1]).put("namespace", "mcp-demo");
            ObjectNode data = o.putObject(g[3]);
            envFile(GENERATED.resolve(g[2])).forEach(data::put);
            assertThat(errors(o)).as("%s %s as kustomize generates it", g[0], g[1]).isEmpty();
            assertThat(data.size()).isGreaterThan(4);
        }
    }

    /** A wrong field (or a wrong type) at each level of real manifests is refused. */
    @ParameterizedTest(name = "{0} {1}: {3} at {2}")
    @CsvSource(delimiter = '|', value = {
        "Service               | postgres                    | /spec                                              | prots           | 5432",
        "StatefulSet           | postgres                    | /spec/template/spec/containers/0                   | imagePullPolicyy| Always",
        "StatefulSet           | postgres                    | /spec/volumeClaimTemplates/0/spec/resources        | request         | x",
        "Deployment            | maildev                     | /spec                                              | replicas        | one",
        "Deployment            | maildev                     | /spec/template/spec/containers/0/readinessProbe/httpGet | paht       | /healthz",
        "Ingress               | mcp                         | /spec/rules/0/http/paths/0/backend/service         | nme             | liberty",
        "Ingress               | mcp                         | /metadata                                          | annotation      | x",
        "Namespace             | mcp-demo                    | /                                                  | specs           | x",
        "OpenLibertyApplication| liberty                     | /spec                                              | replica         | 2",
        "OpenLibertyApplication| liberty                     | /spec/probes/readiness/httpGet                     | paht            | /health/ready",
        "OpenLibertyApplication| liberty                     | /spec/env/0/valueFrom/secretKeyRef                 | nam             | x",
        "OpenLibertyApplication| liberty                     | /spec/service                                      | port            | http",
        "Keycloak              | keycloak                    | /spec/db                                           | hots            | postgres",
        "Keycloak              | keycloak                    | /spec                                              | hostnames       | x",
        "Keycloak              | keycloak                    | /spec/proxy                                        | headers         | x-forwarded",
        "KeycloakRealmImport   | mcp-demo                    | /spec                                              | realms          | x",
        "KeycloakRealmImport   | mcp-demo                    | /spec/realm                                        | clientz         | x",
        "KeycloakRealmImport   | mcp-demo                    | /spec/realm/clients/0                              | clientSecret    | x",
        "KongPlugin            | phantom-token               | /config                                            | client_ids      | x",
        "KongPlugin            | phantom-token               | /config                                            | timeout_ms      | soon",
        "KongPlugin            | phantom-token               | /                                                  | plugins         | x",
        "KongPlugin            | phantom-token               | /configPatches/0/valueFrom/secretKeyRef            | keys            | x",
    })
    void aWrongFieldIsRefused(String kind, String name, String at, String field, String value) {
        ObjectNode object = manifest(kind, name).node().deepCopy();
        assertThat(errors(object)).as("the real %s %s is valid", kind, name).isEmpty();
        JsonNode parent = object.at(at.equals("/") ? "" : at);
        assertThat(parent.isObject()).as("%s of %s %s is an object", at, kind, name).isTrue();
        ((ObjectNode) parent).put(field, value);
        assertThat(errors(object)).as("%s %s with %s=%s at %s: refused, naming the field", kind, name, field, value, at)
                .anyMatch(e -> e.contains("'" + field + "'") || e.contains("\"" + field + "\"") || e.contains("." + field + ":"));
    }

    @Test
    void theKustomizationListsEveryManifestAndTheGeneratedSettings() {
        Map<String, Object> k = map(yaml(K8S.resolve("kustomization.yaml")), "kustomization");
        List<String> resources = list(k.get("resources"), "resources").stream().map(String::valueOf).toList();
        assertThat(resources.stream().map(K8S::resolve).sorted().toList()).containsExactlyElementsOf(manifestFiles());
        assertThat(k.get("namespace")).isEqualTo(manifest("Namespace", "mcp-demo").name());
        assertThat(String.valueOf(k.get("configMapGenerator"))).contains("name=mcp-settings").contains("generated/mcp-settings.env");
        assertThat(String.valueOf(k.get("secretGenerator"))).contains("name=mcp-secrets").contains("generated/mcp-secrets.env");
        assertThat(String.valueOf(k.get("generatorOptions"))).contains("disableNameSuffixHash=true");
    }

    @Test
    void theGeneratedFilesAreWhatRenderShWrites() throws IOException {
        Path out = Files.createTempDirectory("k8s-render");
        run(List.of(K8S.resolve("render.sh").toString(), out.toString()), Map.of(), 0);
        try (Stream<Path> s = Files.list(GENERATED)) {
            List<String> committed = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(committed).containsExactly("kong-plugins.yaml", "mcp-secrets.env", "mcp-settings.env", "realm-import.yaml");
            for (String f : committed) {
                assertThat(read(GENERATED.resolve(f))).as("docker/kubernetes/generated/%s is stale: run docker/kubernetes/render.sh", f)
                        .isEqualTo(read(out.resolve(f)));
            }
        }
    }

    @Test
    void theSecretsAreTheDocumentedDemoValuesAndNothingElseIsSecret() {
        Map<String, String> stack = rawSettings(STACK_ENV);
        secrets().forEach((k, v) -> assertThat(v).as("%s in mcp-secrets = config/stack.env's demo value", k).isEqualTo(stack.get(k)));
        assertThat(settings().keySet()).noneMatch(k -> k.matches(".*(SECRET|PASSWORD).*"));
        assertThat(secrets().keySet()).contains("GATEWAY_CLIENT_SECRET", "MCP_SERVER_CLIENT_SECRET", "KEYCLOAK_DB_PASSWORD");
    }

    /** Every configMapKeyRef / secretKeyRef / envFrom of the manifests names a key the generated files have. */
    @Test
    void everyReferenceToTheSettingsResolves() {
        int refs = 0;
        for (Manifest m : manifests()) {
            for (JsonNode ref : m.node().findValues("configMapKeyRef")) {
                assertThat(ref.path("name").asText()).as("%s", m).isEqualTo("mcp-settings");
                assertThat(settings()).as("%s", m).containsKey(ref.path("key").asText());
                refs++;
            }
            List<JsonNode> secretRefs = new ArrayList<>(m.node().findValues("secretKeyRef"));
            secretRefs.addAll(m.node().findValues("usernameSecret"));
            secretRefs.addAll(m.node().findValues("passwordSecret"));
            for (JsonNode ref : secretRefs) {
                assertThat(ref.path("name").asText()).as("%s", m).isEqualTo("mcp-secrets");
                assertThat(secrets()).as("%s", m).containsKey(ref.path("key").asText());
                refs++;
            }
        }
        assertThat(refs).isGreaterThanOrEqualTo(7);
    }

    // ---- held to the settings and to kong.yml ------------------------------------------------------

    @Test
    void keycloakRunsWithTheSettingsAndTheOptionsOfScriptsKeycloakSh() {
        Map<String, String> s = settings();
        JsonNode spec = manifest("Keycloak", "keycloak").node().path("spec");
        assertThat(spec.path("hostname").path("hostname").asText()).isEqualTo(s.get("KEYCLOAK_URL"));
        assertThat(spec.path("hostname").path("backchannelDynamic").asBoolean()).isTrue();
        assertThat(spec.path("http").path("httpPort").asText()).isEqualTo(s.get("KEYCLOAK_PORT"));
        assertThat(spec.path("db").path("vendor").asText()).isEqualTo(s.get("KEYCLOAK_DB")).isEqualTo("postgres");
        assertThat(spec.path("db").path("host").asText()).isEqualTo(s.get("KEYCLOAK_DB_HOST"));
        assertThat(spec.path("db").path("port").asText()).isEqualTo(s.get("KEYCLOAK_DB_PORT"));
        assertThat(spec.path("db").path("database").asText()).isEqualTo(s.get("KEYCLOAK_DB_NAME"));
        String features = read(ROOT.resolve("scripts/keycloak.sh")).lines().filter(l -> l.startsWith("FEATURES="))
                .findFirst().orElseThrow().substring("FEATURES=".length());
        List<String> enabled = new ArrayList<>();
        spec.path("features").path("enabled").forEach(f -> enabled.add(f.asText()));
        assertThat(String.join(",", enabled)).isEqualTo(features);
        Map<String, String> options = new HashMap<>();
        spec.path("additionalOptions").forEach(o -> options.put(o.path("name").asText(), o.path("value").asText()));
        assertThat(options).containsEntry("spi-client-registration--default--enabled", "false").containsEntry("metrics-enabled", "true");
        // the purge listener is off here (docker/kubernetes/settings.env says why): no URL, no options
        assertThat(s.get("GATEWAY_PURGE_URL")).isEmpty();
        assertThat(options.keySet()).noneMatch(o -> o.contains("mcp-gateway-purge"));
        // the back-channel Service of the AS_* URLs
        JsonNode svc = manifest("Service", "keycloak").node().path("spec");
        assertThat(s.get("AS_INTROSPECTION_ENDPOINT")).startsWith("http://keycloak:" + s.get("KEYCLOAK_PORT") + "/");
        assertThat(svc.path("ports").get(0).path("port").asText()).isEqualTo(s.get("KEYCLOAK_PORT"));
        assertThat(svc.path("selector").path("app.kubernetes.io/instance").asText()).isEqualTo("keycloak");
        JsonNode realmImport = manifest("KeycloakRealmImport", s.get("REALM")).node();
        assertThat(realmImport.path("spec").path("keycloakCRName").asText()).isEqualTo("keycloak");
        assertThat(realmImport.path("spec").path("realm").path("realm").asText()).isEqualTo(s.get("REALM"));
        assertThat(realmImport.path("spec").path("realm").path("smtpServer").path("host").asText()).isEqualTo(s.get("MAIL_SMTP_HOST"));
        assertThat(manifest("Service", s.get("MAIL_SMTP_HOST")).node().toString()).contains("1025");
    }

    @Test
    void libertyGetsEverySettingItsContainerHasInComposeYml() {
        Map<String, String> s = settings();
        JsonNode spec = manifest("OpenLibertyApplication", "liberty").node().path("spec");
        assertThat(spec.path("service").path("port").asText()).isEqualTo(s.get("LIBERTY_HTTP_PORT"));
        assertThat(spec.path("manageTLS").asBoolean(true)).as("TLS ends at Kong").isFalse();
        spec.path("probes").forEach(p -> assertThat(p.path("httpGet").path("port").asText()).isEqualTo(s.get("LIBERTY_HTTP_PORT")));
        assertThat(spec.path("service").path("annotations").path("konghq.com/read-timeout").asLong())
                .isEqualTo(Long.parseLong(s.get("GATEWAY_UPSTREAM_READ_TIMEOUT_SECONDS")) * 1000);
        assertThat(spec.path("envFrom").get(0).path("configMapRef").path("name").asText()).isEqualTo("mcp-settings");
        Set<String> given = new TreeSet<>(s.keySet());
        spec.path("env").forEach(e -> given.add(e.path("name").asText()));
        assertThat(given).containsAll(rawEnvironment("liberty").keySet());
        assertThat(s.get("STACK_BIND")).as("Liberty listens on its pod's interfaces").isEqualTo("0.0.0.0");
        assertThat(spec.path("replicas").asText()).as("replicas = LIBERTY_INSTANCES (docker/kubernetes/settings.env)")
                .isEqualTo(s.get("LIBERTY_INSTANCES"));
    }

    /** The Ingresses route exactly kong.yml's routes, to the same Services, with the same plugins. */
    @Test
    void theIngressesAreKongYmlsRoutes() {
        Map<String, Object> kong = map(yaml(KONG_YML), "kong.yml");
        List<String> expected = new ArrayList<>(), actual = new ArrayList<>();
        for (Object so : list(kong.get("services"), "services")) {
            Map<String, Object> service = map(so, "service");
            URI url = URI.create(String.valueOf(service.get("url")));
            for (Object ro : list(service.get("routes"), "routes")) {
                Map<String, Object> route = map(ro, "route");
                List<String> plugins = new ArrayList<>();
                if (route.get("plugins") != null) {
                    for (Object p : list(route.get("plugins"), "plugins")) {
                        String n = String.valueOf(map(p, "plugin").get("name"));
                        plugins.add(n.equals("cors") ? "mcp-cors" : n);
                    }
                }
                for (Object host : list(route.get("hosts"), "hosts")) {
                    for (Object path : list(route.get("paths"), "paths")) {
                        expected.add(route.get("name") + " " + host + path + " -> " + url.getHost() + ":" + url.getPort()
                                + " plugins=" + String.join(",", plugins) + " strip=" + route.get("strip_path")
                                + " preserve=" + route.get("preserve_host")
                                + (Boolean.FALSE.equals(route.get("response_buffering")) ? " unbuffered" : ""));
                    }
                }
            }
        }
        for (Manifest m : manifests()) {
            if (!m.kind().equals("Ingress")) continue;
            JsonNode a = m.node().path("metadata").path("annotations");
            JsonNode spec = m.node().path("spec");
            assertThat(spec.path("ingressClassName").asText()).as("%s", m).isEqualTo("kong");
            for (JsonNode rule : spec.path("rules")) {
                assertThat(spec.path("tls").toString()).as("%s: TLS for %s", m, rule.path("host").asText())
                        .contains("\"" + rule.path("host").asText() + "\"").contains("demo-example-tls");
                for (JsonNode p : rule.path("http").path("paths")) {
                    assertThat(p.path("pathType").asText()).as("%s: a Kong prefix, as in kong.yml", m).isEqualTo("ImplementationSpecific");
                    JsonNode svc = p.path("backend").path("service");
                    actual.add(m.name() + " " + rule.path("host").asText() + p.path("path").asText() + " -> "
                            + svc.path("name").asText() + ":" + svc.path("port").path("number").asText()
                            + " plugins=" + a.path("konghq.com/plugins").asText("") + " strip=" + a.path("konghq.com/strip-path").asText()
                            + " preserve=" + a.path("konghq.com/preserve-host").asText()
                            + ("false".equals(a.path("konghq.com/response-buffering").asText()) ? " unbuffered" : ""));
                }
            }
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        // each backend is a Service of the deployment (the Open Liberty Operator names its Service after the CR)
        for (String backend : List.of("liberty", "keycloak", "maildev")) {
            assertThat(manifests()).anyMatch(m -> m.name().equals(backend) && (m.kind().equals("Service") || m.kind().equals("OpenLibertyApplication")));
        }
    }

    /** The KongPlugins are kong.yml's plugin configs; only the introspection cache time is this deployment's. */
    @Test
    void theKongPluginsAreKongYmlsPluginConfigs() {
        Map<String, Object> kong = map(yaml(KONG_YML), "kong.yml");
        Map<String, JsonNode> kongConfigs = new HashMap<>();
        for (Object so : list(kong.get("services"), "services")) {
            for (Object ro : list(map(so, "service").get("routes"), "routes")) {
                Object plugins = map(ro, "route").get("plugins");
                if (plugins == null) continue;
                for (Object p : list(plugins, "plugins")) {
                    kongConfigs.put(String.valueOf(map(p, "plugin").get("name")), JSON.valueToTree(map(p, "plugin").get("config")));
                }
            }
        }
        ObjectNode phantom = effectiveConfig(manifest("KongPlugin", "phantom-token").node());
        ObjectNode fromKong = kongConfigs.get("phantom-token").deepCopy();
        assertThat(phantom.path("token_cache_seconds").asText()).isEqualTo(settings().get("GATEWAY_TOKEN_CACHE_SECONDS"));
        phantom.remove("token_cache_seconds");
        fromKong.remove("token_cache_seconds");
        assertThat(phantom).isEqualTo(fromKong);
        assertThat(manifest("KongPlugin", "phantom-token").node().path("config").has("client_secret"))
                .as("the client secret comes from the Secret, not the manifest").isFalse();
        assertThat(manifest("KongPlugin", "mcp-cors").node().path("config")).isEqualTo(kongConfigs.get("cors"));
        // Kong's Helm values: the plugin enabled, its cache declared with the settings' size
        Map<String, Object> values = map(map(yaml(K8S.resolve("kong-values.yaml")), "values").get("gateway"), "gateway");
        Map<String, Object> env = map(values.get("env"), "gateway.env");
        assertThat(String.valueOf(env.get("plugins"))).isEqualTo("bundled,phantom-token");
        assertThat(String.valueOf(env.get("nginx_http_lua_shared_dict")))
                .isEqualTo(phantom.path("cache_dict").asText() + " " + settings().get("GATEWAY_CACHE_SIZE"));
    }

    @Test
    void theImagesAreTheOnesDockerBuildShMakes() {
        Map<String, String> docker = composeEnv();
        assertThat(manifest("OpenLibertyApplication", "liberty").node().path("spec").path("applicationImage").asText())
                .isEqualTo(String.valueOf(service("liberty").get("image")));
        assertThat(manifest("Keycloak", "keycloak").node().path("spec").path("image").asText())
                .isEqualTo(String.valueOf(service("keycloak").get("image")));
        Map<String, Object> kongImage = map(map(map(yaml(K8S.resolve("kong-values.yaml")), "values").get("gateway"), "gateway").get("image"), "image");
        assertThat(kongImage.get("repository") + ":" + kongImage.get("tag")).isEqualTo(String.valueOf(service("kong").get("image")));
        assertThat(manifest("Deployment", "maildev").node().toString()).contains("\"maildev/maildev:" + docker.get("MAILDEV_VERSION") + "\"");
    }
}
