#!/bin/sh
# check.sh - installs the dependencies, builds, and runs the whole test
# suite.  The last line it prints is "N passed, N failed".
#
# The unit tests and the fuzz corpora also run in a second build with
# AddressSanitizer and UBSan (build-sanitizers/), counted in the same
# closing line.  Static analysis (cppcheck, clang-tidy) runs first: a
# finding stops the run.
set -eu
cd "$(dirname "$0")/.."
[ "${GSMIME_NO_INSTALL:-}" = 1 ] || scripts/install-deps.sh
scripts/build.sh build
scripts/build.sh build-sanitizers --enable-sanitizers
make -C build-sanitizers check-programs >/dev/null
make -s --no-print-directory -C build static-analysis
make -s --no-print-directory -C build check RUN_TESTS_FLAGS="--also-unit $(pwd)/build-sanitizers"
