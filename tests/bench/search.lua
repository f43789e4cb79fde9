-- search.lua: wrk script, GET /api/v1/accounts?q=TEXT&limit=20 over a few Chinese and English queries
-- Environment: RAPPORT_TOKEN (a session token)
package.path = (debug.getinfo (1, "S").source:match ("@?(.*/)") or "./") .. "?.lua;" .. package.path
local report = require ("bench-report")

local token = os.getenv ("RAPPORT_TOKEN")
local queries = { "华信", "Medical", "GmbH", "上海", "Harbor", "制药" }
local paths = {}
local counter = 0

local function url_encode (text)
  return (text:gsub ("[^%w%-%._~]", function (c) return string.format ("%%%02X", string.byte (c)) end))
end

for i, q in ipairs (queries) do
  paths[i] = "/api/v1/accounts?q=" .. url_encode (q) .. "&limit=20"
end

function setup (thread)
  counter = counter + 1
  thread:set ("seed", counter)
end

function init (args)
  math.randomseed (os.time () * 1000 + seed)
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request ()
  return wrk.format ("GET", paths[math.random (1, #paths)])
end

done = report.done
