#!/bin/sh
# build-packages.sh - builds gsmime's Debian packages from this tree.
# Usage: scripts/build-packages.sh [OUTDIR]
#
# The .deb files (gsmime, claws-mail-gsmime-plugin and their -dbgsym),
# the .buildinfo and the .changes land in OUTDIR (default build-deb/),
# built by `dpkg-buildpackage -us -uc -b` in a copy of the tree made
# there, so that the tree itself and a developer's build/ stay as they
# are.  A checkout copies what git tracks (and new files it does not
# ignore); an unpacked tarball copies everything.  Missing build
# dependencies are installed with `apt-get build-dep` when run as root.
# doc/packaging.md says what each package holds.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build-deb}
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
src=$out/gsmime-${version%-*}

cd "$top"
if ! dpkg-checkbuilddeps 2>/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        dpkg-checkbuilddeps || true
        echo "build-packages.sh: install the build dependencies above first (as root: apt-get build-dep $top)" >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
        build-dep -y -q "$top" >/dev/null
fi

# Only what this script made before goes: OUTDIR may be a folder of the
# user's own.
rm -rf "$src"
rm -f "$out"/gsmime_* "$out"/gsmime-dbgsym_* "$out"/claws-mail-gsmime-plugin*
mkdir -p "$src"
if [ -e .git ] && command -v git >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard |
        tar --null -T - --ignore-failed-read -cf - 2>/dev/null |
        tar -xf - -C "$src"
else
    tar --exclude=./build --exclude='./build-*' -cf - . | tar -xf - -C "$src"
fi

cd "$src"
if ! dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1; then
    tail -n 40 "$out/build.log" >&2
    echo "build-packages.sh: dpkg-buildpackage failed; the whole log is $out/build.log" >&2
    exit 1
fi
cd "$out"
rm -rf "$src"
ls "$out"/*.deb
