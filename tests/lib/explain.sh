# shellcheck shell=bash
# explain.sh - what a wait in the harness prints when it gives up, so that
# a failure in CI can be understood from its log alone.
#
#   explain_wait WHAT SECONDS        # "# gave up after ... waiting for WHAT"
#   explain_text TITLE TEXT          # TEXT as indented TAP comment lines
#   explain_home [HOME]              # the GnuPG home's daemons, locks, logs
#   explain_stacks PID NAME          # where each thread of a stuck process is
#
# Everything is printed as TAP comments ("# ..."), which tests/run-tests
# keeps in the test's log and does not count.  prelude.sh sources this.

# explain_text TITLE TEXT - prints TITLE and the last 60 lines of TEXT
# that are not blank.
explain_text() {
    echo "# $1"
    printf '%s\n' "$2" | grep -v '^[[:space:]]*$' | tail -n 60 |
        sed 's/^/#   | /'
}

# explain_stat PID N - field N of /proc/PID/stat, counted as proc(5)
# does from the state (3); the name before it may hold spaces.
explain_stat() {
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk -v n="$2" '{ print $(n - 2) }'
}

# explain_age PID - seconds since the process PID started.
explain_age() {
    local start up tick
    start=$(explain_stat "$1" 22)
    [ -n "$start" ] || return
    up=$(cut -d' ' -f1 /proc/uptime)
    tick=$(getconf CLK_TCK)
    awk -v s="$start" -v u="$up" -v t="$tick" 'BEGIN { printf "%d", u - s / t }'
}

# explain_processes HOME - every process that runs for the GnuPG home
# HOME (named on its command line or in its GNUPGHOME): name, pid, state,
# where in the kernel it sleeps, age and command line.
explain_processes() {
    local home=$1 d pid cmd name state wchan found=()
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        [ "$pid" != $$ ] && [ "$pid" != "$BASHPID" ] || continue
        cmd=$(tr '\0' ' ' 2>/dev/null <"$d/cmdline") || continue
        [ -n "$cmd" ] || continue
        if [[ $cmd != *"$home"* ]] &&
            ! tr '\0' '\n' 2>/dev/null <"$d/environ" |
            grep -qxF "GNUPGHOME=$home"; then
            continue
        fi
        name=$(cat 2>/dev/null "$d/comm") || continue
        case $name in bash|sh|sleep|tr|grep|cat|tail|sed|awk) continue ;; esac
        state=$(explain_stat "$pid" 3)
        wchan=$(cat 2>/dev/null "$d/wchan")
        found+=("$name")
        case $name in gsmime*|lt-gsmime*) explain_ours+=("$pid:$name") ;; esac
        printf '#   %-15s pid %-7s state %s in %-22s for %4ss: %.140s\n' \
            "$name" "$pid" "$state" "${wchan:-?}" "$(explain_age "$pid")" "$cmd"
    done
    for name in gpg-agent gpgsm dirmngr gsmime-session; do
        [[ " ${found[*]} " == *" $name "* ]] || echo "#   $name: not running"
    done
}

# explain_locks HOME - GnuPG's lock files in HOME (the keybox's, the
# daemon start-up sentinels): the process each names, and whether it
# still runs.  gpgsm removes a lock whose process is gone, but waits for
# ever on one whose number belongs to a running process, whichever.
explain_locks() {
    local lock pid
    for lock in "$1"/*.lock; do
        [ -e "$lock" ] || continue
        pid=$(head -n 1 "$lock" 2>/dev/null | tr -d ' ')
        if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ]; then
            printf '#   %s: pid %s, running: %.140s\n' "${lock##*/}" "$pid" \
                "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")"
        else
            printf '#   %s: pid %s, gone\n' "${lock##*/}" "${pid:-?}"
        fi
    done
}

# explain_home [HOME] - the state of the GnuPG home (default $GH_HOME):
# its processes, its lock files, and the tails of the logs the harness
# keeps there.
explain_home() {
    local home=${1:-${GH_HOME-}} log p
    [ -n "$home" ] && [ -d "$home" ] || return 0
    echo "# processes of the GnuPG home $home:"
    explain_ours=()
    explain_processes "$home"
    # gsmime's own processes say where they wait; the GnuPG daemons'
    # logs below say what they do.
    for p in "${explain_ours[@]}"; do
        explain_stacks "${p%%:*}" "${p#*:}"
    done
    if compgen -G "$home/*.lock" >/dev/null; then
        echo "# lock files of $home:"
        explain_locks "$home"
    fi
    for log in gpg-agent.log dirmngr.log pinentry.log http.log; do
        [ -s "$home/$log" ] || continue
        explain_text "last lines of $home/$log:" "$(tail -n 15 "$home/$log")"
    done
}

# explain_stacks PID NAME - the stack of every thread of the process PID
# (called NAME), read by gdb without stopping it for long: a process that
# hangs or spins says where.  Says so when gdb is missing or cannot attach.
explain_stacks() {
    local out
    kill -0 "$1" 2>/dev/null || return 0
    if ! command -v gdb >/dev/null 2>&1; then
        echo "# (gdb is not installed: no stacks of $2)"
        return 0
    fi
    out=$(timeout 60 gdb -p "$1" -batch -nx -q \
        -ex 'set pagination off' -ex 'thread apply all bt 25' 2>&1 |
        grep -E '^(Thread|#)')
    if [ -n "$out" ]; then
        echo "# the threads of $2 (pid $1), innermost call first:"
        printf '%s\n' "$out" | head -n 200 | sed 's/^/#   | /'
    else
        echo "# gdb could not read the stacks of $2 (pid $1)"
    fi
}

# explain_wait WHAT SECONDS - the first line of every wait's failure.
explain_wait() {
    echo "# gave up after $2 s waiting for $1"
}
