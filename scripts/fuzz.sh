#!/bin/sh
# fuzz.sh - runs one fuzz target under libFuzzer for a while.
# Usage: scripts/fuzz.sh TARGET [SECONDS [LIBFUZZER-OPTION...]]
#        scripts/fuzz.sh --list             (the targets, one a line)
# SECONDS defaults to 600.  Further options go to libFuzzer as they are,
# e.g. "-fork=1 -ignore_crashes=1" to go on past a known crash whose fix
# is not in yet (each crash still lands in build-fuzz/found/).
#
# The targets are found, not listed here: NAME is a target when the
# folder tests/fuzz/corpus/NAME/ exists (its seeds) and tests/local.mk
# names tests/fuzz/fuzz-NAME in fuzz_programs (its program, built by
# every build).  A corpus whose program is not in fuzz_programs yet is
# no target, so a new target is added by both, in any order;
# tests/integration/fuzz-corpus.sh replays what --list prints.
#
# Builds gsmime with clang, AddressSanitizer, UBSan and libFuzzer's
# coverage in build-fuzz/ (once), then fuzzes from the seed corpus
# tests/fuzz/corpus/TARGET.  New interesting inputs go to
# build-fuzz/corpus/TARGET; a crash is written to build-fuzz/found/ and
# ends the run with a non-zero status.  Keep each crashing input in
# tests/fuzz/found/TARGET/ once the bug is fixed, so that `make check`
# replays it from then on.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

# The NAMEs of fuzz_programs in tests/local.mk: every "fuzz_programs ="
# or "+=" line and its continuation lines.
listed_programs() {
    awk '/^fuzz_programs[ \t]*\+?=/ { on = 1 }
         on { for (i = 1; i <= NF; i++)
                if (sub(/^tests\/fuzz\/fuzz-/, "", $i)) print $i
              on = /\\$/ }' "$top/tests/local.mk"
}

list_targets() {
    for name in $(listed_programs); do
        [ -d "$top/tests/fuzz/corpus/$name" ] && echo "$name"
    done
    return 0
}

usage() {
    echo "usage: scripts/fuzz.sh TARGET [SECONDS [OPTION...]]; TARGET:" \
        $(list_targets) >&2
    exit 2
}

[ $# -ge 1 ] || usage
if [ "$1" = --list ]; then
    list_targets
    exit 0
fi
target=$1
seconds=${2:-600}
shift $(($# < 2 ? $# : 2))
list_targets | grep -qx "$target" || usage
build=$top/build-fuzz
prog=$build/tests/fuzz/fuzz-$target
if [ ! -f "$build/config.status" ]; then
    CC=clang "$top/scripts/build.sh" build-fuzz --enable-fuzzing \
        --without-claws >/dev/null
fi
make -C "$build" -j"$(nproc)" "tests/fuzz/fuzz-$target" >/dev/null
mkdir -p "$build/corpus/$target" "$build/found"
# gpgsm's own reports of bad input are expected; only the target's
# findings matter.  Leaks of GPGME's one-time engine data are not ours.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export GSMIME_GPGSM=$build/common/gsmime-gpgsm
cd "$build/found"
exec "$prog" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -max_len=262144 -print_final_stats=1 -artifact_prefix="$build/found/" \
    "$@" "$build/corpus/$target" "$top/tests/fuzz/corpus/$target"
