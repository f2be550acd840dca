# claws.sh - running the real Claws Mail with the freshly built plugin,
# for the tests under tests/integration/claws*.sh.
#
#   . "$(dirname "$0")/../lib/claws.sh"
#   claws_in_xvfb "$0" "$@"      # first line: re-runs the script in Xvfb
#   claws_prelude [PROG...]      # prelude.sh, messages.sh, the plugin
#   claws_make_config DIR MAILDIR ADDRESS NAME   # then add to it if needed
#   claws_start || exit 1        # waits for the plugin's "loaded" trace
#   claws_select 1; claws_wait_for '^notice ' 60
#   claws_stop
#
# The plugin writes what it hands Claws, and what Claws' notice line then
# shows, to the file named by GSMIME_CLAWS_TRACE (plugin/claws/trace.c);
# the checks read that file.  claws_seen counts the trace lines already
# looked at, so that claws_wait_for and claws_trace_since see only what
# came after the last step.

# claws_in_xvfb SCRIPT ARGS...: everything needs an X display, so the
# script runs again with DISPLAY on an Xvfb of its own, stopped when the
# script ends.  Xvfb chooses the display itself (-displayfd), taking it
# with its lock file in one step: `xvfb-run -a` looks for a free number
# first and starts Xvfb on it later, and two tests starting at once then
# choose the same number and one of them fails.  Skips (exit 77) without
# claws-mail or Xvfb.
claws_in_xvfb() {
    local prog dir pid status
    [ -z "${GSMIME_CLAWS_IN_XVFB-}" ] || return 0
    for prog in claws-mail Xvfb; do
        if ! command -v "$prog" >/dev/null 2>&1; then
            echo "1..0 # SKIP $prog not found"
            exit 77
        fi
    done
    dir=$(mktemp -d /tmp/xvfb.XXXXXX) || exit 1
    Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp \
        3>"$dir/display" 2>"$dir/xvfb.log" &
    pid=$!
    for _ in $(seq 300); do
        grep -q '^[0-9]' "$dir/display" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if ! grep -q '^[0-9]' "$dir/display" 2>/dev/null; then
        echo "Bail out! Xvfb did not open a display within 30 s"
        sed "s/^/#   Xvfb: /" "$dir/xvfb.log"
        kill "$pid" 2>/dev/null
        rm -rf "$dir"
        exit 1
    fi
    DISPLAY=:$(head -n 1 "$dir/display") GSMIME_CLAWS_IN_XVFB=1 bash "$@"
    status=$?
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rm -rf "$dir"
    exit $status
}

# claws_prelude [PROG...]: what every Claws test loads next: prelude.sh,
# messages.sh and silent.sh, the programs it drives (require_gnupg
# PROG...) and the plugin (claws_require_plugin).
claws_prelude() {
    # shellcheck source=prelude.sh
    . "$(dirname "${BASH_SOURCE[0]}")/prelude.sh"
    # shellcheck source=messages.sh
    . "$GSMIME_SRCDIR/tests/lib/messages.sh"
    # shellcheck source=silent.sh
    . "$GSMIME_SRCDIR/tests/lib/silent.sh"
    require_gnupg "$@"
    claws_require_plugin
}

# claws_require_plugin: sets claws_plugin, the built gsmime.so, and
# GSMIME_GPGSM, the gpgsm wrapper the core runs (Claws inherits it);
# skips when the plugin was not built (configure found no Claws headers).
# In an installed-mode run (GSMIME_INSTALLED=1) the plugin is the one in
# Claws' plugin folder (claws_installed_plugin) and the core runs the
# gpgsm wrapper it was installed with.
claws_require_plugin() {
    GSMIME_BUILDDIR=${GSMIME_BUILDDIR:-$GSMIME_SRCDIR}
    if [ "${GSMIME_INSTALLED:-}" = 1 ]; then
        claws_plugin=$(claws_installed_plugin)
        if [ -z "$claws_plugin" ]; then
            echo "1..0 # SKIP the Claws Mail plugin is not installed (no gsmime.so in Claws' plugin folder)"
            exit 77
        fi
    else
        export GSMIME_GPGSM=${GSMIME_GPGSM:-$GSMIME_BUILDDIR/common/gsmime-gpgsm}
        claws_plugin=$GSMIME_BUILDDIR/plugin/claws/.libs/gsmime.so
    fi
    if [ ! -f "$claws_plugin" ]; then
        echo "1..0 # SKIP the Claws Mail plugin was not built ($claws_plugin)"
        exit 77
    fi
    claws_logdir=${GSMIME_LOGDIR:-$GSMIME_BUILDDIR/tests/logs}
    mkdir -p "$claws_logdir"
    # A plugin built with AddressSanitizer (make check-asan) loads only
    # into a process whose first library is the ASan runtime.  Leaks are
    # not looked for there: Claws and GTK keep much until exit by design,
    # and the plugin's own code is leak-checked through the gsmime
    # command's tests, which share it.
    # Debian 12's claws-mail deadlocks at start-up with the runtime
    # preloaded (libgpg-error's constructor holds gettext's lock when the
    # runtime initialises and asks gettext for a message), so the check
    # says so and skips rather than reporting a plugin that never loaded.
    claws_env=()
    if readelf -d "$claws_plugin" 2>/dev/null | grep -q 'NEEDED.*libasan'; then
        claws_env=(env "LD_PRELOAD=$(gcc -print-file-name=libasan.so)"
                   "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")
        if ! "${claws_env[@]}" timeout 15 claws-mail --version >/dev/null 2>&1
        then
            echo "1..0 # SKIP claws-mail does not start with the AddressSanitizer runtime preloaded"
            exit 77
        fi
    fi
}

# claws_installed_plugin: the installed gsmime.so in Claws' plugin
# folder, which claws-mail.pc names (libclaws-mail-dev), else the one
# below gsmime's prefix (Debian's multiarch folder, or make install's
# LIBDIR/claws-mail/plugins); nothing when none is there.
# GSMIME_CLAWS_PLUGIN names another.
claws_installed_plugin() {
    local dir f
    if [ -n "${GSMIME_CLAWS_PLUGIN-}" ]; then
        echo "$GSMIME_CLAWS_PLUGIN"
        return
    fi
    dir=$(pkg-config --variable=plugindir claws-mail 2>/dev/null)
    for f in ${dir:+"$dir/gsmime.so"} "$GSMIME_PREFIX"/lib/*/claws-mail/plugins/gsmime.so \
        "$GSMIME_PREFIX/lib/claws-mail/plugins/gsmime.so"; do
        if [ -f "$f" ]; then
            echo "$f"
            return
        fi
    done
}

# claws_make_config DIR MAIL ADDRESS NAME: a Claws configuration in DIR
# with one account (ADDRESS, NAME) that sends to 127.0.0.1, an MH mailbox
# in MAIL (inbox, sent, queue, draft, trash), and the plugin loaded at
# start-up.  Sets claws_cfg, claws_mail, claws_trace and the environment
# Claws runs in (its own HOME and runtime dir beside DIR).
claws_make_config() {
    claws_cfg=$1 claws_mail=$2
    local top
    top=$(dirname "$1")
    mkdir -p "$claws_cfg" "$top/home" "$top/run" "$claws_mail/inbox" \
        "$claws_mail/sent" "$claws_mail/queue" "$claws_mail/draft" \
        "$claws_mail/trash" || return 1
    chmod 700 "$top/run"
    # config_version 4 is Claws 4's own: without it Claws "migrates" the
    # protocol numbers of older versions and turns the local account into
    # IMAP.
    cat >"$claws_cfg/accountrc" <<EOF || return 1
[Account: 1]
config_version=4
account_name=$4
is_default=1
name=$4
address=$3
protocol=3
smtp_server=127.0.0.1
EOF
    cat >"$claws_cfg/folderlist.xml" <<EOF || return 1
<?xml version="1.0" encoding="UTF-8"?>
<folderlist>
<folder type="mh" name="Mailbox" path="$claws_mail" collapsed="0">
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
    cat >"$claws_cfg/clawsrc" <<EOF || return 1
[Common]
config_version=4
mainwin_x=0
mainwin_y=0
mainwin_width=1000
mainwin_height=620
summaryview_height=150
confirm_on_exit=0
warn_queued_on_exit=0

[Plugins_GTK3]
$claws_plugin

EOF
    claws_trace=$top/trace
    : >"$claws_trace"
    export GSMIME_CLAWS_TRACE=$claws_trace HOME=$top/home \
        XDG_RUNTIME_DIR=$top/run LC_ALL=C.UTF-8 LANGUAGE=
    claws_log=$top/claws.log
    claws_seen=0
}

# claws ARGS...: the claws-mail command line, against the test's
# configuration; with a Claws already running, it passes ARGS to it.
claws() {
    "${claws_env[@]}" claws-mail --alternate-config-dir "$claws_cfg" "$@"
}

# claws_wait_for PATTERN SECONDS: waits until the trace has a line
# matching the grep -E PATTERN beyond the first $claws_seen lines;
# succeeds if one came, fails at once if Claws died.  A failure says what
# it waited for and what Claws, its log and the GnuPG home showed.
claws_wait_for() {
    local i
    for i in $(seq $(($2 * 10))); do
        if tail -n +$((claws_seen + 1)) "$claws_trace" | grep -aEq -- "$1"
        then
            return 0
        fi
        if ! kill -0 "$claws_pid" 2>/dev/null; then
            echo "# Claws died while the test waited for a trace line /$1/"
            claws_explain
            return 1
        fi
        sleep 0.1
    done
    explain_wait "a trace line /$1/ from the plugin in Claws" "$2"
    claws_explain
    return 1
}

# claws_process: the pid of the claws-mail process itself (claws_pid is
# the shell that runs it).
claws_process() {
    local pid
    pid=$(pgrep -x -P "$claws_pid" claws-mail 2>/dev/null | head -n 1)
    echo "${pid:-$claws_pid}"
}

# claws_explain: what a failed wait on Claws prints: whether Claws runs,
# the trace since the last step, the end of Claws' own output, and the
# GnuPG home.
claws_explain() {
    if [ -n "${claws_pid-}" ] && kill -0 "$claws_pid" 2>/dev/null; then
        echo "# claws-mail (pid $claws_pid) is running:" \
            "state $(awk '{ print $3 }' "/proc/$claws_pid/stat" 2>/dev/null)," \
            "in $(cat "/proc/$claws_pid/wchan" 2>/dev/null)"
        explain_stacks "$(claws_process)" claws-mail
    else
        echo "# claws-mail is not running"
    fi
    explain_text "the trace since the last step:" \
        "$(tail -n +$((claws_seen + 1)) "$claws_trace")"
    explain_text "the end of Claws' output:" "$(tail -n 20 "$claws_log")"
    explain_home "${GNUPGHOME-}"
}

# claws_mark: from here on, claws_wait_for and claws_trace_since look
# only at new trace lines.
claws_mark() {
    claws_seen=$(wc -l <"$claws_trace")
}

# claws_trace_since PATTERN: the new trace lines matching PATTERN.  The
# trace is read as text whatever bytes it holds (grep -a): a line that
# grep took for binary would print "Binary file matches" instead.
claws_trace_since() {
    tail -n +$((claws_seen + 1)) "$claws_trace" | grep -aE -- "$1"
}

# claws_field LINE KEY: the value of KEY in a trace line (values run to
# the next " key=" or the end of the line).
claws_field() {
    printf '%s\n' "$1" | sed -nE "s/.* $2=(.*)/\\1/p" |
        sed -E 's/ [a-z]+=.*//'
}

# claws_start: starts Claws in the background (claws_pid) and checks, as
# one TAP line, that it loaded the plugin.
claws_start() {
    claws >>"$claws_log" 2>&1 &
    claws_pid=$!
    if claws_wait_for '^loaded ' 60; then
        tap_result 0 "claws-mail loads the plugin at start-up"
        # The main window is drawn after the plugins are loaded.
        sleep 2
        return 0
    fi
    tap_result 1 "claws-mail loads the plugin at start-up"
    return 1
}

# claws_select N: opens message N of the inbox in the running Claws.
claws_select() {
    claws_mark
    claws --select "#mh/Mailbox/inbox/$1" >>"$claws_log" 2>&1
}

# claws_probe_ms: milliseconds one `claws-mail --status` takes, start to
# answer.  The running Claws answers it from its main loop, so the time,
# against the same command while Claws is idle, tells whether the loop is
# free.
claws_probe_ms() {
    local t0 t1
    t0=$(date +%s%N)
    claws --status >/dev/null 2>>"$claws_log"
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}

# claws_settle: returns once Claws' main loop has answered two probes
# (claws_probe_ms) one after the other: a key that reached Claws before
# has been handled, and what that queued for later (drawing a window or
# a page, which GTK does after the events waiting) has been done too.
claws_settle() {
    claws_probe_ms >/dev/null
    claws_probe_ms >/dev/null
}

# claws_probe_during PATTERN [MAX]: probes the main loop (claws_probe_ms)
# every 0.2 s, MAX times at most (8 unless told), until a trace line
# matches PATTERN; the times of the probes answered before it came are
# in CLAWS_BUSY.  A probe that ends after that line straddled it and
# does not count there; its time is in CLAWS_LAST (for a benchmark's
# longest stall: a main loop held by the work answers only that one).
claws_probe_during() {
    local probe
    CLAWS_BUSY=() CLAWS_LAST=0
    for _ in $(seq "${2:-8}"); do
        sleep 0.2
        probe=$(claws_probe_ms)
        if claws_trace_since "$1" >/dev/null; then
            CLAWS_LAST=$probe
            return 0
        fi
        CLAWS_BUSY+=("$probe")
    done
}

# claws_probes_ok WHAT BUDGET_MS IDLE...: whether the main loop stayed
# free while the plugin worked for up to BUDGET_MS, as two TAP checks on
# CLAWS_BUSY against the probes IDLE... taken before.  A main loop held
# by the work answers no probe until the work is over, so that none
# would count, and the one it answers then has waited most of the
# budget; a free one answers at once, however slowly a loaded machine
# starts the probe.  So: a probe was answered while the work went on,
# and none took half the budget more than the slowest idle one.
claws_probes_ok() {
    local what=$1 budget=$2 slowest
    shift 2
    slowest=$(printf '%s\n' "$@" "${CLAWS_BUSY[@]}" | sort -n | tail -n 1)
    tap_diag "claws-mail --status: idle $* ms; while $what ${CLAWS_BUSY[*]} ms"
    # Work that ended before the first probe (a fast, idle machine) shows
    # nothing either way: that is a skip, never a pass.
    if [ "${#CLAWS_BUSY[@]}" -ge 1 ]; then
        tap_result 0 "$what: a probe was answered while the work went on"
    else
        tap_skip "$what: a probe was answered while the work went on" \
            "the work was over before the first probe"
    fi
    tap_ok "$what: no probe waited half the budget more than an idle one" \
        test "${slowest:-0}" -lt \
        $(($(printf '%s\n' "$@" | sort -n | tail -n 1) + budget / 2))
}

# claws_find_window PATTERN SECONDS: prints the id of a window whose name
# matches PATTERN (xdotool's regular expression), waiting for it.
claws_find_window() {
    local w
    for _ in $(seq $(($2 * 10))); do
        # Only a window that is mapped can take the keyboard: GTK names a
        # window before it maps it, and a busy Claws may take a while
        # between the two.
        w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1)
        if [ -n "$w" ]; then
            echo "$w"
            return 0
        fi
        kill -0 "$claws_pid" 2>/dev/null || break
        sleep 0.1
    done
    explain_wait "a window named /$1/" "$2" >&2
    explain_text "the windows there are:" "$(xdotool search --name . \
        getwindowname %@ 2>/dev/null | sort -u)" >&2
    claws_explain >&2
    return 1
}

# claws_press WINDOW [KEY...]: gives WINDOW the keyboard and presses the
# keys.  There is no window manager under Xvfb, so focus is set directly,
# and the keys go only once the X server says WINDOW has it: a key sent
# before would reach whichever window had the focus, or none.
claws_press() {
    local w=$1 focus=
    shift
    for _ in $(seq 300); do
        xdotool windowfocus "$w" 2>/dev/null
        focus=$(xdotool getwindowfocus 2>/dev/null)
        [ "$focus" = "$w" ] && break
        sleep 0.1
    done
    if [ "$focus" != "$w" ]; then
        explain_wait "window $w ($(xdotool getwindowname "$w" 2>&1)) to take the keyboard for $*" 30
        echo "# the focus is on window ${focus:-none}"
        claws_explain
        return 1
    fi
    [ $# -eq 0 ] || xdotool key --clearmodifiers "$@"
}

# claws_hang_crls: five probes of the idle main loop (claws_probe_ms) in
# the array idle, then the CRL server on $port replaced by one that
# accepts connections and never answers (its log $work/hang.log), and
# dirmngr's CRLs forgotten: the next revocation check waits there, and
# silent_bound_ms (silent.sh) tells how long it may.
claws_hang_crls() {
    idle=()
    for _ in 1 2 3 4 5; do idle+=("$(claws_probe_ms)"); done
    gh_stop_crls
    gh_start_server hang "$port" "$work/hang.log" --lifetime 60 || exit 1
    silent_started 60
    gh_flush_crls
}

# claws_median N...: the middle one of N numbers.
claws_median() {
    printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}

# claws_shot NAME: a screenshot of the screen, tests/logs/claws-NAME.png.
claws_shot() {
    if command -v import >/dev/null 2>&1; then
        import -window root "$claws_logdir/claws-$1.png" 2>/dev/null
        tap_ok "screenshot claws-$1.png" test -s "$claws_logdir/claws-$1.png"
    else
        tap_skip "screenshot claws-$1.png" "ImageMagick's import not found"
    fi
}

# claws_stop: quits Claws with `claws-mail --exit` and checks, as TAP
# lines, that it went, and that it logged no critical warning.
claws_stop() {
    [ -n "${claws_pid-}" ] || return 0
    claws --exit >>"$claws_log" 2>&1
    for _ in $(seq 100); do
        kill -0 "$claws_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$claws_pid" 2>/dev/null; then
        tap_result 1 "claws-mail --exit stops Claws"
        echo "# gave up after 10 s waiting for claws-mail --exit to stop Claws"
        claws_explain
        claws_kill
    else
        wait "$claws_pid"
        tap_is "$?" 0 "claws-mail --exit stops Claws, exit status 0"
    fi
    claws_pid=
    if grep -E 'CRITICAL|Segmentation' "$claws_log" >"$claws_log.critical"
    then
        tap_result 1 "Claws logged no critical warnings"
        head -n 5 "$claws_log.critical" | sed 's/^/#   /'
    else
        tap_result 0 "Claws logged no critical warnings"
    fi
}

# claws_kill: for a trap on EXIT; stops a Claws still running.
claws_kill() {
    if [ -n "${claws_pid-}" ] && kill -0 "$claws_pid" 2>/dev/null; then
        kill "$claws_pid" 2>/dev/null
        # Claws leaves on SIGTERM through its main loop; a loop that is
        # stuck never gets there, and the next start would find it running.
        for _ in $(seq 50); do
            kill -0 "$claws_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$claws_pid" 2>/dev/null
        wait "$claws_pid" 2>/dev/null
    fi
    claws_pid=
}
