#!/bin/sh
# check.sh - installs the dependencies, builds, and runs the whole test
# suite.  The last line it prints is "N passed, N failed".
#
# The whole suite runs twice: against the normal build, and against a
# build with AddressSanitizer and UBSan (build/asan/, what make
# check-asan runs), both counted in the same closing line.  Static
# analysis (cppcheck, clang-tidy) runs first: a finding stops the run.
set -eu
cd "$(dirname "$0")/.."
[ "${GSMIME_NO_INSTALL:-}" = 1 ] || scripts/install-deps.sh
scripts/build.sh build
make -s --no-print-directory -C build asan-build
make -s --no-print-directory -C build static-analysis
make -s --no-print-directory -C build check \
    RUN_TESTS_FLAGS="--also-suite $(pwd)/build/asan"
