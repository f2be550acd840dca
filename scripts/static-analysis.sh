#!/bin/sh
# static-analysis.sh - cppcheck and clang-tidy over every C file of
# gsmime; any finding fails (exit 1).  Run it as `make static-analysis`
# from a configured build tree, which passes the compiler flags:
#   CORE_FLAGS    the preprocessor flags of common/, tools/ and tests/
#   PLUGIN_FLAGS  those of plugin/claws/ (Claws' headers; empty without)
# scripts/check.sh runs it before the tests, so CI fails on a finding.
#
# clang-tidy's checks are in .clang-tidy.  A false positive is silenced
# where it is, with a comment that says why (cppcheck-suppress or
# NOLINT), never here.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
: "${CORE_FLAGS:?run this as make static-analysis}"
PLUGIN_FLAGS=${PLUGIN_FLAGS-}
status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

core=$(ls common/*.c tools/*.c plugin/mutt/*.c tests/unit/*.c tests/fuzz/*.c)
plugin=
[ -n "$PLUGIN_FLAGS" ] && plugin=$(ls plugin/claws/*.c)

echo "static analysis: cppcheck"
# varFuncNullUB: GLib's NULL-terminated varargs (G_GNUC_NULL_TERMINATED)
# are how GLib code is written, and NULL is ((void *) 0) wherever GLib
# runs.
# shellcheck disable=SC2086
cppcheck --quiet --error-exitcode=1 --inline-suppr --std=c11 \
    --enable=warning,performance,portability \
    --library=gtk --library=posix --library=gnu \
    --suppress=varFuncNullUB -D__GNUC__ -D'G_DEFINE_QUARK(a,b)=' \
    -I common --template='{file}:{line}: {severity}: {message} [{id}]' \
    $core $plugin || status=1

echo "static analysis: clang-tidy"
# tidy FLAGS FILE...: one clang-tidy run per file, compiled with FLAGS.
tidy() {
    flags=$1
    shift
    for f in "$@"; do
        # eval: FLAGS hold quoted macro values (-DLOCALEDIR=\"...\").
        eval "clang-tidy --quiet --header-filter=\"^\$top/\" \"\$f\" -- -std=gnu11 $flags" \
            >"$out" 2>/dev/null ||
            { status=1; grep -E -A3 'warning:|error:' "$out"; }
    done
}
# shellcheck disable=SC2086
tidy "$CORE_FLAGS" $core
# shellcheck disable=SC2086
[ -z "$plugin" ] || tidy "$PLUGIN_FLAGS" $plugin

[ $status -eq 0 ] && echo "static analysis: no findings"
exit $status
