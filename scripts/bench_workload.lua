-- make bench's workloads (scripts/bench_workloads.py): each wrk thread cycles through the paths of the file named by
-- BENCH_PATHS, already drawn in Python from a seeded distribution, each thread from its own offset so that the two
-- do not ask for the same path at once; `done` prints how many answers the public cache gave (X-Cache: hit|miss).
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    paths[#paths + 1] = line
  end
  position = (id * math.floor(#paths / 2)) % #paths
  hits, misses = 0, 0
end

function request()
  position = position % #paths + 1
  return wrk.format(nil, paths[position])
end

function response(status, headers, body)
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "hit" then
    hits = hits + 1
  elseif cache == "miss" then
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local hit, miss = 0, 0
  for _, thread in ipairs(threads) do
    hit = hit + thread:get("hits")
    miss = miss + thread:get("misses")
  end
  io.write(string.format("X-Cache: hit %d miss %d\n", hit, miss))
end
