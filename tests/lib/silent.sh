# shellcheck shell=bash
# silent.sh - how long a check that meets a silent server may take, for
# the tests that give gsmime a time budget (revocation, directory).
#
#   silent_started LIFETIME          # a hang server (deadservers.py) is up
#   bound=$(silent_bound_ms BUDGET)  # before the check that meets it
#
# With its budget, a check that meets a server which accepts connections
# and never answers ends when the budget does, plus what the machine needs
# to run it; without the budget, it waits until the server goes, at the
# end of its --lifetime, or until the test stops the gsmime run (the
# tests run it under `timeout 60`).  The bound lies halfway between the
# two: a loaded machine does not push a working check over it, and a
# check that ignores its budget cannot come in under it.

# The longest the tests let one gsmime run take (timeout 60).
SILENT_RUN_LIMIT_MS=60000

# silent_started LIFETIME: the silent server just started lives LIFETIME
# seconds (its --lifetime).
silent_started() {
    SILENT_END_NS=$(($(date +%s%N) + $1 * 1000000000))
}

# silent_left_ms: what a check that starts now would cost without a
# budget: the milliseconds until the silent server goes, or until the
# run is stopped, whichever comes first.
silent_left_ms() {
    local left=$(((SILENT_END_NS - $(date +%s%N)) / 1000000))
    [ "$left" -lt "$SILENT_RUN_LIMIT_MS" ] || left=$SILENT_RUN_LIMIT_MS
    echo "$left"
}

# silent_bound_ms BUDGET [NO_BUDGET_MS]: the limit for a check with the
# budget BUDGET (ms) that starts now: halfway between the budget and the
# cost without it, NO_BUDGET_MS or else silent_left_ms.
silent_bound_ms() {
    local without=${2:-$(silent_left_ms)}
    echo $((($1 + without) / 2))
}
