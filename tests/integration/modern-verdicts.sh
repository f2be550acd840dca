#!/bin/bash
# modern-verdicts.sh - what gsmime says of the messages of modern senders
# that the installed gpgsm cannot read, and that it still says the truth
# about damage.
#
# The messages are made at test time by tests/lib/modern-messages.sh
# (OpenSSL 3, and cms-build.py for EdDSA) and read with `gsmime show`,
# as text and as JSON, in a home with bob's and alice's keys, CRLs served
# on loopback:
#
#   Ed25519, Ed448, RSA-PSS with OpenSSL's maximal salt (on which gpgsm
#   2.2.40 aborts), each detached and opaque: orange unsupported-algorithm,
#   exit 0, the sentence names the algorithm, gpgsm's version and what
#   would read it; never bad-signature, malformed or partial-signature;
#   the body is shown; nothing on standard error.
#   ECDSA, RSA-3072/SHA-512 and RSA-PSS with a digest-length salt, body
#   changed after signing: red bad-signature, as before.
#   A truncated CMS of the unsupported kinds: red malformed.
#
# and what it says when it cannot decrypt (exit 3, the sentence on
# standard error, nothing on standard output, as text and with --json):
#
#   RSA-OAEP to bob, AES-128/256-GCM to bob (16-byte tag), ECDH to
#   ecp256 (whose key is in the home): names bob's or ecp256's
#   certificate, what it uses and what would read it.
#   ECDH to ecp256 before ecp256's key is there, AES-CBC to carol: not
#   encrypted to any of your certificates.
#   AES-CBC to bob with a byte of the encrypted key changed, with its
#   padding changed, or cut short: damaged, never "not encrypted to you".
#   AES-GCM with its tag changed: the engine's limit as for the whole
#   message, since gpgsm cannot read OpenSSL's GCM parameters at all.
#   AES-GCM rewritten to RFC 5084's default 12-byte tag (the parameters
#   without a tag length, the tag cut to 12 bytes): gpgsm decrypts it but
#   never tells GPGME so, which is the engine's limit too; with that tag
#   changed, gpgsm finds it wrong: damaged.
#
# Output is TAP; exit status 77 when a required program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
# shellcheck source=../lib/modern-messages.sh
. "$GSMIME_SRCDIR/tests/lib/modern-messages.sh"
require_gnupg base64

test_start mv bob alice
mm_identities || {
    echo "Bail out! mm_identities failed"
    exit 1
}
msg_entity "$work/text" "Hello Bob," "a modern message." || exit 1
body=$'Hello Bob,\na modern message.'

# make KIND: $work/KIND.eml, KIND's message from its sender to bob.
make() {
    local who=${MM_WHO[${1%-opaque}]:-alice}
    mm_make "$1" "$work/text" "$work/$1.ent" &&
        msg_wrap "$who@example.org" bob@example.org "$1" "$work/$1.ent" \
            "$work/$1.eml"
}

# altered KIND: $work/KIND-altered.eml, KIND's message with its body
# changed after signing.
altered() {
    make "$1" &&
        sed 's/a modern message/a forged message/' "$work/$1.eml" \
            >"$work/$1-altered.eml" &&
        ! cmp -s "$work/$1.eml" "$work/$1-altered.eml"
}

# truncated KIND: $work/KIND-truncated.eml, the opaque KIND with its CMS
# cut to two thirds.
truncated() {
    local der=$work/$1-opaque.der
    make "$1-opaque" && mm_cms "$work/$1-opaque.ent" "$der" &&
        head -c $(($(stat -c %s "$der") * 2 / 3)) "$der" >"$der.cut" &&
        mm_pkcs7_entity "$der.cut" signed-data "$work/$1-truncated.ent" &&
        msg_wrap alice@example.org bob@example.org cut \
            "$work/$1-truncated.ent" "$work/$1-truncated.eml"
}

unsupported_kinds=(ed25519 ed25519-opaque ed448 ed448-opaque pss-max
    pss-max-opaque)
{
    for kind in "${unsupported_kinds[@]}"; do
        make "$kind" || exit 1
    done
    for kind in ecdsa-p256 ecdsa-p384 rsa3072-sha512 pss-digest; do
        altered "$kind" || exit 1
    done
    truncated ed25519 && truncated pss-max
} || {
    echo "Bail out! making the test messages failed"
    exit 1
}

# no_reason NAME CODE: the last JSON output has no reason CODE.
no_reason() {
    tap_not "$1: no reason $2" grep -q ",$2," <<<",$(msg_field reasons),"
}

# unsupported KIND ALGORITHM ADVICE: KIND's message is orange
# unsupported-algorithm, its sentence names ALGORITHM (a regular
# expression), gpgsm's version and ADVICE, in JSON and as text.
unsupported() {
    local kind=$1 algorithm=$2 advice=$3 code
    local who=${MM_WHO[${kind%-opaque}]}@example.org
    msg_show "$GH_HOME" "$work/$kind.eml" --json
    msg_expect "$kind" orange unsupported-algorithm
    tap_like "$(msg_field details)" \
        "^The signature uses $algorithm, which gpgsm 2\.[0-9.]+ cannot check" \
        "$kind: the sentence names the algorithm and gpgsm's version"
    tap_like "$(msg_field details)" "$advice" \
        "$kind: the sentence says what would read it"
    for code in bad-signature malformed partial-signature valid; do
        no_reason "$kind" "$code"
    done
    tap_is "$(msg_field signer)" "$who" "$kind: the signer is named"
    tap_is "$(msg_field body)" "$body" "$kind: the body is shown"
    tap_is "$(cat "$work/err")" "" "$kind: nothing on standard error"
    msg_show "$GH_HOME" "$work/$kind.eml"
    tap_is "$(head -n 1 "$work/out")" \
        "[orange] Signature from $who uses an algorithm this GnuPG cannot check" \
        "$kind: the text output's status line"
    tap_is "$MSG_RC" 0 "$kind: gsmime show exits 0"
}

eddsa_advice='no release of GnuPG checks it yet.*ask the sender for a standard RSA or ECDSA signature'
pss_advice='no release of GnuPG checks it yet.*RSA-PSS whose salt is as long as its digest'
for form in "" -opaque; do
    unsupported "ed25519$form" Ed25519 "$eddsa_advice"
    unsupported "ed448$form" Ed448 "$eddsa_advice"
    unsupported "pss-max$form" "RSA-PSS with a 222-byte salt" "$pss_advice"
done

# What the engine can check stays judged by gpgsm: an altered body is
# still a bad signature.
for kind in ecdsa-p256 ecdsa-p384 rsa3072-sha512 pss-digest; do
    msg_show "$GH_HOME" "$work/$kind-altered.eml" --json
    msg_expect "$kind, body altered" red bad-signature
    no_reason "$kind, body altered" unsupported-algorithm
done

# A damaged CMS stays malformed, whatever algorithm it names.
for kind in ed25519 pss-max; do
    msg_show "$GH_HOME" "$work/$kind-truncated.eml" --json
    msg_expect "$kind, CMS truncated" red malformed
    no_reason "$kind, CMS truncated" unsupported-algorithm
done

# --- Decrypting --------------------------------------------------------------

# can CAPABILITY: whether this engine has CAPABILITY (gsmime doctor).
can() {
    "$GSMIME" doctor --json 2>/dev/null | python3 -c '
import json, sys
caps = json.load(sys.stdin)["capabilities"]
sys.exit(0 if any(c["name"] == sys.argv[1] and c["available"]
                  for c in caps) else 1)' "$1"
}

# enveloped NAME DER: $work/NAME.eml, the enveloped-data DER to bob.
enveloped() {
    mm_pkcs7_entity "$2" enveloped-data "$work/$1.ent" &&
        msg_wrap alice@example.org bob@example.org "$1" "$work/$1.ent" \
            "$work/$1.eml"
}

# changed IN OUT WHERE: the DER IN with one byte changed (XOR 0x55): the
# 100th byte of the encrypted key (WHERE "key"), the last byte of the
# second-to-last cipher block of an AES-CBC object, which is the padding
# of the last one once decrypted (WHERE "padding"), or the last byte of
# the authentication tag of an AES-GCM object (WHERE "tag").
changed() {
    python3 - "$@" <<'PY'
import sys
src, dst, where = sys.argv[1:4]
der = bytearray(open(src, "rb").read())
if where == "key":
    at = der.index(b"\x04\x82\x01\x00") + 4 + 100
elif where == "padding":
    at = len(der) - 17
else:
    at = len(der) - 1
der[at] ^= 0x55
open(dst, "wb").write(der)
PY
}

# short_tag IN OUT: OpenSSL's AES-128-GCM object IN with RFC 5084's
# default tag length: no tag length in its GCM parameters, the tag cut to
# its first 12 bytes (a GCM tag may be cut so).
short_tag() {
    python3 - "$@" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.environ["GSMIME_SRCDIR"], "tests", "lib"))
import badgen
root = badgen.decode(open(sys.argv[1], "rb").read())
params = root.parent_of(root.find_oid("2.16.840.1.101.3.4.1.6")).children[1]
assert params.children[1].tag == 0x02
params.children = params.children[:1]
mac = root.children[1].children[0].children[-1]
assert mac.tag == 0x04 and len(mac.value) == 16
mac.value = mac.value[:12]
open(sys.argv[2], "wb").write(root.encode())
PY
}

# agent_ec_key NAME: NAME's certificate and EC P-256 key in the current
# home.  gpgsm 2.2.40 cannot import an EC PKCS#12, so the key goes into
# gpg-agent's key store directly, unprotected, under the keygrip gpgsm
# gives the certificate.
agent_ec_key() {
    local grip
    test_import "$1"
    grip=$(gh_gpgsm --with-colons --with-keygrip --list-keys \
        "$1@example.org" 2>/dev/null | awk -F: '$1 == "grp" { print $10; exit }')
    [ -n "$grip" ] || return 1
    msg_openssl ec -in "$pki/$1.key" -text -noout 2>/dev/null | python3 -c '
import re, sys
text = sys.stdin.read()
def field(name):
    m = re.search(name + r":\n((?:\s+[0-9a-f:]+\n)+)", text)
    return bytes.fromhex(re.sub(r"[\s:]", "", m.group(1)))
def atom(b):
    return str(len(b)).encode() + b":" + b
d, q = field("priv"), field("pub")
sys.stdout.buffer.write(b"(" + atom(b"private-key") + b"(" + atom(b"ecc")
    + b"(" + atom(b"curve") + atom(b"NIST P-256") + b")(" + atom(b"q")
    + atom(q) + b")(" + atom(b"d") + atom(d) + b")))")
' >"$GH_HOME/private-keys-v1.d/$grip.key"
}

{
    for kind in rsa-oaep aes128-gcm aes256-gcm ecdh-p256 aes256-cbc; do
        make "$kind" && mm_cms "$work/$kind.ent" "$work/$kind.der" || exit 1
    done
    msg_encrypt "$work/text" "$work/to-carol.ent" "$pki/carol.pem" &&
        msg_wrap alice@example.org bob@example.org carol \
            "$work/to-carol.ent" "$work/to-carol.eml" &&
        changed "$work/aes256-cbc.der" "$work/key.der" key &&
        enveloped key-changed "$work/key.der" &&
        changed "$work/aes256-cbc.der" "$work/pad.der" padding &&
        enveloped padding-changed "$work/pad.der" &&
        head -c 400 "$work/aes256-cbc.der" >"$work/cut.der" &&
        enveloped cut "$work/cut.der" &&
        changed "$work/aes128-gcm.der" "$work/gcm.der" tag &&
        enveloped gcm-changed "$work/gcm.der" &&
        GSMIME_SRCDIR=$GSMIME_SRCDIR short_tag "$work/aes128-gcm.der" \
            "$work/gcm12.der" &&
        enveloped gcm12 "$work/gcm12.der" &&
        changed "$work/gcm12.der" "$work/gcm12-bad.der" tag &&
        enveloped gcm12-changed "$work/gcm12-bad.der"
} || {
    echo "Bail out! making the encrypted test messages failed"
    exit 1
}

# cannot_decrypt NAME FILE PATTERN: gsmime show of FILE, as text and with
# --json, exits 3 with the one line "gsmime: " and a sentence matching
# PATTERN on standard error, and prints nothing else.
cannot_decrypt() {
    local name=$1 file=$2 pattern=$3 opt
    for opt in "" --json; do
        msg_show "$GH_HOME" "$file" ${opt:+"$opt"}
        tap_is "$MSG_RC" 3 "$name${opt:+, $opt}: exit status 3"
        tap_like "$(cat "$work/err")" "^gsmime: $pattern" \
            "$name${opt:+, $opt}: what gsmime says"
        tap_is "$(wc -l <"$work/err")" 1 "$name${opt:+, $opt}: one line"
        tap_is "$(cat "$work/out")" "" \
            "$name${opt:+, $opt}: nothing on standard output"
    done
}

engine='gpgsm 2\.[0-9.]+'
bob_cert='The message is encrypted to your certificate for bob@example\.org'
not_yours='The message is not encrypted to any of your certificates'
damaged='The encrypted part is damaged and cannot be decrypted; ask the sender to send it again'

msg_show "$GH_HOME" "$work/aes256-cbc.eml" --json
msg_expect "AES-256-CBC to bob, the control" grey not-signed
tap_is "$(msg_field decrypted)" true "AES-256-CBC to bob: decrypted"

cannot_decrypt "RSA-OAEP to bob" "$work/rsa-oaep.eml" \
    "$bob_cert with RSA-OAEP, which $engine cannot decrypt, and no release of GnuPG decrypts it yet; ask the sender to encrypt it again with RSA PKCS#1 v1\.5 key transport\$"
for kind in aes128-gcm aes256-gcm; do
    cannot_decrypt "$kind to bob" "$work/$kind.eml" \
        "$bob_cert with AES-GCM with a 16-byte tag, as OpenSSL writes it, which $engine cannot decrypt, and no release of GnuPG decrypts it yet; ask the sender to encrypt it again with AES-CBC\$"
done
cannot_decrypt "ECDH to ecp256, whose key bob does not hold" \
    "$work/ecdh-p256.eml" "$not_yours"
cannot_decrypt "AES-CBC to carol" "$work/to-carol.eml" "$not_yours"
cannot_decrypt "AES-CBC to bob, a byte of the encrypted key changed" \
    "$work/key-changed.eml" "$damaged"
cannot_decrypt "AES-CBC to bob, its padding changed" \
    "$work/padding-changed.eml" "$damaged"
cannot_decrypt "AES-CBC to bob, cut short" "$work/cut.eml" \
    "The CMS object is cut off"
cannot_decrypt "AES-GCM to bob, its tag changed" \
    "$work/gcm-changed.eml" "$bob_cert with AES-GCM with a 16-byte tag"
# gpgsm decrypts the 12-byte tag, and checks it.
tap_like "$(gh_gpgsm --decrypt "$work/gcm12.der" 2>/dev/null)" \
    'a modern message' "control: plain gpgsm decrypts AES-GCM with a 12-byte tag"
if can aes-gcm; then
    msg_show "$GH_HOME" "$work/gcm12.eml" --json
    tap_is "$MSG_RC" 0 "AES-GCM with a 12-byte tag: this engine decrypts it"
else
    cannot_decrypt "AES-GCM with a 12-byte tag" "$work/gcm12.eml" \
        "$bob_cert with AES-GCM, which $engine cannot decrypt, and no release of GnuPG decrypts it yet; ask the sender to encrypt it again with AES-CBC\$"
fi
cannot_decrypt "AES-GCM with a 12-byte tag, the tag changed" \
    "$work/gcm12-changed.eml" "$damaged \\(Checksum error\\)"

# ecp256's key in this home: the message is for the user, the engine
# lacks ECDH.
if ! agent_ec_key ecp256; then
    tap_result 1 "ecp256's EC key put into gpg-agent"
elif can ecdh-decrypt; then
    msg_show "$GH_HOME" "$work/ecdh-p256.eml" --json
    tap_is "$MSG_RC" 0 "ECDH to ecp256: this engine decrypts it"
else
    cannot_decrypt "ECDH to ecp256, whose key bob holds" \
        "$work/ecdh-p256.eml" \
        "The message is encrypted to your certificate for ecp256@example\.org with ECDH \(an elliptic-curve certificate\), which $engine cannot decrypt; a newer GnuPG does \(gpgsm 2\.2\.42 or 2\.3\.0 and later\)"
fi

tap_done
