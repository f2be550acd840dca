#!/usr/bin/env python3
"""gen-maildir.py PKIDIR MAILDIR PARTSDIR COUNT SENDER... - signed mail from
several senders in a Maildir, for harvest.sh.

Message i is from SENDER[i % len(SENDER)] (a name of the test PKI: alice,
carol, trent-b, ...) to bob.  Each is written twice:

  MAILDIR/cur/NAME:2,S (nine in ten) or MAILDIR/new/NAME
             the whole multipart/signed message as a mailbox stores it
             (LF line ends)
  PARTSDIR/NNNN.data, PARTSDIR/NNNN.sig
             the signed entity exactly as signed (CRLF) and its detached
             DER signature, for `gpgsm --verify SIG DATA`

Signed by `openssl cms -sign` (signing.py), as gen-signed.py does: the
signature carries the signer's certificate and
the intermediate, which is what gsmime harvest keeps.
"""
import os
import sys

import signing

ADDRESS = {"trent-old": "trent", "trent-a": "trent", "trent-b": "trent"}


def make(pki, maildir, parts, i, sender):
    text = signing.entity(
        "Hello Bob,", "",
        "this is harvest benchmark message number %d, from %s." % (i, sender),
        "It has a few lines of text and nothing else.", "", sender)
    sig = signing.sign(pki, sender, os.path.join(parts, "%04d" % i), text)
    local = ADDRESS.get(sender, sender)

    def head(content_type):
        return signing.headers(
            local.capitalize(), local + "@example.org",
            "Harvest benchmark message %d" % i,
            "Mon, 03 Mar 2025 10:%02d:%02d +0000" % ((i // 60) % 60, i % 60),
            "harvest-%04d@example.org" % i, content_type)
    message = signing.signed_message(head, "----=_harvest_%04d" % i, text,
                                     sig)
    name = "1741000000.M%06dP4242.bench" % i
    if i % 10 == 9:
        path = os.path.join(maildir, "new", name)
    else:
        path = os.path.join(maildir, "cur", name + ":2,S")
    with open(path, "w") as f:
        f.write(message)


def main():
    if len(sys.argv) < 6:
        sys.exit("usage: gen-maildir.py PKIDIR MAILDIR PARTSDIR COUNT "
                 "SENDER...")
    pki, maildir, parts = sys.argv[1:4]
    count, senders = int(sys.argv[4]), sys.argv[5:]
    for d in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, d), exist_ok=True)
    os.makedirs(parts, exist_ok=True)
    signing.each(count, lambda i: make(pki, maildir, parts, i,
                                       senders[i % len(senders)]))


if __name__ == "__main__":
    main()
