-- The wrk script behind every load in scripts/bench:
--   wrk ... URL -- SCENARIO [FILE]
-- FILE has one tab-separated line per signed-in session, as `hallpass bench seed` writes
-- it (user id, email, client token, session id); `bearer` files carry a JWT last.
--   get      GET the URL (the ceiling, the hosted sign-in page); -H headers apply
--   refresh  POST /v1/client/sessions/{id}/tokens with the session's __client cookie
--   bearer   GET /api/journal/entries with Authorization: Bearer <jwt>
--   twin     GET /bench/journal/entries/{user id}, the same work unprotected
--   sign_in  POST /v1/client/sign_ins with the user's email and $BENCH_PASSWORD
-- Each wrk thread walks the sessions round-robin from its own offset.
-- done() prints one JSON line for the driver.

local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local requests = {}
local position = 1

local function split(line)
  local fields = {}
  for field in string.gmatch(line, "[^\t]+") do
    fields[#fields + 1] = field
  end
  return fields
end

local builders = {
  refresh = function(row)
    return wrk.format("POST", "/v1/client/sessions/" .. row[4] .. "/tokens",
      { ["Cookie"] = "__client=" .. row[3] }, "")
  end,
  bearer = function(row)
    return wrk.format("GET", "/api/journal/entries",
      { ["Authorization"] = "Bearer " .. row[#row] })
  end,
  twin = function(row)
    return wrk.format("GET", "/bench/journal/entries/" .. row[1], {})
  end,
  sign_in = function(row)
    local body = string.format('{"identifier":"%s","password":"%s","strategy":"password"}',
      row[2], os.getenv("BENCH_PASSWORD"))
    return wrk.format("POST", "/v1/client/sign_ins",
      { ["Content-Type"] = "application/json" }, body)
  end,
}

function init(args)
  local scenario = args[1] or "get"
  if scenario == "get" then
    requests[1] = wrk.format()
    return
  end
  local build = assert(builders[scenario], "unknown scenario " .. scenario)
  local path = assert(args[2], "a sessions file is required")
  for line in io.lines(path) do
    requests[#requests + 1] = build(split(line))
  end
  -- Spread the threads over the sessions instead of all starting at the first.
  position = (thread_index * 7919) % #requests + 1
end

function request()
  local chosen = requests[position]
  position = position % #requests + 1
  return chosen
end

function done(summary, latency, _)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max))
end
