package example.mcpauth.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program (a script of scripts/, luac, ...) in a folder with an adjusted environment and
 * waits for it: its output (stdout and stderr together) and exit code. Immutable; each {@code with}
 * method returns a new one.
 *
 * <pre>{@code
 * Command.in(Stack.root()).env("STACK_CONFIG", "config/test.env").run("scripts/gateway.sh", "start").expectExit(0);
 * }</pre>
 */
public final class Command {

    /** What a finished program left: its exit code and its output. */
    public record Result(List<String> command, int exitCode, String output) {

        public List<String> lines() {
            return output.lines().toList();
        }

        /** This result when the exit code is {@code expected}; an AssertionError with the output otherwise. */
        public Result expectExit(int expected) {
            if (exitCode != expected) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + " (expected "
                        + expected + "); output:\n" + output);
            }
            return this;
        }
    }

    private final Path directory;
    private final Map<String, String> env;
    private final Set<String> unset;
    private final Duration timeout;

    private Command(Path directory, Map<String, String> env, Set<String> unset, Duration timeout) {
        this.directory = directory;
        this.env = env;
        this.unset = unset;
        this.timeout = timeout;
    }

    /** Programs run in {@code directory}, with this JVM's environment, for two minutes at most. */
    public static Command in(Path directory) {
        return new Command(directory, Map.of(), Set.of(), Duration.ofMinutes(2));
    }

    /** Sets a variable (after {@link #without(Collection)} took its names away). */
    public Command env(String name, String value) {
        return env(Map.of(name, value));
    }

    public Command env(Map<String, String> variables) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.putAll(variables);
        return new Command(directory, e, unset, timeout);
    }

    /** Removes these variables from the inherited environment (e.g. settings a caller exported). */
    public Command without(Collection<String> names) {
        Set<String> u = new LinkedHashSet<>(unset);
        u.addAll(names);
        return new Command(directory, env, u, timeout);
    }

    public Command timeout(Duration limit) {
        return new Command(directory, env, unset, limit);
    }

    public Result run(String... command) {
        return run(List.of(command));
    }

    /**
     * Runs the program and waits for it; past the timeout it and its children are killed and an
     * AssertionError says so.
     */
    public Result run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeAll(unset);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out), "output of " + command.get(0));
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "; output so far:\n" + text(out));
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));   // the output ends when the program's last writer closes it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException(e);
        }
        return new Result(new ArrayList<>(command), p.exitValue(), text(out));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the program is gone; what it wrote so far is kept
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
