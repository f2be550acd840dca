#!/bin/bash
# claws.sh - the gsmime plugin in the real Claws Mail, under Xvfb.
#
# Starts Debian's claws-mail headless with a configuration made here: one
# account (bob), a local MH mailbox whose inbox holds signed test messages
# made by OpenSSL (tests/lib/messages.sh), and the freshly built plugin
# listed in clawsrc's [Plugins_GTK3] block, which is where Claws records
# the plugins it loads at start-up.  Each message is opened with
# `claws-mail --select`; the plugin writes every verdict it hands to Claws,
# and the text Claws' notice line shows afterwards, to the file named by
# GSMIME_CLAWS_TRACE, and the checks read that file.  A screenshot of the
# screen for each colour goes to tests/logs/claws-COLOUR.png, and one of
# an Ed25519 signature, which this gpgsm cannot check, to
# claws-unsupported.png.
#
# The GnuPG home is a throwaway one (tests/lib/gnupghome.sh) holding bob's
# key; CRLs are served over loopback, so revocation is checked for real.
# Output is TAP; exit status 77 when claws-mail, Xvfb or the plugin is
# missing.

set -u

# shellcheck source=../lib/claws.sh
. "$(dirname "$0")/../lib/claws.sh"
claws_in_xvfb "$0" "$@"

claws_prelude
# shellcheck source=../lib/modern-messages.sh
. "$GSMIME_SRCDIR/tests/lib/modern-messages.sh"

test_cleanup_hook() { claws_kill; }
test_start clw bob

# --- The messages -------------------------------------------------------------

alice=alice@example.org
bob=bob@example.org
msg_entity "$work/text" "Hello Bob," "this is signed." || exit 1

# signed NAME FROM OUT: a multipart/signed message by NAME, From FROM.
signed() {
    msg_sign "$1" "$work/text" "$work/entity" &&
        msg_wrap "$2" "$bob" "Signed by $1" "$work/entity" "$3"
}

{
    signed alice "$alice" "$work/good.eml" &&
        sed 's/this is signed/this is forged/' "$work/good.eml" \
            >"$work/altered.eml" &&
        signed revoked revoked@example.org "$work/revoked.eml" &&
        signed crldown crldown@example.org "$work/crldown.eml" &&
        signed expired expired@example.org "$work/expired.eml" &&
        msg_sign alice "$work/text" "$work/signed-entity" &&
        msg_encrypt "$work/signed-entity" "$work/enveloped" "$pki/bob.pem" &&
        msg_wrap "$alice" "$bob" "Signed, then encrypted" \
            "$work/enveloped" "$work/signed-encrypted.eml" &&
        msg_sign_opaque alice "$work/text" "$work/opaque-entity" &&
        msg_wrap "$alice" "$bob" "Opaque" "$work/opaque-entity" \
            "$work/opaque.eml" &&
        sed '1,/^\r\?$/s/; *smime-type=signed-data//' "$work/opaque.eml" \
            >"$work/untyped.eml" &&
        signed carol carol@example.org "$work/hang.eml" &&
        msg_sign alice "$work/text" "$work/sha1-entity" -md sha1 &&
        msg_wrap "$alice" "$bob" "SHA-1" "$work/sha1-entity" "$work/sha1.eml" &&
        mm_identities eddie &&
        mm_make ed25519 "$work/text" "$work/ed25519-entity" &&
        msg_wrap eddie@example.org "$bob" "Ed25519" "$work/ed25519-entity" \
            "$work/ed25519.eml" &&
        mm_make rsa-oaep "$work/text" "$work/oaep-entity" &&
        msg_wrap "$alice" "$bob" "RSA-OAEP" "$work/oaep-entity" \
            "$work/oaep.eml"
} || {
    echo "Bail out! making the test messages with openssl failed"
    exit 1
}

# --- Claws and its inbox -------------------------------------------------------

claws_make_config "$tmp/claws" "$tmp/Mail" "$bob" Bob || exit 1
# The inbox, in the order the checks below open it.  MH keeps one message
# per file, named by its number, with Unix line ends.
n=0
for m in good altered revoked crldown expired signed-encrypted opaque \
    hang sha1 untyped ed25519 oaep; do
    n=$((n + 1))
    cp "$work/$m.eml" "$claws_mail/inbox/$n" &&
        msg_to_lf "$claws_mail/inbox/$n" || exit 1
done

# --- Running Claws ------------------------------------------------------------

if ! claws_start; then
    echo "Bail out! no plugin, no further checks"
    exit 1
fi
tap_like "$(grep -a '^loaded ' "$claws_trace")" \
    '^loaded system=gsmime name=S/MIME \(gpgsm\)$' \
    "the privacy system is gsmime, \"S/MIME (gpgsm)\""

# open N NAME STATUS CODE TEXT-PATTERN: opens message N and checks the
# verdict the plugin gave Claws and the words Claws then shows.
# OPEN_MS is the longest any of them took from selecting to the notice
# line: what a check costs on this machine now, whatever its load.
VERDICT= NOTICE= OPEN_MS=0
open() {
    local n=$1 name=$2 status=$3 code=$4 text=$5 t0 ms
    t0=$(date +%s%N)
    claws_select "$n"
    if ! claws_wait_for '^notice ' 60; then
        tap_result 1 "$name: Claws shows a verdict"
        claws_trace_since . | sed 's/^/#   trace: /'
        VERDICT= NOTICE=
        return 1
    fi
    ms=$((($(date +%s%N) - t0) / 1000000))
    [ "$ms" -le "$OPEN_MS" ] || OPEN_MS=$ms
    VERDICT=$(claws_trace_since '^verdict ' | tail -n 1)
    NOTICE=$(claws_trace_since '^notice ' | tail -n 1)
    tap_is "$(claws_field "$VERDICT" status)" "$status" "$name: $status"
    tap_is "$(claws_field "$VERDICT" code)" "$code" "$name: reason $code"
    tap_like "$(claws_field "$NOTICE" text)" "$text" \
        "$name: the notice line says what the core said"
    tap_is "$(claws_field "$NOTICE" text)" "$(claws_field "$VERDICT" text)" \
        "$name: Claws shows the plugin's line unchanged"
}

open 1 "good signature (alice)" SIGNATURE_OK valid \
    '^Good signature from alice@example\.org$'
claws_shot green
# The full information behind the notice line's button.
details=$(claws_trace_since '^details ')
alice_fpr=$(msg_fpr "$pki/alice.pem")
tap_like "$details" "Fingerprint: $alice_fpr" \
    "good signature: the full information names the fingerprint"
tap_like "$details" 'Revocation: not revoked \(checked ' \
    "good signature: the full information gives the revocation state"
tap_like "$details" '\[green\] .*\(valid\)' \
    "good signature: the full information lists the reason"
open 2 "body altered after signing" SIGNATURE_INVALID bad-signature \
    '^BAD signature from alice@example\.org'
claws_shot red
open 3 "revoked signer" SIGNATURE_INVALID revoked \
    'revoked@example\.org is REVOKED'
tap_like "$(claws_trace_since '^details ')" \
    'Revocation: REVOKED' "revoked signer: the full information says REVOKED"
open 4 "CRL distribution point refuses connections" SIGNATURE_WARN \
    revocation-unknown 'revocation status is unknown'
claws_shot orange
open 5 "expired signer" SIGNATURE_KEY_EXPIRED expired \
    'had expired when the message was signed'
claws_shot expired

open 6 "signed, then encrypted to bob" SIGNATURE_OK valid \
    '^Good signature from alice@example\.org$'
tap_like "$(claws_trace_since '^decrypt')" \
    '^decrypted type=multipart subtype=signed$' \
    "signed, then encrypted: Claws got the decrypted tree"
claws_shot decrypted

open 7 "opaque signed-data (openssl)" SIGNATURE_OK valid \
    '^Good signature from alice@example\.org$'

open 9 "SHA-1 signature" SIGNATURE_WARN weak-digest \
    'weak digest|SHA1'

# Older clients leave smime-type out.  The plugin once took such a part
# for enveloped-data and had Claws decrypt it, while the core looks at
# the content type inside; now both ask the core, which finds signed-data.
tap_not "opaque signed-data without smime-type: the test message has none" \
    grep -qi 'smime-type' "$work/untyped.eml"
open 10 "opaque signed-data without smime-type" SIGNATURE_OK valid \
    '^Good signature from alice@example\.org$'
tap_not "opaque signed-data without smime-type: no decryption was tried" \
    grep -q '^decrypt-failed ' "$claws_trace"

# gpgsm 2.2.40 calls an Ed25519 signature bad; the core knows it is the
# engine's limit, and Claws says so on its notice line.
open 11 "Ed25519 signature" SIGNATURE_WARN unsupported-algorithm \
    '^Signature from eddie@example\.org uses an algorithm this GnuPG cannot check$'
tap_like "$(claws_trace_since '^details ')" \
    'The signature uses Ed25519, which gpgsm 2\.[0-9.]+ cannot check' \
    "Ed25519 signature: the full information names the algorithm"
claws_shot unsupported

# What this gpgsm cannot decrypt: Claws' notice line carries the core's
# sentence, which names bob's certificate and RSA-OAEP.
claws_select 12
if claws_wait_for '^decrypt-notice ' 60; then
    notice=$(claws_trace_since '^decrypt-notice ' | tail -n 1)
    tap_like "$(claws_field "$notice" text)" \
        "encrypted to your certificate for bob@example\.org with RSA-OAEP, which gpgsm 2\.[0-9.]+ cannot decrypt" \
        "RSA-OAEP to bob: the notice line names the certificate and RSA-OAEP"
    tap_like "$(claws_field "$notice" text)" 'RSA PKCS#1 v1\.5 key transport' \
        "RSA-OAEP to bob: the notice line says what the sender can do"
    tap_not "RSA-OAEP to bob: not called damaged or not encrypted to bob" \
        grep -Eq 'damaged|not encrypted to any' <<<"$notice"
    claws_shot cannot-decrypt
else
    tap_result 1 "RSA-OAEP to bob: Claws shows why it cannot decrypt"
    claws_trace_since . | sed 's/^/#   trace: /'
fi

# --- A revocation server that never answers --------------------------------------

# The CRL server's port now accepts connections and never says a word,
# and dirmngr forgets the CRLs it has: carol's certificate, not asked
# about before, has to be looked up there.  While the check waits, the
# main loop must go on answering (claws_probe_ms).
BUDGET_MS=5000

claws_hang_crls
limit=$(silent_bound_ms "$BUDGET_MS")
started=$(date +%s%N)
claws_select 8
claws_probe_during '^verdict '
claws_probes_ok "revocation server hangs" "$BUDGET_MS" "${idle[@]}"
if claws_wait_for '^notice ' $((BUDGET_MS / 1000 + 30)); then
    elapsed=$((($(date +%s%N) - started) / 1000000))
    VERDICT=$(claws_trace_since '^verdict ' | tail -n 1)
    tap_is "$(claws_field "$VERDICT" status)" SIGNATURE_WARN \
        "revocation server hangs: SIGNATURE_WARN (orange)"
    tap_is "$(claws_field "$VERDICT" code)" revocation-unknown \
        "revocation server hangs: reason revocation-unknown"
    tap_like "$(claws_trace_since '^details ')" \
        'no answer from the revocation server in time' \
        "revocation server hangs: the check was stopped when the budget ran out"
    tap_diag "select to verdict: $elapsed ms (budget $BUDGET_MS ms; an ordinary check took up to $OPEN_MS ms)"
    tap_ok "revocation server hangs: the verdict came before the silent server's end (< $limit ms)" \
        test "$elapsed" -lt "$limit"
    tap_ok "revocation server hangs: dirmngr did reach the silent server" \
        grep -q 'accepted a connection' "$work/hang.log"
    claws_shot timeout
else
    tap_result 1 "revocation server hangs: Claws shows a verdict"
fi

tap_not "no pinentry was started" gh_pinentry_started

# --- Stopping Claws -----------------------------------------------------------

claws_stop
# Claws writes the list of loaded plugins back when it quits.
tap_ok "Claws kept the plugin in its plugin list" \
    grep -qxF "$claws_plugin" "$claws_cfg/clawsrc"
cp "$claws_trace" "$claws_logdir/claws-trace.log" 2>/dev/null

tap_done
