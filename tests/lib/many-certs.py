#!/usr/bin/env python3
"""many-certs.py CA-CERT CA-KEY COUNT - COUNT certificates on standard output.

For the tests that need a big keybox (tests/integration/claws-live.sh,
tests/bench/claws-live.sh): COUNT user certificates in PEM, one after the
other, for user1@many.example ... userCOUNT@many.example, all for one
RSA key made here and signed by the CA whose certificate and key are
given (the test PKI's intermediate).  One key and Python's cryptography
make 5,000 of them in seconds, where openssl would start two processes
for each; gpgsm imports the lot in one call.  Exit status 77 when
Python's cryptography module is missing.
"""
import datetime
import sys

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
except ImportError:
    sys.exit(77)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: many-certs.py CA-CERT CA-KEY COUNT")
    with open(sys.argv[1], "rb") as f:
        ca = x509.load_pem_x509_certificate(f.read())
    with open(sys.argv[2], "rb") as f:
        ca_key = serialization.load_pem_private_key(f.read(), None)
    count = int(sys.argv[3])
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.timezone.utc)
    out = sys.stdout.buffer
    for n in range(1, count + 1):
        email = "user%d@many.example" % n
        name = x509.Name([
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "gsmime Test"),
            x509.NameAttribute(NameOID.COMMON_NAME, "User %d" % n)])
        cert = (x509.CertificateBuilder()
                .subject_name(name)
                .issuer_name(ca.subject)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=365))
                .add_extension(x509.SubjectAlternativeName(
                    [x509.RFC822Name(email)]), critical=False)
                .add_extension(x509.BasicConstraints(ca=False,
                                                     path_length=None),
                               critical=True)
                .add_extension(x509.KeyUsage(
                    digital_signature=True, content_commitment=False,
                    key_encipherment=True, data_encipherment=False,
                    key_agreement=False, key_cert_sign=False,
                    crl_sign=False, encipher_only=False,
                    decipher_only=False), critical=True)
                .sign(ca_key, hashes.SHA256()))
        out.write(cert.public_bytes(serialization.Encoding.PEM))


if __name__ == "__main__":
    main()
