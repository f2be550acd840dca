#!/usr/bin/env python3
"""gen-signed.py PKIDIR OUTDIR COUNT - small signed messages for run.sh.

Writes COUNT messages from alice to bob, each in three files:

  NNNN.data  the signed MIME entity exactly as signed: canonical, CRLF
  NNNN.sig   the detached CMS signature over it, DER
  NNNN.eml   the whole multipart/signed message as a mailbox stores it
             (LF line ends; a reader canonicalises the first part back
             to NNNN.data)

The signature is made by `openssl cms -sign` (faster than `gsmime sign`,
and independent of the code under test) the way tests/lib/gnupghome.sh
documents: -binary -md sha256 -certfile inter.pem.  Splitting is done
here, once, so that the bare GPGME loop of bench-verify has nothing to do
but verify.
"""
import base64
import concurrent.futures
import os
import subprocess
import sys


def entity(i):
    lines = [
        "Content-Type: text/plain; charset=us-ascii",
        "Content-Transfer-Encoding: 7bit",
        "",
        "Hello Bob,",
        "",
        "this is benchmark message number %d, signed by Alice." % i,
        "It has a few lines of text and nothing else.",
        "",
        "Alice",
    ]
    # The entity ends with a line break; the one before the boundary
    # belongs to the boundary (RFC 2046, section 5.1.1).
    return "\n".join(lines) + "\n"


def make(pki, out, i):
    stem = os.path.join(out, "%04d" % i)
    text = entity(i)
    with open(stem + ".data", "wb") as f:
        f.write(text.replace("\n", "\r\n").encode("ascii"))
    subprocess.run(
        ["openssl", "cms", "-sign", "-binary", "-md", "sha256",
         "-outform", "DER", "-in", stem + ".data", "-out", stem + ".sig",
         "-signer", os.path.join(pki, "alice.pem"),
         "-inkey", os.path.join(pki, "alice.key"),
         "-certfile", os.path.join(pki, "inter.pem")],
        check=True)
    with open(stem + ".sig", "rb") as f:
        sig = base64.encodebytes(f.read()).decode("ascii")
    boundary = "----=_bench_%04d" % i
    message = (
        "From: Alice <alice@example.org>\n"
        "To: Bob <bob@example.org>\n"
        "Subject: Benchmark message %d\n"
        "Date: Mon, 03 Mar 2025 10:00:00 +0000\n"
        "Message-ID: <bench-%04d@example.org>\n"
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
        "\n--%s--\n" % (i, i, boundary, boundary, text, boundary, sig,
                        boundary))
    with open(stem + ".eml", "w") as f:
        f.write(message)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen-signed.py PKIDIR OUTDIR COUNT")
    pki, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    workers = max(1, os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for f in [pool.submit(make, pki, out, i) for i in range(count)]:
            f.result()


if __name__ == "__main__":
    main()
