-- bench-report.lua: the done() shared by the wrk scripts, one machine-readable line
local report = {}

function report.done (summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write (string.format ("RESULT requests=%d seconds=%.2f rps=%.1f p50_us=%d p99_us=%d " ..
                           "non2xx=%d socket_errors=%d\n",
                           summary.requests, seconds, summary.requests / seconds,
                           latency:percentile (50), latency:percentile (99),
                           errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

return report
