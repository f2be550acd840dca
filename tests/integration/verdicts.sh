#!/bin/bash
# verdicts.sh - every row of the verdict table (doc/verdicts.md), checked
# with messages that OpenSSL signed and encrypted.
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
require_programs gpgsm gpg-agent dirmngr gpgconf gpg-connect-agent openssl python3 timeout

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
            "$work/opaque.eml"
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

# row NAME MSG COLOUR CODE: one row of the table, three checks: the
# colour, the main reason code and the exit status that goes with the
# colour.
row() {
    local name=$1 msg=$2 colour=$3 code=$4 rc=0
    [ "$colour" = red ] && rc=1
    msg_show "$GH_HOME" "$msg" --json
    tap_is "$(msg_field status)" "$colour" "$name: $colour"
    tap_is "$(msg_first_reason)" "$code" "$name: reason $code"
    tap_is "$MSG_RC" "$rc" "$name: exit status $rc"
    if [ "$MSG_RC" -ne "$rc" ] && [ -s "$work/err" ]; then
        head -n 5 "$work/err" | sed 's/^/#   /'
    fi
}

row "good signature (alice)" "$work/good.eml" green valid
tap_is "$(msg_field signer)" "$alice" "good signature: signer is alice"
tap_is "$(msg_field body)" "${body%$'\n'}" "good signature: body text"
if grep -q 'GET /inter.crl' "$GH_HOME/http.log"; then
    tap_result 0 "good signature: revocation checked against inter.crl"
else
    tap_result 1 "good signature: revocation checked against inter.crl"
fi

msg_show "$GH_HOME" "$work/good.eml"
tap_is "$(head -n 1 "$work/out")" \
    "[green] Good signature from alice@example.org" \
    "text output: first line is the status bar"

row "body altered after signing" "$work/altered.eml" red bad-signature
row "revoked signer" "$work/revoked.eml" red revoked
row "CRL distribution point refuses connections" "$work/crldown.eml" \
    orange revocation-unknown
row "SHA-1 digest" "$work/sha1.eml" orange weak-digest
row "From differs from the signer" "$work/from-mismatch.eml" \
    orange from-mismatch
row "expired signer" "$work/expired.eml" red expired
row "signed part beside an unsigned part" "$work/partial.eml" \
    orange partial-signature
tap_like "$(msg_field details)" "1\\.2" \
    "signed part beside an unsigned part: reasons name part 1.2"
row "signed message stored with bare LF" "$work/lf.eml" green valid
tap_is "$(msg_field body)" "${body%$'\n'}" "bare LF: body text"
row "footer appended inside the signed content" "$work/footer.eml" \
    red bad-signature
row "unsigned message" "$work/unsigned.eml" grey not-signed
tap_is "$(msg_field signed)" false "unsigned message: \"signed\": false"

row "encrypted only (openssl to bob)" "$work/encrypted.eml" grey not-signed
tap_is "$(msg_field encrypted)" true "encrypted only: \"encrypted\": true"
tap_is "$(msg_field decrypted)" true "encrypted only: \"decrypted\": true"
tap_like ",$(msg_field reasons)," ",encrypted," \
    "encrypted only: reason encrypted"
tap_is "$(msg_field body)" "${body%$'\n'}" "encrypted only: body text"

row "opaque signed-data (openssl)" "$work/opaque.eml" green valid
tap_is "$(msg_field body)" "${body%$'\n'}" "opaque signed-data: body text"

# The same text, signed opaque by gsmime itself (alice's key is in this
# home too), then read back.
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
row "opaque signed-data (gsmime sign --opaque)" "$work/gsmime-opaque.eml" \
    green valid

# --- No "do you trust this root?" pop-up --------------------------------------

# uma's chain ends in a root no home trusts.  gpgsm then asks gpg-agent to
# mark the root trusted, and the agent, unless told no-allow-mark-trusted,
# starts a pinentry.  Reading mail must never do that.  The home's
# pinentry-program records any start and fails at once, so the test cannot
# hang on it either way.
#
# First the control: without the agent option, plain gpgsm in this home
# does start a pinentry for uma, so the checks after it mean something.
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

# gsmime, reading the same signer's mail in that home, starts none: it
# switches the agent's question off (gpg-agent.conf) before it reads.
sed -i '/no-allow-mark-trusted/d' "$GH_HOME/gpg-agent.conf"
gpgconf --homedir "$GH_HOME" --reload gpg-agent
gpgconf --homedir "$GH_HOME" --kill gpgsm 2>/dev/null
rm -f "$GH_HOME/pinentry.log"
row "untrusted root (uma), agent allowed marking trusted" "$work/uma.eml" \
    red untrusted-chain
tap_not "untrusted root: no timeout" [ "$MSG_RC" -eq 124 ]
tap_not "untrusted root: no pinentry started" gh_pinentry_started
tap_ok "untrusted root: gpg-agent.conf now forbids the trust question" \
    grep -q '^no-allow-mark-trusted' "$GH_HOME/gpg-agent.conf"

tap_done
