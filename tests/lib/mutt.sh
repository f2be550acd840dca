# shellcheck shell=bash
# mutt.sh - driving the real mutt under tmux for gsmime's mutt tests.
#
# mutt applies no cryptography in batch mode, so the tests run it on a
# terminal: a tmux server on a private socket (tmux -S), one window of
# 120x50.  It runs nothing at load time.
#
#   . "$(dirname "$0")/../lib/mutt.sh"
#   mt_prelude                          # prelude.sh, messages.sh, programs
#   mt_muttrc FILE HOME MAILDIR FROM    # a test muttrc sourcing gsmime.muttrc
#   mt_start FILE [MUTT-ARGS...]        # mutt -F FILE, reading /etc/Muttrc too
#                                       # ($MT_PROGRAM: mutt, or neomutt)
#   mt_wait 'regex' [SECONDS]           # until the screen shows it
#   mt_keys KEY...                      # tmux send-keys
#   mt_screen                           # the screen as text
#   mt_compose TO SUBJECT CHOICE        # writes and sends a message
#   mt_stop                             # ends tmux and mutt
#
# mutt runs with PATH leading to the gsmime under test, GNUPGHOME the
# test home and HOME the folder of the muttrc, so that nothing of the
# user's own configuration is read.

MT_SOCKET=
MT_LAST=
MT_HOME=
MT_SENT=
# The client the tests drive: mutt, or neomutt, which reads the same
# snippet and runs the same commands.
MT_PROGRAM=${MT_PROGRAM:-mutt}

# mt_prelude: what every mutt test loads first: prelude.sh and
# messages.sh, the programs it drives (skipped without mutt or tmux), and
# a clean-up that stops mutt (test_cleanup_hook).
mt_prelude() {
    # shellcheck source=prelude.sh
    . "$(dirname "${BASH_SOURCE[0]}")/prelude.sh"
    # shellcheck source=messages.sh
    . "$GSMIME_SRCDIR/tests/lib/messages.sh"
    require_gnupg mutt tmux
    test_cleanup_hook() { mt_stop; }
}

# mt_muttrc FILE MAILDIR FROM
# Writes a muttrc that sources the snippet under test, then points mutt
# at MAILDIR, sends through $HOME/sendmail (a script the test writes) and
# turns off what a test cannot answer.
mt_muttrc() {
    local file=$1 maildir=$2 from=$3 home
    home=$(dirname "$file")
    cat >"$file" <<EOF
source $GSMIME_MUTTRC
set mbox_type=Maildir
set folder="$maildir"
set spoolfile="$maildir"
set record=""
set postpone=no
set move=no
set sort=date
set wait_key=no
set from="$from"
set use_from=yes
set askcc=no
set edit_headers=no
set fast_reply=yes
set include=no
set abort_unmodified=no
set sendmail="$home/sendmail"
set editor="$home/editor"
EOF
}

# mt_sendmail HOME OUTDIR
# Writes HOME/sendmail, which saves each message it is given atomically
# as OUTDIR/N.eml (mt_sent_count, mt_sent_last), and HOME/editor, which
# writes a fixed body.
mt_sendmail() {
    local home=$1 out=$2
    MT_SENT=$out
    mkdir -p "$out"
    cat >"$home/sendmail" <<EOF
#!/bin/sh
n=\$(ls "$out" | wc -l)
cat >"$out/.tmp.\$\$" && mv "$out/.tmp.\$\$" "$out/\$((n + 1)).eml"
EOF
    cat >"$home/editor" <<'EOF'
#!/bin/sh
printf 'Hello from the mutt test.\nSecond line.\n' >"$1"
EOF
    chmod 700 "$home/sendmail" "$home/editor"
}

# mt_start MUTTRC [MUTT-ARGS...]
# Starts $MT_PROGRAM -F MUTTRC in a new tmux server; returns once it drew
# its index (or fails after 30 seconds).
mt_start() {
    local rc=$1 home
    shift
    home=$(dirname "$rc")
    MT_SOCKET=$(mktemp -u /tmp/mt.XXXXXX)
    MT_HOME=$GNUPGHOME
    tmux -S "$MT_SOCKET" -f /dev/null new-session -d -x 120 -y 50 \
        env HOME="$home" PATH="$(dirname "$GSMIME"):$PATH" \
        GNUPGHOME="$GNUPGHOME" GSMIME_GPGSM="${GSMIME_GPGSM-}" \
        "$MT_PROGRAM" -F "$rc" "$@" || return 1
    mt_wait 'q:Quit' 30
}

# mt_screen - prints what the terminal shows, wrapped lines joined and
# the padding at the ends of lines removed.
mt_screen() {
    tmux -S "$MT_SOCKET" capture-pane -p -J 2>/dev/null | sed 's/[[:space:]]*$//'
}

# mt_wait REGEX [SECONDS]
# Waits until the screen matches the grep -E REGEX; the screen is then in
# MT_LAST (also when it fails).  Fails after SECONDS (default 20), saying
# what it waited for, what the screen showed, and what mutt and the GnuPG
# home's daemons were doing.
mt_wait() {
    mt_wait_all "${2:-20}" "$1"
}

# mt_wait_all SECONDS REGEX...
# As mt_wait, until the screen matches every REGEX at once.
mt_wait_all() {
    local limit=$1 i re missing
    shift
    for ((i = 0; i < limit * 10; i++)); do
        MT_LAST=$(mt_screen)
        missing=
        for re in "$@"; do
            printf '%s\n' "$MT_LAST" | grep -Eq -- "$re" || { missing=$re; break; }
        done
        [ -z "$missing" ] && return 0
        sleep 0.1
    done
    explain_wait "mutt's screen to match /$missing/ (all of: $*)" "$limit"
    explain_text "the last screen:" "$MT_LAST"
    explain_home "$MT_HOME"
    return 1
}

# MT_PAGER: what only mutt's pager shows, its help line.  mutt puts its
# word on a signature on the message line before it draws the pager, so a
# wait for that word alone may see the index still.
MT_PAGER='i:Exit .*PrevPg'

# mt_keys KEY... - presses keys in mutt (tmux names: Enter, C-g, Escape).
mt_keys() {
    tmux -S "$MT_SOCKET" send-keys "$@"
}

# mt_type TEXT - types TEXT literally.
mt_type() {
    tmux -S "$MT_SOCKET" send-keys -l "$1"
}

# mt_stop - ends mutt and the tmux server.
mt_stop() {
    if [ -n "$MT_SOCKET" ]; then
        tmux -S "$MT_SOCKET" kill-server 2>/dev/null || true
        rm -f "$MT_SOCKET"
        MT_SOCKET=
    fi
}

# mt_compose TO SUBJECT CHOICE [PASSPHRASE]
# Writes a message to TO and picks CHOICE in the S/MIME menu of the
# compose screen (b both, s sign, e encrypt), then sends it; answers
# mutt's passphrase prompt, if it asks, with PASSPHRASE (default empty).
# Succeeds when mutt says "Mail sent."; the last screen is in MT_LAST,
# also when mutt stopped at a key prompt or at "Press any key".
mt_compose() {
    local to=$1 subject=$2 choice=$3 pass=${4-}
    local ends='Mail sent|Press any key|Enter keyID|certificates matching'
    mt_keys m
    mt_wait '^To:' || return 1
    mt_type "$to"
    mt_keys Enter
    mt_wait '^Subject:' || return 1
    mt_type "$subject"
    mt_keys Enter
    mt_wait 'y:Send' || return 1
    mt_keys S
    mt_wait 'S/MIME \(e\)ncrypt' || return 1
    mt_keys "$choice"
    mt_wait '^ *Security: .*S/MIME' || return 1
    mt_keys y
    mt_wait "Enter S/MIME passphrase:|$ends" 30 || return 1
    if printf '%s\n' "$MT_LAST" | grep -q 'Enter S/MIME passphrase:'; then
        [ -z "$pass" ] || mt_type "$pass"
        mt_keys Enter
        mt_wait "$ends" 30 || return 1
    fi
    printf '%s\n' "$MT_LAST" | grep -q 'Mail sent'
}

# mt_sent_count: how many messages mutt has sent (mt_sendmail).
mt_sent_count() {
    find "$MT_SENT" -name '*.eml' | wc -l
}

# mt_sent_last: the file of the last message mutt sent.
mt_sent_last() {
    echo "$MT_SENT/$(mt_sent_count).eml"
}

# mt_forbidden - succeeds when the last screen shows what the mutt tests
# must never see: a key menu, a key prompt or "Press any key".
mt_forbidden() {
    printf '%s\n' "$MT_LAST" |
        grep -Eq 'S/MIME certificates matching|Enter keyID|Press any key'
}
