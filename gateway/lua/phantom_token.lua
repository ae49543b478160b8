-- Phantom token core: turns the client's access token into the JWT the upstream validates.
--
-- Shared by the local nginx gateway (phantom_token_nginx.lua) and the Kong plugin
-- (docker/kong/kong/plugins/phantom-token/handler.lua and purge_endpoint.lua). It holds all the
-- logic; the host (nginx or Kong) only injects how to reach the introspection endpoint and how to
-- answer.
--
--   core.access(conf, io)
--     conf.introspection_endpoint  URL (used by the transport; also named in log lines)
--     conf.client_id, conf.client_secret  the gateway's client credentials (HTTP Basic)
--     conf.token_cache_seconds     upper bound of a cache entry's life (0 = no cache)
--     conf.timeout_ms              introspection timeout (given to the transport)
--     conf.cache                   an ngx.shared.DICT (get, set, delete, incr, expire)
--     io.introspect(req)           req = {url, method, headers, body, timeout_ms};
--                                  returns {status, content_type, body} or nil, kind, detail
--                                  with kind "timeout" or "unreachable"
--     conf.mcp_resource            MCP_RESOURCE: the MCP endpoint's URL; its path is where the
--                                  per-tool scope rule applies, its metadata URL is in the 403
--     conf.base_scope              STOCKS_SCOPE: every tool needs it
--     conf.tool_scopes             MCP_TOOL_SCOPES: "tool=scope scope;tool=scope" ("" = no rule)
--     io.respond(status, body, headers)  sends a JSON answer (body: a table, or a JSON string)
--                                  with extra headers and ends the request (optional: default
--                                  uses ngx.*)
--   core.purge(conf, req)          the internal purge endpoint; req = {method, authorization,
--                                  content_type, body}; conf.purge_secret, conf.cache,
--                                  conf.token_cache_seconds. Returns status, body table, headers.
--   core.serve_purge(conf)         the same, reading and answering the current request (ngx.*)
--
-- Rules (issue 4, issue 12):
--   * Only a canonical bearer token is introspected: scheme "Bearer" (any case), one or more
--     spaces, then base64url characters (A-Z a-z 0-9 - _), or three such parts joined by dots
--     (a JWS compact token). No padding, no "%", "+", "/", "~", no non-ASCII, nothing after it.
--     Anything else after "Bearer" is refused like an inactive token (Authorization removed,
--     never introspected); another scheme (Basic, DPoP, ...) is not a bearer token and is removed.
--   * Bearer token -> POST token=... to the introspection endpoint, Accept: application/jwt.
--   * A JWT is used only when the answer says the token is active (CVE-2026-18208: Keycloak can
--     answer {"active":false,"jwt":"..."}; that JWT is ignored).
--   * Success: Authorization: Bearer <jwt> replaces the client's header; cached under the
--     SHA-256 of the token for min(token_cache_seconds, exp - now); expired entries never served.
--     Every cached entry is listed in its user's index (sub; client = azp or client_id of the
--     JWT), so that core.purge can drop a user's entries when a grant is revoked. A result
--     without sub is forwarded but not cached (it could not be purged).
--   * Inactive/unknown/malformed token, no token, or another scheme: Authorization is removed and
--     the request goes on, so that the upstream answers with its own challenge.
--   * Introspection unreachable / timed out / 5xx / unusable answer: 502 JSON {code, message}
--     and an error log line naming the cause. Tokens and JWTs are never logged.
-- Per-tool scopes (issue 13), on the path of MCP_RESOURCE (and below it) only, once a JWT is forwarded:
--   * The scope decision uses the MCP 2026-07-28 headers Mcp-Method and Mcp-Name (a value
--     "=?base64?...?=" is decoded) and MCP_TOOL_SCOPES: a tools/call of a listed tool whose JWT
--     lacks one of its scopes (STOCKS_SCOPE first, then the table's) is answered 403 with the MCP
--     server's own insufficient_scope challenge and body. Unknown tools pass (the MCP server
--     answers them). A request without Mcp-Method (older protocol versions) passes: the MCP
--     server's check is then the only one.
--   * The headers must say what the body says: with Mcp-Method present, a body of at most 64 KiB
--     that is a JSON-RPC object is read (cjson.safe); a method, or for tools/call a name, that
--     differs, a missing / repeated / malformed Mcp-Name or a repeated Mcp-Method is refused 400
--     JSON-RPC -32020 (the id echoed), the messages being the MCP SDK's. A body that is not such
--     an object (or larger) passes on: the MCP server refuses it before any tool runs.
local cjson = require "cjson.safe"
local b64 = require "ngx.base64"

local ngx = ngx
local type, tonumber, tostring, pairs, ipairs, math_min = type, tonumber, tostring, pairs, ipairs, math.min
local io_open = io.open

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

-- A token made only of base64url characters, or a JWS compact token (three such parts joined by
-- dots). Opaque tokens of Keycloak and Curity and every JWS have this form; RFC 6750's b64token
-- also allows "~+/" and "=" padding, which would let one token be sent in several spellings
-- (and be cached twice).
local MAX_TOKEN_LENGTH = 8192
function _M.canonical_token(token)
  if type(token) ~= "string" or #token == 0 or #token > MAX_TOKEN_LENGTH then return false end
  return token:find("^[%w%-_]+$") ~= nil or token:find("^[%w%-_]+%.[%w%-_]+%.[%w%-_]+$") ~= nil
end

-- Classifies the Authorization header: "none" (absent or empty), "other" (another scheme),
-- "malformed" (the Bearer scheme with a value that is not a canonical token, or the header
-- given twice), or "bearer" with the token. The scheme is case-insensitive (RFC 7235).
function _M.bearer(authorization)
  if authorization == nil or authorization == "" then return "none" end
  if type(authorization) ~= "string" then return "malformed" end  -- header given twice
  -- %w is ASCII-only in the C locale nginx runs with
  local scheme, rest = authorization:match("^(%a+)(.*)$")
  if not scheme or scheme:lower() ~= "bearer" then return "other" end
  local token = rest:match("^ +(.*)$")
  if not token or not _M.canonical_token(token) then return "malformed" end
  return "bearer", token
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

-- claims: the forwarded JWT's claims (or the RFC 9701 token_introspection member); fallback: the
-- introspection answer, for claims the JWT lacks. sub and client (azp, else client_id) key the
-- user's index that core.purge uses.
local function active(jwt, exp, claims, fallback)
  local function claim(name)
    local v = claims and claims[name]
    if v == nil and fallback then v = fallback[name] end
    if type(v) == "string" and v ~= "" then return v end
    return nil
  end
  return { outcome = "active", jwt = jwt, exp = exp, sub = claim("sub"),
           client = claim("azp") or claim("client_id") }
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
    return active(doc.jwt, min_exp(doc.exp, claims.exp), claims, doc)
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
        return active(ti.jwt, min_exp(ti.exp, inner.exp), inner, ti)
      end
      return active(body, min_exp(ti.exp, claims.exp), ti, claims)
    end
    if claims.active ~= nil and claims.active ~= true then
      return inactive("active claim is not true")
    end
    return active(body, claims.exp, claims)
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

-- cjson escapes "/" as "\/"; the MCP server (Jakarta JSON) does not, and the 403 is byte for byte
-- the MCP server's. cjson emits no "/" unescaped, so every "\/" it writes is such an escape.
local function json(tbl)
  return (cjson.encode(tbl):gsub("\\/", "/"))
end
_M.json = json

local function default_respond(status, body, headers)
  ngx.status = status
  ngx.header["Content-Type"] = "application/json"
  ngx.header["Cache-Control"] = "no-store"
  for name, value in pairs(headers or {}) do ngx.header[name] = value end
  if type(body) ~= "string" then body = json(body) end
  ngx.header["Content-Length"] = #body
  ngx.print(body)
  return ngx.exit(status)
end

local function fail(conf, io, code, cause)
  ngx.ctx.phantom_token = "error"
  ngx.ctx.phantom_token_error = code
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

-- ---- cache and the users' index -----------------------------------------------------------
-- pt:<hash>           "<until> <slot key> <jwt>"  the cached result, hash = base64(SHA-256(token))
-- ix:<sub>:<i>        "<hash> <client>"            slot i (1..INDEX_SLOTS) of the user's index
-- ix:<sub>:n          counter of the user's stored entries (picks the next slot, round robin)
-- pg:<sub>, pg:<sub>:<client>  time of the last purge (a result introspected before it is not
--                     stored afterwards)
-- <sub> and <client> are base64-encoded. Every key lives at most token_cache_seconds. A cached
-- entry is served only while its slot still lists it: an entry whose slot was reused (the user
-- has more than INDEX_SLOTS cached tokens) or evicted (the dict is full) is introspected again,
-- so a purge never misses a token that could still be served from the cache.
local INDEX_SLOTS = 64
_M.INDEX_SLOTS = INDEX_SLOTS

local function b64(s)
  return ngx.encode_base64(s or "")
end

local function user_prefix(sub)
  return "ix:" .. b64(sub)
end

local function purged_since(cache, sub, client, started)
  local all = tonumber(cache:get("pg:" .. b64(sub)))
  local one = tonumber(cache:get("pg:" .. b64(sub) .. ":" .. b64(client)))
  return (all ~= nil and all >= started) or (one ~= nil and one >= started)
end

-- Stores an active result and lists it in its user's index. Returns true, or nil and why not.
local function store(cache, hash, result, until_at, now, started, max_ttl)
  if not result.sub then return nil, "the JWT has no sub (it could not be purged)" end
  if purged_since(cache, result.sub, result.client, started) then
    return nil, "its user's entries were purged while it was being introspected"
  end
  local ttl = until_at - now
  local prefix = user_prefix(result.sub)
  local n, err = cache:incr(prefix .. ":n", 1, 0)
  if not n then return nil, err end
  cache:expire(prefix .. ":n", max_ttl) -- outlives every slot it numbered
  local slot = prefix .. ":" .. ((n - 1) % INDEX_SLOTS + 1)
  local previous = cache:get(slot)
  if previous then
    local previous_hash = previous:match("^(%S+)")
    if previous_hash and previous_hash ~= hash then cache:delete("pt:" .. previous_hash) end
  end
  local ok
  ok, err = cache:set(slot, hash .. " " .. b64(result.client), ttl)
  if not ok then return nil, err end
  ok, err = cache:set("pt:" .. hash, string.format("%.3f %s %s", until_at, slot, result.jwt), ttl)
  if not ok then
    cache:delete(slot)
    return nil, err
  end
  return true
end

-- The cached JWT of a token, or nil. An entry past its end, or no longer in its user's index, is
-- removed.
local function cached(cache, hash, now)
  local key = "pt:" .. hash
  local entry = cache:get(key)
  if not entry then return nil end
  local until_at, slot, jwt = entry:match("^([%d%.]+) (%S+) (%S+)$")
  if until_at and tonumber(until_at) > now then
    local listed = cache:get(slot)
    if listed and listed:sub(1, #hash + 1) == hash .. " " then return jwt end
  end
  cache:delete(key)
  return nil
end

-- Removes the cached entries of a user (sub), of one client (client = the JWT's azp or
-- client_id) or of all of them (client nil). Returns how many cached entries were removed.
function _M.purge_user(cache, sub, client, max_ttl)
  local prefix = user_prefix(sub)
  local wanted = client and b64(client)
  local removed = 0
  for i = 1, INDEX_SLOTS do
    local slot = prefix .. ":" .. i
    local listed = cache:get(slot)
    if listed then
      local hash, c = listed:match("^(%S+) (%S*)$")
      if hash and (wanted == nil or c == wanted) then
        if cache:get("pt:" .. hash) then removed = removed + 1 end
        cache:delete("pt:" .. hash)
        cache:delete(slot)
      end
    end
  end
  if max_ttl and max_ttl > 0 then
    ngx.update_time() -- the purge's real time, not the event loop's cached one
    local key = "pg:" .. b64(sub) .. (client and (":" .. b64(client)) or "")
    cache:set(key, string.format("%.3f", ngx.now()), max_ttl)
  end
  return removed
end

-- ---- the purge endpoint ------------------------------------------------------------------------
local bit = require "bit"

-- Compares two secrets in time that depends on neither (both are hashed first).
local function same_secret(a, b)
  local ha, hb = sha256_bin(a), sha256_bin(b)
  local diff = 0
  for i = 1, #ha do diff = bit.bor(diff, bit.bxor(ha:byte(i), hb:byte(i))) end
  return diff == 0
end
_M.same_secret = same_secret

local MAX_ID_LENGTH = 1024

local function bad_request(message)
  return 400, { code = "invalid_request", message = message }
end

-- POST /internal/purge, Authorization: Bearer <purge secret>, Content-Type: application/json,
-- body {"sub": "<user id>", "client_id": "<client id>"} (client_id optional: every client).
-- req = {method, authorization, content_type, body}. Returns status, body table, headers.
function _M.purge(conf, req)
  if req.method ~= "POST" then
    return 405, { code = "method_not_allowed", message = "Use POST." }, { ["Allow"] = "POST" }
  end
  local presented = type(req.authorization) == "string"
    and req.authorization:match("^[Bb][Ee][Aa][Rr][Ee][Rr] +(%S+)$")
  local secret = conf.purge_secret
  if type(secret) ~= "string" or secret == "" or not presented or not same_secret(presented, secret) then
    return 401, { code = "unauthorized", message = "The purge endpoint needs the gateway's purge secret." },
      { ["WWW-Authenticate"] = 'Bearer realm="gateway-admin"' }
  end
  if media_type(req.content_type) ~= "application/json" then
    return bad_request("The body must be application/json.")
  end
  local doc = type(req.body) == "string" and cjson.decode(req.body)
  if type(doc) ~= "table" then return bad_request("The body must be a JSON object.") end
  local sub, client = doc.sub, doc.client_id
  if type(sub) ~= "string" or sub == "" or #sub > MAX_ID_LENGTH then
    return bad_request("'sub' must be a non-empty string.")
  end
  if client ~= nil and (type(client) ~= "string" or client == "" or #client > MAX_ID_LENGTH) then
    return bad_request("'client_id', when given, must be a non-empty string.")
  end
  local removed = 0
  if conf.cache then
    removed = _M.purge_user(conf.cache, sub, client, tonumber(conf.token_cache_seconds) or 0)
  end
  ngx.log(ngx.NOTICE, "phantom-token: purge for sub ", sub, client and (" and client " .. client) or " (every client)",
    " removed ", removed, " cached token(s)")
  return 200, { purged = removed }
end

-- Serves the purge endpoint in the content phase of the admin server (nginx and Kong alike):
-- reads the request, runs core.purge, writes the JSON answer.
function _M.serve_purge(conf)
  ngx.req.read_body()
  local status, body, headers = _M.purge(conf, {
    method = ngx.req.get_method(),
    authorization = ngx.var.http_authorization,
    content_type = ngx.var.content_type,
    body = ngx.req.get_body_data(),
  })
  ngx.status = status
  ngx.header["Content-Type"] = "application/json"
  ngx.header["Cache-Control"] = "no-store"
  for name, value in pairs(headers or {}) do ngx.header[name] = value end
  ngx.say(cjson.encode(body))
  return ngx.exit(status)
end

-- ---- per-tool scopes (issue 13) ---------------------------------------------------------------
-- The table MCP_TOOL_SCOPES as {tool = {scope, ...}}, STOCKS_SCOPE first (as the MCP server's
-- ToolScopes). Parsed once per distinct (table, base scope); a malformed entry is an error.
local parsed_tables = {}
function _M.tool_scope_table(text, base)
  text = text or ""
  base = base and base:match("^%s*(.-)%s*$") or ""
  local key = base .. "\n" .. text
  local t = parsed_tables[key]
  if t then return t end
  t = {}
  for entry in (text .. ";"):gmatch("([^;]*);") do
    if entry:find("%S") then
      local tool, scopes = entry:match("^%s*([^%s=]+)%s*=(.*)$")
      if not tool then error("MCP_TOOL_SCOPES: '" .. entry .. "' is not tool=scope [scope...]") end
      if t[tool] then error("MCP_TOOL_SCOPES names " .. tool .. " twice") end
      local list, seen = {}, {}
      if base ~= "" then list[1] = base; seen[base] = true end
      for scope in scopes:gmatch("%S+") do
        if not seen[scope] then list[#list + 1] = scope; seen[scope] = true end
      end
      t[tool] = list
    end
  end
  parsed_tables[key] = t
  return t
end

-- "https://host:port/path" -> "/path" and "https://host:port/.well-known/oauth-protected-resource/path"
-- (oauth-support's ResourceMetadataUrl).
function _M.resource_paths(resource)
  if type(resource) ~= "string" then return nil end
  local origin, path = resource:match("^(%a[%w+.-]*://[^/?#]+)([^?#]*)")
  if not origin then return nil end
  if path == "/" then path = "" end
  return path == "" and "/" or path, origin .. "/.well-known/oauth-protected-resource" .. path
end

-- A header value of MCP 2026-07-28: "=?base64?<standard base64 of UTF-8>?=" or the value itself.
-- Returns nil for a malformed base64 form (the SDK refuses it too).
function _M.mcp_header_value(value)
  local encoded = value:match("^=%?base64%?(.*)%?=$")
  if not encoded then return value end
  local decoded = ngx.decode_base64(encoded)
  if not decoded or ngx.encode_base64(decoded) ~= encoded then return nil end
  return decoded
end

-- RFC 7230 quoted-string content, as BearerChallenge.quote: \ and " escaped, control characters dropped.
local function quote(v)
  return (v:gsub("[%c]", ""):gsub('(["\\])', "\\%1"))
end

-- The MCP server's 403 (oauth-support BearerAuthorization.insufficientScope): status, body, headers.
function _M.insufficient_scope(metadata_url, scope)
  local challenge = 'Bearer resource_metadata="' .. quote(metadata_url) .. '", error="insufficient_scope", '
    .. 'error_description="The access token lacks a required scope", scope="' .. quote(scope) .. '"'
  -- field order as the MCP server writes it: code, then message
  local body = '{"code":"insufficient_scope","message":' .. json("The access token does not grant every"
    .. " scope this request needs (" .. scope .. "). Sign in again and request scope=" .. scope .. ".") .. '}'
  return 403, body, { ["WWW-Authenticate"] = challenge }
end

local HEADER_MISMATCH = -32020
local MAX_MCP_BODY = 65536 -- the MCP endpoint's own limit

local function header_mismatch(io, id, message)
  ngx.ctx.phantom_token = "mcp_header_mismatch"
  local body = '{"jsonrpc":"2.0","id":' .. (id == nil and "null" or json(id))
    .. ',"error":{"code":' .. HEADER_MISMATCH .. ',"message":' .. json(message) .. '}}'
  ;(io.respond or default_respond)(400, body, nil)
  return "mcp_header_mismatch"
end

local function request_body()
  ngx.req.read_body()
  local data = ngx.req.get_body_data()
  if data then return data end
  local file = ngx.req.get_body_file()
  if not file then return nil end
  local f = io_open(file, "rb")
  if not f then return nil end
  data = f:read(MAX_MCP_BODY + 1)
  f:close()
  return data
end

local function granted_scopes(jwt)
  local claims = _M.jwt_claims(jwt)
  local set = {}
  local scope = claims and claims.scope
  if type(scope) == "string" then
    for s in scope:gmatch("%S+") do set[s] = true end
  end
  return set
end

-- After the JWT is forwarded: the per-tool scope rule on the MCP endpoint. Returns nil when the
-- request goes on, else what the response was (it has been sent).
function _M.check_tool_call(conf, host_io, jwt)
  if not conf.tool_scopes or conf.tool_scopes == "" then return nil end
  local mcp_path, metadata_url = _M.resource_paths(conf.mcp_resource)
  if not mcp_path or ngx.req.get_method() ~= "POST" then return nil end
  local uri = ngx.var.uri
  -- the endpoint and anything below it (a trailing "/" must not be a way around the rule)
  if uri ~= mcp_path and uri:sub(1, #mcp_path + 1) ~= (mcp_path:gsub("/$", "")) .. "/" then return nil end
  local headers = ngx.req.get_headers(0) -- 0: every header (the default stops at 100)
  local method = headers["mcp-method"]
  if method == nil then return nil end -- older protocol versions: the MCP server decides alone

  local raw = request_body()
  local doc = raw and #raw <= MAX_MCP_BODY and cjson.decode(raw)
  local id = type(doc) == "table" and doc.id or nil
  if id == cjson.null then id = nil end
  if type(method) == "table" then
    return header_mismatch(host_io, id, "Mcp-Method header has more than one value")
  end
  if type(doc) ~= "table" or type(doc.method) ~= "string" then
    -- not one JSON-RPC request the gateway can read: no tool runs, the MCP server refuses it
    return nil
  end
  if doc.method ~= method then
    return header_mismatch(host_io, id, "Mcp-Method header does not match request method")
  end
  if method ~= "tools/call" then return nil end

  local name = headers["mcp-name"]
  if name == nil then return header_mismatch(host_io, id, "Missing required header: Mcp-Name") end
  if type(name) == "table" then
    return header_mismatch(host_io, id, "Mcp-Name header has more than one value")
  end
  name = _M.mcp_header_value(name)
  if not name then return header_mismatch(host_io, id, "Mcp-Name header has a malformed value") end
  local params = doc.params
  if type(params) ~= "table" or params.name ~= name then
    return header_mismatch(host_io, id, "Mcp-Name header does not match request name/uri")
  end

  local needed = _M.tool_scope_table(conf.tool_scopes, conf.base_scope)[name]
  if not needed then return nil end -- an unknown tool: the MCP server answers it
  local granted = granted_scopes(jwt)
  for _, scope in ipairs(needed) do
    if not granted[scope] then
      ngx.ctx.phantom_token = "insufficient_scope"
      local status, body, extra = _M.insufficient_scope(metadata_url, table.concat(needed, " "))
      ngx.log(ngx.INFO, "phantom-token: tools/call of ", name, " refused 403: the token lacks ", scope)
      ;(host_io.respond or default_respond)(status, body, extra)
      return "insufficient_scope"
    end
  end
  return nil
end

-- The traceparent in an MCP request's params._meta (MCP's trace context), read only for a request
-- that came without a valid traceparent header: a POST to the MCP endpoint whose body is one JSON-RPC
-- request the gateway can read (at most the endpoint's size limit). nil when there is none, or it is
-- not a valid W3C traceparent.
function _M.meta_traceparent(conf)
  local mcp_path = conf.mcp_resource and _M.resource_paths(conf.mcp_resource)
  if not mcp_path or ngx.req.get_method() ~= "POST" then return nil end
  local uri = ngx.var.uri
  if uri ~= mcp_path and uri:sub(1, #mcp_path + 1) ~= (mcp_path:gsub("/$", "")) .. "/" then return nil end
  local raw = request_body()
  local doc = raw and #raw <= MAX_MCP_BODY and cjson.decode(raw)
  local meta = type(doc) == "table" and type(doc.params) == "table" and doc.params._meta
  local traceparent = type(meta) == "table" and meta.traceparent
  if _M.trace_id(traceparent) then return traceparent end
  return nil
end

-- ---- the access phase --------------------------------------------------------------------------
-- Runs in the access phase. Returns a short word saying what happened (for tests and ctx).
function _M.access(conf, io)
  -- ngx.var, not get_headers(): that one stops after 100 headers and could miss it
  local authorization = ngx.var.http_authorization
  local kind, token = _M.bearer(authorization)
  if kind ~= "bearer" then
    if authorization ~= nil then strip() end
    -- a malformed bearer token is refused like an inactive one: never introspected
    return kind == "malformed" and "malformed" or "anonymous"
  end

  local cache = conf.cache
  local hash = ngx.encode_base64(sha256_bin(token))
  local now = ngx.now()
  if cache then
    local jwt = cached(cache, hash, now)
    if jwt then
      forward(jwt)
      return _M.check_tool_call(conf, io, jwt) or "cached"
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

  local max_ttl = tonumber(conf.token_cache_seconds) or 0
  ngx.update_time()
  local stored_at = ngx.now()
  local until_at = stored_at + max_ttl
  if result.exp then until_at = math_min(until_at, result.exp) end
  if cache and until_at - stored_at > 0 then
    local ok, why = store(cache, hash, result, until_at, stored_at, now, max_ttl)
    if not ok then
      ngx.log(ngx.WARN, "phantom-token: an introspection result was not cached: ", tostring(why))
    end
  end
  forward(result.jwt)
  return _M.check_tool_call(conf, io, result.jwt) or "introspected"
end

-- ---- audit trail and trace context ------------------------------------------------------------
-- core.traceparent(header) -> trace_id, header to pass on: W3C Trace Context. A valid incoming
-- traceparent is continued (same trace id, a new parent id of the gateway), else a trace starts.
-- (The nginx host gives it the header, or else core.meta_traceparent's _meta value.)
-- core.audit(word, jwt, error_code) -> {outcome, reason, sub, client_id, client_type,
-- client_assurance_level}: the gateway's decision for the audit line; word is what core.access
-- returned, jwt the JWT forwarded (nil unless allowed). No token ever goes into it: claim values
-- that look like a token are replaced by "[redacted]".
local random_bytes
do
  local ok_rand, resty_random = pcall(require, "resty.random")
  if ok_rand and resty_random then
    random_bytes = function(n) return resty_random.bytes(n, true) end
  else
    local ffi = require "ffi"
    pcall(ffi.cdef, "int RAND_bytes(unsigned char *buf, int num);")
    random_bytes = function(n)
      local buf = ffi.new("unsigned char[?]", n)
      if ffi.C.RAND_bytes(buf, n) ~= 1 then return nil end
      return ffi.string(buf, n)
    end
  end
end

local function random_hex(n)
  local b = random_bytes(n)
  if not b then  -- never expected; a trace id must still be unique enough to find a request
    b = string.format("%016x", math.floor(ngx.now() * 1000)) .. string.format("%016x", math.random(0, 2^31))
    return b:sub(1, n * 2)
  end
  return (b:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

function _M.trace_id(header)
  if type(header) ~= "string" then return nil end
  local version, trace, parent = header:match("^(%x%x)%-(%x+)%-(%x+)%-%x%x$")
  if not version or #trace ~= 32 or #parent ~= 16 or version == "ff" then return nil end
  if header:find("[A-F]") or trace == string.rep("0", 32) or parent == string.rep("0", 16) then return nil end
  return trace
end

function _M.traceparent(header)
  local trace = _M.trace_id(header) or random_hex(16)
  return trace, "00-" .. trace .. "-" .. random_hex(8) .. "-01"
end

-- core.continue_trace(conf, incoming) -> trace_id: the request's trace, continued from `incoming` (the
-- client's traceparent header) or else from an MCP request's params._meta.traceparent, or started here;
-- the traceparent header the upstream gets is set. Both hosts (nginx, Kong) call it in their access phase.
function _M.continue_trace(conf, incoming)
  if not _M.trace_id(incoming) then incoming = _M.meta_traceparent(conf) or incoming end
  local trace_id, traceparent = _M.traceparent(incoming)
  ngx.req.set_header("traceparent", traceparent)
  return trace_id
end

local B64 = "[%w_%-]"
local JWS_LIKE = B64:rep(10) .. B64 .. "*%." .. B64:rep(10) .. B64 .. "*%."
local OPAQUE_LIKE = B64:rep(32)
local UUID = "^" .. ("%x"):rep(8) .. "%-" .. ("%x"):rep(4) .. "%-" .. ("%x"):rep(4) .. "%-" .. ("%x"):rep(4)
  .. "%-" .. ("%x"):rep(12) .. "$"

function _M.audit_value(v)
  if type(v) == "number" then v = tostring(v) end
  if type(v) ~= "string" then return nil end
  -- the rule of oauth-support's AuditRedaction.java: token-shaped values never reach the audit line
  if v:find(JWS_LIKE) or (v:find(OPAQUE_LIKE) and not v:find(UUID)) or v:lower():find("bearer%s") then
    return "[redacted]"
  end
  if #v > 200 then v = v:sub(1, 200) end
  return v
end

local AUDIT_REFUSALS = { inactive = "invalid_token", malformed = "malformed_token", anonymous = "missing_token",
                         insufficient_scope = "insufficient_scope", mcp_header_mismatch = "mcp_header_mismatch" }

function _M.audit(word, jwt, error_code)
  if word == "introspected" or word == "cached" then
    local claims = _M.jwt_claims(jwt) or {}
    return { outcome = "allowed", sub = _M.audit_value(claims.sub),
             client_id = _M.audit_value(claims.azp) or _M.audit_value(claims.client_id),
             client_type = _M.audit_value(claims.client_type),
             client_assurance_level = _M.audit_value(claims.client_assurance_level) }
  end
  if word == "error" then
    return { outcome = "error", reason = error_code or "introspection_failed" }
  end
  return { outcome = "refused", reason = AUDIT_REFUSALS[word] or "missing_token" }
end

-- core.request_audit(word, authorization, error_code): core.audit for a request whose decision was
-- `word`, given its Authorization header as the upstream sees it (the JWT after a success)
function _M.request_audit(word, authorization, error_code)
  local jwt
  if word == "introspected" or word == "cached" then
    jwt = (authorization or ""):match("^Bearer (%S+)$")
  end
  return _M.audit(word, jwt, error_code)
end

return _M
