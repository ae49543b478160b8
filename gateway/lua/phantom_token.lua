-- Phantom token core: turns the client's access token into the JWT the upstream validates.
--
-- Shared by the local nginx gateway (phantom_token_nginx.lua) and the Kong plugin
-- (docker/kong/kong/plugins/phantom-token/handler.lua). It holds all the logic; the host
-- (nginx or Kong) only injects how to reach the introspection endpoint and how to answer.
--
--   core.access(conf, io)
--     conf.introspection_endpoint  URL (used by the transport; also named in log lines)
--     conf.client_id, conf.client_secret  the gateway's client credentials (HTTP Basic)
--     conf.token_cache_seconds     upper bound of a cache entry's life (0 = no cache)
--     conf.timeout_ms              introspection timeout (given to the transport)
--     conf.cache                   an object with get(key) / set(key, value, ttl) / delete(key),
--                                  i.e. an ngx.shared.DICT
--     io.introspect(req)           req = {url, method, headers, body, timeout_ms};
--                                  returns {status, content_type, body} or nil, kind, detail
--                                  with kind "timeout" or "unreachable"
--     io.respond(status, tbl)      sends a JSON error and ends the request (optional: default
--                                  uses ngx.*)
--
-- Rules (issue 4):
--   * Bearer token -> POST token=... to the introspection endpoint, Accept: application/jwt.
--   * A JWT is used only when the answer says the token is active (CVE-2026-18208: Keycloak can
--     answer {"active":false,"jwt":"..."}; that JWT is ignored).
--   * Success: Authorization: Bearer <jwt> replaces the client's header; cached under the
--     SHA-256 of the token for min(token_cache_seconds, exp - now); expired entries never served.
--   * Inactive/unknown token, no token, or another scheme: Authorization is removed and the
--     request goes on, so that the upstream answers with its own challenge.
--   * Introspection unreachable / timed out / 5xx / unusable answer: 502 JSON {code, message}
--     and an error log line naming the cause. Tokens and JWTs are never logged.
local cjson = require "cjson.safe"
local b64 = require "ngx.base64"

local ngx = ngx
local type, tonumber, tostring, math_min = type, tonumber, tostring, math.min

local _M = { _VERSION = "1.0.0" }

-- SHA-256: resty.sha256 where it exists (Kong ships lua-resty-string), else OpenSSL's SHA256
-- through the FFI (nginx is linked against libcrypto, so the symbol is in the process).
local sha256_bin
do
  local ok_sha, resty_sha256 = pcall(require, "resty.sha256")
  if ok_sha and resty_sha256 then
    sha256_bin = function(s)
      local h = resty_sha256:new()
      h:update(s)
      return h:final()
    end
  else
    local ffi = require "ffi"
    pcall(ffi.cdef, "unsigned char *SHA256(const unsigned char *d, size_t n, unsigned char *md);")
    local buf = ffi.new("unsigned char[32]")
    sha256_bin = function(s)
      ffi.C.SHA256(s, #s, buf)
      return ffi.string(buf, 32)
    end
  end
end

function _M.cache_key(token)
  return "pt:" .. ngx.encode_base64(sha256_bin(token))
end

-- RFC 6750 section 2.1: "Bearer" 1*SP b64token. Anything else is not a bearer token.
function _M.bearer_token(authorization)
  if type(authorization) ~= "string" then return nil end
  if #authorization > 8192 then return nil end
  return authorization:match("^[Bb][Ee][Aa][Rr][Ee][Rr] +([%w%-%._~%+/]+=*) *$")
end

-- The claims of a compact JWS (not verified here: the upstream verifies the signature).
function _M.jwt_claims(jwt)
  if type(jwt) ~= "string" then return nil end
  local payload = jwt:match("^[%w%-_]+%.([%w%-_]+)%.[%w%-_]*$")
  if not payload then return nil end
  local json = b64.decode_base64url(payload)
  if not json then return nil end
  local claims = cjson.decode(json)
  if type(claims) ~= "table" then return nil end
  return claims
end

local function media_type(content_type)
  if type(content_type) == "table" then content_type = content_type[1] end
  if type(content_type) ~= "string" then return nil end
  return content_type:lower():match("^%s*([^;%s]+)")
end

local function active(jwt, exp)
  return { outcome = "active", jwt = jwt, exp = exp }
end
local function inactive(why)
  return { outcome = "inactive", why = why }
end
local function failed(code, cause)
  return { outcome = "error", code = code, cause = cause }
end

local function min_exp(a, b)
  a, b = tonumber(a), tonumber(b)
  if a and b then return math_min(a, b) end
  return a or b
end

-- Interprets an introspection answer. Returns {outcome="active", jwt, exp} |
-- {outcome="inactive", why} | {outcome="error", code, cause}.
--   200 application/json: RFC 7662 JSON; used only with "active": true (the boolean) and a
--       "jwt" member holding a JWT (Keycloak with the introspection JWT attribute).
--   200 application/jwt: the body is the JWT to forward (Curity's phantom-token answer). An
--       "active": false claim in it, or an RFC 9701 "token_introspection" member with active
--       other than true, makes it inactive.
--   200 application/token-introspection+jwt: RFC 9701. Activity and exp come from the
--       "token_introspection" claim; the JWT forwarded is its "jwt" member when present,
--       else the response JWT itself.
--   204: inactive (Curity answers this way for an inactive token with Accept: application/jwt).
--   other 2xx/3xx/4xx: error (the gateway's client or endpoint is misconfigured); 5xx: error.
function _M.interpret(status, content_type, body)
  status = tonumber(status) or 0
  if status == 204 then return inactive("introspection answered 204") end
  if status >= 500 then
    return failed("introspection_unavailable", "introspection endpoint answered HTTP " .. status)
  end
  if status ~= 200 then
    return failed("introspection_failed", "introspection endpoint answered HTTP " .. status
      .. " (check the gateway's client id, secret and introspection endpoint)")
  end
  local mt = media_type(content_type)
  body = type(body) == "string" and body:match("^%s*(.-)%s*$") or ""

  if mt == "application/json" or (mt and mt:match("^application/[%w%.%-]+%+json$")) then
    local doc = cjson.decode(body)
    if type(doc) ~= "table" then
      return failed("introspection_failed", "introspection answer is not a JSON object")
    end
    if doc.active ~= true then return inactive("active is not true") end
    local claims = _M.jwt_claims(doc.jwt)
    if not claims then
      return failed("introspection_failed", "introspection answered active without a usable 'jwt'"
        .. " member (enable the JWT in the introspection response for the gateway's client)")
    end
    return active(doc.jwt, min_exp(doc.exp, claims.exp))
  end

  if mt == "application/jwt" or mt == "application/token-introspection+jwt" then
    local claims = _M.jwt_claims(body)
    if not claims then
      return failed("introspection_failed", "introspection answered " .. mt .. " without a JWT")
    end
    local ti = claims.token_introspection
    if mt == "application/token-introspection+jwt" or ti ~= nil then
      if type(ti) ~= "table" then
        return failed("introspection_failed", "RFC 9701 answer without a token_introspection claim")
      end
      if ti.active ~= true then return inactive("token_introspection.active is not true") end
      if type(ti.jwt) == "string" then
        local inner = _M.jwt_claims(ti.jwt)
        if not inner then
          return failed("introspection_failed", "token_introspection.jwt is not a JWT")
        end
        return active(ti.jwt, min_exp(ti.exp, inner.exp))
      end
      return active(body, min_exp(ti.exp, claims.exp))
    end
    if claims.active ~= nil and claims.active ~= true then
      return inactive("active claim is not true")
    end
    return active(body, claims.exp)
  end

  return failed("introspection_failed", "introspection answered an unexpected content type "
    .. tostring(mt))
end

local MESSAGES = {
  introspection_unavailable = "The gateway could not check the access token because the"
    .. " authorization server's introspection endpoint is unavailable. Try again later; if it"
    .. " persists, the operator should check the authorization server.",
  introspection_failed = "The gateway could not check the access token because the"
    .. " authorization server's introspection answer was unusable. The operator should check"
    .. " the gateway's introspection client settings.",
}

local function default_respond(status, tbl)
  ngx.status = status
  ngx.header["Content-Type"] = "application/json"
  ngx.header["Cache-Control"] = "no-store"
  local body = cjson.encode(tbl)
  ngx.header["Content-Length"] = #body
  ngx.print(body)
  return ngx.exit(status)
end

local function fail(conf, io, code, cause)
  ngx.ctx.phantom_token = "error"
  ngx.log(ngx.ERR, "phantom-token: ", cause, " (endpoint ", tostring(conf.introspection_endpoint),
    "); answering 502 ", code)
  local respond = io.respond or default_respond
  return respond(502, { code = code, message = MESSAGES[code] })
end

local function basic(id, secret)
  -- RFC 6749 section 2.3.1: form-urlencode id and secret before base64.
  return "Basic " .. ngx.encode_base64(ngx.escape_uri(id) .. ":" .. ngx.escape_uri(secret))
end

-- The request sent to the introspection endpoint (RFC 7662 with client_secret_basic).
function _M.introspection_request(conf, token)
  return {
    url = conf.introspection_endpoint,
    method = "POST",
    timeout_ms = conf.timeout_ms,
    headers = {
      ["Authorization"] = basic(conf.client_id, conf.client_secret),
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Accept"] = "application/jwt",
    },
    body = "token=" .. ngx.escape_uri(token) .. "&token_type_hint=access_token",
  }
end

local function forward(jwt)
  ngx.req.set_header("Authorization", "Bearer " .. jwt)
end

local function strip()
  ngx.req.clear_header("Authorization")
end

-- Runs in the access phase. Returns a short word saying what happened (for tests and ctx).
function _M.access(conf, io)
  local authorization = ngx.req.get_headers()["Authorization"]
  local token = _M.bearer_token(authorization)
  if not token then
    if authorization ~= nil then strip() end
    return "anonymous"
  end

  local cache = conf.cache
  local key = _M.cache_key(token)
  local now = ngx.now()
  if cache then
    local entry = cache:get(key)
    if entry then
      local until_at, jwt = entry:match("^([%d%.]+) (.+)$")
      if until_at and tonumber(until_at) > now then
        forward(jwt)
        return "cached"
      end
      cache:delete(key)
    end
  end

  local res, kind, detail = io.introspect(_M.introspection_request(conf, token))
  if not res then
    if kind == "timeout" then
      return fail(conf, io, "introspection_unavailable", "introspection endpoint did not answer"
        .. " within " .. tostring(conf.timeout_ms) .. " ms")
    end
    return fail(conf, io, "introspection_unavailable", "introspection endpoint unreachable: "
      .. tostring(detail or kind))
  end

  local result = _M.interpret(res.status, res.content_type, res.body)
  if result.outcome == "error" then
    return fail(conf, io, result.code, result.cause)
  end
  if result.outcome == "inactive" then
    strip()
    return "inactive"
  end

  local ttl = tonumber(conf.token_cache_seconds) or 0
  local until_at = now + ttl
  if result.exp then until_at = math_min(until_at, result.exp) end
  if cache and until_at - now > 0 then
    local ok, err = cache:set(key, string.format("%.3f %s", until_at, result.jwt), until_at - now)
    if not ok then
      ngx.log(ngx.WARN, "phantom-token: could not cache an introspection result: ", tostring(err))
    end
  end
  forward(result.jwt)
  return "introspected"
end

return _M
