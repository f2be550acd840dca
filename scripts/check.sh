#!/bin/sh
# check.sh - installs the dependencies, builds, and runs the whole test
# suite.  The last line it prints is "N passed, N failed".
#
# The whole suite runs twice: against the normal build, and against a
# build with AddressSanitizer and UBSan (build/asan/, what make
# check-asan runs), both counted in the same closing line.  Static
# analysis (cppcheck, clang-tidy) runs first: a finding stops the run.
# Before the suite, scripts/package-test.sh builds the Debian packages,
# runs lintian, installs them, runs the installed-mode mutt, Claws and
# gsmime show tests and removes them again; its closing line (kept in
# build/package-test.log) is counted in the suite's.
set -eu
cd "$(dirname "$0")/.."
[ "${GSMIME_NO_INSTALL:-}" = 1 ] || scripts/install-deps.sh
scripts/build.sh build
make -s --no-print-directory -C build asan-build
make -s --no-print-directory -C build static-analysis
scripts/package-test.sh 2>&1 | tee build/package-test.log
make -s --no-print-directory -C build check \
    RUN_TESTS_FLAGS="--also-suite $(pwd)/build/asan --also-counts $(pwd)/build/package-test.log"
