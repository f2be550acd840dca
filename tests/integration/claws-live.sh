#!/bin/bash
# claws-live.sh - Claws Mail's window stays live while the gsmime plugin
# works on big mail, under Xvfb.
#
# Claws asks the plugin to decrypt, sign and encrypt on its main thread
# and waits for the answer; the plugin does the work in a thread while
# Claws' main loop runs (plugin/claws/thread-wait.c), and lists
# certificates on its preferences pages in the background
# (plugin/claws/page-load.c).  The main loop is probed with
# `claws-mail --status` (claws_probe_ms), which the running Claws answers
# from that loop, while:
#
#   1. a message with a big attachment, encrypted to bob by
#      `gsmime encrypt`, opens;
#   2. that message opens again and, while it is being decrypted, a
#      small encrypted message is selected: Claws must not crash, and
#      must in the end show the small one (the message picked last), in
#      its text and its header pane, as the plugin reads them back
#      (protected-view.c's subject-shown trace, the protected Subject of
#      each);
#   3. a message with a big attachment is signed and encrypted for
#      sending (tests/lib/claws-compose.sh, the SMTP sink);
#   4. the plugin's preferences page opens on a keybox of many
#      certificates (tests/lib/many-certs.py, imported with gpgsm in one
#      call), and the account's page with its combos.
#
# No probe may take more than 200 ms longer than the slowest of eight
# taken while the same work runs beside Claws in a process of its own
# (busy_probes: `gsmime show`, `gsmime encrypt`, `gpgsm --list-keys`),
# which is what the machine's load alone costs a probe (claws_probes_ok
# with a budget of 400 ms), and one must be answered while the work goes
# on.  The opening is probed from the moment the plugin is asked to
# decrypt: Claws decodes the part's base64 on its main thread before
# that, which the plugin cannot spare it; the longest stall of the whole
# opening is measured for the benchmark.  Sizes, for a suite on a loaded
# machine: LIVE_MIB MiB attachments (24 unless set) and LIVE_CERTS
# certificates (1200 unless set); tests/bench/claws-live.sh runs this
# with 100 MiB and 5,000 and reports the longest stall of each case.
#
# Output is TAP; exit status 77 when claws-mail, Xvfb, xdotool, Python's
# cryptography module or the plugin is missing.

set -u

# shellcheck source=../lib/claws.sh
. "$(dirname "$0")/../lib/claws.sh"
claws_in_xvfb "$0" "$@"

claws_prelude xdotool
# shellcheck source=../lib/claws-compose.sh
. "$GSMIME_SRCDIR/tests/lib/claws-compose.sh"
# shellcheck source=../lib/claws-keys.sh
. "$GSMIME_SRCDIR/tests/lib/claws-keys.sh"

LIVE_MIB=${LIVE_MIB:-24}
LIVE_CERTS=${LIVE_CERTS:-1200}
# The longest a probe may wait beyond the slowest idle one, twice (the
# budget claws_probes_ok halves).
STALL_MS=200
BUDGET_MS=$((2 * STALL_MS))

test_cleanup_hook() {
    claws_kill
    claws_sink_stop
    [ -n "${claws_log-}" ] &&
        cp "$claws_log" "$claws_logdir/claws-live-output.log" 2>/dev/null
}
test_start clv bob

bob=bob@example.org

# longest: the longest probe of the last claws_probe_during, the one
# that straddled the end of the work included, for the benchmark.
longest() {
    printf '%s\n' "${CLAWS_BUSY[@]}" "${CLAWS_LAST:-0}" | sort -n | tail -n 1
}

# busy_probes VAR CMD...: eight probes of the idle main loop
# (claws_probe_ms) into the array VAR, taken while CMD runs again and
# again beside Claws: the same work as the plugin's, done by another
# process, so that the probes cost what the machine's load makes them
# cost while the plugin works, and only a main loop held by the plugin
# makes them slower.  On a machine of two cores and a test suite beside,
# the work alone can slow a probe down by more than the budget.
busy_probes() {
    local -n probes=$1
    local loop
    shift
    ( while :; do "$@" >/dev/null 2>&1; done ) &
    loop=$!
    sleep 0.5
    probes=()
    for _ in 1 2 3 4 5 6 7 8; do
        probes+=("$(claws_probe_ms)")
        sleep 0.2
    done
    kill "$loop" 2>/dev/null
    wait "$loop" 2>/dev/null
}

# --- The messages ---------------------------------------------------------------

# encrypted OUT SUBJECT TEXT: a small message from alice to bob,
# encrypted to bob by gsmime, its Subject protected.
encrypted() {
    msg_plain alice@example.org "$bob" "$2" "$work/plain.eml" "$3" \
        "Alice" &&
        timeout 60 "$GSMIME" encrypt --to "$bob" --homedir "$GNUPGHOME" \
            "$work/plain.eml" >"$1" 2>"$1.err"
}

t0=$(date +%s)
{
    python3 "$GSMIME_SRCDIR/tests/bench/gen-big.py" "$work/big-plain.eml" \
        "$LIVE_MIB" &&
        timeout 300 "$GSMIME" encrypt --to "$bob" --homedir "$GNUPGHOME" \
            "$work/big-plain.eml" >"$work/big.eml" 2>"$work/big.err" &&
        encrypted "$work/small.eml" "Small and quick" \
            "This is the small message."
} || {
    echo "Bail out! making the test messages failed"
    sed 's/^/#   /' "$work/big.err" "$work/small.eml.err" 2>/dev/null
    exit 1
}
tap_diag "a ${LIVE_MIB} MiB attachment: $(($(stat -c %s "$work/big.eml") / 1048576)) MiB encrypted, made in $(($(date +%s) - t0)) s"
# The attachment to send, as a file.
head -c $((LIVE_MIB * 1048576)) /dev/urandom >"$work/data.bin" || exit 1

claws_sink_start
claws_send_config "$bob" Bob || exit 1
# The header pane, where the plugin shows the protected Subject too.
sed -i 's/^\[Common\]$/[Common]\ndisplay_header_pane=1/' "$claws_cfg/clawsrc" ||
    exit 1
n=0
for m in big small; do
    n=$((n + 1))
    cp "$work/$m.eml" "$claws_mail/inbox/$n" || exit 1
done

if ! claws_start; then
    echo "Bail out! no plugin, no further checks"
    exit 1
fi
claws_no_key_repeat

idle=()
for _ in 1 2 3 4 5; do idle+=("$(claws_probe_ms)"); done

# The messages are picked with the mouse in the message list, as a user
# does: GDK's events may recurse into the main loop while the plugin
# waits, while Claws' socket, which `claws-mail --select` uses, is not
# served again until the command is done (thread-wait.c).  The inbox
# lists the newest first: message 2 (the small one, dated now) in the
# first row, message 1 (the big one, dated 2025) in the second; the rows
# lie where claws_make_config's window geometry puts them.
ROW_SMALL=89 ROW_BIG=106

# click_row Y: a click on the message list's row at height Y of the main
# window.
click_row() {
    local w
    w=$(claws_find_window ' - Claws Mail ' 30) &&
        xdotool mousemove --window "$w" 600 "$1" click 1
}

# pick_big: from message 2, selected and shown, the big one is clicked.
pick_big() {
    claws_select 2
    claws_wait_for '^subject-shown .*subject=Small' 60 || return 1
    claws_settle
    claws_mark
    click_row "$ROW_BIG"
}

# --- 1. A big encrypted message opens ---------------------------------------------

# Claws decodes the part's base64 on its main thread before it asks the
# plugin to decrypt (privacy_mimeinfo_decrypt), which the plugin cannot
# spare it; the main loop must stay free from then on, while the plugin
# decrypts, parses and converts the message.
busy_probes decrypting "$GSMIME" show --homedir "$GNUPGHOME" "$work/big.eml"
pick_big
claws_wait_for '^decrypting ' 60
claws_probe_during '^decrypted ' 60
claws_probes_ok "a ${LIVE_MIB} MiB encrypted message is decrypted" \
    "$BUDGET_MS" "${decrypting[@]}"
if claws_wait_for '^subject-shown ' 120; then
    tap_like "$(claws_trace_since '^decrypted ')" \
        '^decrypted type=multipart subtype=mixed$' \
        "the big message: Claws got the decrypted tree"
    tap_like "$(claws_trace_since '^subject-shown ' | tail -n 1)" \
        'subject=A large attachment .*body=Hello Bob,' \
        "the big message: Claws shows it, with its protected Subject"
else
    tap_result 1 "the big message: Claws shows it"
fi

# The whole opening, Claws' own decoding and drawing included: a figure
# for the benchmark, not a check.
pick_big
claws_probe_during '^subject-shown ' 60
DECRYPT_STALL=$(longest)
tap_diag "the whole opening, Claws' base64 decoding and drawing included: ${CLAWS_BUSY[*]} ${CLAWS_LAST} ms"
claws_wait_for '^subject-shown ' 120

# --- 2. Another message picked while the big one is decrypted ---------------------

# The big one is opened with `claws-mail --select`; while the plugin
# decrypts it, the small one is picked the same way.  Claws serves its
# socket again once the first command is done, so the small one is
# shown after the big one, and last.  (A message picked in the list
# meanwhile, by key or click, comes to Claws' message list while it is
# busy showing the big one; the plugin holds the message view busy
# (view-hold.c) so that Claws does not free it, and the list keeps what
# it shows.)
claws_select 2
claws_wait_for '^subject-shown .*subject=Small' 60
claws_settle
claws_select 1
claws_wait_for '^decrypting ' 60
claws --select "#mh/Mailbox/inbox/2" >>"$claws_log" 2>&1 &
picker=$!
sleep 0.5
# A fast machine may have decrypted it already: then the case did not
# arise, which is a skip, never a pass.
if claws_trace_since '^decrypted '; then
    tap_skip "re-entrancy: the big message was still being decrypted when the small one was picked" \
        "its decryption was over within half a second"
else
    tap_result 0 "re-entrancy: the big message was still being decrypted when the small one was picked"
fi
if claws_wait_for '^subject-shown .*subject=Small and quick' 120; then
    # Until Claws is idle again; then what it shows last.
    claws_settle
    sleep 1
    claws_settle
    last=$(claws_trace_since '^subject-shown ' | tail -n 1)
    tap_like "$last" 'subject=Small and quick .*body=This is the small message\.' \
        "re-entrancy: Claws shows the message picked last, its own text"
    tap_like "$last" 'pane=Small and quick' \
        "re-entrancy: the header pane shows the message picked last"
    tap_like "$(claws_trace_since '^decrypted ' | head -n 1)" \
        '^decrypted type=multipart subtype=mixed$' \
        "re-entrancy: the big message's decryption came to its end"
else
    tap_result 1 "re-entrancy: Claws shows the message picked last"
fi
tap_ok "re-entrancy: Claws is still running" kill -0 "$claws_pid"
wait "$picker"

# --- 3. A big message is signed and encrypted for sending -------------------------

# send N: a compose window for bob with the big attachment, sent with
# Ctrl+Return; message N at the sink is what went out.
send() {
    claws_mark
    w=$(claws_compose "$bob?subject=Big%20attachment%20$1" \
        "Big attachment $1" "$work/data.bin")
    tap_ok "a compose window opens with a ${LIVE_MIB} MiB attachment ($1)" \
        test -n "$w"
    claws_settle
    claws_press "$w" ctrl+Return
}

# The whole sending, Claws' own encoding included: a figure for the
# benchmark, not a check.
send 1
claws_probe_during '^encrypted ' 200
SEND_STALL=$(longest)
tap_diag "the whole sending, Claws' base64 encoding of the attachment included: ${CLAWS_BUSY[*]} ${CLAWS_LAST} ms"
claws_wait_mail 1 300

# Claws encodes the attachment's base64 on its main thread before it
# asks the plugin to sign, which the plugin cannot spare it either.  The
# probes start once the header section is in the body
# (header-protection): compose-hp.c still does that on the main thread,
# where it has cost a probe up to 500 ms on a loaded machine; from then
# on (signing, writing the body out, encrypting) the main loop must be
# free.
busy_probes encrypting "$GSMIME" encrypt --to "$bob" --homedir "$GNUPGHOME" \
    "$work/big-plain.eml"
send 2
claws_wait_for '^header-protection ' 120
claws_probe_during '^encrypted ' 100
claws_probes_ok "a ${LIVE_MIB} MiB message is signed and encrypted for sending" \
    "$BUDGET_MS" "${encrypting[@]}"
if claws_wait_mail 2 300; then
    tap_like "$(claws_trace_since '^encrypted ')" \
        "^encrypted recipients=1 addresses=$bob\$" \
        "the big message went out encrypted to bob"
    tap_ok "the message at the sink is bigger than its attachment" \
        test "$(stat -c %s "$sink/2.eml")" -gt $((LIVE_MIB * 1048576))
else
    tap_result 1 "the big message went out encrypted to bob"
fi

# --- 4. The preferences pages on a keybox of many certificates ---------------------

t0=$(date +%s)
python3 "$GSMIME_SRCDIR/tests/lib/many-certs.py" "$pki/inter.pem" \
    "$pki/inter.key" "$LIVE_CERTS" >"$work/many.pem"
case $? in
0) ;;
77) tap_skip "the preferences page on a big keybox" \
        "Python's cryptography module not found" ;;
*) echo "Bail out! making $LIVE_CERTS certificates failed"; exit 1 ;;
esac
if [ -s "$work/many.pem" ]; then
    gh_gpgsm --import "$work/many.pem" >/dev/null 2>&1
    tap_ok "the keybox holds the $LIVE_CERTS certificates (made and imported in $(($(date +%s) - t0)) s)" \
        test "$(gh_gpgsm --list-keys 2>/dev/null | grep -c 'many\.example')" \
        -eq "$LIVE_CERTS"

    # The page is reached by keys (open_page) in the background while the
    # main loop is probed, until the list has come: first the whole
    # opening, Claws' own window included, for the benchmark; then, the
    # page opened again, from the moment the plugin's page exists and
    # Claws has drawn it.
    claws_mark
    open_page '^Preferences$' r '^prefs-page ' >"$work/open-page.log" 2>&1 &
    opener=$!
    claws_probe_during '^cert-list ' 300
    PREFS_STALL=$(longest)
    tap_diag "the whole opening of the preferences, Claws' window included: ${CLAWS_BUSY[*]} ${CLAWS_LAST} ms"
    wait "$opener"
    tap_is "$?" 0 "the preferences page opens" ||
        sed 's/^/#   /' "$work/open-page.log"
    claws_wait_for '^cert-list ' 60
    focus '^Preferences$' && slow_key Escape
    claws_settle

    busy_probes listing gh_gpgsm --list-keys
    claws_mark
    open_page '^Preferences$' r '^prefs-page ' >"$work/open-page.log" 2>&1 &
    opener=$!
    claws_wait_for '^cert-list-loading' 120
    # The page is made; Claws draws it (its own work) before the probes.
    claws_settle
    claws_probe_during '^cert-list ' 300
    wait "$opener"
    claws_probes_ok "the preferences page lists $LIVE_CERTS certificates" \
        "$BUDGET_MS" "${listing[@]}"
    claws_wait_for '^cert-list ' 60
    tap_is "$(claws_trace_since '^cert-list' | head -n 1)" cert-list-loading \
        "the page said it was loading before the list came"
    claws_shot live-prefs
    focus '^Preferences$' && slow_key Escape
    claws_settle

    # The account's page is made before its combos are filled.
    if open_page ' - Account preferences$' p '^account-page '; then
        claws_wait_for '^account-certs ' 60
        tap_is "$(claws_trace_since '^account-' | cut -d' ' -f1 | tr '\n' ' ')" \
            "account-page account-certs " \
            "the account page is shown before its certificates are listed"
        tap_like "$(claws_trace_since '^account-certs ')" \
            '^account-certs id=1 count=1$' \
            "the account page lists bob's own certificate"
    else
        tap_result 1 "the account page opens"
    fi
    focus ' - Account preferences$' && slow_key Escape
    claws_settle
fi

tap_diag "longest stall: opening ${DECRYPT_STALL} ms, sending ${SEND_STALL} ms, preferences ${PREFS_STALL:-?} ms (idle: ${idle[*]} ms)"
echo "LIVE-STALLS decrypt=${DECRYPT_STALL} send=${SEND_STALL} prefs=${PREFS_STALL:--} idle=$(printf '%s\n' "${idle[@]}" | sort -n | tail -n 1)" \
    >>"$claws_logdir/claws-live-stalls.log"

claws_stop
cp "$claws_trace" "$claws_logdir/claws-live-trace.log" 2>/dev/null

tap_done
