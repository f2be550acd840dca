#!/bin/bash
# mutt-send.sh - sending S/MIME mail from the real mutt through gsmime.
#
# bob writes to alice from Debian's mutt 2.2 (reading /etc/Muttrc, then a
# test muttrc that sources plugin/mutt/gsmime.muttrc), driven under tmux:
# To, Subject, the S/MIME menu of the compose screen, the passphrase
# prompt.  $sendmail is a script that saves each message atomically.
#
#   Both       signed and encrypted: OpenSSL decrypts it with alice's key
#              and with bob's own (smime_self_encrypt), verifies it
#              against the test root; gsmime show in alice's home is green
#   Signed     multipart/signed with micalg sha-256, verified by OpenSSL
#   Encrypted  enveloped-data only, AES-256, decrypted by OpenSSL
#   dave       has no certificate: mutt asks for a key, the test cancels,
#              and nothing is sent, in clear or otherwise
#   carol      her certificate is not in bob's keybox; after bob reads a
#              signed mail from her in mutt, encrypting to her works with
#              no manual import
#
# Apart from dave's case, no screen may show a key menu, "Enter keyID"
# or "Press any key".  Output is TAP; exit status 77 when a program is
# missing.

set -u

# shellcheck source=../lib/mutt.sh
. "$(dirname "$0")/../lib/mutt.sh"
mt_prelude
test_begin ms
test_home alice_home alice
test_home bob_home bob
test_serve_crls
maildir=$work/Maildir
sent=$work/sent
mkdir -p "$maildir/cur" "$maildir/new" "$maildir/tmp" || exit 1

# bob has never seen carol's certificate; her signed mail brings it.
carol_fpr=$(openssl x509 -in "$pki/carol.pem" -noout -fingerprint -sha1)
carol_fpr=${carol_fpr#*=}
gh_gpgsm --delete-keys "${carol_fpr//:/}" 2>/dev/null
msg_entity "$work/text" "Hello Bob," "carol here."
msg_sign carol "$work/text" "$work/s-carol" &&
    msg_wrap carol@example.org bob@example.org FromCarol "$work/s-carol" \
        "$maildir/cur/1:2,S" || {
    echo "Bail out! making carol's message failed"
    exit 1
}

mt_muttrc "$work/muttrc" "$maildir" bob@example.org
mt_sendmail "$work" "$sent"
if ! mt_start "$work/muttrc"; then
    echo "Bail out! mutt did not start under tmux"
    exit 1
fi

tap_ok "carol's certificate is not in bob's keybox at first" \
    test -z "$(gh_gpgsm --list-keys carol@example.org 2>/dev/null)"

# send_ok TO SUBJECT CHOICE: mt_compose, with the TAP results.
send_ok() {
    mt_compose "$@"
    tap_result $? "$2: mutt sent the message"
    tap_not "$2: no key menu, key prompt or \"press any key\"" mt_forbidden
    if mt_forbidden; then
        printf '#  %s\n' "$MT_LAST"
    fi
}

show_in() {
    "$GSMIME" show --homedir "$1" "$2" >"$work/show.out" 2>&1
}

# arrived WHAT CONTENT FIRST SAYS: the text arrived (in the file CONTENT),
# and the first line of gsmime show of $msg in alice's home matches
# FIRST, which SAYS tells.
arrived() {
    tap_ok "$1: the text arrived" grep -q 'Hello from the mutt test' "$2"
    show_in "$alice_home" "$msg"
    tap_like "$(head -1 "$work/show.out")" "$3" \
        "$1: gsmime show in alice's home$4"
}

# --- signed and encrypted ------------------------------------------------------

send_ok alice@example.org Both b
msg=$(mt_sent_last)
tap_like "$(msg_header "$msg" Content-Type)" 'application/(x-)?pkcs7-mime.*enveloped-data' \
    "Both: the message is enveloped-data"
tap_is "$(msg_content_cipher "$msg")" aes-256-cbc "Both: encrypted with AES-256"
tap_ok "Both: alice decrypts it with OpenSSL" \
    msg_decrypt alice "$msg" "$work/both.alice"
tap_ok "Both: bob decrypts his own copy with OpenSSL" \
    msg_decrypt bob "$msg" "$work/both.bob"
tap_ok "Both: the inner signature verifies with OpenSSL" \
    msg_verify "$work/both.alice" "$work/both.content"
arrived Both "$work/both.content" \
    '^\[green\] Good signature from bob@example.org' " is green"

# --- signed only ---------------------------------------------------------------

send_ok alice@example.org Signed s
msg=$(mt_sent_last)
tap_like "$(msg_header "$msg" Content-Type)" 'multipart/signed.*micalg="?sha-256' \
    "Signed: multipart/signed, micalg sha-256"
tap_ok "Signed: OpenSSL verifies it against the test root" \
    msg_verify "$msg" "$work/signed.content"
arrived Signed "$work/signed.content" \
    '^\[green\] Good signature from bob@example.org' " is green"

# --- encrypted only ------------------------------------------------------------

send_ok alice@example.org Encrypted e
msg=$(mt_sent_last)
tap_ok "Encrypted: alice decrypts it with OpenSSL" \
    msg_decrypt alice "$msg" "$work/enc.alice"
arrived Encrypted "$work/enc.alice" '^\[grey\] Encrypted, not signed' \
    ": encrypted, not signed"

# --- a recipient without certificate -------------------------------------------

before=$(mt_sent_count)
mt_compose dave@example.org NoCert e
tap_like "$MT_LAST" 'Enter keyID for dave@example.org' \
    "dave: mutt reports that it has no certificate for him"
mt_keys C-g
mt_wait 'No \(valid\) certificate found for dave@example.org' 10
tap_result $? "dave: mutt says no valid certificate was found"
mt_keys q
mt_wait 'q:Quit' 10 >/dev/null
tap_is "$(mt_sent_count)" "$before" "dave: nothing was sent"

# --- harvesting carol's certificate while reading --------------------------------

mt_keys l
mt_wait 'Limit to messages matching' &&
    mt_type '~s ^FromCarol$' && mt_keys Enter &&
    mt_wait 'FromCarol' && mt_keys Enter &&
    mt_wait_all 20 "$MT_PAGER" \
        'S/MIME signature (successfully verified|could NOT be verified)'
tap_like "$MT_LAST" 'GOOD signature from carol@example.org \(green\)' \
    "carol: her signed mail is green in mutt"
mt_keys q
mt_wait 'q:Quit' 10 >/dev/null
tap_ok "carol: her certificate was harvested into bob's keybox" \
    test -n "$(gh_gpgsm --list-keys carol@example.org 2>/dev/null)"
# mutt reads the .index when it looks up a recipient, so no restart.
send_ok carol@example.org ToCarol e
msg=$(mt_sent_last)
tap_ok "carol: she decrypts bob's message with OpenSSL" \
    msg_decrypt carol "$msg" "$work/carol.plain"

tap_not "no pinentry was ever started" gh_pinentry_started
tap_done
