-- health.lua: wrk script, GET /api/v1/health: HTTP, worker pool and one trivial query, no session
package.path = (debug.getinfo (1, "S").source:match ("@?(.*/)") or "./") .. "?.lua;" .. package.path
local report = require ("bench-report")

function request ()
  return wrk.format ("GET", "/api/v1/health")
end

done = report.done
