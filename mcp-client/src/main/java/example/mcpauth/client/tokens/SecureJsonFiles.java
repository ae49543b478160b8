package example.mcpauth.client.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import example.mcpauth.client.McpAuthException;
import example.mcpauth.client.McpAuthException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * JSON files only the user can read: the folder is 0700, every file 0600 (POSIX), written atomically
 * (temporary file created with 0600, then moved into place).
 */
public final class SecureJsonFiles {

    public static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    static final ObjectMapper MAPPER = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public SecureJsonFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Stable file-name-safe key: first 32 hex chars of SHA-256 over the parts. */
    public static String key(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update((p == null ? "" : p).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void ensureDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_PERMS));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (posix && !Files.getPosixFilePermissions(dir).equals(DIR_PERMS)) {
            Files.setPosixFilePermissions(dir, DIR_PERMS);
        }
    }

    public <T> void write(String name, T value) {
        try {
            ensureDir();
            Path tmp = posix ? Files.createTempFile(dir, ".tmp-", ".json", PosixFilePermissions.asFileAttribute(FILE_PERMS))
                    : Files.createTempFile(dir, ".tmp-", ".json");
            try {
                Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
                Path target = dir.resolve(name);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (posix) {
                    Files.setPosixFilePermissions(target, FILE_PERMS);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new McpAuthException(Kind.STORAGE, "Could not write " + dir.resolve(name) + ": " + e.getMessage(),
                    "Check that the folder " + dir + " is writable by you, or choose another with --store-dir.", e);
        }
    }

    /** Reads a file; a missing or unreadable/corrupt file yields null (it is then rebuilt). */
    public <T> T read(String name, Class<T> type) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            if (posix) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.equals(FILE_PERMS)) {
                    Files.setPosixFilePermissions(p, FILE_PERMS);
                }
            }
            return MAPPER.readValue(p.toFile(), type);
        } catch (IOException e) {
            return null;
        }
    }

    public boolean delete(String name) {
        try {
            return Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            return false;
        }
    }

    public java.util.List<Path> list(String prefix) {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }
}
