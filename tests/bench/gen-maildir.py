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

Signed by `openssl cms -sign -binary -md sha256 -certfile inter.pem`, as
gen-signed.py does: the signature carries the signer's certificate and
the intermediate, which is what gsmime harvest keeps.
"""
import base64
import concurrent.futures
import os
import subprocess
import sys

ADDRESS = {"trent-old": "trent", "trent-a": "trent", "trent-b": "trent"}


def entity(i, sender):
    lines = [
        "Content-Type: text/plain; charset=us-ascii",
        "Content-Transfer-Encoding: 7bit",
        "",
        "Hello Bob,",
        "",
        "this is harvest benchmark message number %d, from %s." % (i, sender),
        "It has a few lines of text and nothing else.",
        "",
        sender,
    ]
    return "\n".join(lines) + "\n"


def make(pki, maildir, parts, i, sender):
    stem = os.path.join(parts, "%04d" % i)
    text = entity(i, sender)
    with open(stem + ".data", "wb") as f:
        f.write(text.replace("\n", "\r\n").encode("ascii"))
    subprocess.run(
        ["openssl", "cms", "-sign", "-binary", "-md", "sha256",
         "-outform", "DER", "-in", stem + ".data", "-out", stem + ".sig",
         "-signer", os.path.join(pki, sender + ".pem"),
         "-inkey", os.path.join(pki, sender + ".key"),
         "-certfile", os.path.join(pki, "inter.pem")],
        check=True, env=dict(os.environ, OPENSSL_CONF="/dev/null"))
    with open(stem + ".sig", "rb") as f:
        sig = base64.encodebytes(f.read()).decode("ascii")
    local = ADDRESS.get(sender, sender)
    boundary = "----=_harvest_%04d" % i
    message = (
        "From: %s <%s@example.org>\n"
        "To: Bob <bob@example.org>\n"
        "Subject: Harvest benchmark message %d\n"
        "Date: Mon, 03 Mar 2025 10:%02d:%02d +0000\n"
        "Message-ID: <harvest-%04d@example.org>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/signed; "
        "protocol=\"application/pkcs7-signature\"; micalg=sha-256;\n"
        " boundary=\"%s\"\n"
        "\n"
        "This is an S/MIME signed message.\n"
        "\n"
        "--%s\n"
        "%s"
        "\n--%s\n"
        "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\n"
        "Content-Transfer-Encoding: base64\n"
        "Content-Disposition: attachment; filename=\"smime.p7s\"\n"
        "\n"
        "%s"
        "\n--%s--\n" % (local.capitalize(), local, i, (i // 60) % 60, i % 60,
                        i, boundary, boundary, text, boundary, sig, boundary))
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
    workers = max(1, os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        jobs = [pool.submit(make, pki, maildir, parts, i,
                            senders[i % len(senders)]) for i in range(count)]
        for f in jobs:
            f.result()


if __name__ == "__main__":
    main()
