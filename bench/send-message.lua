-- wrk script for the messaging scenario: POST a ~300-character message as JSON.
-- RECEIVER_ID comes from the environment (os.getenv works in wrk's LuaJIT).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"receiver_id": %s, "subject": "Suivi tension", "content": "%s"}',
  os.getenv("RECEIVER_ID"), string.rep("Bonjour docteur, voici mes mesures de la semaine. ", 6))
