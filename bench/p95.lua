-- wrk: prints the 95th percentile latency in milliseconds when the run ends ("p95_ms N"), and fails loudly on
-- any non-2xx answer (a refused request is fast and would flatter the figure).
local failures = 0
function response(status, headers, body)
  if status < 200 or status > 299 then failures = failures + 1 end
end
function done(summary, latency, requests)
  io.write(string.format("p95_ms %.3f\n", latency:percentile(95) / 1000))
  io.write(string.format("non2xx %d\n", summary.errors.status + failures))
end
