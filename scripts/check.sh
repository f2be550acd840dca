#!/bin/sh
# check.sh - installs the dependencies, builds, and runs the whole test
# suite.  The last line it prints is "N passed, N failed".
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
make check
