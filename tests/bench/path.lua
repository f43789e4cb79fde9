-- path.lua: wrk script, GET one fixed path with the session, e.g. a search, a count or a deep page
-- Environment: RAPPORT_TOKEN (a session token), BENCH_PATH (the path and query, URL-encoded)
package.path = (debug.getinfo (1, "S").source:match ("@?(.*/)") or "./") .. "?.lua;" .. package.path
local report = require ("bench-report")

local token = os.getenv ("RAPPORT_TOKEN")
local path = os.getenv ("BENCH_PATH")

function init (args)
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request ()
  return wrk.format ("GET", path)
end

done = report.done
