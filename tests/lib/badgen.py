# badgen.py - what the generators of tests/data/bad/ share: OpenSSL
# run without any system configuration, just enough DER to damage CMS
# objects on purpose, and the mail around them.  Standard library only.
#
#   import badgen
#   sig = badgen.sign(pki, "alice", content)          # detached, DER
#   root = badgen.decode(sig)
#   for node in root.walk(): ...                      # depth first
#   open(out, "wb").write(badgen.multipart_signed(content, root.encode(),
#                                                 "subject"))
#
# Elements are re-encoded in DER (definite lengths) from their children,
# so a changed child changes every length above it.

import base64
import os
import subprocess
import tempfile

OID_DATA = "1.2.840.113549.1.7.1"
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_ENVELOPED_DATA = "1.2.840.113549.1.7.3"
OID_COMPRESSED_DATA = "1.2.840.113549.1.9.16.1.9"
OID_ZLIB = "1.2.840.113549.1.9.16.3.8"


class Tlv:
    """One element: TAG (the identifier octet), and either the children
    of a constructed element or the value octets of a primitive one."""

    def __init__(self, tag, value=b"", children=None):
        self.tag = tag
        self.value = value
        self.children = children

    @property
    def constructed(self):
        return self.children is not None

    def encode(self):
        body = (b"".join(c.encode() for c in self.children)
                if self.constructed else self.value)
        return bytes([self.tag]) + length(len(body)) + body

    def walk(self):
        yield self
        for c in self.children or ():
            yield from c.walk()

    def find_oid(self, dotted):
        """The first OBJECT IDENTIFIER element with the value DOTTED."""
        want = oid_value(dotted)
        for n in self.walk():
            if n.tag == 0x06 and n.value == want:
                return n
        raise KeyError(dotted)

    def parent_of(self, child):
        for n in self.walk():
            if n.constructed and any(c is child for c in n.children):
                return n
        raise KeyError("no parent")


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def decode(data):
    """The element that DATA holds (DER, or BER with definite lengths)."""
    node, end = _decode(data, 0)
    if end != len(data):
        raise ValueError("trailing bytes after the element")
    return node


def _decode(data, pos):
    tag = data[pos]
    if tag & 0x1f == 0x1f:
        raise ValueError("multi-byte tags are not handled")
    n = data[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7f
        if k == 0:
            raise ValueError("indefinite length is not handled")
        n = int.from_bytes(data[pos:pos + k], "big")
        pos += k
    end = pos + n
    if end > len(data):
        raise ValueError("element runs past the end")
    if tag & 0x20:
        children = []
        while pos < end:
            c, pos = _decode(data, pos)
            children.append(c)
        return Tlv(tag, children=children), end
    return Tlv(tag, value=data[pos:end]), end


def oid_value(dotted):
    parts = [int(x) for x in dotted.split(".")]
    out = bytearray([parts[0] * 40 + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7f]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7f))
            p >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


def oid(dotted):
    return Tlv(0x06, oid_value(dotted))


def compressed_data(zdata):
    """A DER CompressedData ContentInfo (RFC 3274) whose compressed
    content is ZDATA, meant to be zlib, taken as it is."""
    body = Tlv(0x30, children=[
        Tlv(0x02, b"\x00"), Tlv(0x30, children=[oid(OID_ZLIB)]),
        Tlv(0x30, children=[oid(OID_DATA), Tlv(0xA0, children=[
            Tlv(0x04, zdata)])])])
    return Tlv(0x30, children=[oid(OID_COMPRESSED_DATA),
                               Tlv(0xA0, children=[body])]).encode()


def b64lines(data):
    """DATA in base64, 76 characters a line, CRLF line ends."""
    text = base64.b64encode(data)
    return b"".join(text[i:i + 76] + b"\r\n" for i in range(0, len(text), 76))


def headers(subject):
    return (b"From: alice@example.org\r\nTo: bob@example.org\r\n"
            b"Subject: " + subject.encode() + b"\r\n"
            b"Message-ID: <bad-corpus@gsmime.test>\r\nMIME-Version: 1.0\r\n")


def pkcs7_mime(der_bytes, smime_type, subject, body=None):
    """A whole message whose body is the CMS object DER_BYTES as
    application/pkcs7-mime; BODY replaces the base64 text if given."""
    return (headers(subject)
            + b"Content-Type: application/pkcs7-mime; smime-type="
            + smime_type.encode() + b"; name=smime.p7m\r\n"
            b"Content-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename=smime.p7m\r\n\r\n"
            + (body if body is not None else b64lines(der_bytes)))


def multipart_signed(content, sig_der, subject, boundary=b"=-bad-corpus-sig",
                     sig_body=None, swap=False):
    """A whole message: multipart/signed with the MIME entity CONTENT
    (bytes, CRLF) and the detached signature SIG_DER; SIG_BODY replaces
    the signature's base64 text if given; SWAP puts the signature first."""
    sig = (b"Content-Type: application/pkcs7-signature; name=smime.p7s\r\n"
           b"Content-Transfer-Encoding: base64\r\n"
           b"Content-Disposition: attachment; filename=smime.p7s\r\n\r\n"
           + (sig_body if sig_body is not None else b64lines(sig_der)))
    parts = [content, sig]
    if swap:
        parts.reverse()
    d = b"--" + boundary
    return (headers(subject)
            + b'Content-Type: multipart/signed; protocol='
            b'"application/pkcs7-signature"; micalg=sha-256; boundary="'
            + boundary + b'"\r\n\r\n'
            b"This is an S/MIME signed message\r\n\r\n"
            + d + b"\r\n" + parts[0] + b"\r\n" + d + b"\r\n" + parts[1]
            + b"\r\n" + d + b"--\r\n")


def openssl(*args, data=None):
    """Runs openssl ARGS with DATA on stdin and returns its stdout."""
    env = dict(os.environ, OPENSSL_CONF="/dev/null")
    return subprocess.run(("openssl",) + args, input=data, env=env,
                          stdout=subprocess.PIPE, check=True).stdout


def entity(*lines):
    """A text/plain MIME entity, CRLF line ends."""
    return (b"Content-Type: text/plain; charset=us-ascii\r\n"
            b"Content-Transfer-Encoding: 7bit\r\n\r\n"
            + b"".join(l.encode() + b"\r\n" for l in lines))


def sign(pki, name, content, *opts, detached=True):
    """CONTENT signed by NAME of the PKI (with the intermediate CA), as a
    DER CMS signed-data object."""
    return openssl("cms", "-sign", "-binary", "-md", "sha256",
                   "-signer", f"{pki}/{name}.pem", "-inkey", f"{pki}/{name}.key",
                   "-certfile", f"{pki}/inter.pem", "-outform", "DER",
                   *(() if detached else ("-nodetach",)), *opts, data=content)


def encrypt(pki, content, *names):
    """CONTENT encrypted with AES-256 to NAMES of the PKI, DER."""
    return openssl("cms", "-encrypt", "-binary", "-aes256", "-outform", "DER",
                   *(f"{pki}/{n}.pem" for n in names), data=content)


def cert_der(pki, name):
    return openssl("x509", "-in", f"{pki}/{name}.pem", "-outform", "DER")


def scratch():
    """A temporary folder for OpenSSL's files, removed by the caller."""
    return tempfile.mkdtemp(prefix="badgen.")


def hp_payload(fields, body=b"This is the text.\r\n", params=b'; hp="cipher"',
               ctype=b"text/plain; charset=us-ascii"):
    """A cryptographic payload with header protection (RFC 9788): the
    header field lines FIELDS (bytes, without line ends), then a
    Content-Type of CTYPE with PARAMS, then BODY."""
    return (b"".join(f + b"\r\n" for f in fields)
            + b"Content-Type: " + ctype + params + b"\r\n\r\n" + body)


def signed_encrypted(pki, payload, subject):
    """A whole message: PAYLOAD signed by alice (signed-data), then
    encrypted to bob, with the outer SUBJECT."""
    der = sign(pki, "alice", payload, detached=False)
    inner = (b"Content-Type: application/pkcs7-mime; smime-type=signed-data;"
             b" name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n"
             + b64lines(der))
    return pkcs7_mime(encrypt(pki, inner, "bob"), "enveloped-data", subject)
