package example.mcpauth.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A command-line MCP client run as a child process, its output read line by line. */
public final class Cli implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();

    public Cli(String name, List<String> command, Path workDir, Map<String, String> env) throws IOException {
        this.name = name;
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().putAll(env);
        this.process = pb.start();
        pump(process.getInputStream(), stdout);
        pump(process.getErrorStream(), stderr);
    }

    private void pump(InputStream in, List<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) { sink.add(line); notifyAll(); }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name + "-output");
        t.setDaemon(true);
        t.start();
    }

    /** Waits until a line of stdout or stderr matches; returns group 1 (or the whole match). */
    public synchronized String await(Pattern pattern, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int seenOut = 0, seenErr = 0;
        while (true) {
            for (; seenOut < stdout.size(); seenOut++) {
                Matcher m = pattern.matcher(stdout.get(seenOut));
                if (m.find()) return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            for (; seenErr < stderr.size(); seenErr++) {
                Matcher m = pattern.matcher(stderr.get(seenErr));
                if (m.find()) return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                throw new AssertionError(name + ": no line matching " + pattern + " within " + timeout + "\n" + transcript());
            }
            if (!process.isAlive() && seenOut == stdout.size() && seenErr == stderr.size()) {
                wait(200); // let the pumps drain
                if (seenOut == stdout.size() && seenErr == stderr.size()) {
                    throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing "
                            + pattern + "\n" + transcript());
                }
            }
            wait(Math.min(left, 500));
        }
    }

    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + "\n" + transcript());
        }
        Thread.sleep(200);
        return process.exitValue();
    }

    public synchronized String stdout() { return String.join("\n", stdout); }
    public synchronized String stderr() { return String.join("\n", stderr); }

    public synchronized String transcript() {
        return "--- " + name + " stdout ---\n" + String.join("\n", stdout)
                + "\n--- " + name + " stderr ---\n" + String.join("\n", stderr);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
