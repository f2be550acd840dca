#!/bin/sh
# build.sh - configures and builds gsmime in the source tree.
# Extra arguments go to configure (e.g. --enable-sanitizers).
set -eu
cd "$(dirname "$0")/.."
[ -x configure ] || autoreconf -fi
./configure --quiet "$@"
make -j"$(nproc)"
