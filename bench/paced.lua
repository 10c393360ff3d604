-- load.lua with a pause before each request on every connection: a steady background
-- load (refreshes while sign-ins saturate the hash pool) whose latency is the figure.
-- Run from the bench directory; BENCH_DELAY_MS sets the pause.
dofile("load.lua")

local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "20")

function delay()
  return pause
end
