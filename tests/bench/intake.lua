-- intake.lua: wrk script, POST /api/v1/intake/leads with an intake key, company names drawn as the demo
-- accounts' are (so that their duplicate keys meet the accounts'), each with a unique mobile
-- Environment: RAPPORT_INTAKE_KEY (an intake key)
package.path = (debug.getinfo (1, "S").source:match ("@?(.*/)") or "./") .. "?.lua;" .. package.path
local report = require ("bench-report")

local key = os.getenv ("RAPPORT_INTAKE_KEY")
local cities = { "北京", "上海", "深圳", "广州", "杭州", "苏州", "成都", "武汉", "南京", "天津", "西安", "重庆" }
local cores = { "华信", "中科", "博远", "康泰", "瑞达", "恒通", "安达", "新元", "金桥", "海纳", "泰和", "同仁", "永康", "宏图" }
local kinds = { "医疗器械", "制药", "生物科技", "医药物流", "商业银行", "保险", "信息技术", "精密仪器" }
local regions = { "华北", "华东", "华南", "西南", "华中", "西北" }
local industries = { "medical_devices", "pharma", "healthcare", "logistics", "banking", "insurance", "technology", "manufacturing" }
local serial = 0

setup = report.setup

function init (args)
  math.randomseed (os.time () * 1000 + seed)
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/json"
end

function request ()
  serial = serial + 1
  local body = string.format ('{"company":"%s%s%s有限公司","person":"王芳","mobile":"+86 1%02d %04d %04d",' ..
                              '"email":"lead%d.%d@example.cn","region":"%s","industry":"%s","source_detail":"bench"}',
                              cities[math.random (1, #cities)], cores[math.random (1, #cores)], kinds[math.random (1, #kinds)],
                              math.random (30, 99), seed, serial % 10000, seed, serial,
                              regions[math.random (1, #regions)], industries[math.random (1, #industries)])
  return wrk.format ("POST", "/api/v1/intake/leads", nil, body)
end

done = report.done
