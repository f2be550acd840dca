#!/bin/bash
# verdicts.sh - every row of the verdict table (doc/verdicts.md), checked
# with messages that OpenSSL signed and encrypted; what each must give is
# the table tests/data/verdicts.tsv, read row by row.
#
# OpenSSL is the independent peer here: if gsmime only ever read what
# gpgsm wrote, a shared misreading of CMS or of MIME canonicalisation
# would go unnoticed.  Each message is a whole RFC 5322 message (made by
# tests/lib/messages.sh), read by `gsmime show --json` in a throwaway
# GnuPG home that holds bob's (and alice's) keys and trusts the test root;
# the test checks the colour, the main reason code and the exit status
# (0 for green, orange and grey, 1 for red).  CRLs are served over
# loopback, so revocation is checked for real.  Output is TAP; exit status
# 77 (automake's "skipped") when a required program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
# shellcheck source=../lib/modern-messages.sh
. "$GSMIME_SRCDIR/tests/lib/modern-messages.sh"
require_gnupg

test_start vd bob alice

# --- The messages -----------------------------------------------------------

alice=alice@example.org
bob=bob@example.org
msg_entity "$work/text" "Hello Bob," "this is signed." || exit 1
body=$'Hello Bob,\nthis is signed.\n'

# signed NAME FROM FILE [OPENSSL-OPTION...]: a multipart/signed message
# by NAME, From FROM, to bob.
signed() {
    local name=$1 from=$2 out=$3
    shift 3
    msg_sign "$name" "$work/text" "$work/entity" "$@" &&
        msg_wrap "$from" "$bob" "Signed by $name" "$work/entity" "$out"
}

{
    signed alice "$alice" "$work/good.eml" &&
        signed revoked revoked@example.org "$work/revoked.eml" &&
        signed crldown crldown@example.org "$work/crldown.eml" &&
        signed expired expired@example.org "$work/expired.eml" &&
        signed uma uma@example.net "$work/uma.eml" &&
        signed alice "$alice" "$work/sha1.eml" -md sha1 &&
        signed alice carol@example.org "$work/from-mismatch.eml" &&
        sed 's/this is signed/this is forged/' "$work/good.eml" \
            >"$work/altered.eml" &&
        cp "$work/good.eml" "$work/lf.eml" && msg_to_lf "$work/lf.eml" &&
        msg_append_to_signed_content "$work/good.eml" "$work/footer.eml" \
            "-- " "Sent through the gsmime test list" &&
        msg_sign alice "$work/text" "$work/signed-part" &&
        msg_entity "$work/unsigned-part" "An unsigned note, added later." &&
        msg_mixed "$work/mixed" "$work/signed-part" "$work/unsigned-part" &&
        msg_wrap "$alice" "$bob" "Partly signed" "$work/mixed" \
            "$work/partial.eml" &&
        msg_plain "$alice" "$bob" "Not signed" "$work/unsigned.eml" \
            "Hello Bob," "this is signed." &&
        msg_encrypt "$work/text" "$work/enveloped" "$pki/bob.pem" &&
        msg_wrap "$alice" "$bob" "Encrypted" "$work/enveloped" \
            "$work/encrypted.eml" &&
        msg_sign_opaque alice "$work/text" "$work/opaque-entity" &&
        msg_wrap "$alice" "$bob" "Opaque" "$work/opaque-entity" \
            "$work/opaque.eml" &&
        mm_identities eddie &&
        mm_make ed25519 "$work/text" "$work/ed25519-entity" &&
        msg_wrap eddie@example.org "$bob" "Ed25519" "$work/ed25519-entity" \
            "$work/ed25519.eml" &&
        mm_make pss-max "$work/text" "$work/pss-max-entity" &&
        msg_wrap "$alice" "$bob" "RSA-PSS" "$work/pss-max-entity" \
            "$work/pss-max.eml"
} || {
    echo "Bail out! making the test messages with openssl failed"
    exit 1
}

# Sanity of the inputs themselves, so that a failure below is gsmime's:
# the altered and footer messages really differ in the signed content, and
# the LF message has no CR left.
if cmp -s "$work/good.eml" "$work/altered.eml" ||
    cmp -s "$work/good.eml" "$work/footer.eml" ||
    grep -q $'\r' "$work/lf.eml" || ! grep -q $'\r$' "$work/good.eml"; then
    echo "Bail out! the test messages are not what they should be"
    exit 1
fi

# --- Reading them -----------------------------------------------------------

# Each row is three checks (msg_expect: the colour, the main reason code
# and the exit status that goes with the colour), and those its "also"
# column asks for.
#
# also NAME CHECK: one more check of the JSON output of the last row, as
# the table's "also" column writes it.
also() {
    local name=$1 check=$2
    case $check in
        body) tap_is "$(msg_field body)" "${body%$'\n'}" "$name: body text" ;;
        reasons+*) tap_like ",$(msg_field reasons)," ",${check#reasons+}," \
            "$name: reason ${check#reasons+}" ;;
        reasons-*) tap_not "$name: no reason ${check#reasons-}" \
            grep -q ",${check#reasons-}," <<<",$(msg_field reasons)," ;;
        *=*) tap_is "$(msg_field "${check%%=*}")" "${check#*=}" \
            "$name: \"${check%%=*}\": ${check#*=}" ;;
        *~*) tap_like "$(msg_field "${check%%~*}")" "${check#*~}" \
            "$name: ${check%%~*} match ${check#*~}" ;;
        *) tap_result 1 "$name: unknown check \"$check\" in verdicts.tsv" ;;
    esac
}

# What some rows need besides: before_MESSAGE runs before the row is read,
# after_MESSAGE after its checks ("-" in MESSAGE becomes "_").

after_good() {
    tap_ok "good signature: revocation checked against inter.crl" \
        grep -q 'GET /inter.crl' "$GH_HOME/http.log"
    msg_show "$GH_HOME" "$work/good.eml"
    tap_is "$(head -n 1 "$work/out")" \
        "[green] Good signature from alice@example.org" \
        "text output: first line is the status bar"
}

# The same text, signed opaque by gsmime itself (alice's key is in this
# home too), then read back.
before_gsmime_opaque() {
    if timeout 60 "$GSMIME" sign --opaque --homedir "$GH_HOME" \
        "$work/unsigned.eml" >"$work/gsmime-opaque.eml" 2>"$work/err"; then
        tap_result 0 "gsmime sign --opaque: exit status 0"
    else
        tap_result 1 "gsmime sign --opaque: exit status 0"
        head -n 5 "$work/err" | sed 's/^/#   /'
    fi
    tap_like "$(msg_header "$work/gsmime-opaque.eml" Content-Type)" \
        '^application/(x-)?pkcs7-mime;.*smime-type="?signed-data' \
        "gsmime sign --opaque: application/pkcs7-mime signed-data"
}

# No "do you trust this root?" pop-up.  uma's chain ends in a root no home
# trusts.  gpgsm then asks gpg-agent to mark the root trusted, and the
# agent, unless told no-allow-mark-trusted, starts a pinentry.  Reading
# mail must never do that.  The home's pinentry-program records any start
# and fails at once, so the test cannot hang on it either way.
#
# First the control: without the agent option, plain gpgsm in this home
# does start a pinentry for uma, so the checks after it mean something.
# Then gsmime, reading the same signer's mail in that home, starts none:
# it switches the agent's question off (gpg-agent.conf) before it reads.
before_uma() {
    sed -i '/no-allow-mark-trusted/d' "$GH_HOME/gpg-agent.conf"
    gpgconf --homedir "$GH_HOME" --reload gpg-agent
    rm -f "$GH_HOME/pinentry.log"
    msg_openssl cms -sign -binary -in "$work/text" -signer "$pki/uma.pem" \
        -inkey "$pki/uma.key" -certfile "$pki/untrusted-root.pem" \
        -outform DER -out "$work/uma.der"
    timeout 60 gpgsm --homedir "$GH_HOME" --batch --verify "$work/uma.der" \
        "$work/text" >/dev/null 2>&1
    tap_ok "control: plain gpgsm in this home does start a pinentry for uma" \
        gh_pinentry_started

    sed -i '/no-allow-mark-trusted/d' "$GH_HOME/gpg-agent.conf"
    gpgconf --homedir "$GH_HOME" --reload gpg-agent
    gpgconf --homedir "$GH_HOME" --kill gpgsm 2>/dev/null
    rm -f "$GH_HOME/pinentry.log"
}

after_uma() {
    tap_not "untrusted root: no timeout" [ "$MSG_RC" -eq 124 ]
    tap_not "untrusted root: no pinentry started" gh_pinentry_started
    tap_ok "untrusted root: gpg-agent.conf now forbids the trust question" \
        grep -q '^no-allow-mark-trusted' "$GH_HOME/gpg-agent.conf"
}

# The table, on its own descriptor: what a row runs must not read it.
while IFS=$'\t' read -r -u 3 msg colour code checks name _; do
    case $msg in '#'* | '') continue ;; esac
    hook=${msg//-/_}
    ! declare -F "before_$hook" >/dev/null || "before_$hook"
    msg_show "$GH_HOME" "$work/$msg.eml" --json
    msg_expect "$name" "$colour" "$code"
    read -ra more <<<"$checks"
    for check in "${more[@]}"; do
        [ "$check" = - ] || also "$name" "$check"
    done
    ! declare -F "after_$hook" >/dev/null || "after_$hook"
done 3<"$GSMIME_SRCDIR/tests/data/verdicts.tsv"

tap_done
