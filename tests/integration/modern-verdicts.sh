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

tap_done
