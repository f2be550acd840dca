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
# screen for each colour goes to tests/logs/claws-COLOUR.png.
#
# The GnuPG home is a throwaway one (tests/lib/gnupghome.sh) holding bob's
# key; CRLs are served over loopback, so revocation is checked for real.
# Output is TAP; exit status 77 when claws-mail, xvfb-run or the plugin is
# missing.

set -u

# Everything below needs an X display: run the whole script again inside
# xvfb-run, which picks a free display (-a) and stops Xvfb afterwards.
if [ -z "${GSMIME_CLAWS_IN_XVFB-}" ]; then
    for prog in claws-mail xvfb-run; do
        if ! command -v "$prog" >/dev/null 2>&1; then
            echo "1..0 # SKIP $prog not found"
            exit 77
        fi
    done
    GSMIME_CLAWS_IN_XVFB=1 exec xvfb-run -a \
        -s "-screen 0 1280x1024x24 -nolisten tcp" bash "$0" "$@"
fi

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf gpg-connect-agent openssl \
    python3 timeout

GSMIME_BUILDDIR=${GSMIME_BUILDDIR:-$GSMIME_SRCDIR}
# The core runs gpgsm through this wrapper (common/session.c); Claws
# inherits it from here.
export GSMIME_GPGSM=${GSMIME_GPGSM:-$GSMIME_BUILDDIR/common/gsmime-gpgsm}
plugin=$GSMIME_BUILDDIR/plugin/claws/.libs/gsmime.so
if [ ! -f "$plugin" ]; then
    echo "1..0 # SKIP the Claws plugin was not built ($plugin)"
    exit 77
fi
logdir=$GSMIME_BUILDDIR/tests/logs
mkdir -p "$logdir"

# Short paths: gpg-agent's and Claws' sockets live under them.
tmp=$(mktemp -d /tmp/clw.XXXXXX) || exit 1
claws_pid=
cleanup() {
    if [ -n "$claws_pid" ] && kill -0 "$claws_pid" 2>/dev/null; then
        kill "$claws_pid" 2>/dev/null
        wait "$claws_pid" 2>/dev/null
    fi
    gh_teardown
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pki=$tmp/pki
port=$(gh_free_port)
"$GSMIME_SRCDIR/tests/pki/make-pki.sh" "$pki" "$port" >/dev/null || exit 1
gh_setup "" "$pki" bob || exit 1
gh_serve_crls "$pki" "$port" || exit 1

# --- The messages -------------------------------------------------------------

# shellcheck disable=SC2034  # read by messages.sh
MSG_PKI=$pki
work=$tmp/work
# shellcheck disable=SC2034  # read by messages.sh
MSG_WORK=$work
mkdir -p "$work" || exit 1
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
            "$work/opaque.eml"
} || {
    echo "Bail out! making the test messages with openssl failed"
    exit 1
}

# The inbox, in the order the checks below open it.  MH keeps one message
# per file, named by its number, with Unix line ends.
mail=$tmp/Mail
mkdir -p "$mail/inbox" "$mail/sent" "$mail/queue" "$mail/draft" \
    "$mail/trash" || exit 1
n=0
for m in good altered revoked crldown expired signed-encrypted opaque; do
    n=$((n + 1))
    cp "$work/$m.eml" "$mail/inbox/$n" && msg_to_lf "$mail/inbox/$n" || exit 1
done

# --- Claws' configuration -----------------------------------------------------

cfg=$tmp/claws
mkdir -p "$cfg" "$tmp/home" "$tmp/run" || exit 1
chmod 700 "$tmp/run"
# config_version 4 is Claws 4's own: without it Claws "migrates" the
# protocol numbers of older versions and turns the local account into IMAP.
cat >"$cfg/accountrc" <<EOF || exit 1
[Account: 1]
config_version=4
account_name=Bob
is_default=1
name=Bob
address=$bob
protocol=3
smtp_server=127.0.0.1
EOF
cat >"$cfg/folderlist.xml" <<EOF || exit 1
<?xml version="1.0" encoding="UTF-8"?>
<folderlist>
<folder type="mh" name="Mailbox" path="$mail" collapsed="0">
<folderitem type="normal" name="Mailbox" collapsed="0">
<folderitem type="inbox" name="inbox" path="inbox" />
<folderitem type="outbox" name="sent" path="sent" />
<folderitem type="queue" name="queue" path="queue" />
<folderitem type="draft" name="draft" path="draft" />
<folderitem type="trash" name="trash" path="trash" />
</folderitem>
</folder>
</folderlist>
EOF
cat >"$cfg/clawsrc" <<EOF || exit 1
[Common]
config_version=4
mainwin_x=0
mainwin_y=0
mainwin_width=1270
mainwin_height=1000
summaryview_height=200
confirm_on_exit=0
warn_queued_on_exit=0

[Plugins_GTK3]
$plugin

EOF

# --- Running Claws ------------------------------------------------------------

trace=$tmp/trace
export GSMIME_CLAWS_TRACE=$trace HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run
export LC_ALL=C.UTF-8 LANGUAGE=
: >"$trace"

claws() {
    claws-mail --alternate-config-dir "$cfg" "$@"
}

# wait_for PATTERN SECONDS: waits until the trace has a line matching the
# grep -E PATTERN beyond the first $seen lines; succeeds if one came.
seen=0
wait_for() {
    local i
    for i in $(seq $(($2 * 10))); do
        if tail -n +$((seen + 1)) "$trace" | grep -Eq -- "$1"; then
            return 0
        fi
        kill -0 "$claws_pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

claws >"$work/claws.log" 2>&1 &
claws_pid=$!
if wait_for '^loaded ' 60; then
    tap_result 0 "claws-mail loads the plugin at start-up"
else
    tap_result 1 "claws-mail loads the plugin at start-up"
    tail -n 20 "$work/claws.log" | sed 's/^/#   /'
    echo "Bail out! no plugin, no further checks"
    exit 1
fi
tap_like "$(grep '^loaded ' "$trace")" \
    '^loaded system=gsmime name=S/MIME \(gpgsm\)$' \
    "the privacy system is gsmime, \"S/MIME (gpgsm)\""
# The main window is drawn after the plugins are loaded.
sleep 2

# field LINE KEY: the value of KEY in a trace line (values run to the next
# " key=" or the end of the line).
field() {
    printf '%s\n' "$1" | sed -nE "s/.* $2=(.*)/\\1/p" |
        sed -E 's/ [a-z]+=.*//'
}

shot() {
    if command -v import >/dev/null 2>&1; then
        import -window root "$logdir/claws-$1.png" 2>/dev/null
        tap_ok "screenshot claws-$1.png" test -s "$logdir/claws-$1.png"
    else
        tap_skip "screenshot claws-$1.png" "ImageMagick's import not found"
    fi
}

# open N NAME STATUS CODE TEXT-PATTERN: opens message N and checks the
# verdict the plugin gave Claws and the words Claws then shows.
VERDICT= NOTICE=
open() {
    local n=$1 name=$2 status=$3 code=$4 text=$5
    seen=$(wc -l <"$trace")
    claws --select "#mh/Mailbox/inbox/$n" >>"$work/claws.log" 2>&1
    if ! wait_for '^notice ' 60; then
        tap_result 1 "$name: Claws shows a verdict"
        tail -n +$((seen + 1)) "$trace" | sed 's/^/#   trace: /'
        VERDICT= NOTICE=
        return 1
    fi
    VERDICT=$(tail -n +$((seen + 1)) "$trace" | grep '^verdict ' | tail -n 1)
    NOTICE=$(tail -n +$((seen + 1)) "$trace" | grep '^notice ' | tail -n 1)
    tap_is "$(field "$VERDICT" status)" "$status" "$name: $status"
    tap_is "$(field "$VERDICT" code)" "$code" "$name: reason $code"
    tap_like "$(field "$NOTICE" text)" "$text" \
        "$name: the notice line says what the core said"
    tap_is "$(field "$NOTICE" text)" "$(field "$VERDICT" text)" \
        "$name: Claws shows the plugin's line unchanged"
}

open 1 "good signature (alice)" SIGNATURE_OK valid \
    '^Good signature from alice@example\.org$'
shot green
# The full information behind the notice line's button.
details=$(tail -n +$((seen + 1)) "$trace" | grep '^details ')
alice_fpr=$(msg_openssl x509 -in "$pki/alice.pem" -noout -fingerprint -sha1 |
    sed 's/.*=//; s/://g')
tap_like "$details" "Fingerprint: $alice_fpr" \
    "good signature: the full information names the fingerprint"
tap_like "$details" 'Revocation: not revoked \(checked ' \
    "good signature: the full information gives the revocation state"
tap_like "$details" '\[green\] .*\(valid\)' \
    "good signature: the full information lists the reason"
open 2 "body altered after signing" SIGNATURE_INVALID bad-signature \
    '^BAD signature from alice@example\.org'
shot red
open 3 "revoked signer" SIGNATURE_INVALID revoked \
    'revoked@example\.org is REVOKED'
tap_like "$(tail -n +$((seen + 1)) "$trace" | grep '^details ')" \
    'Revocation: REVOKED' "revoked signer: the full information says REVOKED"
open 4 "CRL distribution point refuses connections" SIGNATURE_WARN \
    revocation-unknown 'revocation status is unknown'
shot orange
open 5 "expired signer" SIGNATURE_KEY_EXPIRED expired \
    'had expired when the message was signed'
shot expired

open 6 "signed, then encrypted to bob" SIGNATURE_OK valid \
    '^Good signature from alice@example\.org$'
tap_like "$(tail -n +$((seen + 1)) "$trace" | grep -E '^decrypt')" \
    '^decrypted type=multipart subtype=signed$' \
    "signed, then encrypted: Claws got the decrypted tree"
shot decrypted

open 7 "opaque signed-data (openssl)" SIGNATURE_OK valid \
    '^Good signature from alice@example\.org$'

tap_not "no pinentry was started" gh_pinentry_started

# --- Stopping Claws -----------------------------------------------------------

claws --exit >>"$work/claws.log" 2>&1
for _ in $(seq 100); do
    kill -0 "$claws_pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$claws_pid" 2>/dev/null; then
    tap_result 1 "claws-mail --exit stops Claws"
    kill "$claws_pid"
    wait "$claws_pid" 2>/dev/null
else
    wait "$claws_pid"
    tap_is "$?" 0 "claws-mail --exit stops Claws, exit status 0"
fi
claws_pid=
# Claws writes the list of loaded plugins back when it quits.
tap_ok "Claws kept the plugin in its plugin list" \
    grep -qxF "$plugin" "$cfg/clawsrc"
if grep -E 'CRITICAL|Segmentation' "$work/claws.log" >"$work/criticals"; then
    tap_result 1 "Claws logged no critical warnings"
    head -n 5 "$work/criticals" | sed 's/^/#   /'
else
    tap_result 0 "Claws logged no critical warnings"
fi
cp "$trace" "$logdir/claws-trace.log" 2>/dev/null

tap_done
