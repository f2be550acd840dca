#!/bin/bash
# fuzz-corpus.sh - every fuzz target replays its corpus once: the seeds
# made by tests/fuzz/make-corpus.sh and every input a fuzzer ever found
# (tests/fuzz/found/TARGET/, kept after the bug it showed was fixed).
#
# The targets are built as plain programs (tests/fuzz/replay.c) in every
# build, and with AddressSanitizer in the sanitizer build, so a crash, an
# abort or a sanitizer report on any corpus file fails this test.  With
# --enable-fuzzing they are libFuzzer programs, which replay a corpus the
# same way when given files.
#
# The targets are those that `scripts/fuzz.sh --list` prints: NAME has a
# corpus folder tests/fuzz/corpus/NAME/ and tests/local.mk names
# tests/fuzz/fuzz-NAME in fuzz_programs.  So a new target is replayed as
# soon as it has both, and a corpus whose program is not yet in the
# build is not mistaken for a target that failed to build.  A fuzz
# program that the build made without a corpus fails here: nothing would
# ever replay it.
set -u
# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
require_programs gpgsm gpg-agent gpgconf timeout
GSMIME_BUILDDIR=${GSMIME_BUILDDIR:-$GSMIME_SRCDIR}
require_built "$GSMIME_BUILDDIR/tests/fuzz/fuzz-message"
corpus=$GSMIME_SRCDIR/tests/fuzz/corpus
found=$GSMIME_SRCDIR/tests/fuzz/found
log=${GSMIME_LOGDIR:-$GSMIME_BUILDDIR/tests/logs}/fuzz-corpus
mkdir -p "$log"

targets=$("$GSMIME_SRCDIR/scripts/fuzz.sh" --list)
[ -n "$targets" ]
tap_result $? "the fuzz targets are found"
# Every fuzz program this build made is one of them.
for prog in "$GSMIME_BUILDDIR"/tests/fuzz/fuzz-*; do
    [ -f "$prog" ] && [ -x "$prog" ] || continue
    target=${prog##*/fuzz-}
    echo "$targets" | grep -qx "$target"
    tap_result $? "fuzz-$target has a corpus in tests/fuzz/corpus/$target"
done
for target in $targets; do
    prog=$GSMIME_BUILDDIR/tests/fuzz/fuzz-$target
    if [ ! -x "$prog" ]; then
        tap_result 1 "fuzz-$target is built"
        continue
    fi
    inputs=("$corpus/$target")
    [ -d "$found/$target" ] && inputs+=("$found/$target")
    want=$(find "${inputs[@]}" -maxdepth 1 -type f | wc -l)
    [ "$want" -gt 0 ]
    tap_result $? "fuzz-$target has inputs to replay"
    # A hang is a finding too: no input may take a minute.
    timeout 300 "$prog" "${inputs[@]}" >"$log/$target.out" \
        2>"$log/$target.err"
    status=$?
    tap_is "$status" 0 "fuzz-$target replays its corpus without a crash"
    [ "$status" -eq 0 ] || tail -n 5 "$log/$target.err" | sed 's/^/#   /'
    tap_is "$(cat "$log/$target.out")" "replayed $want inputs" \
        "fuzz-$target read every one of its $want inputs"
done

tap_done
