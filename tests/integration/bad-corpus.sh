#!/bin/bash
# bad-corpus.sh - runs the bad-input corpus of tests/data/bad/: one
# hostile input per class, each with the outcome gsmime must give.
#
# A class NAME is the file NAME.expect and its input, which is either
#   NAME.EXT   a stored file (only inputs that carry no signature or
#              certificate that could go stale), or
#   NAME.gen   an executable that writes the input at test time, called
#              as `NAME.gen OUTPUT PKI_DIR`; OUTPUT is a path to create
#              (a file, or a folder), PKI_DIR the test PKI of
#              tests/pki/make-pki.sh.  GSMIME_SRCDIR is in its
#              environment, for tests/lib/messages.sh and tests/lib/der.py.
#
# NAME.expect holds "key: value" lines and "#" comments:
#   # why: ...     what the class is and why the outcome is right (required)
#   run: ...       the gsmime arguments; {input} becomes the input's path
#                  (required; split at spaces, no quoting)
#   exit: N        the exit status, one of tools/exit-codes.h (required)
#   error: ...     the first words of the one line "gsmime: ..." on stderr,
#                  after "gsmime: " (case-insensitive prefix)
#   error-re: ...  instead of error: an extended regular expression the
#                  text after "gsmime: " must match (case-insensitive)
#                  Without error: or error-re:, stderr must be empty.
#   verdict: S R.. show --json printed the status S with every reason R
#                  among its reasons; without it, stdout must be empty
#   stdout: ...    instead of verdict: the first words of stdout (for
#                  runs that succeed without a verdict, such as import)
#                  In error: and stdout:, {input} is the input's path too.
#   home: H        the GnuPG home: bob (default; bob's keys, the test
#                  root trusted, everybody's certificates), alice, or
#                  empty (a fresh home holding nothing, for this run only;
#                  use it for anything that imports)
#   stdin: {input} the input on standard input instead of /dev/null
#   passphrase: P  P and a newline on file descriptor 3 (run: says
#                  --passphrase-fd 3)
#   seconds: N     the processor time the run may take (default 60; its
#                  wall time may be twice that before it counts as hung)
#   rss-mb: N      limit of the peak resident set size, measured with
#                  /usr/bin/time (package "time")
#
# For each class the checks are: the input could be made, the run ended
# by itself (no signal, no timeout), the exit status, stderr, stdout, the
# time and memory limits, and that nothing was left behind in TMPDIR, the
# working directory or the input's folder (no plaintext on disk).  Under
# AddressSanitizer the memory check is skipped, being meaningless there.
# BAD_CLASS=PREFIX in the environment runs only the classes whose names
# begin with PREFIX.
# Output is TAP; exit status 77 when a required program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/badrun.sh
. "$GSMIME_SRCDIR/tests/lib/badrun.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf openssl python3 timeout
export GSMIME_SRCDIR

corpus=$GSMIME_SRCDIR/tests/data/bad
MIN_CLASSES=30
started=$(date +%s)

test_cleanup_hook() {
    local h
    for h in "${homes[@]}"; do
        GH_HOME=$h
        gh_teardown
    done
    GH_HOME=$bob
}
homes=()
test_start gsbc bob
bob=$GH_HOME
gh_setup "" "$pki" alice || exit 1
alice=$GH_HOME
homes+=("$alice")
GH_HOME=$bob
in=$tmp/in
mkdir "$in" || exit 1
badrun_init "$work"
BADRUN_WATCH=$in

have_time=
[ -x /usr/bin/time ] && have_time=yes
asan=
if ldd "$GSMIME" 2>/dev/null | grep -q libasan; then
    asan=yes
    tap_diag "gsmime is built with AddressSanitizer: the rss-mb limits" \
        "are not checked (its shadow memory inflates every figure)"
fi

# fresh_home - prints a new empty GnuPG home set up as bob's (the same
# agent, gpgsm and dirmngr options, the same failing pinentry) but
# holding nothing at all.
fresh_home() {
    local h f
    h=$(mktemp -d /tmp/gsbe.XXXXXX) || return 1
    chmod 700 "$h"
    for f in gpg-agent.conf gpgsm.conf dirmngr.conf pinentry-fail; do
        sed "s|$bob|$h|g" "$bob/$f" >"$h/$f" || return 1
    done
    chmod 700 "$h/pinentry-fail"
    echo "$h"
}

# The keys a .expect may use.
known_keys=" run exit error error-re verdict stdout home stdin passphrase seconds rss-mb "

# one_class EXPECT - runs and checks one class.
one_class() {
    local expect=$1 name key value input="" gen="" stored c
    local -A e=()
    name=$(basename "$expect" .expect)

    # Read the expectations.
    local bad_keys="" why=""
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            "# why:"*) why=yes; continue ;;
            "#"* | "") continue ;;
        esac
        key=${line%%:*}
        value=${line#*:}
        value=${value# }
        if [[ $known_keys != *" $key "* ]]; then
            bad_keys="$bad_keys $key"
        fi
        e[$key]=$value
    done <"$expect"
    if [ -n "$bad_keys" ] || [ -z "$why" ] || [ -z "${e[run]-}" ] ||
        ! [[ ${e[exit]-} =~ ^[0-5]$ ]]; then
        tap_result 1 "$name: NAME.expect is well formed"
        tap_diag "  unknown keys:${bad_keys:- none}; '# why:' ${why:-missing};" \
            "run: '${e[run]-}', exit: '${e[exit]-}' (0 to 5)"
        return
    fi

    # Make or copy the input.
    stored=()
    for c in "$corpus/$name".*; do
        case $c in *.expect | *.gen) ;; *) stored+=("$c") ;; esac
    done
    if [ -e "$corpus/$name.gen" ] && [ ${#stored[@]} -eq 0 ]; then
        gen=$corpus/$name.gen
        input=$in/$name
        rm -rf "$input"
        if [ -x "$gen" ] && "$gen" "$input" "$pki" >"$work/gen.log" 2>&1 &&
            [ -e "$input" ]; then
            tap_result 0 "$name: input generated"
        else
            tap_result 1 "$name: input generated"
            tap_diag "  $(tail -n 5 "$work/gen.log")"
            return
        fi
    elif [ ! -e "$corpus/$name.gen" ] && [ ${#stored[@]} -eq 1 ]; then
        input=$in/$(basename "${stored[0]}")
        cp -R "${stored[0]}" "$input" || return
        tap_result 0 "$name: input stored"
    else
        tap_result 1 "$name: has exactly one input (NAME.gen or one NAME.EXT)"
        return
    fi

    # Run.
    local home args=() seconds=${e[seconds]:-60} rss=${e[rss-mb]-}
    case ${e[home]:-bob} in
        bob) home=$bob ;;
        alice) home=$alice ;;
        empty) home=$(fresh_home) || return ;;
        *) tap_result 1 "$name: home '${e[home]}' is bob, alice or empty"
           return ;;
    esac
    read -r -a args <<<"${e[run]}"
    args=("${args[@]//\{input\}/$input}")
    STDIN=/dev/null
    [ "${e[stdin]-}" = "{input}" ] && STDIN=$input
    BADRUN_SECONDS=$seconds
    MEASURE=
    [ -n "$rss" ] && [ -n "$have_time" ] && MEASURE=yes
    if [ -n "${e[passphrase]+set}" ]; then
        gs "$home" "${args[@]}" 3< <(printf '%s\n' "${e[passphrase]}")
    else
        gs "$home" "${args[@]}"
    fi
    if [ "${e[home]:-bob}" = empty ]; then
        gpgconf --homedir "$home" --kill all 2>/dev/null
        rm -rf "$home"
    fi

    check_defined "$name"
    check_rc "$name" "${e[exit]}"
    local words=${e[error]-} first=${e[stdout]-}
    check_stderr "$name" "${words//\{input\}/$input}" "${e[error-re]-}"
    check_stdout "$name" "${e[verdict]-}" "${first//\{input\}/$input}"
    if [ "$CPU_MS" -le $((seconds * 1000)) ]; then
        tap_result 0 "$name: within $seconds s of processor time ($CPU_MS ms; $ELAPSED_MS ms wall)"
    else
        tap_result 1 "$name: within $seconds s of processor time ($CPU_MS ms; $ELAPSED_MS ms wall)"
    fi
    check_rss "$name" "$rss"
    check_left "$name"
    rm -rf "$input"
}

# check_stderr NAME WORDS REGEX - one line "gsmime: WORDS...", or one
# line whose text matches REGEX, or nothing at all when both are empty.
check_stderr() {
    local name=$1 words=$2 re=$3 text
    if [ -z "$words" ] && [ -z "$re" ]; then
        tap_is "$(head -c 400 "$err")" "" "$name: nothing on stderr"
        return
    fi
    text=$(sed -n '1s/^gsmime: //p' "$err")
    if stderr_is_one_line &&
        if [ -n "$words" ]; then
            [[ ${text,,} == "${words,,}"* ]]
        else
            printf '%s\n' "$text" | grep -Eiq -- "$re"
        fi; then
        tap_result 0 "$name: says \"${words:-/$re/}\""
    else
        tap_result 1 "$name: says \"${words:-/$re/}\""
        tap_diag "  stderr ($(grep -c '' "$err") lines): '$(head -c 400 "$err")'"
    fi
}

# check_stdout NAME VERDICT WORDS - the JSON verdict has VERDICT's status
# and reasons, or stdout begins with WORDS, or it is empty.
check_stdout() {
    local name=$1 want=$2 words=$3 got r ok=0 w=()
    if [ -n "$want" ]; then
        got=$(verdict)
        read -r -a w <<<"$want"
        [ "${got%% *}" = "${w[0]}" ] || ok=1
        for r in "${w[@]:1}"; do
            [[ " $got " == *" $r "* ]] || ok=1
        done
        tap_result $ok "$name: verdict $want"
        [ $ok = 0 ] || tap_diag "  got: $got"
    elif [ -n "$words" ]; then
        got=$(head -c 400 "$out")
        if [[ ${got,,} == "${words,,}"* ]]; then
            tap_result 0 "$name: stdout begins \"$words\""
        else
            tap_result 1 "$name: stdout begins \"$words\""
            tap_diag "  stdout: '$got'"
        fi
    else
        check_quiet "$name"
    fi
}

# check_rss NAME MB - the peak RSS of the run stayed within MB.
check_rss() {
    local name=$1 mb=$2 kb
    [ -n "$mb" ] || return 0
    if [ -n "$asan" ]; then
        tap_diag "$name: peak memory not checked under AddressSanitizer"
        return 0
    fi
    if [ -z "$have_time" ]; then
        tap_skip "$name: peak memory within $mb MB" \
            "/usr/bin/time missing (scripts/install-deps.sh installs it)"
        return 0
    fi
    kb=$(badrun_rss_kb)
    if [ -n "$kb" ] && [ "$kb" -le $((mb * 1024)) ]; then
        tap_result 0 "$name: peak memory within $mb MB ($((kb / 1024)) MB)"
    else
        tap_result 1 "$name: peak memory within $mb MB (${kb:-?} kB)"
    fi
}

classes=0
for expect in "$corpus"/*.expect; do
    [ -e "$expect" ] || continue
    classes=$((classes + 1))
    if [ -n "${BAD_CLASS-}" ] && [[ $(basename "$expect") != $BAD_CLASS* ]]; then
        continue
    fi
    one_class "$expect"
done
if [ -z "${BAD_CLASS-}" ]; then
    tap_ok "at least $MIN_CLASSES classes ($classes)" \
        test "$classes" -ge "$MIN_CLASSES"
    pin=0
    for GH_HOME in "$alice" "$bob"; do
        gh_pinentry_started && pin=1
    done
    GH_HOME=$bob
    tap_result $pin "no pinentry was started in alice's or bob's home"
fi
tap_diag "runtime $(($(date +%s) - started)) s"
tap_done
