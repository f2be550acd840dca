#!/bin/bash
# claws-hp.sh - header protection (RFC 9788) in the real Claws Mail with
# the gsmime plugin, under Xvfb.
#
# Sending: bob writes to alice from Claws with the Subject "Quarterly
# numbers", through the SMTP sink on loopback (tests/lib/claws-compose.sh):
# signed and encrypted, signed only, and encrypted only (Claws started
# again with the account's defaults changed for each).  What went out is
# read with OpenSSL, independent of gpgsm: the outer Subject of encrypted
# mail is "[...]" and the real one is nowhere outside, the header section
# is inside with the right hp value, and gsmime show reports it.  The
# copy Claws keeps in its Sent folder is opened in Claws, which must show
# the real Subject.
#
# Reading: RFC 9788 messages to bob in the inbox, made at test time by
# OpenSSL (tests/lib/hp-messages.sh: signed-data inside enveloped-data,
# one text part and text with HTML and an attachment, with a Legacy
# Display Element) and by gsmime itself (gsmime encrypt, gsmime sign
# --encrypt), and one without header protection.  Each is opened with
# `claws-mail --select`; the plugin traces what Claws then shows, read
# back from Claws' widgets (plugin/claws/protected-view.c): the Subject
# line at the top of the text, the message's row in the list, and the
# first line of the body, where the Legacy Display Element must not be.
# A screenshot of each case goes to tests/logs/claws-hp-*.png.
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
# shellcheck source=../lib/hp-messages.sh
. "$GSMIME_SRCDIR/tests/lib/hp-messages.sh"

test_cleanup_hook() {
    claws_kill
    claws_sink_stop
}
test_start clh bob
bob_home=$GH_HOME
bob=bob@example.org
subject="Quarterly numbers"

# --- The inbox: RFC 9788 messages to bob -----------------------------------------

test_home alice_home alice
test_use "$bob_home"

# by_gsmime OUT ARG...: gsmime, in alice's home, protecting a plain
# message from alice to bob with the Subject; ARGs name the command.
by_gsmime() {
    local out=$1
    shift
    msg_plain "$HP_FROM" "$HP_TO" "$subject" "$work/plain.eml" \
        "This is the $subject message." "Regards, Alice" &&
        timeout 60 "$GSMIME" "$@" --homedir "$alice_home" "$work/plain.eml" \
            >"$out" 2>"$out.err"
}

inbox=(openssl openssl-complex gsmime-encrypt gsmime-sign-encrypt baseline)
{
    hp_message "$work/openssl.eml" cipher-legacy-encrypted "$subject" &&
        hp_message "$work/openssl-complex.eml" \
            cipher-legacy-complex-encrypted "$subject" &&
        by_gsmime "$work/gsmime-encrypt.eml" encrypt &&
        by_gsmime "$work/gsmime-sign-encrypt.eml" sign --encrypt &&
        hp_message "$work/baseline.eml" none-encrypted "$subject"
} || {
    echo "Bail out! making the inbox messages failed"
    exit 1
}
tap_is "$(msg_header "$work/gsmime-encrypt.eml" Subject)" "[...]" \
    "gsmime encrypt: the message for the inbox hides its Subject"

claws_sink_start || exit 1
claws_send_config "$bob" Bob || exit 1
# The header pane above the text, which Claws draws from the outer
# header too.
sed -i 's/^\[Common\]$/[Common]\ndisplay_header_pane=1/' "$claws_cfg/clawsrc" ||
    exit 1
n=0
for m in "${inbox[@]}"; do
    n=$((n + 1))
    cp "$work/$m.eml" "$claws_mail/inbox/$n" &&
        msg_to_lf "$claws_mail/inbox/$n" || exit 1
done

# --- Checks on what Claws shows -----------------------------------------------------

# open FOLDER N NAME: opens message N of FOLDER in the running Claws and
# waits for the plugin to say what it shows (its subject-shown line in
# SHOWN, empty when none came).
open() {
    claws_mark
    claws --select "#mh/Mailbox/$1/$2" >>"$claws_log" 2>&1
    claws_wait_for '^subject-shown ' 60
    SHOWN=$(claws_trace_since '^subject-shown ' | tail -n 1)
}

# shows NAME BODY HIDDEN: the checks on SHOWN for the message called
# NAME, whose text starts with the line BODY ("" when Claws draws it
# only as a part of its own: the content of opaque signed-data), and
# from which the plugin removed HIDDEN Legacy Display Elements.
shows() {
    tap_is "$(claws_field "$SHOWN" subject)" "$subject" \
        "$1: the plugin finds the protected Subject"
    tap_is "$(claws_field "$SHOWN" text)" "Subject: $subject" \
        "$1: the header lines of the text show the real Subject"
    tap_is "$(claws_field "$SHOWN" pane)" "$subject" \
        "$1: the header pane shows the real Subject"
    tap_is "$(claws_field "$SHOWN" list)" "$subject" \
        "$1: the message list shows the real Subject once it is open"
    tap_is "$(claws_field "$(claws_trace_since '^protected-headers ')" \
        legacy-display-hidden)" "$3" \
        "$1: the Legacy Display Element leaves what Claws shows"
    if [ -n "$2" ]; then
        tap_is "$(claws_field "$SHOWN" body)" "$2" \
            "$1: the text starts with the message, no Legacy Display Element"
    fi
}

# --- Sending ------------------------------------------------------------------------

# send CASE BODY: bob writes to alice with the Subject and BODY, sends
# with Ctrl+Return, and the sink's message is $sink/$count.eml.
count=0
send() {
    local w
    claws_mark
    w=$(claws_compose "alice@example.org?subject=Quarterly%20numbers&body=$2" \
        "$subject")
    tap_ok "$1: a compose window opens" test -n "$w"
    claws_shot "hp-compose-$1"
    claws_press "$w" ctrl+Return
    count=$((count + 1))
    tap_ok "$1: the sink receives the message" claws_wait_mail "$count" 60
    m=$sink/$count.eml
}

# inside CASE: alice's view of the sink's message $m: decrypted (when it
# is encrypted) and verified (when signed) by OpenSSL, the content whose
# header is the protected one in $work/CASE.content.
inside() {
    local in=$m
    if msg_header "$m" Content-Type | grep -q enveloped-data; then
        tap_ok "$1: openssl decrypts it with alice's key" \
            msg_decrypt alice "$m" "$work/$1.inner"
        in=$work/$1.inner
    fi
    if msg_header "$in" Content-Type | grep -q 'multipart/signed'; then
        tap_ok "$1: openssl verifies the signature" \
            msg_verify "$in" "$work/$1.content"
    else
        cp "$in" "$work/$1.content"
    fi
}

# shown_by_gsmime CASE: gsmime show of $m in bob's home (the sender's
# copy is encrypted to him) names the protected Subject.
shown_by_gsmime() {
    tap_is "$(timeout 60 "$GSMIME" show --homedir "$bob_home" "$m" \
        2>/dev/null | grep '^Subject:')" "Subject: $subject" \
        "$1: gsmime show prints the protected Subject"
}

if ! claws_start; then
    echo "Bail out! no plugin, no further checks"
    exit 1
fi

tap_diag "1: signed and encrypted"
send encrypted 'Hello%20Alice,%0Athe%20numbers%20are%20good.'
tap_like "$(claws_trace_since '^header-protection ')" 'state=on hp=cipher$' \
    "encrypted: the plugin protects the header, hp=cipher"
tap_is "$(claws_field "$(claws_trace_since '^obscured ')" subject)" "[...]" \
    "encrypted: the plugin obscures the outer Subject"
tap_is "$(msg_header "$m" Subject)" "[...]" \
    "encrypted: the outer Subject is [...]"
tap_not "encrypted: the real Subject is nowhere outside" \
    grep -q "$subject" "$m"
tap_is "$(msg_header "$m" From)" "Bob <$bob>" "encrypted: the From stays"
tap_is "$(msg_header "$m" To)" "alice@example.org" "encrypted: the To stays"
inside encrypted
c=$work/encrypted.content
tap_is "$(msg_header "$c" Subject)" "$subject" \
    "encrypted: the signed content carries the Subject"
tap_like "$(msg_header "$c" Content-Type)" 'hp="?cipher' \
    "encrypted: marked hp=cipher"
tap_is "$(sed -n '/^\r\?$/q;p' "$c" | tr -d '\r' | grep '^HP-Outer: Subject:')" \
    "HP-Outer: Subject: [...]" \
    "encrypted: HP-Outer records the obscured Subject"
tap_is "$(msg_header "$c" From)" "Bob <$bob>" \
    "encrypted: the protected From is Claws' own"
tap_like "$(sed -n '/^\r\?$/,$p' "$c" | tr -d '\r' | grep -v '^$' | head -n 1)" \
    "^Subject: $subject\$" \
    "encrypted: the text starts with the Legacy Display Element"
shown_by_gsmime encrypted

# Claws files the copy once the message went out.
for _ in $(seq 100); do
    sent=$(find "$claws_mail/sent" -type f -name '[0-9]*' | head -n 1)
    [ -n "$sent" ] && break
    sleep 0.1
done
tap_ok "encrypted: Claws keeps a copy in Sent" test -n "$sent"
tap_is "$(msg_header "${sent:-/dev/null}" Subject)" "[...]" \
    "encrypted: the Sent copy is the message that went out"
open sent "$(basename "${sent:-0}")"
shows "encrypted, Sent copy" "Hello Alice," 1
claws_settle
claws_shot hp-sent-copy
claws_stop

tap_diag "2: signed only"
sed -i 's/^default_encrypt=1$/default_encrypt=0/' "$claws_cfg/accountrc"
if ! claws_start; then
    echo "Bail out! Claws did not start again"
    exit 1
fi
send signed 'Hello%20Alice,%0Aonly%20signed.'
tap_like "$(claws_trace_since '^header-protection ')" 'state=on hp=clear$' \
    "signed: the plugin protects the header, hp=clear"
tap_not "signed: nothing is obscured" claws_trace_since '^obscured '
tap_is "$(msg_header "$m" Subject)" "$subject" \
    "signed: the outer Subject stays"
inside signed
c=$work/signed.content
tap_is "$(msg_header "$c" Subject)" "$subject" \
    "signed: the signed content carries the Subject"
tap_like "$(msg_header "$c" Content-Type)" 'hp="?clear' \
    "signed: marked hp=clear"
tap_is "$(msg_header "$c" HP-Outer)" "" "signed: no HP-Outer"
shown_by_gsmime signed
claws_stop

tap_diag "3: encrypted only"
sed -i 's/^default_encrypt=0$/default_encrypt=1/; s/^default_sign=1$/default_sign=0/' \
    "$claws_cfg/accountrc"
if ! claws_start; then
    echo "Bail out! Claws did not start again"
    exit 1
fi
send encrypted-only 'Hello%20Alice,%0Aonly%20encrypted.'
tap_like "$(claws_trace_since '^header-protection ')" 'state=on hp=cipher$' \
    "encrypted only: the plugin protects the header, hp=cipher"
tap_is "$(msg_header "$m" Subject)" "[...]" \
    "encrypted only: the outer Subject is [...]"
tap_not "encrypted only: the real Subject is nowhere outside" \
    grep -q "$subject" "$m"
inside encrypted-only
c=$work/encrypted-only.content
tap_is "$(msg_header "$c" Subject)" "$subject" \
    "encrypted only: the encrypted content carries the Subject"
tap_like "$(msg_header "$c" Content-Type)" 'hp="?cipher' \
    "encrypted only: marked hp=cipher"
shown_by_gsmime encrypted-only

# --- Reading -------------------------------------------------------------------------

# read N NAME BODY HIDDEN: opens inbox message N and checks it (shows).
read_inbox() {
    tap_diag "reading: $2"
    open inbox "$1"
    shows "$2" "$3" "$4"
    claws_settle
    claws_shot "hp-read-$2"
}
first_line="This is the $subject message."
read_inbox 1 openssl "" 1
read_inbox 2 openssl-complex "" 2
read_inbox 3 gsmime-encrypt "$first_line" 1
read_inbox 4 gsmime-sign-encrypt "$first_line" 1

tap_diag "reading: baseline, no header protection"
claws_mark
claws --select "#mh/Mailbox/inbox/${#inbox[@]}" >>"$claws_log" 2>&1
claws_wait_for '^verdict ' 60
tap_not "baseline: nothing to show in place of the outer Subject" \
    claws_trace_since '^subject-shown '
claws_shot hp-read-baseline
claws_stop
cp "$claws_trace" "$claws_logdir/claws-hp-trace.log" 2>/dev/null

tap_done
