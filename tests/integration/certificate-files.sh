#!/bin/bash
# certificate-files.sh - `gsmime import` of certificate files as
# authorities and tools write them, against the real gpgsm:
#
#   - `openssl ca` output (the text dump, then the PEM block), issued by
#     the test CA's own database (tests/pki/ca-issue.sh);
#   - `openssl x509 -text` output;
#   - a PEM file with CRLF line ends;
#   - a bundle of three with text before, between and after them (a
#     text dump, the bag attributes and subject= and issuer= lines of
#     `openssl pkcs12 -nokeys`, words);
#   - a TRUSTED CERTIFICATE block (`openssl x509 -trustout`);
#   - a certificate and a CRL in one file: the certificate is imported and
#     the CRL named as the part that was not a certificate; a file with a
#     private key only is refused, naming the key's block;
#   - mail is still mail: a certs-only message imports its certificate.
#
# Every import is checked in the keybox: the certificate's fingerprint
# must stand on a crt record of `gpgsm --with-colons` afterwards and not
# before (the home of gh_setup knows the test PKI, so each test either
# uses a certificate issued for it or deletes the one it imports first).
# OpenSSL reads every file made here, so each is a form OpenSSL accepts.
# Output is TAP; exit status 77 when a required program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf openssl timeout

test_start gscf
f=$work

# keybox_crts: the fingerprints of the certificates in the home, one a
# line, from the fpr record that follows each crt record.
keybox_crts() {
    gh_gpgsm --with-colons --list-keys 2>/dev/null |
        awk -F: '$1 == "crt" { c = 1; next } c && $1 == "fpr" { print $10; c = 0 }'
}
in_keybox() { keybox_crts | grep -qx "$1"; }

# imp FILE: gsmime import FILE; stdout in $work/out, stderr in
# $work/err, exit status in RC.
imp() {
    timeout 60 "$GSMIME" import "$1" >"$work/out" 2>"$work/err"
    RC=$?
    [ "$RC" = 0 ] || sed 's/^/#   err: /' "$work/err" | head -n 3
}

# fresh NAME: deletes NAME.pem from the home and prints its fingerprint.
fresh() {
    local fpr
    fpr=$(msg_fpr "$pki/$1.pem") || exit 1
    gh_gpgsm --yes --delete-keys "$fpr" >/dev/null 2>&1
    echo "$fpr"
}

# imports CASE FILE FPR...: importing FILE exits 0 and brings each FPR,
# absent before, into the keybox.
imports() {
    local case=$1 file=$2 fpr
    shift 2
    for fpr in "$@"; do
        tap_not "$case: $fpr is not in the keybox before" in_keybox "$fpr"
    done
    imp "$file"
    tap_is "$RC" 0 "$case: gsmime import exits 0"
    for fpr in "$@"; do
        tap_ok "$case: crt record for $fpr in the keybox" in_keybox "$fpr"
        tap_like "$(cat "$work/out")" "^  $fpr\$" \
            "$case: the output names $fpr"
    done
    tap_not "$case: no part of the file is said not to be a certificate" \
        grep -q 'not imported' "$work/out"
}

# --- `openssl ca` and `openssl x509 -text` -------------------------------------

"$GSMIME_SRCDIR/tests/pki/ca-issue.sh" "$pki" bob bob@example.org \
    "$f/bob-ca.crt" || exit 1
tap_is "$(head -n 1 "$f/bob-ca.crt")" "Certificate:" \
    "fixture bob-ca.crt: openssl ca wrote the text dump first"
tap_like "$(grep -n -- '-----BEGIN CERTIFICATE-----' "$f/bob-ca.crt")" '^[0-9]{2,}:' \
    "fixture bob-ca.crt: the PEM block comes after it"
bob_ca=$(msg_fpr "$f/bob-ca.crt")
tap_like "$bob_ca" '^[0-9A-F]{40}$' "fixture bob-ca.crt: OpenSSL reads it"
imports "openssl ca output" "$f/bob-ca.crt" "$bob_ca"
tap_like "$(cat "$work/out")" '^.*bob-ca\.crt: imported bob@example\.org$' \
    "openssl ca output: imported under bob@example.org"

carol=$(fresh carol)
msg_openssl x509 -in "$pki/carol.pem" -text >"$f/carol-text.pem" || exit 1
tap_like "$(head -n 2 "$f/carol-text.pem" | tr '\n' ' ')" '^Certificate: +Data:' \
    "fixture carol-text.pem: openssl x509 -text output"
imports "openssl x509 -text output" "$f/carol-text.pem" "$carol"

# --- CRLF, a bundle with text, TRUSTED CERTIFICATE ------------------------------

alice=$(fresh alice)
cp "$pki/alice.pem" "$f/alice-crlf.pem" && msg_to_crlf "$f/alice-crlf.pem" ||
    exit 1
tap_is "$(grep -c $'\r$' "$f/alice-crlf.pem")" "$(grep -c '' "$f/alice-crlf.pem")" \
    "fixture alice-crlf.pem: every line ends in CRLF"
imports "CRLF PEM" "$f/alice-crlf.pem" "$alice"

dave=$(fresh dave)
erin=$(fresh erin)
soon=$(fresh soon)
{
    msg_openssl x509 -in "$pki/dave.pem" -text
    echo
    echo "Bag Attributes"
    echo "    friendlyName: erin@example.org"
    msg_openssl x509 -in "$pki/erin.pem" -noout -subject -issuer
    cat "$pki/erin.pem"
    echo "-- and the third --"
    cat "$pki/soon.pem"
    echo "That is all."
} >"$f/bundle3.pem" || exit 1
tap_is "$(msg_openssl crl2pkcs7 -nocrl -certfile "$f/bundle3.pem" |
    msg_openssl pkcs7 -print_certs -noout | grep -c '^subject=')" 3 \
    "fixture bundle3.pem: OpenSSL reads three certificates from it"
imports "bundle of three with text between" "$f/bundle3.pem" \
    "$dave" "$erin" "$soon"

trent=$(fresh trent-b)
msg_openssl x509 -in "$pki/trent-b.pem" -trustout -addtrust emailProtection \
    >"$f/trent-trusted.pem" || exit 1
tap_is "$(head -n 1 "$f/trent-trusted.pem")" "-----BEGIN TRUSTED CERTIFICATE-----" \
    "fixture trent-trusted.pem: a TRUSTED CERTIFICATE block"
imports "TRUSTED CERTIFICATE" "$f/trent-trusted.pem" "$trent"
tap_is "$(keybox_crts | grep -c .)" "$(keybox_crts | sort -u | grep -c .)" \
    "TRUSTED CERTIFICATE: the trust settings did not become a certificate"

# --- parts that are not certificates --------------------------------------------

trent_old=$(fresh trent-old)
{
    cat "$pki/trent-old.pem"
    msg_openssl crl -in "$pki/inter.crl" -inform DER
} >"$f/cert-and-crl.pem" || exit 1
line=$(grep -n -- '-----BEGIN X509 CRL-----' "$f/cert-and-crl.pem" | cut -d: -f1)
imp "$f/cert-and-crl.pem"
tap_is "$RC" 0 "certificate and CRL: exit 0"
tap_ok "certificate and CRL: crt record for trent-old ($trent_old)" \
    in_keybox "$trent_old"
tap_like "$(cat "$work/out")" \
    "cert-and-crl\.pem: not imported: PEM block 2 at line $line \(X509 CRL\) is not a certificate\$" \
    "certificate and CRL: one line names block 2, at line $line, as the CRL that is not a certificate"
tap_is "$(grep -c 'not imported' "$work/out")" 1 \
    "certificate and CRL: only that part is named"

before=$(keybox_crts)
imp "$pki/uma.key"
tap_is "$RC" 3 "a private key alone: exit 3"
tap_like "$(cat "$work/err")" \
    'uma\.key: The file holds no certificate that could be imported: PEM block 1 at line 1 \(PRIVATE KEY\) is not a certificate' \
    "a private key alone: stderr names its block"
tap_is "$(keybox_crts)" "$before" "a private key alone: the keybox is as it was"

# --- mail is still mail -----------------------------------------------------------

msg_openssl crl2pkcs7 -nocrl -certfile "$pki/bob.pem" -outform DER \
    -out "$f/bob.p7c" || exit 1
{
    printf 'From: bob@example.org\r\nTo: alice@example.org\r\n'
    printf 'Subject: my certificate\r\nMIME-Version: 1.0\r\n'
    printf 'Content-Type: application/pkcs7-mime; smime-type=certs-only; name=smime.p7c\r\n'
    printf 'Content-Transfer-Encoding: base64\r\n\r\n'
    base64 "$f/bob.p7c" | sed 's/$/\r/'
} >"$f/certs-only.eml"
bob=$(fresh bob)
imp "$f/certs-only.eml"
tap_is "$RC" 0 "certs-only message: exit 0"
tap_ok "certs-only message: crt record for bob ($bob)" in_keybox "$bob"

tap_done
