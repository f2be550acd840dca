# prelude.sh - what every integration test sources first.
#
#   . "$(dirname "$0")/../lib/prelude.sh"
#   require_programs gpgsm openssl ...    (or require_gnupg)
#   test_start TAG KEYHOLDER...           (or test_begin, test_home, ...)
#
# Sets GSMIME_SRCDIR (the source tree), GSMIME (the gsmime program to
# test; tests/run-tests exports both) and GSMIME_MUTTRC (the muttrc
# snippet the mutt tests source), and loads the TAP writer and the GnuPG
# home harness, and what waits print when they give up.
#
# With GSMIME_INSTALLED=1 (tests/run-tests --installed) the tests drive
# the installed gsmime instead of a build tree's: the gsmime on PATH, the
# gpgsm wrapper it was installed with (so GSMIME_GPGSM goes), and the
# muttrc snippet below its prefix; claws.sh takes the plugin from Claws'
# plugin folder.  In the normal mode nothing installed is used: every
# program and file comes from the build tree by its path, never by PATH.

GSMIME_SRCDIR=${GSMIME_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
if [ "${GSMIME_INSTALLED:-}" = 1 ]; then
    GSMIME=${GSMIME:-$(command -v gsmime)}
    unset GSMIME_GPGSM
    GSMIME_PREFIX=$(dirname "$(dirname "$GSMIME")")
    GSMIME_MUTTRC=${GSMIME_MUTTRC:-$GSMIME_PREFIX/share/gsmime/gsmime.muttrc}
else
    GSMIME=${GSMIME:-$GSMIME_SRCDIR/tools/gsmime}
    GSMIME_MUTTRC=${GSMIME_MUTTRC:-$GSMIME_SRCDIR/plugin/mutt/gsmime.muttrc}
fi
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
        if [ "${GSMIME_INSTALLED:-}" = 1 ]; then
            echo "Bail out! gsmime is not installed (no gsmime on PATH)"
        else
            echo "Bail out! $GSMIME is not built"
        fi
        exit 1
    fi
}

# require_built PATH: the test drives PATH, a helper program of the build
# tree (tests/unit/, tests/fuzz/), which no installation has: an
# installed-mode run skips the test (exit 77), a build without it fails.
require_built() {
    [ -x "$1" ] && [ "${GSMIME_INSTALLED:-}" != 1 ] && return 0
    if [ "${GSMIME_INSTALLED:-}" = 1 ]; then
        echo "1..0 # SKIP it drives $(basename "$1") of the build tree, not installed programs"
        exit 77
    fi
    echo "Bail out! $1 is not built (make check-programs)"
    exit 1
}

# require_gnupg [PROG...]: require_programs with what a test of gsmime
# against GnuPG drives (gpgsm and its daemons, OpenSSL for the messages,
# python3 for the servers, timeout), and PROG... besides.
require_gnupg() {
    require_programs gpgsm gpg-agent dirmngr gpgconf gpg-connect-agent \
        openssl python3 timeout "$@"
}

# test_begin TAG
# The set-up every integration test shares, before any GnuPG home: a
# work folder $tmp (under /tmp with a short name, since gpg-agent's and
# Claws' sockets live in it), $work in it for the test's own files, and
# the test PKI in $pki, whose CRL distribution points name 127.0.0.1:$port
# (messages.sh finds both through MSG_PKI and MSG_WORK).  All of it, and
# every home test_home made, goes when the test exits (KEEP=1 keeps the
# folder for a look after a failure); a test with more to stop defines
# test_cleanup_hook, which runs first.
test_begin() {
    tmp=$(mktemp -d "/tmp/$1.XXXXXX") || exit 1
    TEST_HOMES=()
    trap test_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    pki=$tmp/pki
    work=$tmp/work
    # shellcheck disable=SC2034  # read by messages.sh
    MSG_PKI=$pki MSG_WORK=$work
    mkdir -p "$work" || exit 1
    test_ports port
    test_pki "$port"
}

# test_ports VAR...: a port on 127.0.0.1 claimed for this test alone
# (gh_free_port) in each variable VAR, for the servers a test starts.
test_ports() {
    local var p
    for var in "$@"; do
        p=$(gh_free_port) || {
            echo "Bail out! no free port on 127.0.0.1"
            exit 1
        }
        printf -v "$var" '%s' "$p"
    done
}

# test_pki ARGS...: tests/pki/make-pki.sh $pki ARGS (the PKI, or an
# identity added to it: a sub-CA, its users, an OCSP responder), or bail
# out.
test_pki() {
    if ! "$GSMIME_SRCDIR/tests/pki/make-pki.sh" "$pki" "$@" >/dev/null; then
        echo "Bail out! make-pki.sh $* failed"
        exit 1
    fi
}

# test_home VAR KEYHOLDER...
# A throwaway GnuPG home holding the keys of KEYHOLDER... (gh_setup); it
# becomes the current one (GH_HOME, GNUPGHOME) and its path goes to the
# variable VAR (none when VAR is empty).
test_home() {
    local var=$1
    shift
    if ! gh_setup "" "$pki" "$@"; then
        echo "Bail out! setting up a GnuPG home with the keys of ${*:-nobody} failed"
        exit 1
    fi
    TEST_HOMES+=("$GH_HOME")
    [ -z "$var" ] || printf -v "$var" '%s' "$GH_HOME"
}

# test_import NAME...: the certificates NAME.pem of $pki imported into
# the current home, or bail out.
test_import() {
    local name
    for name in "$@"; do
        gh_gpgsm --import "$pki/$name.pem" 2>/dev/null || {
            echo "Bail out! importing $name.pem failed"
            exit 1
        }
    done
}

# test_use HOME: makes HOME, one test_home made, the current one.
test_use() {
    GH_HOME=$1
    export GNUPGHOME=$1
}

# test_serve_crls: the CRLs of $pki over HTTP on 127.0.0.1:$port, its log
# in the current home (http.log).
test_serve_crls() {
    if ! gh_serve_crls "$pki" "$port"; then
        echo "Bail out! the CRL server did not start"
        exit 1
    fi
}

# test_start TAG KEYHOLDER...
# test_begin, one home with the keys of KEYHOLDER..., and the CRLs
# served: what most tests need.
test_start() {
    test_begin "$1"
    shift
    test_home "" "$@"
    test_serve_crls
}

test_cleanup() {
    local h
    if declare -F test_cleanup_hook >/dev/null; then
        test_cleanup_hook
    fi
    # gh_teardown works on GH_HOME (and stops the servers the first time).
    for h in "${TEST_HOMES[@]}"; do
        GH_HOME=$h
        gh_teardown
    done
    gh_teardown
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
