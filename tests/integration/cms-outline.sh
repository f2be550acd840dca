#!/bin/bash
# cms-outline.sh - what common/cms-shape.c reads of the CMS objects that
# modern senders make: for each kind of message tests/lib/modern-messages.sh
# makes with OpenSSL 3 (and cms-build.py), tests/unit/cms-outline-tool
# must report the content type, the signature algorithm with its digest
# (and an RSASSA-PSS salt), the content cipher with its key size (and the
# tag length of AES-GCM), and each recipient's kind, key transport, curve
# and issuer and serial number, as the sender wrote them.
#
# Then every truncation of each object, and every one-byte change of its
# first 1024 bytes, is read: the outline must survive all of them (in the
# sanitizer build an overflow or a leak ends the tool with an error), and
# nothing libksba says about them may reach standard error.
# gpgsm runs only to list a recipient's certificate: the outline must name
# it with the issuer and serial number gpgsm (and so GPGME) gives it, so
# that a recipient can be matched with the user's certificates.  Output
# is TAP.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
# shellcheck source=../lib/modern-messages.sh
. "$GSMIME_SRCDIR/tests/lib/modern-messages.sh"
require_programs gpgsm openssl python3 base64

tool=${GSMIME_BUILDDIR:-$GSMIME_SRCDIR}/tests/unit/cms-outline-tool
require_built "$tool"

test_begin gsoutline
mm_identities || {
    echo "Bail out! mm_identities failed"
    exit 1
}
msg_entity "$work/ent" "Hello Bob," "a modern message."

issuer="CN=gsmime Test Intermediate CA,O=gsmime Test"
# serial NAME: NAME's serial number in upper-case hex, as OpenSSL says.
serial() {
    local s
    s=$(msg_openssl x509 -in "$pki/$1.pem" -noout -serial)
    echo "${s#serial=}"
}

# outline KIND: the outline of the CMS object of KIND's entity.
outline() {
    mm_make "$1" "$work/ent" "$work/$1.ent" &&
        mm_cms "$work/$1.ent" "$work/$1.der" &&
        "$tool" "$work/$1.der"
}

# expect KIND LINE...: the outline of KIND holds each LINE (grep -F -x).
expect() {
    local kind=$1 got line missing=
    shift
    got=$(outline "$kind" 2>&1)
    for line in "$@"; do
        printf '%s\n' "$got" | grep -Fxq -- "$line" || missing="$line"
    done
    if [ -z "$missing" ]; then
        tap_result 0 "the outline of $kind"
    else
        tap_result 1 "the outline of $kind"
        echo "#   missing: '$missing'"
        printf '%s\n' "$got" | sed 's/^/#   got: /'
    fi
}

# signer KIND ALGORITHM DIGEST SIGNATURE_OID [PSS_SALT]: the line of
# KIND's signer.
signer() {
    local who=${MM_WHO[${1%-opaque}]} pss_hash=- salt=0
    [ -z "${5-}" ] || { pss_hash=$3; salt=$5; }
    echo "signer $2 digest $3 pss-hash $pss_hash salt $salt signature $4 issuer $issuer serial $(serial "$who")"
}

signed="content signed-data 1.2.840.113549.1.7.2"
for form in "" -opaque; do
    expect "ecdsa-p256$form" "$signed" \
        "$(signer ecdsa-p256 ecdsa sha256 1.2.840.10045.4.3.2)" "complete yes"
    expect "ecdsa-p384$form" "$signed" \
        "$(signer ecdsa-p384 ecdsa sha384 1.2.840.10045.4.3.3)" "complete yes"
    expect "pss-digest$form" "$signed" \
        "$(signer pss-digest rsassa-pss sha256 1.2.840.113549.1.1.10 32)"
    # A 2048-bit key and SHA-256: 256 - 32 - 2 bytes of salt at most.
    expect "pss-max$form" "$signed" \
        "$(signer pss-max rsassa-pss sha256 1.2.840.113549.1.1.10 222)"
    expect "rsa3072-sha512$form" "$signed" \
        "$(signer rsa3072-sha512 rsa-pkcs1 sha512 1.2.840.113549.1.1.1)"
    expect "ed25519$form" "$signed" \
        "$(signer ed25519 ed25519 sha512 1.3.101.112)" "complete yes"
    expect "ed448$form" "$signed" \
        "$(signer ed448 ed448 shake256 1.3.101.113)"
done

# recipient KIND WHAT: the line of KIND's recipient, WHAT being its kind,
# key transport, algorithm OID and curve.
recipient() {
    echo "recipient $2 issuer $issuer serial $(serial "${MM_WHO[$1]}")"
}
auth="content auth-enveloped-data 1.2.840.113549.1.9.16.1.23"
enveloped="content enveloped-data 1.2.840.113549.1.7.3"
pkcs1="key-transport rsaes-pkcs1-v1_5 oid 1.2.840.113549.1.1.1 curve -"
expect aes128-gcm "$auth" "cipher aes-gcm 128 tag 16" \
    "$(recipient aes128-gcm "$pkcs1")" "complete yes"
expect aes256-gcm "$auth" "cipher aes-gcm 256 tag 16" \
    "$(recipient aes256-gcm "$pkcs1")"
expect aes256-cbc "$enveloped" "cipher aes-cbc 256 tag 0" \
    "$(recipient aes256-cbc "$pkcs1")"
expect rsa-oaep "$enveloped" "cipher aes-cbc 256 tag 0" \
    "$(recipient rsa-oaep "key-transport rsaes-oaep oid 1.2.840.113549.1.1.7 curve -")"
expect ecdh-p256 "$enveloped" "cipher aes-cbc 256 tag 0" \
    "$(recipient ecdh-p256 "key-agreement ecdh oid 1.3.133.16.840.63.0.2 curve P-256")"
# libksba does not know compressed-data: the content type is still read.
expect compressed "content compressed-data 1.2.840.113549.1.9.16.1.9" \
    "complete no"

# The certificate a recipient names, as gpgsm lists it.
test_home ""
test_import bob
bob_id=$(gh_gpgsm --with-colons --list-keys bob@example.org 2>/dev/null |
    awk -F: '$1 == "crt" { print "issuer " $10 " serial " $8; exit }')
tap_like "$("$tool" "$work/rsa-oaep.der" | grep '^recipient')" \
    " ${bob_id:-gpgsm listed nothing}\$" \
    "the recipient is named as gpgsm lists bob's certificate"

# Two recipients, in the order the sender listed them.
msg_encrypt "$work/ent" "$work/two.ent" "$pki/carol.pem" "$pki/ecp256.pem" &&
    mm_cms "$work/two.ent" "$work/two.der"
tap_like "$("$tool" "$work/two.der" | grep '^recipient' | cut -d' ' -f2,3 |
    tr '\n' ' ')" "^key-transport rsaes-pkcs1-v1_5 key-agreement ecdh $" \
    "two recipients: carol's RSA, then ecp256's ECDH"

# Not CMS at all.
printf 'not a CMS object' >"$work/junk.der"
tap_is "$("$tool" "$work/junk.der" | tr '\n' ' ')" \
    "content unknown - complete no " "junk is read as unknown"

# Damaged objects: every truncation, and a changed byte anywhere in the
# first 1024, is read without a crash.
tamper_out=$("$tool" --tamper "$work"/*.der 2>"$work/tamper.err")
tap_is "$?" 0 "every truncated or changed object is read without a crash"
# libksba writes what it finds wrong to standard error (gsmime's, which is
# the user's terminal or mutt's pager); the outline keeps it from there.
tap_is "$(head -c 300 "$work/tamper.err")" "" \
    "nothing libksba said about damaged objects reached standard error"
tap_is "$(printf '%s\n' "$tamper_out" | grep -c ' read$')" \
    "$(find "$work" -name '*.der' | wc -l)" "each object was tampered with"
tap_done
