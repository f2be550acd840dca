#!/bin/sh
# install-deps.sh - installs what gsmime needs to build and test on Debian 12
# (run as root).  One list, used by the README, the demo and CI.
set -eu

packages="
  build-essential autoconf automake libtool autopoint gettext pkg-config
  libglib2.0-dev libgpgme-dev libassuan-dev libgpg-error-dev
  libgmime-3.0-dev libjson-glib-dev libksba-dev libgnutls28-dev libtasn1-6-dev
  nettle-dev
  gpgsm gpg-agent dirmngr openssl python3 ca-certificates time
  libclaws-mail-dev libgtk-3-dev claws-mail xvfb xauth imagemagick xdotool
  slapd ldap-utils
  mutt neomutt tmux gdb
  cppcheck clang-tidy clang valgrind
  debhelper fakeroot lintian
"

export DEBIAN_FRONTEND=noninteractive
# The directory test (tests/integration/directory.sh) runs a slapd of its
# own on loopback: the package must not set up, or start, a system one.
echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
# Another apt-get (an unattended upgrade, a second checkout setting up)
# may hold dpkg's lock for a while: wait for it rather than fail.
apt_wait="-o DPkg::Lock::Timeout=600"
# shellcheck disable=SC2086
apt-get $apt_wait update -q
# shellcheck disable=SC2086
apt-get $apt_wait install -y -q --no-install-recommends $packages
# Should a system slapd run anyway, it stays out of the tests' way.
if command -v service >/dev/null 2>&1; then
    service slapd stop >/dev/null 2>&1 || true
fi
