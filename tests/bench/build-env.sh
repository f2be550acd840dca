# build-env.sh - what every benchmark sources first: the source tree in
# $srcdir, the build tree in $builddir, the programs built there (unless
# GSMIME or GSMIME_GPGSM already name others), and the test libraries.
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
export GSMIME=${GSMIME:-$builddir/tools/gsmime}
export GSMIME_GPGSM=${GSMIME_GPGSM:-$builddir/common/gsmime-gpgsm}
# shellcheck source=../lib/prelude.sh
. "$srcdir/tests/lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$srcdir/tests/lib/messages.sh"
