# revocation.sh - what the revocation tests (tests/integration/revocation*.sh)
# share, sourced after prelude.sh: the messages they read, the budget they
# give gsmime, the time a check against a silent server may take
# (silent.sh), and a look into gsmime's revocation cache.
#
# shellcheck source=messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
# shellcheck source=silent.sh
. "$GSMIME_SRCDIR/tests/lib/silent.sh"

# The revocation budget in milliseconds, everywhere it matters: small, so
# that the slow cases stay fast.
BUDGET=3000

# cache_field FPR KEY: KEY of FPR's group in gsmime's revocation cache,
# the file $cache.
cache_field() {
    sed -n "/^\[$1\]/,/^\[/ s/^$2=//p" "$cache" 2>/dev/null | head -n 1
}
