-- wrk script of IngestBenchmark: posts pre-built requests (real signed playback tokens, simulator
-- batches) in a cycle, counts the events ingest-api answered as accepted, and prints one summary line
-- the benchmark parses. Usage: wrk ... -s ingest-load.lua URL -- REQUESTS_FILE
-- REQUESTS_FILE holds two lines per request: the token, then the JSON body (one line).

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local pool = {}
local size = 0
local next_index = 0
accepted = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the request file " .. tostring(args[1]))
  while true do
    local token = file:read("*l")
    if token == nil then break end
    local body = assert(file:read("*l"), "request file ends after a token line")
    size = size + 1
    -- formatted once here, so the per-request cost in wrk is returning a string
    pool[size] = wrk.format("POST", nil, {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. token,
      ["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    }, body)
  end
  file:close()
  assert(size > 0, "the request file is empty")
  -- threads start at different places in the pool, so they do not post the same session together
  next_index = (thread_index * 7919) % size
end

function request()
  next_index = next_index % size + 1
  return pool[next_index]
end

function response(status, headers, body)
  if status == 200 then
    local n = string.match(body, '"accepted":(%d+)')
    if n then accepted = accepted + tonumber(n) end
  end
end

function done(summary, latency, requests)
  local events = 0
  for _, t in ipairs(threads) do
    events = events + t:get("accepted")
  end
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d events=%d non2xx=%d socket_errors=%d duration_us=%d p50_us=%d p99_us=%d\n",
    summary.requests, events, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99)))
end
