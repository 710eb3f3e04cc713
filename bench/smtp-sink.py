#!/usr/bin/env python3
"""A local SMTP sink for the benchmarks: accepts every message, keeps none, counts them.

  smtp-sink.py serve PORT            listens on 127.0.0.1:PORT; writes the running count to PORT.count
  smtp-sink.py blast PORT SECONDS N  sends as many small messages as it can for SECONDS over N connections,
                                     prints messages per second (the sink's ceiling with this client)
Plain SMTP without TLS or AUTH, as a relay on the same machine would be reached.
"""
import asyncio
import sys
import time

COUNT = 0


async def session(reader, writer):
    global COUNT
    writer.write(b"220 sink ESMTP\r\n")
    in_data = False
    while True:
        line = await reader.readline()
        if not line:
            break
        if in_data:
            if line == b".\r\n":
                in_data = False
                COUNT += 1
                writer.write(b"250 OK queued\r\n")
            continue
        verb = line[:4].upper()
        if verb in (b"EHLO", b"HELO"):
            writer.write(b"250-sink\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 SMTPUTF8\r\n")
        elif verb == b"DATA":
            in_data = True
            writer.write(b"354 go ahead\r\n")
        elif verb == b"QUIT":
            writer.write(b"221 bye\r\n")
            await writer.drain()
            break
        else:  # MAIL, RCPT, RSET, NOOP
            writer.write(b"250 OK\r\n")
        await writer.drain()
    writer.close()


async def report(port):
    while True:
        with open(f"{port}.count", "w") as out:
            out.write(str(COUNT))
        await asyncio.sleep(0.2)


async def serve(port):
    server = await asyncio.start_server(session, "127.0.0.1", port, backlog=512)
    asyncio.create_task(report(port))
    async with server:
        await server.serve_forever()


async def blast_one(port, until, counter):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await reader.readline()
    writer.write(b"EHLO blast\r\n")
    await writer.drain()
    while not (await reader.readline()).startswith(b"250 "):
        pass
    body = b"From: a@b.test\r\nTo: c@d.test\r\nSubject: Rappel\r\n\r\n" + b"x" * 1500 + b"\r\n.\r\n"
    while time.monotonic() < until:
        for command in (b"MAIL FROM:<a@b.test>\r\n", b"RCPT TO:<c@d.test>\r\n", b"DATA\r\n"):
            writer.write(command)
            await writer.drain()
            await reader.readline()
        writer.write(body)
        await writer.drain()
        await reader.readline()
        counter[0] += 1
    writer.write(b"QUIT\r\n")
    await writer.drain()
    writer.close()


async def blast(port, seconds, connections):
    counter = [0]
    start = time.monotonic()
    until = start + seconds
    await asyncio.gather(*(blast_one(port, until, counter) for _ in range(connections)))
    print(f"{counter[0] / (time.monotonic() - start):.0f}")


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        asyncio.run(serve(int(sys.argv[2])))
    else:
        asyncio.run(blast(int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])))
