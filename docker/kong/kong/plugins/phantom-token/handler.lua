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

function PhantomToken:access(conf)
  local cache = ngx.shared[conf.cache_dict]
  if not cache then
    kong.log.warn("lua_shared_dict '", conf.cache_dict, "' is not defined (set KONG_NGINX_HTTP_LUA_SHARED_DICT);",
      " introspection results are not cached")
  end
  ngx.ctx.phantom_token = core.access({
    introspection_endpoint = conf.introspection_endpoint,
    client_id = conf.client_id,
    client_secret = conf.client_secret,
    token_cache_seconds = conf.token_cache_seconds,
    timeout_ms = conf.timeout_ms,
    cache = cache,
    mcp_resource = conf.mcp_resource,
    base_scope = conf.base_scope,
    tool_scopes = conf.tool_scopes,
  }, transport)
end

return PhantomToken
