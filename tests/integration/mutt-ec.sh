#!/bin/bash
# mutt-ec.sh - elliptic-curve certificates in the real mutt, through
# gsmime.
#
# Debian's mutt 2.2 under tmux (tests/lib/mutt.sh), as mutt-send.sh
# drives it, with two users:
#
#   ecp256  has only an EC P-256 certificate, whose key came from a
#           PKCS#12 file through gsmime import and which gpg-agent keeps
#           under a passphrase.  Signed mail to alice: mutt asks for the
#           passphrase and hands it to the sign command; what goes out is
#           an ECDSA signature that OpenSSL verifies against the test
#           root and gsmime show calls green, and no pinentry was asked.
#   bob     (RSA) encrypts to ecp256, alone and beside alice.  gpgsm
#           2.2.40 cannot encrypt with ECDH: mutt shows the encrypt
#           command's words, which name ECDH and what would do (never
#           "not for encryption"), and nothing is sent.  With an engine
#           that encrypts with ECDH that part is skipped.
#
# Output is TAP; exit status 77 when a program is missing.

set -u

# shellcheck source=../lib/mutt.sh
. "$(dirname "$0")/../lib/mutt.sh"
mt_prelude
# shellcheck source=../lib/keys.sh
. "$GSMIME_SRCDIR/tests/lib/keys.sh"
test_begin mec
test_pki --key ecp256 ec-p256
test_pki --user inter ecp256 "" ""
test_home ec_home
test_home bob_home bob
test_import ecp256
test_serve_crls
pass="Ec-s3cret"
key_import_protected "$ec_home" ecp256 "$pass"
maildir=$work/Maildir
mkdir -p "$maildir/cur" "$maildir/new" "$maildir/tmp" || exit 1
mt_sendmail "$work" "$work/sent"

# mutt_as HOME ADDRESS: mutt (again) with HOME's keys, sending as ADDRESS.
mutt_as() {
    mt_stop
    test_use "$1"
    mt_muttrc "$work/muttrc" "$maildir" "$2"
    if ! mt_start "$work/muttrc"; then
        echo "Bail out! mutt did not start under tmux as $2"
        exit 1
    fi
}

# --- Signing with ECDSA --------------------------------------------------

mutt_as "$ec_home" ecp256@example.org
pinentry_answers "$ec_home" "not asked"
mt_compose alice@example.org EcSigned s "$pass"
tap_result $? "ecp256 signs: mutt sent the message"
tap_not "ecp256 signs: no key menu, key prompt or \"press any key\"" \
    mt_forbidden
msg=$(mt_sent_last)
tap_like "$(msg_header "$msg" Content-Type)" \
    'multipart/signed.*micalg="?sha-256' \
    "ecp256 signs: multipart/signed, micalg sha-256"
tap_ok "ecp256 signs: openssl verifies it against the test root" \
    msg_verify "$msg" "$work/ec.content" "$work/ec.signer"
tap_like "$(msg_sig_algorithm -in "$msg")" '^ecdsa-with-SHA256$' \
    "ecp256 signs: the signature is ECDSA with SHA-256"
tap_is "$(msg_openssl x509 -in "$work/ec.signer" -noout -email 2>&1)" \
    ecp256@example.org "ecp256 signs: the signer is ecp256"
tap_ok "ecp256 signs: the text arrived" \
    grep -q 'Hello from the mutt test' "$work/ec.content"
msg_show "$bob_home" "$msg" --json
tap_is "$(msg_field status)/$(msg_field signer)" green/ecp256@example.org \
    "ecp256 signs: gsmime show in bob's home: green, signed by ecp256"
tap_is "$(pinentry_asked "$ec_home")" 0 \
    "ecp256 signs: the passphrase came from mutt's prompt, no pinentry"

# --- Encrypting to an EC certificate -------------------------------------

# refused CASE TO: bob encrypts to TO (mutt's To line); mutt stops at the
# encrypt command's words, which name ecp256 with ECDH and the fixes, and
# never "not for encryption"; after a key mutt is back at the compose
# screen, and nothing was sent.  mutt shows the words on the terminal's
# normal screen, which keeps those of an earlier case, so each case has
# a terminal of its own.
refused() {
    local case=$1 to=$2 before
    mutt_as "$bob_home" bob@example.org
    before=$(mt_sent_count)
    mt_compose "$to" EcSealed e
    tap_like "$MT_LAST" 'Press any key' "$case: mutt stops at the command's words"
    tap_like "$MT_LAST" \
        'ecp256@example\.org: the certificate has an elliptic-curve key, to which mail is encrypted with ECDH, and gpgsm [0-9.]+ cannot encrypt with ECDH; get an RSA certificate for this address, or update to GnuPG 2\.2\.44 or 2\.4' \
        "$case: mutt shows the ECDH sentence for ecp256"
    tap_not "$case: no \"not for encryption\"" \
        grep -q 'not for encryption' <<<"$MT_LAST"
    tap_is "$(grep -c '^ *[a-z0-9]*@example\.org: ' <<<"$MT_LAST")" 1 \
        "$case: only ecp256 is named"
    printf '%s\n' "$MT_LAST" | sed -n '/@example\.org: /s/^/#   /p'
    mt_keys Enter
    mt_wait 'y:Send' 20
    tap_result $? "$case: mutt is back at the compose screen"
    mt_keys q
    mt_wait 'q:Quit' 20 >/dev/null
    tap_is "$(mt_sent_count)" "$before" "$case: nothing was sent"
}

if key_engine_encrypts_ecdh; then
    tap_skip "bob encrypts to ecp256" "this gpgsm encrypts with ECDH"
else
    refused "bob to ecp256" ecp256@example.org
    refused "bob to alice and ecp256" alice@example.org,ecp256@example.org
fi

tap_not "no pinentry was started in bob's home" gh_pinentry_started
tap_done
