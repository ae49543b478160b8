package example.mcpauth.oauth.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The audit trail's writer: one JSON line per {@link AuditEvent}, in its own file per hop,
 * {@code <dir>/audit-<hop>.0.jsonl} (java.util.logging FileHandler: when it reaches {@code maxBytes} it
 * becomes {@code .1.jsonl}, and so on up to {@code files} files; the oldest is dropped). Never in the
 * server's own log. A failure to write is logged once and never fails the request.
 * <p>
 * Settings (environment or system property): {@code AUDIT_LOG_DIR} (default: Liberty's logs folder,
 * {@code X_LOG_DIR}, next to messages.log), {@code AUDIT_LOG_MAX_BYTES} (10 MiB), {@code AUDIT_LOG_FILES} (5).
 */
public final class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final ConcurrentHashMap<String, AuditLog> BY_HOP = new ConcurrentHashMap<>();
    /** Told of every event written by any hop of this class loader (the WAR's {@link AuditMetrics}). */
    private static final CopyOnWriteArrayList<Consumer<AuditEvent>> LISTENERS = new CopyOnWriteArrayList<>();

    private final Path dir;
    private final String hop;
    private final int maxBytes;
    private final int files;
    private FileHandler handler;
    private boolean failed;

    public AuditLog(Path dir, String hop, int maxBytes, int files) {
        if (!hop.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("hop must be lower case letters, digits and dashes: " + hop);
        }
        this.dir = dir;
        this.hop = hop;
        this.maxBytes = maxBytes;
        this.files = Math.max(1, files);
    }

    /** The writer of {@code hop} configured by the settings (one per hop and class loader). */
    public static AuditLog forHop(String hop) {
        return BY_HOP.computeIfAbsent(hop, h -> new AuditLog(Path.of(setting("AUDIT_LOG_DIR", setting("X_LOG_DIR", "logs"))), h,
                Integer.parseInt(setting("AUDIT_LOG_MAX_BYTES", "10485760")),
                Integer.parseInt(setting("AUDIT_LOG_FILES", "5"))));
    }

    /** The current file ({@code audit-<hop>.0.jsonl}). */
    public Path currentFile() {
        return dir.resolve("audit-" + hop + ".0.jsonl");
    }

    /** {@code listener} is told of every event written from now on (also when the file cannot be written). */
    public static void addListener(Consumer<AuditEvent> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Consumer<AuditEvent> listener) {
        LISTENERS.remove(listener);
    }

    public void write(AuditEvent event) {
        for (Consumer<AuditEvent> listener : LISTENERS) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "audit listener failed: {0}", e.toString());
            }
        }
        String line = event.toJson();
        synchronized (this) {
            if (failed) {
                return;
            }
            try {
                if (handler == null) {
                    handler = open();
                }
                LogRecord record = new LogRecord(Level.INFO, line);
                handler.publish(record); // FileHandler flushes every record
            } catch (IOException | RuntimeException e) {
                failed = true;
                LOG.log(Level.WARNING, "audit trail of {0} cannot be written in {1}: {2}",
                        new Object[] {hop, dir, e.toString()});
            }
        }
    }

    /** Closes the files of every hop's writer of this class loader ({@link AuditLogLifecycle}, when the WAR stops). */
    public static void closeAll() {
        BY_HOP.values().forEach(AuditLog::close);
        BY_HOP.clear();
    }

    /** Closes the file (the next write opens it again). */
    public synchronized void close() {
        if (handler != null) {
            handler.close();
            handler = null;
        }
    }

    private FileHandler open() throws IOException {
        Files.createDirectories(dir);
        FileHandler h = new FileHandler(dir.resolve("audit-" + hop + ".%g.jsonl").toString(), maxBytes, files, true);
        h.setEncoding(StandardCharsets.UTF_8.name());
        h.setLevel(Level.ALL);
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return r.getMessage() + "\n";
            }
        });
        return h;
    }

    private static String setting(String name, String fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
