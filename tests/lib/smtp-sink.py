#!/usr/bin/env python3
"""smtp-sink.py - an SMTP server on loopback that keeps what it is sent.

Usage: smtp-sink.py PORT OUTDIR [--lifetime SECONDS]

Listens on 127.0.0.1:PORT and accepts every message from anybody to
anybody, without authentication or TLS.  Each message is written, as it
arrived on the wire (CRLF line ends, dot-stuffing undone), to OUTDIR/N.eml
with N counting from 1, and its envelope to OUTDIR/N.env ("from ADDR",
then one "to ADDR" line per recipient).  The .eml file is written under a
temporary name and renamed, so a test that sees it sees all of it.  One
line per SMTP command goes to standard error.  The server exits by itself
after --lifetime seconds (default 300), so that a test that dies without
cleaning up never leaves one behind for long.

Only the standard library is used (asyncio streams; smtpd left Python in
3.12), so the tests need nothing beyond python3.
"""

import argparse
import asyncio
import os
import sys
import time

count = 0


def log(message):
    sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), message))
    sys.stderr.flush()


def path_of(command):
    """The address inside <...> of MAIL FROM:/RCPT TO:, else the rest."""
    start, end = command.find("<"), command.rfind(">")
    if 0 <= start < end:
        return command[start + 1:end]
    return command.split(":", 1)[-1].strip()


def keep(outdir, sender, recipients, data):
    global count
    count += 1
    base = os.path.join(outdir, str(count))
    with open(base + ".env", "w") as f:
        f.write("from %s\n" % sender)
        for r in recipients:
            f.write("to %s\n" % r)
    with open(base + ".tmp", "wb") as f:
        f.write(data)
    os.rename(base + ".tmp", base + ".eml")
    return count


async def session(reader, writer, outdir):
    sender, recipients = None, []

    async def reply(line):
        writer.write(line.encode() + b"\r\n")
        await writer.drain()

    await reply("220 127.0.0.1 gsmime test sink")
    while True:
        raw = await reader.readline()
        if not raw:
            break
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        verb = line[:4].upper()
        log("command %s" % line)
        if verb == "EHLO":
            await reply("250-127.0.0.1")
            await reply("250-8BITMIME")
            await reply("250 SIZE 52428800")
        elif verb == "HELO":
            await reply("250 127.0.0.1")
        elif verb == "MAIL":
            sender, recipients = path_of(line), []
            await reply("250 OK")
        elif verb == "RCPT":
            recipients.append(path_of(line))
            await reply("250 OK")
        elif verb == "DATA":
            if sender is None or not recipients:
                await reply("503 MAIL and RCPT first")
                continue
            await reply("354 End data with <CR><LF>.<CR><LF>")
            data = bytearray()
            while True:
                chunk = await reader.readline()
                if not chunk:
                    return
                if chunk in (b".\r\n", b".\n"):
                    break
                if chunk.startswith(b"."):
                    chunk = chunk[1:]
                data += chunk
            n = keep(outdir, sender, recipients, bytes(data))
            log("kept message %d (%d bytes)" % (n, len(data)))
            sender, recipients = None, []
            await reply("250 OK kept as %d" % n)
        elif verb == "RSET":
            sender, recipients = None, []
            await reply("250 OK")
        elif verb == "NOOP":
            await reply("250 OK")
        elif verb == "QUIT":
            await reply("221 Bye")
            break
        else:
            await reply("502 Command not implemented")
    writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("outdir")
    parser.add_argument("--lifetime", type=float, default=300)
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    server = await asyncio.start_server(
        lambda r, w: session(r, w, args.outdir), "127.0.0.1", args.port)
    log("listening on 127.0.0.1:%d" % args.port)
    async with server:
        await asyncio.sleep(args.lifetime)
    log("lifetime over")


if __name__ == "__main__":
    asyncio.run(main())
