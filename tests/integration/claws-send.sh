#!/bin/bash
# claws-send.sh - writing mail with the gsmime plugin in the real Claws
# Mail, under Xvfb.
#
# Starts Debian's claws-mail headless with a configuration made here: one
# account (bob) whose default privacy system is gsmime, with signing and
# encryption on by default, and whose SMTP server is a sink on loopback
# (tests/lib/smtp-sink.py) that keeps every message it is sent.  Each
# message is composed with `claws-mail --compose mailto:...` and sent
# with Ctrl+Return, pressed into the compose window by xdotool; the
# dialog the plugin shows for recipients without a usable certificate is
# answered the same way.  What the plugin did is read from its trace
# (GSMIME_CLAWS_TRACE); what went out is checked with OpenSSL, an S/MIME
# implementation independent of gpgsm, and with `gsmime show`.
# Screenshots of the compose window and the dialog go to tests/logs/.
#
# What is sent, in order: (1) signed and encrypted, with a binary
# attachment; (2) recipients without a usable certificate: the dialog,
# Cancel (nothing sent), then Send unencrypted; (3) a certificate whose
# revocation status cannot be learnt: Encrypt anyway; (3b) a revocation
# server that never answers: Claws' main loop stays free meanwhile; then,
# with Claws started again for each: (4) opaque signing and automatic
# encryption from the plugin's preferences; (5) the account's own
# signing and encryption certificates, and a reply to encrypted mail,
# encrypted by Claws' own rule without signing.
#
# Output is TAP; exit status 77 when claws-mail, Xvfb, xdotool or the
# plugin is missing.

set -u

# shellcheck source=../lib/claws.sh
. "$(dirname "$0")/../lib/claws.sh"
claws_in_xvfb "$0" "$@"

claws_prelude xdotool
# shellcheck source=../lib/claws-compose.sh
. "$GSMIME_SRCDIR/tests/lib/claws-compose.sh"

test_cleanup_hook() {
    claws_kill
    claws_sink_stop
}
test_start cls bob

bob=bob@example.org

# fpr NAME: the SHA-1 fingerprint of NAME's certificate, as gpgsm writes it.
fpr() { msg_fpr "$pki/$1.pem"; }

# --- The SMTP sink and Claws ---------------------------------------------------

claws_sink_start
claws_send_config "$bob" Bob || exit 1

# One message in the inbox, signed by alice and encrypted to bob, to
# reply to.
{
    msg_entity "$work/plans" "Hello Bob," "the plans are ready." &&
        msg_sign alice "$work/plans" "$work/plans.signed" &&
        msg_encrypt "$work/plans.signed" "$work/plans.enveloped" \
            "$pki/bob.pem" &&
        msg_wrap alice@example.org "$bob" "Plans" "$work/plans.enveloped" \
            "$claws_mail/inbox/1" &&
        msg_to_lf "$claws_mail/inbox/1"
} || {
    echo "Bail out! making the inbox message with openssl failed"
    exit 1
}

if ! claws_start; then
    echo "Bail out! no plugin, no further checks"
    exit 1
fi

# attachment MESSAGE NAME: the decoded bytes of the part named NAME in
# the MIME entity MESSAGE, on standard output.
attachment() {
    python3 - "$1" "$2" <<'EOF'
import email, email.policy, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                     policy=email.policy.default)
for part in msg.walk():
    if part.get_filename() == sys.argv[2]:
        sys.stdout.buffer.write(part.get_payload(decode=True))
EOF
}

# --- 1. Signed and encrypted to alice ----------------------------------------------

tap_diag "1: signed and encrypted to alice, with a binary attachment"
head -c 3000 /dev/urandom >"$work/figures.bin" || exit 1
claws_mark
w=$(claws_compose 'alice@example.org?subject=Report&body=Hello%20Alice,%0Athe%20figures%20are%20attached.' Report "$work/figures.bin")
tap_ok "a compose window opens for alice" test -n "$w"
claws_shot compose-signed-encrypted
claws_press "$w" ctrl+Return
tap_ok "alice: the sink receives the message" claws_wait_mail 1 60
signed=$(claws_trace_since '^signed ' | tail -n 1)
encrypted=$(claws_trace_since '^encrypted ' | tail -n 1)
tap_is "$(claws_field "$signed" signer)" "$(fpr bob)" \
    "alice: signed with bob's own key"
tap_is "$(claws_field "$signed" mode)" detached "alice: a detached signature"
tap_is "$(claws_field "$signed" digest)" sha-256 "alice: micalg sha-256"
tap_is "$(claws_field "$encrypted" recipients)" 2 \
    "alice: encrypted to two certificates"
tap_is "$(claws_field "$encrypted" addresses)" "alice@example.org,$bob" \
    "alice: the recipient and the sender"
tap_not "alice: no recipient dialog" claws_trace_since '^recipient-dialog '

m=$sink/1.eml
tap_like "$(cat "$sink/1.env")" "^to alice@example\.org$" \
    "alice: the envelope goes to alice"
tap_like "$(msg_header "$m" Content-Type)" \
    '^application/pkcs7-mime;.*smime-type=("?)enveloped-data' \
    "alice: the message is application/pkcs7-mime enveloped-data"
tap_not "alice: the text is not readable on the wire" grep -q 'figures' "$m"
tap_ok "alice: openssl decrypts it with alice's key" \
    msg_decrypt alice "$m" "$work/1.inner"
tap_ok "alice: openssl decrypts it with bob's key (the sent copy)" \
    msg_decrypt bob "$m" "$work/1.inner-bob"
tap_like "$(msg_header "$work/1.inner" Content-Type)" \
    '^multipart/signed;.*protocol="?application/pkcs7-signature' \
    "alice: inside, multipart/signed"
tap_ok "alice: openssl verifies the signature against the test root" \
    msg_verify "$work/1.inner" "$work/1.content" "$work/1.signer"
tap_is "$(msg_openssl x509 -in "$work/1.signer" -noout -email 2>&1)" \
    "$bob" "alice: the signer is bob"
tap_like "$(tr -d '\r' <"$work/1.content")" 'the figures are attached\.' \
    "alice: the signed content is the text Claws sent"
tap_ok "alice: the signed content holds the attachment, byte for byte" \
    cmp -s "$work/figures.bin" <(attachment "$work/1.content" figures.bin)
msg_openssl cms -verify -noverify -in "$work/1.inner" -out /dev/null \
    -certsout "$work/1.certs" 2>/dev/null
tap_ok "alice: the signature carries the intermediate CA certificate" \
    grep -q "Intermediate" <(msg_openssl crl2pkcs7 -nocrl \
        -certfile "$work/1.certs" | msg_openssl pkcs7 -print_certs -noout)
msg_show "$GH_HOME" "$m" --json
tap_is "$(msg_field status)" green "alice: gsmime show says green"
tap_is "$(msg_field encrypted)" true "alice: gsmime show says encrypted"
# What Claws keeps in its Sent folder is what went out, encrypted.
sent=$(find "$claws_mail/sent" -type f -name '[0-9]*' | head -n 1)
tap_ok "alice: Claws keeps a copy in Sent" test -n "$sent"
tap_not "alice: the Sent copy is not readable without a key" \
    grep -q 'figures' "${sent:-/dev/null}"

# --- 2. Recipients without a usable certificate --------------------------------

tap_diag "2: nobody (no certificate) and revoked (revoked certificate)"
claws_ask_about nobody \
    'nobody@example.org?cc=revoked@example.org&subject=Unreachable&body=Hello%20nobody.' \
    Unreachable "no certificate"
tap_is "$(claws_field "$refused" addresses)" \
    "nobody@example.org,revoked@example.org" \
    "no certificate: the dialog names both addresses"
tap_is "$(claws_field "$refused" codes)" "no-certificate,revoked" \
    "no certificate: with their reasons"
tap_is "$(claws_field "$(claws_trace_since '^recipient-dialog ')" buttons)" \
    "cancel,unencrypted" \
    "no certificate: Cancel or Send unencrypted, no Encrypt anyway"
claws_shot recipient-dialog
claws_press "$d" Escape
claws_wait_for '^encrypt-choice ' 10
tap_like "$(claws_trace_since '^encrypt-choice ')" 'answer=cancel$' \
    "no certificate: Escape cancels"
# Claws then says that it could not queue the message.
e=$(claws_find_window '^Error$' 30)
tap_ok "no certificate: Claws says the message was not queued" test -n "$e"
[ -n "$e" ] && claws_press "$e" Return
sleep 3
tap_is "$(claws_sink_count)" 1 "no certificate, cancelled: nothing was sent"
tap_not "no certificate, cancelled: nothing was signed" \
    claws_trace_since '^signed '
tap_is "$(find "$claws_mail/queue" -type f -name '[0-9]*' | wc -l)" 0 \
    "no certificate, cancelled: nothing waits in the queue"

# The same window again, and this time send it unencrypted.
claws_mark
claws_press "$w" ctrl+Return
d=$(claws_find_window "$CLAWS_DIALOG" 60)
tap_ok "no certificate: asked again" test -n "$d"
claws_press "$d" alt+u
claws_wait_for '^encrypt-choice ' 10
tap_like "$(claws_trace_since '^encrypt-choice ')" 'answer=unencrypted$' \
    "no certificate: the user chose Send unencrypted"
tap_ok "unencrypted: the sink receives the message" claws_wait_mail 2 60
m=$sink/2.eml
tap_like "$(msg_header "$m" Content-Type)" \
    '^multipart/signed;.*protocol="?application/pkcs7-signature' \
    "unencrypted: multipart/signed, not encrypted"
tap_not "unencrypted: the plugin encrypted nothing" \
    claws_trace_since '^encrypted '
tap_ok "unencrypted: openssl verifies the signature" \
    msg_verify "$m" "$work/2.content"
tap_like "$(tr -d '\r' <"$work/2.content")" 'Hello nobody\.' \
    "unencrypted: the signed content is the text"
msg_show "$GH_HOME" "$m" --json
tap_is "$(msg_field status)" green "unencrypted: gsmime show says green"

# --- 3. A certificate whose revocation status cannot be learnt -----------------

# crldown's CRL distribution point refuses connections: the core cannot
# say whether the certificate is revoked, and only the user may accept
# that.
tap_diag "3: crldown (revocation status unknown)"
claws_ask_about crldown \
    'crldown@example.org?subject=Unchecked&body=Hello%20crldown.' \
    Unchecked "revocation unknown"
tap_is "$(claws_field "$refused" codes)" unchecked \
    "revocation unknown: the reason is unchecked"
tap_is "$(claws_field "$(claws_trace_since '^recipient-dialog ')" buttons)" \
    "cancel,unencrypted,anyway" "revocation unknown: Encrypt anyway is offered"
claws_shot recipient-dialog-unchecked
claws_press "$d" alt+e
claws_wait_for '^encrypt-choice ' 10
tap_like "$(claws_trace_since '^encrypt-choice ')" 'answer=anyway$' \
    "revocation unknown: the user chose Encrypt anyway"
tap_ok "encrypt anyway: the sink receives the message" claws_wait_mail 3 60
m=$sink/3.eml
tap_is "$(claws_field "$(claws_trace_since '^encrypted ')" addresses)" \
    "crldown@example.org,$bob" "encrypt anyway: to crldown and the sender"
tap_ok "encrypt anyway: openssl decrypts it with crldown's key" \
    msg_decrypt crldown "$m" "$work/3.inner"
tap_ok "encrypt anyway: the content verifies" \
    msg_verify "$work/3.inner" "$work/3.content"

# --- 3b. A revocation server that never answers -----------------------------

# Carol's certificate has not been checked yet, and her CRL distribution
# point now accepts connections and never says a word.  Choosing her
# certificate waits for the whole budget; Claws waits for the plugin,
# and its main loop must go on answering meanwhile (claws_probe_ms, as
# tests/integration/claws.sh does for reading).
tap_diag "3b: carol, whose revocation server never answers"
BUDGET_MS=5000

claws_hang_crls
claws_mark
w=$(claws_compose 'carol@example.org?subject=Hanging&body=Hello%20carol.' Hanging)
tap_ok "a compose window opens for carol" test -n "$w"
limit=$(silent_bound_ms "$BUDGET_MS")
claws_press "$w" ctrl+Return
started=$(date +%s%N)
claws_probe_during '^recipient-dialog '
claws_probes_ok "revocation server hangs" "$BUDGET_MS" "${idle[@]}"
d=$(claws_find_window "$CLAWS_DIALOG" $((BUDGET_MS / 1000 + 30)))
elapsed=$((($(date +%s%N) - started) / 1000000))
tap_ok "revocation server hangs: the plugin asks what to do" test -n "$d"
tap_diag "send to dialog: $elapsed ms (budget $BUDGET_MS ms)"
tap_ok "revocation server hangs: the dialog came before the silent server's end (< $limit ms)" \
    test "$elapsed" -lt "$limit"
tap_is "$(claws_field "$(claws_trace_since '^encrypt-refused ')" codes)" \
    unchecked "revocation server hangs: the reason is unchecked"
tap_ok "revocation server hangs: dirmngr did reach the silent server" \
    grep -q 'accepted a connection' "$work/hang.log"
[ -n "$d" ] && claws_press "$d" Escape
e=$(claws_find_window '^Error$' 30)
[ -n "$e" ] && claws_press "$e" Return
gh_stop_server "$GH_SERVER_PID"
gh_serve_crls "$pki" "$port" || exit 1

claws_stop

# --- 4. Opaque signing and automatic encryption --------------------------------

# The plugin's preferences (the [gsmime] block of clawsrc, plugin/claws/
# prefs.c): signed-data instead of multipart/signed, and encryption
# turned on by the plugin whenever every recipient has a certificate.
# The account no longer encrypts by default.  Claws starts again to read
# them.
opaque_and_automatic() {
    local w m
    sed -i 's/^default_encrypt=1$/default_encrypt=0/' "$claws_cfg/accountrc"
    printf '\n[gsmime]\nopaque_signing=1\nauto_encrypt=1\n' >>"$claws_cfg/clawsrc"
    claws_mark
    if ! claws_start; then
        echo "Bail out! Claws did not start again"
        exit 1
    fi

    claws_mark
    w=$(claws_compose 'alice@example.org?subject=Opaque&body=Hello%20Alice,%20opaque%20this%20time.' Opaque)
    tap_ok "a compose window opens for alice, encryption off" test -n "$w"
    claws_shot compose-signed-only
    claws_press "$w" ctrl+Return
    tap_ok "auto-encrypt: the sink receives the message" claws_wait_mail 4 60
    tap_like "$(claws_trace_since '^auto-encrypt ')" 'state=on recipients=1$' \
        "auto-encrypt: every recipient has a certificate, encryption turned on"
    tap_is "$(claws_field "$(claws_trace_since '^signed ')" mode)" opaque \
        "auto-encrypt: opaque signature, as the preferences say"
    tap_is "$(claws_field "$(claws_trace_since '^encrypted ')" addresses)" \
        "alice@example.org,$bob" "auto-encrypt: to alice and the sender"
    m=$sink/4.eml
    tap_ok "auto-encrypt: openssl decrypts it with alice's key" \
        msg_decrypt alice "$m" "$work/4.inner"
    tap_like "$(msg_header "$work/4.inner" Content-Type)" \
        '^application/pkcs7-mime;.*smime-type="?signed-data' \
        "opaque: inside, application/pkcs7-mime signed-data"
    tap_ok "opaque: openssl verifies the signed-data" \
        msg_verify "$work/4.inner" "$work/4.content"
    tap_like "$(msg_openssl cms -cmsout -print -in "$work/4.inner" |
        grep -A1 'digestAlgorithm:' | grep 'algorithm:')" \
        'algorithm: sha256 ' "opaque: the digest is SHA-256"
    tap_like "$(tr -d '\r' <"$work/4.content")" 'opaque this time\.' \
        "opaque: the signed content is the text"
    msg_show "$GH_HOME" "$m" --json
    tap_is "$(msg_field status)" green "opaque: gsmime show says green"

    claws_mark
    w=$(claws_compose 'nobody@example.org?subject=Plain&body=Hello%20nobody,%20signed%20only.' Plain)
    tap_ok "a compose window opens for nobody, encryption off" test -n "$w"
    claws_press "$w" ctrl+Return
    tap_ok "no certificate, encryption off: the sink receives the message" \
        claws_wait_mail 5 60
    tap_like "$(claws_trace_since '^auto-encrypt ')" \
        'state=off because=no-certificate nobody@example\.org$' \
        "no certificate: encryption stays off, and the trace says why"
    tap_not "no certificate, encryption off: no dialog" \
        claws_trace_since '^recipient-dialog '
    m=$sink/5.eml
    tap_like "$(msg_header "$m" Content-Type)" \
        '^application/pkcs7-mime;.*smime-type="?signed-data' \
        "signed only: application/pkcs7-mime signed-data"
    tap_ok "signed only: openssl verifies it" msg_verify "$m" "$work/5.content"
    claws_stop
}

tap_diag "4: opaque signing, automatic encryption"
if grep -q opaque_signing "$claws_plugin"; then
    opaque_and_automatic
else
    tap_skip "opaque signing and automatic encryption" \
        "this plugin has no preferences to ask for them"
fi

# --- 5. The account's own certificates ------------------------------------------

# The account's S/MIME page (plugin/claws/prefs-account.c) names the
# certificate that signs and the one the sender's copy is encrypted to;
# Claws keeps the choice base64-encoded in accountrc's privacy_prefs.
# Here they are ones bob cannot use as himself, so that the plugin is
# seen to take them: carol's certificate for encryption (gsmime takes the
# user's word for it) and alice's for signing, whose key bob does not
# have, so that signing fails and Claws sends nothing.
account_certificates() {
    local w choice e before main
    before=$(claws_sink_count)
    choice=$(printf 'sign=%s;encrypt=%s' "$(fpr alice)" "$(fpr carol)" |
        base64 -w0)
    printf 'privacy_prefs=gsmime=%s\n' "$choice" >>"$claws_cfg/accountrc"
    claws_mark
    if ! claws_start; then
        echo "Bail out! Claws did not start again"
        exit 1
    fi
    claws_mark
    w=$(claws_compose 'alice@example.org?subject=Chosen&body=Hello%20Alice.' Chosen)
    tap_ok "a compose window opens, with the account's own certificates" \
        test -n "$w"
    claws_press "$w" ctrl+Return
    claws_wait_for '^sign-failed ' 60
    tap_like "$(claws_field "$(claws_trace_since '^encrypt-keys ')" keys)" \
        "^$(fpr alice):alice@example\.org $(fpr carol):$bob\$" \
        "account certificates: the sender's copy goes to the chosen certificate"
    tap_like "$(claws_trace_since '^sign-failed ')" \
        "signing certificate chosen for this account \\($(fpr alice)\\) cannot sign" \
        "account certificates: the chosen signing certificate is the one asked for"
    e=$(claws_find_window '^Error$' 30)
    tap_ok "account certificates: Claws says signing failed" test -n "$e"
    claws_shot signing-failed
    [ -n "$e" ] && claws_press "$e" Return
    sleep 2
    tap_is "$(claws_sink_count)" "$before" "account certificates: nothing was sent"
    claws_stop
    # Claws kept the unsent message as a draft, encrypted with what the
    # plugin chose for it, and would open it again at the next start
    # (compose_reopen_exit_drafts); it is encrypted to carol's
    # certificate, which bob cannot open, so it is not reopened.
    tap_ok "account certificates: Claws kept the message as a draft" \
        test -f "$claws_cfg/drafted_at_exit"
    tap_not "account certificates: the draft is not readable on disk" \
        grep -rq 'Hello Alice' "$claws_mail/draft"
    rm -f "$claws_cfg/drafted_at_exit"

    # A reply to encrypted mail, with neither signing nor encryption on
    # for the account and no automatic encryption: Claws' own rule (the
    # account's "encrypt replies to encrypted messages", on by default)
    # turns encryption on, through the privacy system that can read the
    # message.  Nothing turns signing on, so the body Claws made goes
    # into the envelope as it is.
    sed -i 's/^default_sign=1$/default_sign=0/' "$claws_cfg/accountrc"
    sed -i 's/^auto_encrypt=1$/auto_encrypt=0/' "$claws_cfg/clawsrc"
    claws_mark
    if ! claws_start; then
        echo "Bail out! Claws did not start again"
        exit 1
    fi
    claws_select 1
    claws_wait_for '^decrypted ' 60
    main=$(claws_find_window ' - Claws Mail ' 10)
    w=
    [ -n "$main" ] && claws_press "$main" ctrl+r && w=$(claws_find_window '^Re: Plans - Compose message$' 30)
    tap_ok "a reply to the encrypted message opens" test -n "$w"
    claws_shot compose-reply
    claws_press "$w" ctrl+Return
    tap_ok "reply: the sink receives the message" claws_wait_mail $((before + 1)) 60
    m=$sink/$((before + 1)).eml
    tap_not "reply: nothing was signed" claws_trace_since '^signed '
    tap_ok "reply: openssl decrypts it with alice's key" \
        msg_decrypt alice "$m" "$work/reply.inner"
    tap_ok "reply: the sender's copy opens with the chosen certificate's key" \
        msg_decrypt carol "$m" "$work/reply.carol"
    tap_like "$(msg_header "$work/reply.inner" Content-Type)" '^text/plain' \
        "reply: inside, the text/plain body"
    tap_like "$(tr -d '\r' <"$work/reply.inner")" '^> the plans are ready\.' \
        "reply: the quoted text travels encrypted"
    claws_stop
}

tap_diag "5: the account's own certificates"
if grep -q prefs_account_get_privacy_prefs "$claws_plugin"; then
    account_certificates
else
    tap_skip "the account's own certificates" \
        "this plugin has no account preferences"
fi

tap_not "no pinentry was started" gh_pinentry_started
cp "$claws_trace" "$claws_logdir/claws-send-trace.log" 2>/dev/null

tap_done
