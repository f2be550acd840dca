#!/usr/bin/env python3
"""deadservers.py - small loopback servers that revocation checks meet.

Usage: deadservers.py MODE PORT [--lifetime SECONDS] [OCSP options]

Every server binds 127.0.0.1 only, writes one line per request (or
connection) to standard error, and exits by itself after --lifetime
seconds (default 60), so that a test that dies without cleaning up never
leaves one behind for long.  The modes are what a CRL distribution point
or an OCSP responder can do wrong, and one that does it right:

  hang     accepts every TCP connection and never says anything; the
           connections stay open until the server exits
  status500
           answers every HTTP request with 500 Internal Server Error
  garbage  answers every HTTP request with 200 and random bytes where a
           CRL should be
  ocsp     an OCSP responder: each POSTed request is answered by
           `openssl ocsp -reqin ... -respout ...` with --index, --ca,
           --rsigner and --rkey (OpenSSL's own `openssl ocsp -port` binds
           every interface; this front keeps the responder on loopback)

The test waits for the port to accept connections before it relies on a
server (see gh_serve_crls in gnupghome.sh for the same idea).
"""

import argparse
import http.server
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time


def log(message):
    sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), message))
    sys.stderr.flush()


def exit_after(seconds):
    """Ends the whole process after SECONDS, whatever its threads do."""
    timer = threading.Timer(seconds, lambda: os._exit(0))
    timer.daemon = True
    timer.start()


def serve_hang(port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    held = []  # keeps the accepted sockets (and so the connections) open
    while True:
        conn, peer = listener.accept()
        held.append(conn)
        log("accepted a connection from %s:%d and said nothing" % peer)


class Handler(http.server.BaseHTTPRequestHandler):
    """The HTTP side of status500, garbage and ocsp."""

    mode = None
    ocsp_args = None
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        log("%s %s" % (self.mode, fmt % args))

    def reply(self, code, body, ctype="application/octet-stream"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.mode == "status500":
            self.reply(500, b"internal error\n", "text/plain")
        elif self.mode == "garbage":
            self.reply(200, os.urandom(1500), "application/pkix-crl")
        else:
            self.reply(405, b"OCSP wants POST\n", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        request = self.rfile.read(length)
        if self.mode != "ocsp":
            self.do_GET()
            return
        a = self.ocsp_args
        with tempfile.TemporaryDirectory() as tmp:
            req = os.path.join(tmp, "req.der")
            resp = os.path.join(tmp, "resp.der")
            with open(req, "wb") as f:
                f.write(request)
            run = subprocess.run(
                ["openssl", "ocsp", "-index", a.index, "-CA", a.ca,
                 "-rsigner", a.rsigner, "-rkey", a.rkey, "-reqin", req,
                 "-respout", resp, "-nmin", "60"],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                env=dict(os.environ, OPENSSL_CONF="/dev/null"))
            if run.returncode != 0 or not os.path.exists(resp):
                log("openssl ocsp failed: %s"
                    % run.stdout.decode(errors="replace").strip())
                self.reply(500, b"responder failed\n", "text/plain")
                return
            with open(resp, "rb") as f:
                self.reply(200, f.read(), "application/ocsp-response")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["hang", "status500", "garbage",
                                         "ocsp"])
    parser.add_argument("port", type=int)
    parser.add_argument("--lifetime", type=float, default=60)
    parser.add_argument("--index", help="ocsp: the CA's index.txt")
    parser.add_argument("--ca", help="ocsp: the CA certificate")
    parser.add_argument("--rsigner", help="ocsp: the responder certificate")
    parser.add_argument("--rkey", help="ocsp: the responder key")
    args = parser.parse_args()
    if args.mode == "ocsp" and not (args.index and args.ca and args.rsigner
                                    and args.rkey):
        parser.error("ocsp needs --index, --ca, --rsigner and --rkey")

    exit_after(args.lifetime)
    log("%s on 127.0.0.1:%d for at most %gs" % (args.mode, args.port,
                                                args.lifetime))
    if args.mode == "hang":
        serve_hang(args.port)
        return
    Handler.mode = args.mode
    Handler.ocsp_args = args
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port),
                                             Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
