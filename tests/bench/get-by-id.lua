-- get-by-id.lua: wrk script, GET /api/v1/accounts/ID with random ids in 1..BENCH_ACCOUNTS
-- Environment: RAPPORT_TOKEN (a session token), BENCH_ACCOUNTS (number of accounts)
package.path = (debug.getinfo (1, "S").source:match ("@?(.*/)") or "./") .. "?.lua;" .. package.path
local report = require ("bench-report")

local token = os.getenv ("RAPPORT_TOKEN")
local n_accounts = tonumber (os.getenv ("BENCH_ACCOUNTS") or "100000")

setup = report.setup

function init (args)
  math.randomseed (os.time () * 1000 + seed)
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request ()
  return wrk.format ("GET", "/api/v1/accounts/" .. math.random (1, n_accounts))
end

done = report.done
