#!/bin/bash
# make-corpus.sh - writes the seed corpora of the fuzz targets from a
# fresh test PKI (tests/pki/make-pki.sh), with OpenSSL as the other
# S/MIME implementation.
#
# Usage: tests/fuzz/make-corpus.sh [OUTDIR]   (default tests/fuzz/corpus)
#
# One folder per target: message/ (whole messages for the reader),
# cms-certs/ (DER CMS objects whose certificates harvesting reads),
# pkcs12/ (PKCS#12 files with the passphrase "test", which fuzz-pkcs12
# uses), import/ (what `gsmime import` takes).  The corpora are checked
# in; run this again when a new kind of input matters, and keep what the
# fuzzers found beside it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/tests/fuzz/corpus}
tmp=$(mktemp -d /tmp/gsmime-corpus.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../lib/messages.sh
. "$top/tests/lib/messages.sh"
MSG_PKI=$tmp/pki
"$top/tests/pki/make-pki.sh" "$MSG_PKI" 1 >/dev/null
w=$tmp/work
mkdir -p "$w" "$out/message" "$out/cms-certs" "$out/pkcs12" "$out/import"

a=alice@example.org b=bob@example.org
msg_entity "$w/text" "Hello Bob," "this is signed."

# --- message/ -------------------------------------------------------------------
msg_sign alice "$w/text" "$w/signed"
msg_wrap "$a" "$b" "Signed" "$w/signed" "$out/message/signed.eml"
msg_sign alice "$w/text" "$w/signed-sha1" -md sha1
msg_wrap "$a" "$b" "SHA-1" "$w/signed-sha1" "$out/message/signed-sha1.eml"
msg_sign_opaque alice "$w/text" "$w/opaque"
msg_wrap "$a" "$b" "Opaque" "$w/opaque" "$out/message/opaque.eml"
msg_encrypt "$w/signed" "$w/enveloped" "$MSG_PKI/bob.pem"
msg_wrap "$a" "$b" "Signed, encrypted" "$w/enveloped" \
    "$out/message/signed-encrypted.eml"
msg_encrypt "$w/text" "$w/enveloped-plain" "$MSG_PKI/bob.pem"
msg_sign alice "$w/enveloped-plain" "$w/encrypted-signed"
msg_wrap "$a" "$b" "Encrypted, signed" "$w/encrypted-signed" \
    "$out/message/encrypted-signed.eml"
msg_sign uma "$w/text" "$w/signed-uma"
msg_wrap uma@example.net "$b" "Untrusted root" "$w/signed-uma" \
    "$out/message/signed-untrusted.eml"
sed 's/this is signed/this is forged/' "$out/message/signed.eml" \
    >"$out/message/altered.eml"
msg_plain "$a" "$b" "Plain" "$out/message/plain.eml" "not signed"
# A signed message inside a multipart/mixed, as lists forward them.
{
    msg_headers "$a" "$b" "Forwarded"
    printf 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n'
    printf -- '--outer\r\n'
    cat "$w/text"
    printf -- '\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\n'
    cat "$out/message/signed.eml"
    printf -- '\r\n--outer--\r\n'
} >"$out/message/nested.eml"

# --- cms-certs/ -----------------------------------------------------------------
msg_openssl cms -sign -binary -md sha256 -in "$w/text" -outform DER \
    -signer "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -certfile "$MSG_PKI/inter.pem" -out "$out/cms-certs/detached.p7s"
msg_openssl cms -sign -binary -nodetach -in "$w/text" -outform DER \
    -signer "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -out "$out/cms-certs/opaque.p7m"
msg_openssl cms -sign -binary -in "$w/text" -outform DER -nocerts \
    -signer "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -out "$out/cms-certs/no-certs.p7s"
msg_openssl crl2pkcs7 -nocrl -certfile "$MSG_PKI/alice.pem" \
    -certfile "$MSG_PKI/inter.pem" -outform DER \
    -out "$out/cms-certs/certs-only.p7c"

# --- pkcs12/ --------------------------------------------------------------------
msg_openssl pkcs12 -export -legacy -passout pass:test -name alice \
    -in "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -certfile "$MSG_PKI/inter.pem" -out "$out/pkcs12/legacy.p12"
msg_openssl pkcs12 -export -passout pass:test -name alice \
    -in "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -certfile "$MSG_PKI/inter.pem" -out "$out/pkcs12/aes.p12"
msg_openssl pkcs12 -export -passout pass:test -nokeys \
    -in "$MSG_PKI/alice.pem" -out "$out/pkcs12/certs-only.p12"
msg_openssl pkcs12 -export -passout pass:other -name alice \
    -in "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -out "$out/pkcs12/other-passphrase.p12"

# --- import/ --------------------------------------------------------------------
cp "$MSG_PKI/alice.pem" "$out/import/alice.pem"
cat "$MSG_PKI/alice.pem" "$MSG_PKI/inter.pem" "$MSG_PKI/root.pem" \
    >"$out/import/chain.pem"
msg_openssl x509 -in "$MSG_PKI/carol.pem" -outform DER \
    -out "$out/import/carol.der"
cp "$out/cms-certs/certs-only.p7c" "$out/import/certs-only.p7c"
msg_openssl crl2pkcs7 -nocrl -certfile "$MSG_PKI/carol.pem" \
    -out "$out/import/certs-only.p7b"
{
    msg_headers "$a" "$b" "My certificate"
    printf 'MIME-Version: 1.0\r\n'
    printf 'Content-Type: application/pkcs7-mime; smime-type=certs-only; name=smime.p7c\r\n'
    printf 'Content-Transfer-Encoding: base64\r\n\r\n'
    base64 "$out/cms-certs/certs-only.p7c" | sed 's/$/\r/'
} >"$out/import/certs-only.eml"
cp "$out/message/signed.eml" "$out/import/signed.eml"
echo "corpus written to $out"
