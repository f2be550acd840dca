#!/bin/bash
# demo.sh - installs, builds, and shows gsmime at work with a throwaway
# test PKI: alice signs and encrypts a message to bob, and bob reads it.
# Nothing outside /tmp is touched; ~/.gnupg is never used.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
[ "${GSMIME_DEMO_NO_INSTALL:-}" = 1 ] || scripts/install-deps.sh >/dev/null
scripts/build.sh build >/dev/null

. tests/lib/gnupghome.sh
export GSMIME_GPGSM=$top/build/common/gsmime-gpgsm
work=$(mktemp -d /tmp/gsmime-demo.XXXXXX)
trap 'gh_teardown; rm -rf "$work"' EXIT
port=$(gh_free_port)
tests/pki/make-pki.sh "$work/pki" "$port" >/dev/null
gh_serve_crls "$work/pki" "$port"

cat > "$work/letter.eml" <<MAIL
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: Lunch on Friday?
Date: $(date -R)
Message-ID: <demo.$$@example.org>

Hello Bob,

shall we have lunch on Friday?

Alice
MAIL

echo "== alice signs and encrypts a message to bob (her keybox)"
gh_setup "" "$work/pki" alice >/dev/null
"$top/build/tools/gsmime" sign --encrypt "$work/letter.eml" > "$work/sealed.eml"
grep -m1 '^Content-Type' "$work/sealed.eml"
gh_teardown

echo
echo "== bob reads it (his keybox)"
gh_setup "" "$work/pki" bob >/dev/null
gh_serve_crls "$work/pki" "$port"
"$top/build/tools/gsmime" show "$work/sealed.eml"
