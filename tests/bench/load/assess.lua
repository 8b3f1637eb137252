-- tests/bench/load/assess.lua: wrk's script for the load benchmark
-- (tests/bench/load/load.mjs writes the points and runs wrk with it).
--   wrk -t T -c C -d 10s --latency -s assess.lua URL -- POINTS.lua
-- POINTS.lua returns a list of request paths
-- ("/api/v1/assess?lon=..&lat=..&dwellings=.."); each wrk thread cycles
-- through it from its own offset. Every response that is not 2xx is
-- counted (wrk's own count leaves out 3xx), and done() prints one line,
-- "LOAD {json}", with the requests, the duration, the latency percentiles
-- and every kind of error, for the driver to read.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths, n, i, non2xx

function init(args)
  paths = dofile(args[1])
  n = #paths
  -- id and the number of threads are set by setup() before init() runs
  local nthreads = tonumber(args[2]) or 1
  i = math.floor(id * n / nthreads) % n
  non2xx = 0
end

function request()
  i = i % n + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 3 then
      io.stderr:write(string.format("non-2xx: %d %s\n", status, body:sub(1, 200)))
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.timeout, e.status, bad))
end
