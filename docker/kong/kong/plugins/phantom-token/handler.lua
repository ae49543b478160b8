-- Kong plugin "phantom-token": a thin host around the shared core gateway/lua/phantom_token.lua,
-- which the Kong image build copies next to this file as phantom_token.lua. All logic (token
-- extraction, introspection answer rules, caching, stripping, 502s) lives in the core; this file
-- only supplies the HTTP transport (resty.http, shipped with Kong) and Kong's way to answer.
local core = require "kong.plugins.phantom-token.phantom_token"
local http = require "resty.http"

local PhantomToken = {
  -- after Kong's cors plugin (2000), so preflights never need a token; same as Curity's plugin
  PRIORITY = 1000,
  VERSION = "1.0.0",
}

local transport = {}

function transport.introspect(req)
  local httpc = http.new()
  httpc:set_timeout(req.timeout_ms)
  local res, err = httpc:request_uri(req.url, {
    method = req.method,
    headers = req.headers,
    body = req.body,
    keepalive_timeout = 60000,
    keepalive_pool = 16,
  })
  if not res then
    return nil, (err == "timeout") and "timeout" or "unreachable", err
  end
  return { status = res.status, content_type = res.headers["Content-Type"], body = res.body }
end

-- body: a table (Kong encodes it) or a JSON string (the core's exact bytes); headers: extra ones
function transport.respond(status, body, headers)
  local h = { ["Cache-Control"] = "no-store", ["Content-Type"] = "application/json" }
  for name, value in pairs(headers or {}) do h[name] = value end
  return kong.response.exit(status, body, h)
end

-- the core's settings from the plugin's configuration
local function settings(conf, cache)
  return {
    introspection_endpoint = conf.introspection_endpoint,
    client_id = conf.client_id,
    client_secret = conf.client_secret,
    token_cache_seconds = conf.token_cache_seconds,
    timeout_ms = conf.timeout_ms,
    cache = cache,
    mcp_resource = conf.mcp_resource,
    base_scope = conf.base_scope,
    tool_scopes = conf.tool_scopes,
  }
end

function PhantomToken:access(conf)
  local cache = ngx.shared[conf.cache_dict]
  if not cache then
    kong.log.warn("lua_shared_dict '", conf.cache_dict, "' is not defined (set KONG_NGINX_HTTP_LUA_SHARED_DICT);",
      " introspection results are not cached")
  end
  local core_conf = settings(conf, cache)
  -- the trace, as the nginx gateway does it: continued from the client's traceparent (the header,
  -- else an MCP request's params._meta.traceparent) or started here, passed on to the service
  ngx.ctx.trace_id = core.continue_trace(core_conf, kong.request.get_header("traceparent"))
  ngx.ctx.phantom_token = core.access(core_conf, transport)
end

-- Log phase: the decision as the nginx gateway's audit line has it (never a token: the core keeps
-- only claims), added to what Kong's log plugins (file-log, http-log ...) write for the request.
function PhantomToken:log(conf)
  local word = ngx.ctx.phantom_token
  if ngx.ctx.trace_id then kong.log.set_serialize_value("trace_id", ngx.ctx.trace_id) end
  if not word then return end
  local a = core.request_audit(word, kong.request.get_header("authorization"), ngx.ctx.phantom_token_error)
  kong.log.set_serialize_value("audit", {
    hop = "gateway", outcome = a.outcome, reason = a.reason, sub = a.sub, client_id = a.client_id,
    client_type = a.client_type, client_assurance_level = a.client_assurance_level,
  })
end

return PhantomToken
