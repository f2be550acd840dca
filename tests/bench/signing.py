"""signing.py - what the benchmark generators share: the mail around a
message, and signed mail made with `openssl cms -sign`.

The signature is made the way tests/lib/gnupghome.sh documents (-binary
-md sha256 -certfile inter.pem): faster than `gsmime sign`, independent
of the code under test, and carrying the signer's certificate and the
intermediate.  OpenSSL runs with OPENSSL_CONF=/dev/null, so that a system
policy cannot change what is made.  Messages have LF line ends, as a
mailbox stores them; the signed entity is written as signed (CRLF).
"""
import base64
import concurrent.futures
import os
import subprocess


def headers(sender, address, subject, date, message_id, content_type):
    """The header block of a message to Bob, ending in its blank line."""
    return ("From: %s <%s>\n"
            "To: Bob <bob@example.org>\n"
            "Subject: %s\n"
            "Date: %s\n"
            "Message-ID: <%s>\n"
            "MIME-Version: 1.0\n"
            "Content-Type: %s\n"
            "\n" % (sender, address, subject, date, message_id,
                    content_type))


def entity(*lines):
    """A text/plain entity of LINES, ending with a line break; the one
    before the boundary belongs to the boundary (RFC 2046, 5.1.1)."""
    return "\n".join(["Content-Type: text/plain; charset=us-ascii",
                      "Content-Transfer-Encoding: 7bit", ""]
                     + list(lines)) + "\n"


def sign(pki, signer, stem, text):
    """Writes STEM.data (TEXT as signed, CRLF) and STEM.sig (the detached
    DER signature of SIGNER, a name of the test PKI); returns the
    signature in base64."""
    with open(stem + ".data", "wb") as f:
        f.write(text.replace("\n", "\r\n").encode("ascii"))
    subprocess.run(
        ["openssl", "cms", "-sign", "-binary", "-md", "sha256",
         "-outform", "DER", "-in", stem + ".data", "-out", stem + ".sig",
         "-signer", os.path.join(pki, signer + ".pem"),
         "-inkey", os.path.join(pki, signer + ".key"),
         "-certfile", os.path.join(pki, "inter.pem")],
        check=True, env=dict(os.environ, OPENSSL_CONF="/dev/null"))
    with open(stem + ".sig", "rb") as f:
        return base64.encodebytes(f.read()).decode("ascii")


def signed_message(head, boundary, text, sig):
    """The multipart/signed message of TEXT and its signature SIG (base64),
    HEAD being headers() without the Content-Type."""
    return (head(
        "multipart/signed; protocol=\"application/pkcs7-signature\"; "
        "micalg=sha-256;\n boundary=\"%s\"" % boundary)
        + "This is an S/MIME signed message.\n"
        "\n"
        "--%s\n"
        "%s"
        "\n--%s\n"
        "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\n"
        "Content-Transfer-Encoding: base64\n"
        "Content-Disposition: attachment; filename=\"smime.p7s\"\n"
        "\n"
        "%s"
        "\n--%s--\n" % (boundary, text, boundary, sig, boundary))


def each(count, make):
    """make(i) for i in range(COUNT), on as many threads as processors
    (the work is in openssl); an exception in any is raised."""
    workers = max(1, os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for f in [pool.submit(make, i) for i in range(count)]:
            f.result()
