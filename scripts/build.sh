#!/bin/sh
# build.sh - configures and builds gsmime out of tree.
# Usage: scripts/build.sh [BUILDDIR [CONFIGURE-ARGUMENTS...]]
# BUILDDIR defaults to build/; e.g. scripts/build.sh build-asan
# --enable-sanitizers.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-build}
[ $# -gt 0 ] && shift
cd "$top"
[ -x configure ] || autoreconf -fi
# An in-tree configuration would stop out-of-tree builds; clear it.
[ ! -f config.status ] || make distclean >/dev/null
mkdir -p "$builddir"
cd "$builddir"
[ -f config.status ] || "$top/configure" --quiet "$@"
make -j"$(nproc)"
