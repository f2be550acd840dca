# shellcheck shell=bash
# claws-compose.sh - writing mail in the real Claws Mail, for the tests
# that send with the gsmime plugin (tests/integration/claws-send.sh,
# claws-ec.sh).
#
#   . "$(dirname "$0")/../lib/claws.sh"
#   claws_in_xvfb "$0" "$@"
#   claws_prelude xdotool
#   . "$GSMIME_SRCDIR/tests/lib/claws-compose.sh"
#   test_cleanup_hook() { claws_kill; claws_sink_stop; }
#   test_start TAG KEYHOLDER...
#   claws_sink_start                       # the SMTP sink, in $sink
#   claws_send_config ADDRESS NAME || exit 1
#   claws_start || exit 1
#   claws_mark; w=$(claws_compose 'alice@example.org?subject=Hi' Hi)
#   claws_press "$w" ctrl+Return; claws_wait_mail 1 60
#
# Each message is composed with `claws-mail --compose mailto:...` and
# sent with Ctrl+Return, pressed into the compose window by xdotool; the
# dialog the plugin shows for recipients without a usable certificate is
# answered the same way.  The SMTP server is a sink on loopback
# (tests/lib/smtp-sink.py) that keeps every message as $sink/N.eml, its
# envelope as $sink/N.env.  Source it after claws_prelude; it runs
# nothing at load time.

sink_pid=

# claws_sink_start: the SMTP sink on a free port ($sink_port), keeping
# messages in $sink, its log in $sink_log; bails out when it does not
# start.
claws_sink_start() {
    sink=$tmp/sink
    sink_log=$tmp/sink.log
    sink_port=$(gh_free_port)
    python3 "$GSMIME_SRCDIR/tests/lib/smtp-sink.py" "$sink_port" "$sink" \
        --lifetime 600 2>"$sink_log" &
    sink_pid=$!
    gh_wait_port "$sink_port" "$sink_pid" || {
        echo "Bail out! the SMTP sink did not start"
        gh_explain_port "$sink_port" "$sink_pid" "$sink_log"
        exit 1
    }
}

# claws_sink_stop: for test_cleanup_hook; stops the sink.
claws_sink_stop() {
    if [ -n "$sink_pid" ]; then
        kill "$sink_pid" 2>/dev/null
        wait "$sink_pid" 2>/dev/null
        sink_pid=
    fi
}

# claws_sink_count: how many messages the sink has kept.
claws_sink_count() {
    find "$sink" -name '*.eml' 2>/dev/null | wc -l
}

# claws_wait_mail N SECONDS: waits until the sink has kept message N.
claws_wait_mail() {
    for _ in $(seq $(($2 * 10))); do
        [ -f "$sink/$1.eml" ] && return 0
        sleep 0.1
    done
    explain_wait "message $1 at the SMTP sink (it holds $(claws_sink_count))" "$2"
    explain_text "the sink logged:" "$(tail -n 10 "$sink_log" 2>/dev/null)"
    claws_explain
    return 1
}

# claws_send_config ADDRESS NAME: claws_make_config in $tmp for one
# account (ADDRESS, NAME) that sends to the sink through gsmime, signing
# and encrypting every message unless told otherwise (the names are
# Claws' own, from prefs_account.c; a test edits $claws_cfg/accountrc
# for other defaults).  Claws' encrypt_to_self is left off: the plugin
# encrypts to the sender by itself.
claws_send_config() {
    claws_make_config "$tmp/claws" "$tmp/Mail" "$1" "$2" || return 1
    cat >>"$claws_cfg/accountrc" <<EOF || return 1
set_smtpport=1
smtp_port=$sink_port
default_privacy_system=gsmime
default_sign=1
default_encrypt=1
EOF
    # No spell checker (it has no dictionary here and says so in a
    # dialog); no "Subject is empty" question.
    sed -i 's/^\[Common\]$/[Common]\nenable_aspell=0\ncheck_while_typing=0\nwarn_empty_subj=0/' \
        "$claws_cfg/clawsrc" || return 1
    # The compose toolbar with the Sign and Encrypt buttons.  Claws
    # 4.1.1's default one has neither, and then turning signing on (as
    # default_sign does) makes Claws hand a NULL button to GTK, which logs
    # a critical warning (compose_toggle_sign_cb in compose.c); with the
    # buttons there, the screenshots also show the toggles.
    cat >"$claws_cfg/toolbar_compose.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" ?>
<toolbar>
	<item file="mail_send" text="Send" action="A_SEND"/>
	<separator/>
	<item file="mail_privacy_signed" text="Sign" action="A_PRIVACY_SIGN"/>
	<item file="mail_privacy_encrypted" text="Encrypt" action="A_PRIVACY_ENCRYPT"/>
</toolbar>
EOF
}

# claws_compose URL-QUERY SUBJECT [FILE...]: opens a compose window for
# the mailto: URL with the FILEs attached and prints its window id (Claws
# names it "SUBJECT - Compose message").  It runs in a subshell,
# $(claws_compose ...), so the caller calls claws_mark.
claws_compose() {
    local url=$1 subject=$2
    shift 2
    claws --compose "mailto:$url" ${1:+--attach "$@"} >>"$claws_log" 2>&1 &
    claws_find_window "^$subject - Compose message\$" 30
}

# The title of the plugin's question about recipients
# (plugin/claws/recipient-dialog.c).
CLAWS_DIALOG='^Cannot encrypt to every recipient$'

# claws_ask_about WHO URL-QUERY SUBJECT CASE: a compose window for WHO
# (its id in w) sent with Ctrl+Return, which must bring the plugin's
# question about the recipients (its id in d; CASE names the checks), its
# encrypt-refused trace line (in refused) and its recipient-dialog one
# (in dialog).
claws_ask_about() {
    claws_mark
    w=$(claws_compose "$2" "$3")
    tap_ok "a compose window opens for $1" test -n "$w"
    claws_press "$w" ctrl+Return
    d=$(claws_find_window "$CLAWS_DIALOG" 60)
    tap_ok "$4: the plugin asks what to do" test -n "$d"
    # shellcheck disable=SC2034  # read by the caller
    refused=$(claws_trace_since '^encrypt-refused ' | tail -n 1)
    # shellcheck disable=SC2034  # read by the caller
    dialog=$(claws_trace_since '^recipient-dialog ' | tail -n 1)
}
