-- Kong host of the phantom-token purge endpoint (POST /internal/purge). Kong OSS's Admin API has
-- no authentication, so the endpoint is not an Admin API route (api.lua): it is a server block of
-- its own, docker/kong/purge-server.conf, which compose.yml injects into Kong's nginx
-- (KONG_NGINX_HTTP_INCLUDE) on the compose network only. All logic (secret check, body, the
-- index of cached tokens) is the shared core's; this file only supplies its settings: the
-- secret from the environment (KONG_NGINX_MAIN_ENV lets it through) and the plugin's cache.
local core = require "kong.plugins.phantom-token.phantom_token"

local _M = {}

-- c: cache_dict (the plugin's lua_shared_dict), token_cache_seconds (the plugin's setting).
function _M.serve(c)
  return core.serve_purge({
    purge_secret = os.getenv("GATEWAY_PURGE_SECRET") or "",
    cache = ngx.shared[c.cache_dict],
    token_cache_seconds = c.token_cache_seconds,
  })
end

return _M
