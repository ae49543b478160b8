package example.mcpauth.mcp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import java.io.IOException;

/**
 * The JSON mapper given to the MCP SDK. The SDK writes some error bodies by serialising the McpError
 * exception itself (message, cause, stack trace...): here any Throwable is written as a JSON-RPC error
 * response that echoes the id of the request being served ({@link #echoIdInErrors}, set by
 * http/JsonRpcRequestFilter on the container thread that serves it; null when unknown), and never with a
 * stack trace.
 */
public final class McpJson {

    private McpJson() { }

    private static final ObjectMapper MAPPER = create();
    private static final ThreadLocal<JsonNode> REQUEST_ID = new ThreadLocal<>();

    /** While open, error bodies the SDK serialises on this thread carry {@code id} (a string or number). */
    public static ErrorId echoIdInErrors(JsonNode id) {
        REQUEST_ID.set(id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null);
        return new ErrorId();
    }

    /** Ends {@link #echoIdInErrors} (try-with-resources). */
    public static final class ErrorId implements AutoCloseable {
        private ErrorId() { }

        @Override
        public void close() {
            REQUEST_ID.remove();
        }
    }

    /** The one configured mapper (thread-safe once configured). */
    public static ObjectMapper objectMapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        // one JSON-RPC message per request: bytes after it are a parse error, not ignored
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        SimpleModule module = new SimpleModule("no-stack-traces");
        module.addSerializer(Throwable.class, new ThrowableAsJsonRpcError());
        mapper.registerModule(module);
        return mapper;
    }

    public static McpJsonMapper mcpMapper() {
        return new JacksonMcpJsonMapper(objectMapper());
    }

    static final class ThrowableAsJsonRpcError extends StdSerializer<Throwable> {
        ThrowableAsJsonRpcError() {
            super(Throwable.class);
        }

        @Override
        public void serialize(Throwable value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            int code = -32603;
            String message = "Internal error";
            Object data = null;
            if (value instanceof McpError mcpError && mcpError.getJsonRpcError() != null) {
                code = mcpError.getJsonRpcError().code();
                message = mcpError.getJsonRpcError().message();
                data = mcpError.getJsonRpcError().data();
            }
            gen.writeStartObject();
            gen.writeStringField("jsonrpc", "2.0");
            JsonNode id = REQUEST_ID.get();
            if (id == null) {
                gen.writeNullField("id");
            } else {
                gen.writeFieldName("id");
                gen.writeTree(id);
            }
            gen.writeObjectFieldStart("error");
            gen.writeNumberField("code", code);
            gen.writeStringField("message", message == null ? "Internal error" : message);
            if (data instanceof String || data instanceof Number || data instanceof Boolean) {
                gen.writeObjectField("data", data);
            }
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }
}
