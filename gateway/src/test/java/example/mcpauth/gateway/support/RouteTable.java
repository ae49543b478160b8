package example.mcpauth.gateway.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** gateway/routes.conf: the one route table of the local nginx gateway and of Kong. */
public record RouteTable(Map<String, Service> services, List<Route> routes, Map<String, List<String>> cors) {

    /** {@code instances}: the table's fifth column as written (a setting reference or a number), "1" when absent. */
    public record Service(String name, String local, String docker, String instances) {
        public boolean proxiedLocally() {
            return !local.equals("-");
        }
    }

    public record Route(String name, String host, String path, String service, boolean phantomToken, boolean cors, boolean stream) {}

    public static RouteTable load() {
        return parse(Stack.root().resolve("gateway/routes.conf"));
    }

    public static RouteTable parse(Path file) {
        Map<String, Service> services = new LinkedHashMap<>();
        List<Route> routes = new ArrayList<>();
        Map<String, List<String>> cors = new LinkedHashMap<>();
        for (String line : Stack.lines(file)) {
            String l = line.replaceAll("#.*", "").trim();
            if (l.isEmpty()) continue;
            String[] w = l.split("\\s+");
            switch (w[0]) {
                case "service" -> services.put(w[1], new Service(w[1], w[2], w[3], w.length > 4 ? w[4] : "1"));
                case "route" -> routes.add(new Route(w[1], w[2], w[3], w[4], yes(w[5]), yes(w[6]), yes(w[7])));
                case "cors" -> cors.put(w[1], List.of(w[2].split(",")));
                default -> throw new IllegalArgumentException("routes.conf: unknown line " + line);
            }
        }
        return new RouteTable(services, routes, cors);
    }

    private static boolean yes(String v) {
        if (!v.equals("yes") && !v.equals("no")) throw new IllegalArgumentException("yes or no expected: " + v);
        return v.equals("yes");
    }
}
