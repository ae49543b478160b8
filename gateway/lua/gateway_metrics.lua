-- The gateway's own counters, in a lua_shared_dict (shared by all workers), served in the
-- Prometheus text format on the admin server: GET /internal/metrics (GATEWAY_ADMIN_PORT only).
--
--   gateway_introspection_cache_total{result="hit"|"miss"}   phantom-token cache lookups of a bearer token
--   gateway_introspection_seconds (histogram)                 time of each introspection call
--   gateway_decisions_total{outcome,reason}                   the audit trail's decisions, counted
--   gateway_responses_total{status="401"|"403"|"502"}         refusals and failures answered to clients
--
-- Counter names and label values are fixed here (no value from a request), so the dict stays small.
local ngx = ngx
local _M = {}

local BUCKETS = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 }
local COUNTED_STATUS = { [401] = true, [403] = true, [502] = true }
local HELP = {
  gateway_introspection_cache_total = { "counter", "Phantom-token cache lookups of a bearer token (hit: no introspection)." },
  gateway_introspection_seconds = { "histogram", "Time of each call of the introspection endpoint." },
  gateway_decisions_total = { "counter", "Phantom-token decisions (the audit trail's lines), by outcome and reason." },
  gateway_responses_total = { "counter", "Answers with status 401, 403 or 502 on the routes with the phantom token." },
}

local function dict()
  return ngx.shared.gateway_metrics
end

local function incr(key, by)
  local d = dict()
  if d then d:incr(key, by or 1, 0) end
end

function _M.cache(hit)
  incr('gateway_introspection_cache_total{result="' .. (hit and "hit" or "miss") .. '"}')
end

function _M.introspection(seconds)
  for _, le in ipairs(BUCKETS) do
    if seconds <= le then incr('gateway_introspection_seconds_bucket{le="' .. le .. '"}') end
  end
  incr('gateway_introspection_seconds_bucket{le="+Inf"}')
  incr("gateway_introspection_seconds_count")
  incr("gateway_introspection_seconds_sum", seconds)
end

-- outcome and reason come from core.audit (a fixed set of words)
function _M.decision(outcome, reason, status)
  incr('gateway_decisions_total{outcome="' .. outcome .. '",reason="' .. (reason or "") .. '"}')
  if COUNTED_STATUS[status] then incr('gateway_responses_total{status="' .. status .. '"}') end
end

-- Prometheus text exposition format 0.0.4, every series sorted under its family's HELP and TYPE.
function _M.render()
  local d = dict()
  local keys = d and d:get_keys(0) or {}
  table.sort(keys)
  local out, seen = {}, {}
  for _, key in ipairs(keys) do
    local family = key:match("^([%w_]+)")
    family = family:gsub("_bucket$", ""):gsub("_count$", ""):gsub("_sum$", "")
    if not seen[family] and HELP[family] then
      seen[family] = true
      out[#out + 1] = "# HELP " .. family .. " " .. HELP[family][2]
      out[#out + 1] = "# TYPE " .. family .. " " .. HELP[family][1]
    end
    out[#out + 1] = key .. " " .. tostring(d:get(key) or 0)
  end
  return table.concat(out, "\n") .. "\n"
end

function _M.serve()
  if ngx.req.get_method() ~= "GET" then
    ngx.status = 405
    ngx.header["Allow"] = "GET"
    ngx.say('{"code":"method_not_allowed","message":"Use GET."}')
    return ngx.exit(405)
  end
  ngx.header["Content-Type"] = "text/plain; version=0.0.4"
  ngx.header["Cache-Control"] = "no-store"
  ngx.print(_M.render())
  return ngx.exit(200)
end

return _M
