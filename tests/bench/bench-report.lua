-- bench-report.lua: the done() shared by the wrk scripts, one machine-readable line
-- Environment: BENCH_NAME, the name= of the RESULT line (default: wrk)
local report = {}

function report.done (summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write (string.format ("RESULT name=%s requests=%d seconds=%.2f rps=%.1f p50_us=%d p95_us=%d p99_us=%d " ..
                           "non2xx=%d socket_errors=%d\n",
                           os.getenv ("BENCH_NAME") or "wrk",
                           summary.requests, seconds, summary.requests / seconds,
                           latency:percentile (50), latency:percentile (95), latency:percentile (99),
                           errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

-- per-thread seeds, so that threads do not draw the same ids or names
local counter = 0

function report.setup (thread)
  counter = counter + 1
  thread:set ("seed", counter)
end

return report
