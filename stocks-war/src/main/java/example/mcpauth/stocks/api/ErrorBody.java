package example.mcpauth.stocks.api;

import jakarta.json.Json;

/** The JSON body of every error answer: {@code {"code": ..., "message": ...}}. */
public record ErrorBody(String code, String message) {

    /** Serialises without JSON-B, for places outside JAX-RS (the servlet filter). */
    public String toJson() {
        return Json.createObjectBuilder().add("code", code).add("message", message).build().toString();
    }
}
