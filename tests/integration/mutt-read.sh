#!/bin/bash
# mutt-read.sh - reading S/MIME mail in the real mutt through gsmime.
#
# Debian's mutt 2.2 reads /etc/Muttrc (no -n), then a test muttrc that
# sources plugin/mutt/gsmime.muttrc, and opens a Maildir of bob's under
# tmux (mutt applies no cryptography in batch mode).  For each message
# the test asserts what the pager shows: gsmime's verdict lines and
# mutt's own "S/MIME signature successfully verified." or "could NOT be
# verified.":
#
#   Good       alice, multipart/signed         green, verified
#   Opaque     alice, signed-data              green, verified, content shown
#   Altered    alice, content changed          red, not verified
#   Revoked    the revoked signer              red, not verified
#   Untrusted  uma, whose root nobody trusts   red, not verified
#   CrlDown    CRL server unreachable          orange with a warning, verified
#   Encrypted  alice, signed, encrypted to bob decrypted, green, verified
#   Withheld   revoked signer, signed-data     red, the content is not shown
#   Mismatch   alice's signature, From mallory green, but mutt's own sender
#              check (get-signer-cert, get-cert-email) says the owner
#              does not match
#   EdDSA      eddie, Ed25519, multipart/signed orange unsupported-algorithm,
#              not verified, the sentence names Ed25519
#   PssMax     alice, RSA-PSS with a 222-byte  orange, not verified, content
#              salt, signed-data (gpgsm 2.2.40 shown, no word of gpgsm's
#              aborts on it)                    abort or libksba on screen
#   Oaep       encrypted to bob with RSA-OAEP   not decrypted; the pager
#                                              names bob's certificate,
#                                              RSA-OAEP and what to do
#
# No screen may show a key menu, "Enter keyID" or "Press any key".
# Messages are made by OpenSSL (tests/lib/messages.sh); CRLs are served
# over loopback.  Output is TAP; exit status 77 when a program is missing.

set -u

# shellcheck source=../lib/mutt.sh
. "$(dirname "$0")/../lib/mutt.sh"
mt_prelude
# shellcheck source=../lib/modern-messages.sh
. "$GSMIME_SRCDIR/tests/lib/modern-messages.sh"
test_start mr bob
maildir=$work/Maildir
mkdir -p "$maildir/cur" "$maildir/new" "$maildir/tmp" || exit 1

# deliver NAME FROM SUBJECT ENTITY: puts a message into the Maildir.
deliver() {
    msg_wrap "$2" bob@example.org "$3" "$4" "$maildir/cur/$1:2,S"
}

msg_entity "$work/text" "Hello Bob," "the body of the test message."
msg_sign alice "$work/text" "$work/s-alice" &&
    deliver 1 alice@example.org Good "$work/s-alice" &&
    msg_sign_opaque alice "$work/text" "$work/o-alice" &&
    deliver 2 alice@example.org Opaque "$work/o-alice" &&
    deliver 3 alice@example.org Altered "$work/s-alice" &&
    msg_append_to_signed_content "$maildir/cur/3:2,S" "$work/altered" \
        "a line added later" &&
    mv "$work/altered" "$maildir/cur/3:2,S" &&
    msg_sign revoked "$work/text" "$work/s-revoked" &&
    deliver 4 revoked@example.org Revoked "$work/s-revoked" &&
    msg_sign uma "$work/text" "$work/s-uma" &&
    deliver 5 uma@example.net Untrusted "$work/s-uma" &&
    msg_sign crldown "$work/text" "$work/s-crldown" &&
    deliver 6 crldown@example.org CrlDown "$work/s-crldown" &&
    msg_encrypt "$work/s-alice" "$work/e-alice" "$pki/bob.pem" &&
    deliver 7 alice@example.org Encrypted "$work/e-alice" &&
    msg_sign_opaque revoked "$work/text" "$work/o-revoked" &&
    deliver 8 revoked@example.org Withheld "$work/o-revoked" &&
    deliver 9 mallory@example.org Mismatch "$work/s-alice" &&
    mm_identities eddie &&
    mm_make ed25519 "$work/text" "$work/s-eddie" &&
    deliver 10 eddie@example.org EdDSA "$work/s-eddie" &&
    mm_make pss-max-opaque "$work/text" "$work/o-pss" &&
    deliver 11 alice@example.org PssMax "$work/o-pss" &&
    mm_make rsa-oaep "$work/text" "$work/e-oaep" &&
    deliver 12 alice@example.org Oaep "$work/e-oaep" || {
    echo "Bail out! making the test messages failed"
    exit 1
}

mt_muttrc "$work/muttrc" "$maildir" bob@example.org
mt_sendmail "$work" "$work/sent"
if ! mt_start "$work/muttrc"; then
    echo "Bail out! mutt did not start under tmux"
    printf '#  %s\n' "$MT_LAST"
    exit 1
fi

# open_msg SUBJECT [UNTIL]: shows the one message with SUBJECT in the
# pager and waits for mutt's verdict on the status line, or for the
# regular expression UNTIL; the screen is in OPENED.
open_msg() {
    mt_keys l
    mt_wait 'Limit to messages matching' || return 1
    mt_type "~s ^$1\$"
    mt_keys Enter
    mt_wait "[0-9]+ .*$1" || return 1
    mt_keys Enter
    # An encrypted message needs the passphrase first; bob's key has none,
    # so Enter answers.
    if mt_wait 'Enter S/MIME passphrase:|signature (successfully|could NOT)' \
        && printf '%s\n' "$MT_LAST" | grep -q 'Enter S/MIME passphrase:'; then
        mt_keys Enter
    fi
    mt_wait_all 20 "$MT_PAGER" \
        "${2:-S/MIME (signature (successfully verified|could NOT be verified)|certificate owner does not match)}"
    local rc=$?
    OPENED=$MT_LAST
    mt_keys q
    mt_wait 'q:Quit' >/dev/null || true
    return $rc
}

# see SUBJECT [UNTIL]: opens it (open_msg) and records that the screen
# was clean.
see() {
    local subject=$1
    open_msg "$subject" "${2-}"
    tap_result $? "$subject: mutt shows a verdict"
    MT_LAST=$OPENED
    tap_not "$subject: no key menu, key prompt or \"press any key\"" \
        mt_forbidden
    if mt_forbidden; then
        printf '#  %s\n' "$OPENED"
    fi
}

has() { printf '%s\n' "$OPENED" | grep -Eq -- "$1"; }

# first_output_line: what the command wrote first on standard error, as
# mutt shows it under its "OpenSSL output follows" line.
first_output_line() {
    printf '%s\n' "$OPENED" | awk '/^\[-- OpenSSL output follows/ { getline; print; exit }'
}

see Good
tap_is "$(first_output_line)" "Verification successful" \
    "Good: the first line of the output is Verification successful"
tap_ok "Good: gsmime's green line" \
    has '^gsmime: GOOD signature from alice@example.org \(green\)$'
tap_ok "Good: mutt says verified" has 'S/MIME signature successfully verified\.'

see Opaque
tap_ok "Opaque: green" \
    has '^gsmime: GOOD signature from alice@example.org \(green\)$'
tap_ok "Opaque: mutt says verified" has 'S/MIME signature successfully verified\.'
tap_ok "Opaque: the signed content is shown" has 'the body of the test message'

see Altered
tap_ok "Altered: red, the message was altered" \
    has '^gsmime: BAD signature from alice@example.org.*altered \(red\)$'
tap_not "Altered: no Verification successful" has '^Verification successful'
tap_ok "Altered: mutt says not verified" has 'S/MIME signature could NOT be verified\.'

see Revoked
tap_ok "Revoked: red, revoked" has '^gsmime: .*REVOKED.*\(red\)$'
tap_not "Revoked: no Verification successful" has '^Verification successful'
tap_ok "Revoked: mutt says not verified" has 'S/MIME signature could NOT be verified\.'

see Untrusted
tap_ok "Untrusted: red, no trusted root" \
    has '^gsmime: .*does not lead to a trusted root \(red\)$'
tap_ok "Untrusted: the advice names gsmime trust-root" has 'trust-root'
tap_not "Untrusted: no Verification successful" has '^Verification successful'
tap_ok "Untrusted: mutt says not verified" has 'S/MIME signature could NOT be verified\.'

see CrlDown
tap_ok "CrlDown: Verification successful" has '^Verification successful$'
tap_ok "CrlDown: orange, revocation unknown" \
    has '^gsmime: .*revocation status is unknown \(orange\)$'
tap_ok "CrlDown: a warning with the reason" has '^gsmime: WARNING: '
tap_ok "CrlDown: mutt says verified" has 'S/MIME signature successfully verified\.'

see Encrypted
tap_ok "Encrypted: decrypted by mutt" has 'The following data is S/MIME encrypted'
tap_ok "Encrypted: the inner signature is green" \
    has '^gsmime: GOOD signature from alice@example.org \(green\)$'
tap_ok "Encrypted: the text is shown" has 'the body of the test message'
tap_ok "Encrypted: mutt says verified" has 'S/MIME signature successfully verified\.'

see Withheld
tap_ok "Withheld: red" has '^gsmime: .*REVOKED.*\(red\)$'
tap_ok "Withheld: mutt says not verified" has 'S/MIME signature could NOT be verified\.'
tap_not "Withheld: the content of the failed signature is not shown" \
    has 'the body of the test message'
tap_ok "Withheld: gsmime says why it is not shown" has 'content is not shown'

see Mismatch
tap_ok "Mismatch: the signature itself is green" \
    has '^gsmime: GOOD signature from alice@example.org \(green\)$'
tap_ok "Mismatch: mutt says the certificate owner does not match the sender" \
    has 'S/MIME certificate owner does not match sender\.'

# What this gpgsm cannot check is orange, and mutt must not call it
# verified; nothing gpgsm or libksba says on the way reaches the pager.
see EdDSA
tap_ok "EdDSA: orange, an algorithm this GnuPG cannot check" \
    has '^gsmime: Signature from eddie@example.org uses an algorithm this GnuPG cannot check \(orange\)$'
tap_ok "EdDSA: the warning names Ed25519 and gpgsm's version" \
    has '^gsmime: WARNING: The signature uses Ed25519, which gpgsm 2\.'
tap_not "EdDSA: no Verification successful" has '^Verification successful'
tap_ok "EdDSA: mutt says not verified" has 'S/MIME signature could NOT be verified\.'
tap_not "EdDSA: not called a BAD signature" has 'BAD signature|\(red\)'

see PssMax
tap_ok "PssMax: orange, an algorithm this GnuPG cannot check" \
    has '^gsmime: Signature from alice@example.org uses an algorithm this GnuPG cannot check \(orange\)$'
tap_ok "PssMax: the warning names the salt" \
    has 'WARNING: The signature uses RSA-PSS with a 222-byte salt'
tap_ok "PssMax: mutt says not verified" has 'S/MIME signature could NOT be verified\.'
tap_ok "PssMax: the content is shown" has 'the body of the test message'
tap_not "PssMax: not called malformed" has '[Mm]alformed'
tap_not "PssMax: no word of gpgsm's abort or of libksba on screen" \
    has 'double free|[Aa]bort|ksba|ber-decoder'

# What this gpgsm cannot decrypt is named in the pager, not called
# damaged or "not encrypted to you".
see Oaep 'End of OpenSSL output|RSA-OAEP'
tap_ok "Oaep: the pager names bob's certificate and RSA-OAEP" \
    has '^gsmime: The message is encrypted to your certificate for bob@example\.org with RSA-OAEP, which gpgsm'
tap_ok "Oaep: and what the sender can do" has 'RSA PKCS#1 v1\.5 key transport'
tap_not "Oaep: not called damaged or not encrypted to bob" \
    has 'damaged|not encrypted to any'

tap_not "no pinentry was ever started" gh_pinentry_started
tap_done
