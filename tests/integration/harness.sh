#!/bin/bash
# harness.sh - checks the test PKI and the GnuPG home harness
# against the real gpgsm, gpg-agent and dirmngr.
#
# Every integration test builds on what is checked here: that a home made
# by gh_setup trusts the test root, fetches CRLs from the loopback server,
# signs and decrypts without a pinentry, and that each identity of the PKI
# produces the gpgsm status lines the verdict code expects.  The expected
# lines are documented in gnupghome.sh.  Output is TAP; exit status 77
# (automake's "skipped") when a required program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf gpg-connect-agent openssl \
    python3 timeout

pki=$(mktemp -d /tmp/ghpki.XXXXXX) || exit 1
cleanup() {
    gh_teardown
    rm -rf "$pki"
}
trap cleanup EXIT

port=$(gh_free_port)
"$GSMIME_SRCDIR/tests/pki/make-pki.sh" "$pki" "$port" || exit 1
gh_setup "" "$pki" alice || exit 1
gh_serve_crls "$pki" "$port" || exit 1

work=$GH_HOME/selftest
mkdir "$work" || exit 1
printf 'Content-Type: text/plain; charset=us-ascii\r\n\r\nHello.\r\n' \
    >"$work/data"
sed 's/Hello/Jello/' "$work/data" >"$work/altered"

failures=0
n=0

# report NAME OK: one TAP line.
report() {
    n=$((n + 1))
    if [ "$2" = ok ]; then
        echo "ok $n - $1"
    else
        echo "not ok $n - $1"
        failures=$((failures + 1))
    fi
}

# sign NAME DIGEST CHAIN: a detached DER signature by NAME, as a mail
# client that is not gpgsm would make it.
sign() {
    openssl cms -sign -binary -in "$work/data" \
        -signer "$pki/$1.pem" -inkey "$pki/$1.key" -certfile "$pki/$3" \
        -md "$2" -outform DER -out "$work/$1-$2.der"
}

# summary SIG DATA: the verification reduced to what does not change from
# run to run: keywords, VALIDSIG's hash algorithm, the TRUST_* error code
# and gpgsm's exit status.  timeout turns a hang (a pinentry, a slow
# network) into a failure instead of a stuck test run.
summary() {
    local out rc
    out=$(timeout 20 gpgsm --homedir "$GH_HOME" --batch --status-fd 1 \
        --verify "$1" "$2" 2>/dev/null)
    rc=$?
    echo "$out" | awk '
        $2 == "NEWSIG" || $2 == "PROGRESS" { next }
        $2 == "VALIDSIG" { printf "%s:%s ", $2, $10; next }
        $2 ~ /^TRUST_/ { printf "%s:%s ", $2, $3; next }
        { printf "%s ", $2 }'
    echo "rc=$rc"
}

# expect NAME SIG DATA EXPECTED
expect() {
    local got
    got=$(summary "$2" "$3")
    if [ "$got" = "$4" ]; then
        report "$1: $got" ok
    else
        report "$1: expected '$4', got '$got'" fail
    fi
}

sign alice sha256 inter.pem
sign alice sha1 inter.pem
sign revoked sha256 inter.pem
sign expired sha256 inter.pem
sign crldown sha256 inter-crldown.pem
sign uma sha256 untrusted-root.pem

expect "good signature" "$work/alice-sha256.der" "$work/data" \
    "GOODSIG VALIDSIG:8 TRUST_FULLY:0 rc=0"
if grep -q 'GET /inter.crl' "$GH_HOME/http.log" &&
    grep -q 'GET /root.crl' "$GH_HOME/http.log"; then
    report "CRLs fetched over HTTP from the loopback server" ok
else
    report "CRLs fetched over HTTP from the loopback server" fail
fi
expect "altered content" "$work/alice-sha256.der" "$work/altered" \
    "BADSIG rc=2"
expect "revoked signer" "$work/revoked-sha256.der" "$work/data" \
    "GOODSIG VALIDSIG:8 TRUST_NEVER:94 rc=2"
expect "expired signer" "$work/expired-sha256.der" "$work/data" \
    "EXPKEYSIG VALIDSIG:8 TRUST_FULLY:0 rc=0"
expect "SHA-1 digest" "$work/alice-sha1.der" "$work/data" \
    "GOODSIG VALIDSIG:2 TRUST_FULLY:0 rc=0"

start=$(date +%s)
expect "CRL server refuses the connection" "$work/crldown-sha256.der" \
    "$work/data" "GOODSIG VALIDSIG:8 TRUST_UNDEFINED:32793 rc=2"
if [ $(($(date +%s) - start)) -le 2 ]; then
    report "refused CRL fetch is quick" ok
else
    report "refused CRL fetch is quick" fail
fi

expect "untrusted root" "$work/uma-sha256.der" "$work/data" \
    "GOODSIG VALIDSIG:8 TRUST_UNDEFINED:98 rc=2"

# The home's own key must work without a passphrase, for signing and for
# decryption.
if gh_gpgsm -u alice@example.org --detach-sign --output "$work/own.der" \
    "$work/data" 2>/dev/null &&
    [ "$(summary "$work/own.der" "$work/data")" = \
        "GOODSIG VALIDSIG:8 TRUST_FULLY:0 rc=0" ]; then
    report "gpgsm signs as alice" ok
else
    report "gpgsm signs as alice" fail
fi
if gh_gpgsm -r alice@example.org --encrypt --output "$work/enc.der" \
    "$work/data" 2>/dev/null &&
    gh_gpgsm --decrypt --output "$work/dec" "$work/enc.der" 2>/dev/null &&
    cmp -s "$work/data" "$work/dec"; then
    report "gpgsm decrypts for alice" ok
else
    report "gpgsm decrypts for alice" fail
fi

# Unreachable CRLs for a certificate whose issuer's CRL is not cached.
# gpgsm checks revocation from the signer upwards and stops at the first
# failure, so with the CRLs gone even uma's untrusted root goes unnoticed:
# the reason given is the refused connection, not the root.
gh_stop_crls
gh_flush_crls
expect "CRL server gone, cache flushed" "$work/alice-sha256.der" \
    "$work/data" "GOODSIG VALIDSIG:8 TRUST_UNDEFINED:32793 rc=2"
expect "CRL server gone, untrusted root" "$work/uma-sha256.der" \
    "$work/data" "GOODSIG VALIDSIG:8 TRUST_UNDEFINED:32793 rc=2"
gh_serve_crls "$pki" "$port" || exit 1

if gh_pinentry_started; then
    report "no pinentry was started" fail
else
    report "no pinentry was started" ok
fi

# The safety net: without no-allow-mark-trusted the agent does want a
# pinentry for the untrusted root, and the home's pinentry-program records
# that and fails instead of waiting for a human.
sed -i '/^no-allow-mark-trusted/d' "$GH_HOME/gpg-agent.conf"
gpgconf --homedir "$GH_HOME" --kill gpg-agent
summary "$work/uma-sha256.der" "$work/data" >/dev/null
if gh_pinentry_started; then
    report "allow-mark-trusted would start a pinentry; it is caught" ok
else
    report "allow-mark-trusted would start a pinentry; it is caught" fail
fi

# Another program on the CRL server's port (one that ignores the claims,
# such as a silent server of some other suite) accepts connections too;
# taken for the CRL server, it would leave dirmngr waiting on its silence.
# The start-up must see that its own server could not bind the port.
squat_port=$(gh_free_port)
gh_start_server hang "$squat_port" /dev/null --lifetime 60 || exit 1
if (GH_HOME='' gh_serve_crls "$pki" "$squat_port") 2>/dev/null; then
    report "a CRL server whose port another program holds is refused" fail
else
    report "a CRL server whose port another program holds is refused" ok
fi

# A wait that gives up names the home's lock files and the processes they
# name: gpgsm waits for ever on a lock whose process runs.  The sentinel
# here is one no program of this test takes.
sleep 60 &
holder=$!
lock=$GH_HOME/gnupg_spawn_unknown_sentinel.lock
printf '%10d\n%s\n' "$holder" "$(uname -n)" >"$lock"
if explain_home "$GH_HOME" |
    grep -qF "${lock##*/}: pid $holder, running: sleep 60"; then
    report "a wait that gives up names a held lock and its process" ok
else
    report "a wait that gives up names a held lock and its process" fail
fi
kill "$holder"
rm -f "$lock"

echo "1..$n"
[ "$failures" -eq 0 ]
