-- wrk script for the bare /drain baseline: POST a ~1 KB body.
wrk.method = "POST"
wrk.body = string.rep("x", 1024)
wrk.headers["Content-Type"] = "application/octet-stream"
