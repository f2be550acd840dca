# tap.sh - a small TAP writer for gsmime's integration tests.
#
# Source it from bash.  Each check prints one line "ok N - name" or
# "not ok N - name"; tap_done prints the plan and exits non-zero if any
# check failed.  tests/run-tests counts these lines.
#
#   . "$GSMIME_SRCDIR/tests/lib/tap.sh"
#   tap_is "$(cmd)" "expected" "what is checked"
#   tap_ok "what is checked" test -s file
#   tap_done

TAP_N=0
TAP_FAILED=0

# tap_result STATUS NAME - records one result (STATUS 0 means pass).
tap_result() {
    TAP_N=$((TAP_N + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $TAP_N - $2"
    else
        echo "not ok $TAP_N - $2"
        TAP_FAILED=$((TAP_FAILED + 1))
    fi
}

# tap_ok NAME COMMAND... - passes when COMMAND succeeds.
tap_ok() {
    local name=$1; shift
    "$@"
    tap_result $? "$name"
}

# tap_not NAME COMMAND... - passes when COMMAND fails.
tap_not() {
    local name=$1; shift
    ! "$@"
    tap_result $? "$name"
}

# tap_is GOT EXPECTED NAME - passes when the strings are equal.
tap_is() {
    if [ "$1" = "$2" ]; then
        tap_result 0 "$3"
    else
        tap_result 1 "$3"
        echo "#   got:      '$1'"
        echo "#   expected: '$2'"
    fi
}

# tap_like GOT PATTERN NAME - passes when GOT matches the grep -E PATTERN.
tap_like() {
    if printf '%s\n' "$1" | grep -Eq -- "$2"; then
        tap_result 0 "$3"
    else
        tap_result 1 "$3"
        echo "#   got:      '$(printf '%s' "$1" | head -c 400)'"
        echo "#   expected to match: '$2'"
    fi
}

# tap_skip NAME REASON - a check that could not run here.
tap_skip() {
    TAP_N=$((TAP_N + 1))
    echo "ok $TAP_N - $1 # SKIP $2"
}

# tap_diag TEXT - a comment line, shown in the log.
tap_diag() {
    echo "# $*"
}

# tap_done - prints the plan; the exit status says whether all passed.
tap_done() {
    echo "1..$TAP_N"
    [ "$TAP_FAILED" -eq 0 ]
}
