# prelude.sh - what every integration test sources first.
#
#   . "$(dirname "$0")/../lib/prelude.sh"
#   require_programs gpgsm openssl ...
#
# Sets GSMIME_SRCDIR (the source tree) and GSMIME (the gsmime program to
# test; tests/run-tests exports both) and loads the TAP writer and the
# GnuPG home harness, and what waits print when they give up.

GSMIME_SRCDIR=${GSMIME_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
GSMIME=${GSMIME:-$GSMIME_SRCDIR/tools/gsmime}
# shellcheck source=tap.sh
. "$GSMIME_SRCDIR/tests/lib/tap.sh"
# shellcheck source=explain.sh
. "$GSMIME_SRCDIR/tests/lib/explain.sh"
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

# test_start TAG KEYHOLDER...
# The set-up many integration tests share: a work folder $tmp (under /tmp
# with a short name, since gpg-agent's and Claws' sockets live in it),
# the test PKI in $pki with its CRLs served over loopback on $port, and a
# throwaway GnuPG home holding the keys of KEYHOLDER... (gh_setup).  All
# of it goes when the test exits; a test with more to stop defines
# test_cleanup_hook, which runs first.
test_start() {
    local tag=$1
    shift
    tmp=$(mktemp -d "/tmp/$tag.XXXXXX") || exit 1
    trap test_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    pki=$tmp/pki
    port=$(gh_free_port)
    "$GSMIME_SRCDIR/tests/pki/make-pki.sh" "$pki" "$port" >/dev/null ||
        exit 1
    gh_setup "" "$pki" "$@" || exit 1
    gh_serve_crls "$pki" "$port" || exit 1
}

test_cleanup() {
    if declare -F test_cleanup_hook >/dev/null; then
        test_cleanup_hook
    fi
    gh_teardown
    rm -rf "$tmp"
}
