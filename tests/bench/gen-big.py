#!/usr/bin/env python3
"""gen-big.py OUTFILE MEGABYTES - a plain message with a large attachment.

From alice to bob, multipart/mixed: a short text part and an
application/octet-stream part holding MEGABYTES MiB of random bytes in
base64 (76-column lines).  Written in chunks, so the generator itself never
holds the attachment.
"""
import base64
import os
import sys

import signing


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen-big.py OUTFILE MEGABYTES")
    out, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
    boundary = "----=_bench_big"
    with open(out, "w") as f:
        f.write(signing.headers("Alice", "alice@example.org",
                                "A large attachment",
                                "Mon, 03 Mar 2025 10:00:00 +0000",
                                "bench-big@example.org",
                                "multipart/mixed; boundary=\"%s\"" % boundary))
        f.write("--%s\n"
                "Content-Type: text/plain; charset=us-ascii\n"
                "\n"
                "Hello Bob,\n\nthe data you asked for is attached.\n\n"
                "Alice\n"
                "\n--%s\n"
                "Content-Type: application/octet-stream; name=\"data.bin\"\n"
                "Content-Transfer-Encoding: base64\n"
                "Content-Disposition: attachment; filename=\"data.bin\"\n"
                "\n" % (boundary, boundary))
        chunk = 57 * 18396  # whole 76-column lines, about 1 MiB
        left = size
        while left > 0:
            n = min(chunk, left)
            f.write(base64.encodebytes(os.urandom(n)).decode("ascii"))
            left -= n
        f.write("\n--%s--\n" % boundary)


if __name__ == "__main__":
    main()
