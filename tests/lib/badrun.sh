# shellcheck shell=bash
# badrun.sh - runs gsmime on hostile input and checks how it ends; shared
# by tests/integration/bad-input.sh and bad-corpus.sh.
#
# Source it after prelude.sh, then call badrun_init with a work folder.
# It sets no shell options and runs nothing at load time.  The caller
# sets, before each gs call:
#   STDIN            file for standard input (default /dev/null)
#   BADRUN_SECONDS   the processor time one run may take (default 60);
#                    twice that in wall time, and the run is taken for hung
#   MEASURE          non-empty: the caller checks the peak resident set
#                    size (badrun_rss_kb); it is measured either way
#   BADRUN_WATCH     folder whose listing must not change (the inputs)
# and reads afterwards RC, LEFT, ELAPSED_MS, CPU_MS and the files $out and
# $err.
#
# A run is judged by the processor time it took (user and system, of
# gsmime and the gpgsm it waited for): that is what a hostile file may
# not waste, and it stays the same on a busy machine, where wall time
# does not.  The wall-time limit is there to stop a run that hangs.

STDIN=/dev/null
BADRUN_SECONDS=60
MEASURE=

# badrun_init WORK - uses WORK/res for what a run printed and WORK/run
# for its TMPDIR and working directory; the caller removes WORK.
badrun_init() {
    res=$1/res
    run=$1/run
    out=$res/stdout
    err=$res/stderr
    mkdir -p "$res" || exit 1
}

# badrun_start TAG - test_begin TAG, the inputs' folder $in (watched:
# nothing may appear there), badrun_init, alice's home in $alice and
# bob's in $bob, and the CRLs served.
badrun_start() {
    test_begin "$1"
    # shellcheck disable=SC2034  # read by the caller
    in=$work/in
    mkdir "$in" || exit 1
    badrun_init "$work"
    BADRUN_WATCH=$in
    test_home alice alice
    test_home bob bob
    test_serve_crls
}

# gs HOME ARGS... - runs gsmime ARGS with GNUPGHOME=HOME, standard input
# from $STDIN, TMPDIR and the working directory fresh and empty, under
# `timeout $BADRUN_SECONDS`.  Sets RC, ELAPSED_MS and LEFT (the files the
# run left behind in TMPDIR, the working directory or $BADRUN_WATCH, one
# a line).
gs() {
    local home=$1 before="" t0
    local -a timer=()
    shift
    rm -rf "$run" "$res/time"
    mkdir -p "$run/tmp" "$run/cwd" || exit 1
    [ -n "${BADRUN_WATCH-}" ] && before=$(ls -A "$BADRUN_WATCH")
    # GNU time outside timeout: wait4 reports the largest RSS of the
    # process tree it waited for, so gsmime's own peak counts, and a
    # timeout still kills gsmime itself.
    if [ -x /usr/bin/time ]; then
        timer=(/usr/bin/time -f '%M %U %S' -o "$res/time")
    fi
    t0=$(date +%s%N)
    (cd "$run/cwd" && GNUPGHOME=$home TMPDIR=$run/tmp \
        "${timer[@]}" timeout "$((BADRUN_SECONDS * 2))" "$GSMIME" "$@" \
        <"$STDIN" >"$out" 2>"$err")
    RC=$?
    # shellcheck disable=SC2034  # read by the caller
    ELAPSED_MS=$((($(date +%s%N) - t0) / 1000000))
    CPU_MS=$(badrun_cpu_ms)
    [ -n "$CPU_MS" ] || CPU_MS=$ELAPSED_MS
    LEFT=$({
        ls -A "$run/tmp" | sed 's|^|TMPDIR/|'
        ls -A "$run/cwd" | sed 's|^|cwd/|'
        if [ -n "${BADRUN_WATCH-}" ]; then
            diff <(echo "$before") <(ls -A "$BADRUN_WATCH") |
                sed -n 's|^> |inputs/|p'
        fi
    })
}

# badrun_rss_kb - the peak RSS in kB of the last run, or nothing.  GNU
# time puts a line "Command exited with non-zero status N" before its
# figures when the status was not 0.
badrun_rss_kb() {
    [ -s "$res/time" ] &&
        tail -n 1 "$res/time" | awk '/^[0-9]+ / { print $1 }'
}

# badrun_cpu_ms - the processor time of the last run in milliseconds,
# user and system, or nothing.
badrun_cpu_ms() {
    [ -s "$res/time" ] && tail -n 1 "$res/time" |
        awk '/^[0-9]+ [0-9.]+ [0-9.]+$/ { printf "%d", ($2 + $3) * 1000 }'
}

# What the last exit status means, for diagnostics.
describe_rc() {
    case $RC in
        124) echo "timed out after $((BADRUN_SECONDS * 2)) s" ;;
        125 | 126 | 127) echo "could not be run" ;;
        *) if [ "$RC" -gt 128 ]; then
               echo "killed by signal $((RC - 128))"
           else
               echo "exit $RC"
           fi ;;
    esac
}

# check_defined NAME - the run ended by itself with a documented code.
check_defined() {
    if [ "$RC" -le 5 ]; then
        tap_result 0 "$1: no crash, no hang ($(describe_rc))"
    else
        tap_result 1 "$1: no crash, no hang"
        tap_diag "  $(describe_rc); stderr: $(head -c 300 "$err")"
    fi
}

# check_rc NAME CODE... - the exit status is one of CODE.
check_rc() {
    local name=$1 c
    shift
    for c in "$@"; do
        if [ "$RC" = "$c" ]; then
            tap_result 0 "$name: exit ${*// / or }"
            return
        fi
    done
    tap_result 1 "$name: exit ${*// / or }"
    tap_diag "  got $(describe_rc); stderr: $(head -c 300 "$err")"
}

# stderr_is_one_line - stderr of the last run is exactly one line that
# begins "gsmime: ".
stderr_is_one_line() {
    local text
    text=$(cat "$err")
    [ "$(printf '%s' "$text" | grep -c '')" = 1 ] && [[ $text == "gsmime: "* ]]
}

# check_says NAME WORDS PATTERN - stderr is one line "gsmime: ..." that
# matches the extended regular expression PATTERN (case-insensitive).
check_says() {
    if stderr_is_one_line && grep -Eiq -- "$3" "$err"; then
        tap_result 0 "$1: says $2"
    else
        tap_result 1 "$1: says $2"
        tap_diag "  stderr ($(grep -c '' "$err") lines): '$(head -c 400 "$err")'"
        tap_diag "  expected one line 'gsmime: ...' matching /$3/i"
    fi
}

# check_quiet NAME - nothing on stdout.
check_quiet() {
    if [ ! -s "$out" ]; then
        tap_result 0 "$1: nothing on stdout"
    else
        tap_result 1 "$1: nothing on stdout"
        tap_diag "  stdout: '$(head -c 300 "$out")'"
    fi
}

# check_left NAME - the run left no file behind.
check_left() {
    tap_is "$LEFT" "" "$1: leaves no file in TMPDIR, cwd or the input folder"
}

# verdict - "STATUS REASON..." from the JSON on stdout of the last run,
# or "no-json".
verdict() {
    python3 -c '
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    print(d["status"], " ".join(d["reasons"]))
except Exception:
    print("no-json")' "$out"
}
