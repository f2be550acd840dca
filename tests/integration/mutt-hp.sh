#!/bin/bash
# mutt-hp.sh - header protection (RFC 9788 and mutt's protected-headers
# "v1") in the real mutt 2.2 and NeoMutt under tmux, through gsmime.
#
# Reading: bob's Maildir holds encrypted messages whose outer Subject is
# "[...]" and whose real one, "Quarterly numbers", is inside, made at
# test time: by gsmime encrypt (encrypted only) and gsmime sign --opaque
# --encrypt, and in the shapes of RFC 9788's Appendix C by
# tests/lib/hp-messages.sh (signed-data inside enveloped-data, baseline
# and shy policies, text and HTML with an attachment, mutt's v1), each
# with a Legacy Display Element where the shape has one.  Opening each,
# the pager shows "Subject: Quarterly numbers" once (no element: the
# element would repeat it in the text) and, back in the index, the
# message is listed as "Quarterly numbers".  gsmime sign --encrypt puts
# a multipart/signed inside: its index line is checked, and the element
# there stays, as the signature covers it (doc/header-protection.md).
# Two hostile ones show no protected Subject anywhere: a section with
# the Subject twice, and a header section without any hp= or v1 mark.
#
# Sending: bob writes to alice with Subject "Quarterly numbers",
# encrypted, and signed and encrypted: the outer Subject the sink got is
# "[...]" and nowhere says "Quarterly", the decrypted entity carries
# protected-headers="v1" and the Subject, and gsmime show in alice's
# home reports the protected Subject.  bob's own copy (encrypted to him
# too) then reads in mutt with the real Subject.
#
# Everything runs in mutt and again in NeoMutt (skipped when it is not
# installed).  Output is TAP; exit status 77 when a program is missing.

set -u

# shellcheck source=../lib/mutt.sh
. "$(dirname "$0")/../lib/mutt.sh"
mt_prelude
# shellcheck source=../lib/hp-messages.sh
. "$GSMIME_SRCDIR/tests/lib/hp-messages.sh"
test_begin mh
test_home alice_home alice
test_home bob_home bob
test_serve_crls
subject="Quarterly numbers"

# --- the messages --------------------------------------------------------------

# gsmime_made ID ARGS...: gsmime ARGS... in alice's home on a plain
# message from alice to bob with Message-ID <ID@gsmime.test>.
gsmime_made() {
    local id=$1
    shift
    msg_plain "$HP_FROM" "$HP_TO" "$subject" "$work/$id.plain" "Hello Bob," \
        "the numbers are attached." &&
        sed -i "s/^Message-ID: .*/Message-ID: <$id@gsmime.test>\r/" \
            "$work/$id.plain" &&
        timeout 60 "$GSMIME" "$1" --homedir "$alice_home" "${@:2}" \
            "$work/$id.plain" >"$work/$id.eml"
}

# hostile ID PAYLOAD-HEADER: an encrypted-only message to bob whose
# payload header is PAYLOAD-HEADER (CRLF lines) above a text part.
hostile() {
    {
        printf '%s' "$2"
        printf 'Content-Type: text/plain; charset=us-ascii%s\r\n\r\n' "$3"
        printf 'This is the hostile message.\r\n'
    } >"$work/$1.payload" &&
        msg_encrypt "$work/$1.payload" "$work/$1.body" "$pki/bob.pem" &&
        {
            printf 'From: %s\r\nTo: %s\r\nSubject: [...]\r\n' "$HP_FROM" "$HP_TO"
            printf 'Date: %s\r\nMessage-ID: <%s@gsmime.test>\r\n' "$HP_DATE" "$1"
            msg_body "$work/$1.body"
        } >"$work/$1.eml"
}

shapes="cipher-legacy-encrypted cipher-shy-legacy-complex-encrypted v1-encrypted"
for shape in $shapes; do
    hp_message "$work/hp-${shape//-/.}.eml" "$shape" "$subject" || {
        echo "Bail out! making the $shape message failed"
        exit 1
    }
done
gsmime_made gs-encrypt encrypt &&
    gsmime_made gs-opaque sign --opaque --encrypt &&
    gsmime_made gs-detached sign --encrypt &&
    hostile twice $'MIME-Version: 1.0\r\nSubject: Evil one\r\nSubject: Evil two\r\n' \
        '; hp="cipher"' &&
    hostile unmarked $'MIME-Version: 1.0\r\nSubject: Unmarked evil\r\n' "" || {
    echo "Bail out! making the test messages failed"
    exit 1
}
tap_not "gsmime encrypt leaves the real Subject out of the message" \
    grep -q Quarterly "$work/gs-encrypt.eml"

# fresh_maildir DIR: a Maildir with every test message, new each run so
# that the second client sees them unopened.
fresh_maildir() {
    local f n=0
    rm -rf "$1"
    mkdir -p "$1/cur" "$1/new" "$1/tmp" || return 1
    for f in "$work"/*.eml; do
        n=$((n + 1))
        cp "$f" "$1/cur/$n:2,S" || return 1
    done
}

# --- driving one client --------------------------------------------------------

# open_id ID: limits the index to Message-ID <ID@...>, opens it (Enter
# answers the passphrase prompt: bob's key has none), waits for the end
# of the decrypted data; the pager is in OPENED.  Then back to the index,
# which is in INDEX.
open_id() {
    OPENED= INDEX=
    mt_keys l
    mt_wait 'Limit to messages matching' || return 1
    mt_type "~i $1@"
    mt_keys Enter
    mt_wait '^ +[0-9]+ ' || return 1
    mt_keys Enter
    if mt_wait 'Enter S/MIME passphrase:|End of S/MIME encrypted' 30 &&
        printf '%s\n' "$MT_LAST" | grep -q 'Enter S/MIME passphrase:'; then
        mt_keys Enter
    fi
    mt_wait 'End of S/MIME encrypted' 30
    local rc=$?
    OPENED=$MT_LAST
    mt_keys q
    mt_wait 'q:Quit' || rc=1
    INDEX=$MT_LAST
    return $rc
}

opened_has() { printf '%s\n' "$OPENED" | grep -Eq -- "$1"; }
opened_count() { printf '%s\n' "$OPENED" | grep -Ec -- "$1"; }
# listed_as TEXT: the index line of the one message ends in TEXT.
listed_as() { printf '%s\n' "$INDEX" | grep -Eq -- "^ +[0-9]+ .* $1\$"; }

# reads_protected PROG ID WHAT: the pager shows the protected Subject
# once, and the index lists it.
reads_protected() {
    local prog=$1 id=$2 what=$3
    open_id "$id"
    tap_result $? "$prog, $what: the message opens"
    tap_is "$(opened_count "^Subject: $subject\$")" 1 \
        "$prog, $what: the pager shows the protected Subject once (no Legacy Display Element)"
    tap_ok "$prog, $what: the text is shown" opened_has 'Hello Bob|This is the Quarterly'
    tap_ok "$prog, $what: the index lists the real Subject once opened" \
        listed_as "$subject"
    MT_LAST=$OPENED
    tap_not "$prog, $what: no key menu, key prompt or \"press any key\"" mt_forbidden
}

read_all() {
    local prog=$1
    reads_protected "$prog" gs-encrypt "gsmime encrypt"
    reads_protected "$prog" gs-opaque "gsmime sign --opaque --encrypt"
    reads_protected "$prog" hp-cipher.legacy.encrypted "hp=cipher with the element"
    reads_protected "$prog" hp-cipher.shy.legacy.complex.encrypted \
        "hcp_shy, text and HTML, attachment"
    tap_not "$prog, hcp_shy: the element's To line is not in the text" \
        opened_has '^To: Bob Babbage'
    reads_protected "$prog" hp-v1.encrypted "protected-headers=v1"

    open_id gs-detached
    tap_result $? "$prog, gsmime sign --encrypt: the message opens"
    tap_ok "$prog, gsmime sign --encrypt: the index lists the real Subject" \
        listed_as "$subject"

    open_id twice
    tap_result $? "$prog, a Subject twice: the message opens"
    tap_not "$prog, a Subject twice: no protected Subject in the pager" \
        opened_has '^Subject: Evil'
    tap_ok "$prog, a Subject twice: the index keeps the outer Subject" \
        listed_as '\[\.\.\.\]'
    open_id unmarked
    tap_result $? "$prog, no hp mark: the message opens"
    tap_not "$prog, no hp mark: the unmarked Subject is not shown" \
        opened_has '^Subject: Unmarked'
    tap_ok "$prog, no hp mark: the index keeps the outer Subject" \
        listed_as '\[\.\.\.\]'
}

# send_protected PROG CHOICE WHAT: bob sends "Quarterly numbers" to
# alice (CHOICE: e encrypt, b both); what the sink got is checked.
send_protected() {
    local prog=$1 choice=$2 what=$3 msg dec
    msg=$sent/$(($(mt_sent_count) + 1)).eml
    mt_compose alice@example.org "$subject" "$choice"
    tap_result $? "$prog, $what: sent"
    tap_ok "$prog, $what: the sink got it" test -s "$msg"
    cp "$msg" "$work/sent-$prog-$choice.sent"
    tap_is "$(msg_header "$msg" Subject)" "[...]" \
        "$prog, $what: the outer Subject is [...]"
    tap_not "$prog, $what: the real Subject is nowhere outside the encryption" \
        grep -q Quarterly "$msg"
    dec=$work/sent-$prog-$choice.dec
    msg_decrypt alice "$msg" "$dec"
    tap_result $? "$prog, $what: alice decrypts it with OpenSSL"
    tap_diag "$prog, $what: the entity inside: $(sed -n '/^\r\?$/q;p' "$dec" | tr -d '\r' | tr '\n' '|')"
    tap_ok "$prog, $what: the protected Subject is inside" \
        grep -q "^Subject: $subject" "$dec"
    tap_ok "$prog, $what: marked protected-headers=v1" \
        grep -qi 'protected-headers="\?v1' "$dec"
    "$GSMIME" show --homedir "$alice_home" "$msg" >"$work/show.out" 2>&1
    tap_ok "$prog, $what: gsmime show reports the protected Subject" \
        grep -qx "Subject: $subject" "$work/show.out"
}

sent=$work/sent
for prog in mutt neomutt; do
    if ! command -v "$prog" >/dev/null 2>&1; then
        tap_skip "$prog" "$prog is not installed"
        continue
    fi
    MT_PROGRAM=$prog
    test_use "$bob_home"
    maildir=$work/Maildir-$prog
    fresh_maildir "$maildir" || exit 1
    mt_muttrc "$work/muttrc" "$maildir" bob@example.org
    mt_sendmail "$work" "$sent"
    if ! mt_start "$work/muttrc"; then
        echo "Bail out! $prog did not start under tmux"
        exit 1
    fi
    read_all "$prog"
    send_protected "$prog" e "encrypted"
    send_protected "$prog" b "signed and encrypted"
    mt_stop

    # bob's own copy of what he sent, read back: mutt's own v1 form.
    sed "s/^Message-ID: .*/Message-ID: <own-$prog@gsmime.test>/" \
        "$work/sent-$prog-b.sent" >"$maildir/cur/own:2,S"
    mt_start "$work/muttrc" || exit 1
    open_id "own-$prog"
    tap_result $? "$prog, its own signed and encrypted message opens"
    tap_ok "$prog, own message: the pager shows the protected Subject" \
        opened_has "^Subject: $subject\$"
    tap_ok "$prog, own message: the index lists the real Subject" \
        listed_as "$subject"
    mt_stop
done

tap_not "no pinentry was ever started" gh_pinentry_started
tap_done
