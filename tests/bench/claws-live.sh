#!/bin/bash
# claws-live.sh - how long Claws Mail's main loop stalls while the gsmime
# plugin works on big mail, run by hand (not by make check):
#
#   scripts/build.sh && tests/bench/claws-live.sh [BUILDDIR...]
#
# Runs tests/integration/claws-live.sh against each BUILDDIR (build/
# unless given; name the build of another commit beside it to compare)
# with a 100 MiB attachment and a keybox of 5,000 certificates, sizes the
# suite leaves to this script because they take minutes (gpgsm imports
# 5,000 certificates in about three), and prints, for each build, the
# longest answer of Claws' main loop to `claws-mail --status` while:
#
#   decrypt  the 100 MiB encrypted message opens (135 MiB as a message)
#   send     a message with a 100 MiB attachment is signed and encrypted
#   prefs    the plugin's preferences page opens on the 5,000 certificates
#   idle     the slowest of five probes of the idle loop, for comparison
#
# Target: no stall over 200 ms beyond idle.  A build whose plugin lacks
# what the test checks (a build from before the plugin worked in threads)
# fails some of its checks; its figures are still measured.
#
# Environment: LIVE_MIB (default 100), LIVE_CERTS (default 5000).
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
export LIVE_MIB=${LIVE_MIB:-100} LIVE_CERTS=${LIVE_CERTS:-5000}
[ $# -gt 0 ] || set -- "$top/build"

results=()
for builddir in "$@"; do
    # run-tests keeps the test's logs, and the figures, in the build's
    # tests/logs.
    logs=$builddir/tests/logs
    echo "# $builddir: tests/integration/claws-live.sh with ${LIVE_MIB} MiB and ${LIVE_CERTS} certificates" >&2
    rm -f "$logs/claws-live-stalls.log"
    "$top/tests/run-tests" --builddir "$builddir" integration/claws-live \
        >"$builddir/claws-live-bench.log" 2>&1
    tail -n 1 "$builddir/claws-live-bench.log" | sed 's/^/#   /' >&2
    line=$(tail -n 1 "$logs/claws-live-stalls.log" 2>/dev/null)
    if [ -z "$line" ]; then
        echo "# $builddir: the test wrote no figures; see $logs/integration-claws-live.log" >&2
        line="LIVE-STALLS decrypt=- send=- prefs=- idle=-"
    fi
    results+=("$builddir ${line#LIVE-STALLS }")
done

printf '%-40s %10s %10s %10s %8s\n' build "decrypt ms" "send ms" \
    "prefs ms" "idle ms"
for r in "${results[@]}"; do
    set -- $r
    printf '%-40s %10s %10s %10s %8s\n' "$1" "${2#decrypt=}" "${3#send=}" \
        "${4#prefs=}" "${5#idle=}"
done
