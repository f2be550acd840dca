#!/bin/sh
# fuzz.sh - runs one fuzz target under libFuzzer for a while.
# Usage: scripts/fuzz.sh TARGET [SECONDS]   (TARGET: message, cms-certs,
#        pkcs12, import; SECONDS defaults to 600)
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
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-600}
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
    -max_len=262144 -print_final_stats=1 \
    "$build/corpus/$target" "$top/tests/fuzz/corpus/$target"
