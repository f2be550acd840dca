#!/bin/bash
# claws-ec.sh - elliptic-curve certificates when writing mail with the
# gsmime plugin in the real Claws Mail, under Xvfb.
#
# Claws is driven as in claws-send.sh (tests/lib/claws-compose.sh): an
# account that signs and encrypts by default and sends to an SMTP sink.
# ecp256 has an EC P-256 certificate whose key came from a PKCS#12 file
# through gsmime import, kept by gpg-agent under a passphrase that the
# fake pinentry types.
#
#   1. ecp256 writes to alice, encrypted and signed.  gpgsm 2.2.40 cannot
#      encrypt with ECDH, so ecp256's own copy cannot be encrypted: the
#      recipient dialog names ecp256 with ECDH and the fixes, never "not
#      for encryption", and offers no "Encrypt anyway".  Send unencrypted
#      then gives an ECDSA signature, the passphrase typed once at the
#      pinentry, that OpenSSL verifies and gsmime show calls green.
#   2. bob (RSA) writes to ecp256 and alice: the dialog names ecp256
#      alone, with the same words; Cancel sends nothing.
#
# With an engine that encrypts with ECDH there is no dialog to see, and
# the dialogs are skipped (the signing is still checked).  Screenshots go
# to tests/logs/.  Output is TAP; exit status 77 when claws-mail, Xvfb,
# xdotool or the plugin is missing.

set -u

# shellcheck source=../lib/claws.sh
. "$(dirname "$0")/../lib/claws.sh"
claws_in_xvfb "$0" "$@"

claws_prelude xdotool
# shellcheck source=../lib/claws-compose.sh
. "$GSMIME_SRCDIR/tests/lib/claws-compose.sh"
# shellcheck source=../lib/keys.sh
. "$GSMIME_SRCDIR/tests/lib/keys.sh"

test_cleanup_hook() {
    claws_kill
    claws_sink_stop
}
test_start cle bob
test_pki --key ecp256 ec-p256
test_pki --user inter ecp256 "" ""
pass="Ec-s3cret"
key_import_protected "$GH_HOME" ecp256 "$pass"
ec=ecp256@example.org
claws_sink_start

ECDH_WORDS='^ecp256@example\.org: the certificate has an elliptic-curve key, to which mail is encrypted with ECDH, and gpgsm [0-9.]+ cannot encrypt with ECDH; get an RSA certificate for this address, or update to GnuPG 2\.2\.44 or 2\.4$'

if key_engine_encrypts_ecdh; then
    ecdh_encrypts=yes
else
    ecdh_encrypts=no
fi

# ecdh_dialog CASE: the dialog claws_ask_about brought names ecp256 alone,
# for ECDH, in the core's words with what would fix it, and offers no
# "Encrypt anyway"; its closing words do not say that a signed message
# from the recipient would help, as they do for a missing certificate
# (it would bring the same EC certificate).
ecdh_dialog() {
    tap_is "$(claws_field "$refused" addresses)/$(claws_field "$refused" codes)" \
        "$ec/ecdh-unsupported" "$1: ecp256 alone, for ECDH"
    tap_like "$(claws_field "$dialog" problems)" "$ECDH_WORDS" \
        "$1: the dialog says why, and what would do"
    tap_not "$1: no \"not for encryption\"" \
        grep -q 'not for encryption' <<<"$dialog"
    tap_is "$(claws_field "$dialog" buttons)" "cancel,unencrypted" \
        "$1: Cancel or Send unencrypted, no Encrypt anyway"
    tap_like "$(claws_field "$dialog" closing)" \
        '^Cancel and do what is said above first, or send the message unencrypted' \
        "$1: the closing words send the user to those above"
    tap_not "$1: no word of a signed message bringing a certificate" \
        grep -q 'signed message' <<<"$dialog"
}

# --- 1. ecp256: its own copy cannot be encrypted, and it signs ----------

tap_diag "1: ecp256 writes to alice"
claws_send_config "$ec" Ecp256 || exit 1
# Where the engine encrypts with ECDH there is no dialog: ecp256 signs
# only.
[ "$ecdh_encrypts" = no ] ||
    sed -i 's/^default_encrypt=1$/default_encrypt=0/' "$claws_cfg/accountrc"
claws_start || {
    echo "Bail out! no plugin, no further checks"
    exit 1
}
url='alice@example.org?subject=FromEc&body=Hello%20Alice,%0Asigned%20with%20ECDSA.'
if [ "$ecdh_encrypts" = no ]; then
    claws_ask_about alice "$url" FromEc "own EC certificate"
    ecdh_dialog "own EC certificate"
    claws_shot recipient-dialog-ecdh-own
    claws_press "$d" alt+u
    claws_wait_for '^encrypt-choice ' 10
    tap_like "$(claws_trace_since '^encrypt-choice ')" 'answer=unencrypted$' \
        "own EC certificate: the user chose Send unencrypted"
else
    tap_skip "own EC certificate: the dialog" "this gpgsm encrypts with ECDH"
    claws_mark
    w=$(claws_compose "$url" FromEc)
    tap_ok "a compose window opens for alice, encryption off" test -n "$w"
    claws_press "$w" ctrl+Return
fi
tap_ok "ECDSA: the sink receives the message" claws_wait_mail 1 60
m=$sink/1.eml
signed=$(claws_trace_since '^signed ' | tail -n 1)
tap_is "$(claws_field "$signed" signer)" "$(msg_fpr "$pki/ecp256.pem")" \
    "ECDSA: signed with ecp256's key"
tap_is "$(claws_field "$signed" digest)" sha-256 "ECDSA: micalg sha-256"
tap_is "$(pinentry_asked "$GH_HOME")" 1 \
    "ECDSA: the pinentry was asked once, for the key's passphrase"
tap_like "$(msg_header "$m" Content-Type)" \
    '^multipart/signed;.*protocol="?application/pkcs7-signature' \
    "ECDSA: multipart/signed, not encrypted"
tap_ok "ECDSA: openssl cms -verify accepts it against the test root" \
    msg_verify "$m" "$work/1.content" "$work/1.signer"
tap_like "$(msg_sig_algorithm -in "$m")" '^ecdsa-with-SHA256$' \
    "ECDSA: the signature is ECDSA with SHA-256"
tap_is "$(msg_openssl x509 -in "$work/1.signer" -noout -email 2>&1)" "$ec" \
    "ECDSA: the signer is ecp256"
tap_like "$(tr -d '\r' <"$work/1.content")" 'signed with ECDSA\.' \
    "ECDSA: the signed content is the text Claws sent"
msg_show "$GH_HOME" "$m" --json
tap_is "$(msg_field status)/$(msg_field signer)" "green/$ec" \
    "ECDSA: gsmime show: green, signed by ecp256"
claws_stop

# --- 2. bob writes to ecp256 and alice --------------------------------------

tap_diag "2: bob writes to ecp256 and alice"
if [ "$ecdh_encrypts" = no ]; then
    sed -i -e "s/^address=$ec\$/address=bob@example.org/" \
        -e 's/^\(account_name\|name\)=Ecp256$/\1=Bob/' \
        "$claws_cfg/accountrc"
    pinentry_answers "$GH_HOME" "not asked"
    claws_start || exit 1
    claws_ask_about ecp256 \
        "$ec?cc=alice@example.org&subject=ToEc&body=Hello%20ecp256." ToEc \
        "EC recipient"
    ecdh_dialog "EC recipient"
    claws_shot recipient-dialog-ecdh
    claws_press "$d" Escape
    claws_wait_for '^encrypt-choice ' 10
    tap_like "$(claws_trace_since '^encrypt-choice ')" 'answer=cancel$' \
        "EC recipient: Escape cancels"
    e=$(claws_find_window '^Error$' 30)
    [ -n "$e" ] && claws_press "$e" Return
    sleep 2
    tap_is "$(claws_sink_count)" 1 "EC recipient, cancelled: nothing was sent"
    tap_not "EC recipient, cancelled: nothing was signed" \
        claws_trace_since '^signed '
    tap_is "$(pinentry_asked "$GH_HOME")" 0 \
        "EC recipient, cancelled: no passphrase was asked"
    claws_stop
else
    tap_skip "EC recipient: the dialog" "this gpgsm encrypts with ECDH"
fi

cp "$claws_trace" "$claws_logdir/claws-ec-trace.log" 2>/dev/null
tap_done
