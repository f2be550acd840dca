#!/usr/bin/env python3
"""gen-signed.py PKIDIR OUTDIR COUNT - small signed messages for run.sh.

Writes COUNT messages from alice to bob, each in three files:

  NNNN.data  the signed MIME entity exactly as signed: canonical, CRLF
  NNNN.sig   the detached CMS signature over it, DER
  NNNN.eml   the whole multipart/signed message as a mailbox stores it
             (LF line ends; a reader canonicalises the first part back
             to NNNN.data)

The signature is made by `openssl cms -sign` (signing.py).  Splitting is
done here, once, so that the bare GPGME loop of bench-verify has nothing to do
but verify.
"""
import os
import sys

import signing


def make(pki, out, i):
    text = signing.entity(
        "Hello Bob,", "",
        "this is benchmark message number %d, signed by Alice." % i,
        "It has a few lines of text and nothing else.", "", "Alice")
    sig = signing.sign(pki, "alice", os.path.join(out, "%04d" % i), text)

    def head(content_type):
        return signing.headers("Alice", "alice@example.org",
                               "Benchmark message %d" % i,
                               "Mon, 03 Mar 2025 10:00:00 +0000",
                               "bench-%04d@example.org" % i, content_type)
    message = signing.signed_message(head, "----=_bench_%04d" % i, text, sig)
    with open(os.path.join(out, "%04d.eml" % i), "w") as f:
        f.write(message)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen-signed.py PKIDIR OUTDIR COUNT")
    pki, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    signing.each(count, lambda i: make(pki, out, i))


if __name__ == "__main__":
    main()
