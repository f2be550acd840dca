#!/usr/bin/env python3
"""cms-build.py - CMS objects OpenSSL 3.0's cms command cannot make.

    cms-build.py eddsa PKI NAME CONTENT OUT [--opaque]
    cms-build.py compressed CONTENT OUT

eddsa writes a DER SignedData signed by NAME of the test PKI (NAME.pem,
an Ed25519 or Ed448 certificate, and NAME.key), carrying NAME's and the
intermediate CA's certificates, over the file CONTENT, as RFC 8419
says: the signed attributes are signed (by `openssl pkeyutl -rawin`,
pure EdDSA) and their message digest is SHA-512 for Ed25519, SHAKE256
with 512 bits of output for Ed448.  With --opaque CONTENT is inside the
object, otherwise it is detached.

compressed writes a DER CompressedData (RFC 3274) holding CONTENT,
compressed with zlib: Debian's OpenSSL is built without zlib.

The DER is made with tests/lib/badgen.py.
"""
import datetime
import hashlib
import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import badgen  # noqa: E402
from badgen import Tlv, oid  # noqa: E402


def seq(*children):
    return Tlv(0x30, children=list(children))


def set_of(*children):
    return Tlv(0x31, children=sorted(children, key=Tlv.encode))


def integer(value):
    return Tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def octets(data):
    return Tlv(0x04, data)


def explicit0(child):
    return Tlv(0xA0, children=[child])


def tbs_fields(cert):
    """The fields of the TBSCertificate of CERT (decoded), without the
    [0] version."""
    fields = cert.children[0].children
    return fields[1:] if fields[0].tag == 0xA0 else fields


# The signature algorithm of a public key algorithm, its digest
# algorithm and the digest.
EDDSA = {
    badgen.oid_value("1.3.101.112"): (
        "1.3.101.112", seq(oid("2.16.840.1.101.3.4.2.3")),
        lambda d: hashlib.sha512(d).digest()),
    badgen.oid_value("1.3.101.113"): (
        "1.3.101.113", seq(oid("2.16.840.1.101.3.4.2.18"), integer(512)),
        lambda d: hashlib.shake_256(d).digest(64)),
}


def signed_attributes(content_digest):
    now = datetime.datetime.now(datetime.timezone.utc)
    return set_of(
        seq(oid("1.2.840.113549.1.9.3"), set_of(oid(badgen.OID_DATA))),
        seq(oid("1.2.840.113549.1.9.5"),
            set_of(Tlv(0x17, now.strftime("%y%m%d%H%M%SZ").encode()))),
        seq(oid("1.2.840.113549.1.9.4"), set_of(octets(content_digest))))


def eddsa(pki, name, content_path, out, opaque):
    cert_der = badgen.cert_der(pki, name)
    fields = tbs_fields(badgen.decode(cert_der))
    key_algorithm = fields[5].children[0].children[0].value
    sig_oid, digest_alg, digest = EDDSA[key_algorithm]
    content = open(content_path, "rb").read()
    attrs = signed_attributes(digest(content))
    with open(out + ".attrs", "wb") as f:
        f.write(attrs.encode())
    try:
        signature = badgen.openssl("pkeyutl", "-sign", "-rawin", "-inkey",
                                   f"{pki}/{name}.key", "-in", out + ".attrs")
    finally:
        os.unlink(out + ".attrs")
    signer = seq(integer(1), seq(fields[2], fields[0]), digest_alg,
                 Tlv(0xA0, children=attrs.children), seq(oid(sig_oid)),
                 octets(signature))
    encap = [oid(badgen.OID_DATA)]
    if opaque:
        encap.append(explicit0(octets(content)))
    certs = Tlv(0xA0, cert_der + badgen.cert_der(pki, "inter"))
    signed = seq(integer(1), set_of(digest_alg), seq(*encap), certs,
                 set_of(signer))
    write(out, seq(oid(badgen.OID_SIGNED_DATA), explicit0(signed)))


def compressed(content_path, out):
    content = open(content_path, "rb").read()
    with open(out, "wb") as f:
        f.write(badgen.compressed_data(zlib.compress(content)))


def write(path, node):
    with open(path, "wb") as f:
        f.write(node.encode())


def main(argv):
    if len(argv) >= 5 and argv[0] == "eddsa":
        eddsa(*argv[1:5], opaque="--opaque" in argv[5:])
    elif len(argv) == 3 and argv[0] == "compressed":
        compressed(argv[1], argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
