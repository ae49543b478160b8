package example.mcpauth.bench.ceiling;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The ceiling's "API": GET /bench-ceiling/api/stocks answers the bytes the stocks API gave the
 * benchmark's user (the file named by the server variable bench.ceiling.body.file, which bench.sh
 * writes; read again when it changes), with no token check and no other work.
 */
@ApplicationPath("/api")
public class CeilingApi extends Application {

    @Path("/stocks")
    public static class Stocks {

        private static volatile Body body = new Body(null, "[]".getBytes(StandardCharsets.UTF_8));

        private record Body(FileTime modified, byte[] bytes) { }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public byte[] stocks() {
            return current();
        }

        /** The file's bytes, read again when the file changes (each benchmark run writes it anew). */
        private static byte[] current() {
            Optional<String> file = ConfigProvider.getConfig().getOptionalValue("bench.ceiling.body.file", String.class);
            if (file.isEmpty()) {
                return body.bytes();
            }
            try {
                java.nio.file.Path path = java.nio.file.Path.of(file.get());
                FileTime modified = Files.getLastModifiedTime(path);
                Body b = body;
                if (!modified.equals(b.modified())) {
                    body = b = new Body(modified, Files.readAllBytes(path));
                }
                return b.bytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
