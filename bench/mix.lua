-- wrk script: cycles through the request paths of the latency client's fixed query mix.
-- The paths file (one a line) is written by `biotope-bench --paths FILE`; pass its name in BENCH_PATHS.
-- wrk counts non-2xx answers itself ("Non-2xx or 3xx responses"), so there is no response() hook to slow it.
-- Each wrk thread starts at a different point of the list, so the connections do not ask in lockstep.
local paths = {}
local file = assert(io.open(os.getenv("BENCH_PATHS") or "paths.txt", "r"))
for line in file:lines() do
  if #line > 0 then paths[#paths + 1] = line end
end
file:close()
assert(#paths > 0, "no paths to request")

local counter = 0
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  counter = (id or 0) * 37
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
