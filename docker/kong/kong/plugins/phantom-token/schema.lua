-- Configuration of the "phantom-token" Kong plugin (the names of the seed's kong.yml, plus the
-- timeout and the shared dictionary of the cache). Defaults match config/stack.env.
local typedefs = require "kong.db.schema.typedefs"

return {
  name = "phantom-token",
  fields = {
    { consumer = typedefs.no_consumer },
    { protocols = typedefs.protocols_http },
    { config = {
        type = "record",
        fields = {
          { introspection_endpoint = typedefs.url { required = true } },
          { client_id = { type = "string", required = true } },
          { client_secret = { type = "string", required = true, referenceable = true } },
          { token_cache_seconds = { type = "integer", default = 900, between = { 0, 86400 } } },
          { timeout_ms = { type = "integer", default = 3000, between = { 1, 60000 } } },
          { cache_dict = { type = "string", default = "phantom_token" } },
          -- the per-tool scope rule of the core (MCP_RESOURCE, STOCKS_SCOPE, MCP_TOOL_SCOPES);
          -- tool_scopes "" = no rule
          { mcp_resource = typedefs.url },
          { base_scope = { type = "string", default = "stocks/read" } },
          { tool_scopes = { type = "string", default = "" } },
        },
    } },
  },
}
