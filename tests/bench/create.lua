-- create.lua: wrk script, POST /api/v1/accounts, each with a unique name and code, the row shape of bench-insert
-- Environment: RAPPORT_TOKEN (a session token), BENCH_OWNER (the owner's user id)
package.path = (debug.getinfo (1, "S").source:match ("@?(.*/)") or "./") .. "?.lua;" .. package.path
local report = require ("bench-report")

local token = os.getenv ("RAPPORT_TOKEN")
local owner = tonumber (os.getenv ("BENCH_OWNER") or "1")
local names = { "Harbor Medical GmbH", "上海华信医疗器械有限公司", "Summit Pharma AG", "深圳康泰制药有限公司" }
local industries = { "medical_devices", "pharma", "banking", "logistics" }
local regions = { "DACH", "华东", "Nordics", "华南" }
local tag, serial = "", 0

setup = report.setup

function init (args)
  -- codes stay unique over threads, runs and processes
  math.randomseed (os.time () * 1000 + seed)
  tag = string.format ("W%x%x-%d", os.time () % 0x1000000, math.random (0, 0xffff), seed)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

function request ()
  serial = serial + 1
  local code = tag .. "-" .. serial
  local pick = math.random (1, 4)
  local body = string.format ('{"name":"%s %s","code":"%s","industry":"%s","region":"%s","source":"website",' ..
                              '"tier":"standard","lifecycle_stage":"prospect","owner_id":%d,"phone":"+49 30 %07d",' ..
                              '"tags":%s}',
                              names[pick], code, code, industries[math.random (1, 4)], regions[math.random (1, 4)],
                              owner, math.random (0, 9999999), pick % 2 == 1 and '["GMP"]' or '[]')
  return wrk.format ("POST", "/api/v1/accounts", nil, body)
end

done = report.done
