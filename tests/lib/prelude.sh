# prelude.sh - what every integration test sources first.
#
#   . "$(dirname "$0")/../lib/prelude.sh"
#   require_programs gpgsm openssl ...
#
# Sets GSMIME_SRCDIR (the source tree) and GSMIME (the gsmime program to
# test; tests/run-tests exports both) and loads the TAP writer and the
# GnuPG home harness.

GSMIME_SRCDIR=${GSMIME_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
GSMIME=${GSMIME:-$GSMIME_SRCDIR/tools/gsmime}
# shellcheck source=tap.sh
. "$GSMIME_SRCDIR/tests/lib/tap.sh"
# shellcheck source=gnupghome.sh
. "$GSMIME_SRCDIR/tests/lib/gnupghome.sh"

# require_programs PROG... - skips the whole test (exit 77) when one of the
# programs it drives is not installed, and fails it when gsmime itself was
# not built.
require_programs() {
    local prog
    for prog in "$@"; do
        if ! command -v "$prog" >/dev/null 2>&1; then
            echo "1..0 # SKIP $prog not found"
            exit 77
        fi
    done
    if [ ! -x "$GSMIME" ]; then
        echo "Bail out! $GSMIME is not built"
        exit 1
    fi
}
