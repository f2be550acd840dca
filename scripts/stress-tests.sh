#!/bin/bash
# stress-tests.sh - runs chosen tests many times in a row, in both builds,
# optionally under CPU load and beside a second copy of themselves, and
# says how many runs passed.  A test that fails here but passes alone
# depends on something it shares with the rest of the machine.
#
# Usage: scripts/stress-tests.sh [-n N] [-j J] [--load] [--beside]
#                                [--normal-only] [--asan-only] [--build DIR]
#                                PATTERN...
#
#   -n N          runs per build (default 20)
#   -j J          J copies run at once, each beside the others, every one
#                 counted (default 1); N runs are shared among them
#   --load        one busy loop per core for the whole run
#   --beside      a second copy of the same tests runs in a loop beside
#                 the counted ones, in the same builds, with its own logs
#   --normal-only, --asan-only   one build instead of both
#   --build DIR   the build tree (default build/; its asan/ is the other)
#   PATTERN       as for tests/run-tests: mutt, claws, revocation, ...
#
# Logs of every run stay in BUILD/tests/stress/RUN-BUILD/ (the beside copy
# in BUILD/tests/stress/beside/); the last line is "N of N runs passed".
# Run it after scripts/build.sh and make -C build asan-build.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
runs=20 jobs=1 load=no beside=no builddir=$top/build
builds=(normal asan)
patterns=()
while [ $# -gt 0 ]; do
    case $1 in
        -n) runs=$2; shift 2 ;;
        -j) jobs=$2; shift 2 ;;
        --load) load=yes; shift ;;
        --beside) beside=yes; shift ;;
        --normal-only) builds=(normal); shift ;;
        --asan-only) builds=(asan); shift ;;
        --build) builddir=$(cd "$2" && pwd); shift 2 ;;
        -h|--help) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) echo "stress-tests.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) patterns+=("$1"); shift ;;
    esac
done
if [ ${#patterns[@]} -eq 0 ]; then
    echo "stress-tests.sh: name the tests to run, e.g. mutt claws revocation" >&2
    exit 2
fi

tree_of() {
    case $1 in
        normal) echo "$builddir" ;;
        asan) echo "$builddir/asan" ;;
    esac
}
for b in "${builds[@]}"; do
    if [ ! -x "$(tree_of "$b")/tools/gsmime" ]; then
        echo "stress-tests.sh: $(tree_of "$b")/tools/gsmime is not built;" \
            "run scripts/build.sh and make -C build asan-build first" >&2
        exit 2
    fi
done

out=$builddir/tests/stress
rm -rf "$out"
mkdir -p "$out"
helpers=()
stop_helpers() {
    local pid
    for pid in "${helpers[@]}"; do
        # The beside copy runs in a process group of its own, so that its
        # tests' daemons and servers go with it.
        kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null
    done
    wait 2>/dev/null
}
trap stop_helpers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One busy loop per core; each also ends by itself after four hours, so a
# loop that outlives this script does not spin for ever.
if [ $load = yes ]; then
    for _ in $(seq "$(nproc)"); do
        setsid timeout 14400 sh -c 'while :; do :; done' &
        helpers+=($!)
    done
fi

# The second copy: the same tests, the builds in turn, until stopped.
if [ $beside = yes ]; then
    setsid bash -c '
        while :; do
            for tree in "$@"; do
                "'"$top"'/tests/run-tests" --srcdir "'"$top"'" \
                    --builddir "$tree" --logdir "'"$out"'/beside" \
                    '"${patterns[*]}"' >>"'"$out"'/beside.log" 2>&1
            done
        done' beside $(for b in "${builds[@]}"; do tree_of "$b"; done) &
    helpers+=($!)
fi

# worker J: runs J, J+jobs, J+2*jobs, ... of each build, one line each
# in $out/worker-J.
worker() {
    local j=$1 i b log status
    for ((i = j; i <= runs; i += jobs)); do
        for b in "${builds[@]}"; do
            log=$out/$i-$b
            "$top/tests/run-tests" --srcdir "$top" \
                --builddir "$(tree_of "$b")" --logdir "$log" \
                "${patterns[@]}" >"$log.out" 2>&1
            status=$?
            if [ $status -eq 0 ]; then
                printf 'run %2d %-6s ok    %s\n' "$i" "$b" "$(tail -n 1 "$log.out")"
            else
                printf 'run %2d %-6s FAIL  %s\n' "$i" "$b" "$(tail -n 1 "$log.out")"
                grep '^FAIL ' "$log.out" | sed 's/^/    /'
            fi
        done
    done >"$out/worker-$j"
}

# Every worker in a process group of its own (set -m), so that stopping
# this script stops the tests it was running too (stop_helpers).
workers=()
set -m
for ((j = 1; j <= jobs; j++)); do
    : >"$out/worker-$j"
    worker "$j" &
    workers+=($!)
    helpers+=($!)
done
# Each result as it comes, for whoever watches.
tail -q -n +1 -F "$out"/worker-* 2>/dev/null &
helpers+=($!)
set +m
wait "${workers[@]}"

total=$(cat "$out"/worker-* | grep -c '^run ')
passed=$(cat "$out"/worker-* | grep -c '^run .* ok ')
echo "$passed of $total runs passed"
[ "$passed" -eq "$total" ]
