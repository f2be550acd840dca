# build-env.sh - what every benchmark sources first: the source tree in
# $srcdir, the build tree in $builddir, the programs built there (unless
# GSMIME or GSMIME_GPGSM already name others), the test libraries, and
# the set-up the benchmarks share (bench_need, bench_begin, bench_home).
#
# The build tree is $GSMIME_BUILDDIR if set, else the working directory
# if it holds a built gsmime, else build/ of the source tree, which is
# where scripts/build.sh and the README's commands build.  So both
#
#   tests/bench/NAME.sh                 (from the top, after the README)
#   cd build && ../tests/bench/NAME.sh
#
# work.

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ -n "${GSMIME_BUILDDIR-}" ]; then
    builddir=$(cd "$GSMIME_BUILDDIR" && pwd)
elif [ -x tools/gsmime ]; then
    builddir=$(pwd)
else
    builddir=$srcdir/build
fi
if [ ! -x "$builddir/tools/gsmime" ]; then
    echo "$(basename "$0"): no gsmime built in $builddir;" \
        "run scripts/build.sh first (or set GSMIME_BUILDDIR)" >&2
    exit 2
fi
export GSMIME_SRCDIR=$srcdir GSMIME_BUILDDIR=$builddir
bench=$srcdir/tests/bench
gsmime=$builddir/tools/gsmime
# How many messages, and how many interleaved runs of each measurement
# (the fastest kept: the machine's load makes single runs noisy).
N=${BENCH_MESSAGES:-1000}
REPEAT=${BENCH_REPEAT:-3}
export GSMIME=${GSMIME:-$builddir/tools/gsmime}
export GSMIME_GPGSM=${GSMIME_GPGSM:-$builddir/common/gsmime-gpgsm}
# shellcheck source=../lib/prelude.sh
. "$srcdir/tests/lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$srcdir/tests/lib/messages.sh"

say() { printf '== %s\n' "$*" >&2; }

# Seconds since the epoch, to the nanosecond.
now() { date +%s.%N; }

# since T0: the seconds from T0 (a now) to now, to a tenth.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# timev_wall FILE, timev_rss FILE: wall seconds and peak RSS (MiB) from
# what /usr/bin/time -v wrote to FILE.
timev_wall() {
    awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.2f", s }' "$1"
}
timev_rss() {
    awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"
}

# mib FILE: the size of FILE in MiB.
mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }

# bench_need FILE...: stops (exit 2) unless every FILE was built, and
# warns when sources under common/ or tools/ are newer than the first:
# the figures are then for the last build.
bench_need() {
    local f
    for f in "$@"; do
        if [ ! -e "$f" ]; then
            echo "$(basename "$0"): $f is missing; run scripts/build.sh first" >&2
            exit 2
        fi
    done
    if [ -n "$(find "$srcdir/common" "$srcdir/tools" -name '*.[ch]' \
        -newer "$1" | head -1)" ]; then
        echo "$(basename "$0"): warning: sources newer than $1;" \
            "the figures are for the last build" >&2
    fi
}

# bench_begin TAG: the work folder $work (/tmp/TAG.XXXXXX) and in it the
# test PKI, $work/pki, whose CRL distribution points name $port.  All of
# it goes at exit, with every daemon of the homes bench_home made;
# BENCH_KEEP=1 keeps the folder (the daemons stopped) for a look.
bench_begin() {
    work=$(mktemp -d "/tmp/$1.XXXXXX")
    BENCH_HOMES=()
    trap bench_cleanup EXIT
    port=$(gh_free_port)
    "$srcdir/tests/pki/make-pki.sh" "$work/pki" "$port" >/dev/null 2>&1
}

# bench_home DIR NAME...: a home in DIR holding the keys of NAME...
# (gh_setup), the current one.
bench_home() {
    gh_setup "$1" "$work/pki" "${@:2}"
    BENCH_HOMES+=("$GH_HOME")
}

bench_cleanup() {
    local h
    for h in "${BENCH_HOMES[@]}"; do
        if [ "${BENCH_KEEP-}" = 1 ]; then
            gpgconf --homedir "$h" --kill all 2>/dev/null || true
        else
            GH_HOME=$h
            gh_teardown
        fi
    done
    gh_stop_crls
    if [ "${BENCH_KEEP-}" = 1 ]; then
        echo "kept $work (the daemons of its homes stopped)" >&2
    else
        rm -rf "$work"
    fi
}
