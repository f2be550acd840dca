#!/bin/bash
# mutt.sh - what one message costs mutt with gsmime, run by hand:
#
#   scripts/build.sh && tests/bench/mutt.sh
#
# mutt starts one command per message it shows, so what counts is one
# whole process.  BENCH_MESSAGES (default 200) multipart/signed messages
# from alice, each with its own content, are verified one process each:
#
#   (a) `gsmime-mutt verify SIG DATA`, as smime_verify_command runs it:
#       a small program that hands the work to the per-user session
#       process (started by the first message, before timing starts)
#   (a') `gsmime mutt verify`, the same through the whole gsmime program
#   (a'') the same with GSMIME_MUTT_NO_SERVER=1: every process sets up
#       GPGME and starts gpgsm --server itself
#   (b) `gpgsm --verify SIG DATA`, CRL checks through dirmngr's cache
#   (c) `openssl cms -verify -binary -CAfile root.pem`, as mutt's own
#       smime.rc does it (no CRL check)
#
# Figures: total seconds and milliseconds per message, side by side.
# Target: (a) <= (b).  BENCH_KEEP=1 keeps the temporary directory.
set -u

# shellcheck source=build-env.sh
. "$(dirname "$0")/build-env.sh"
require_programs gpgsm openssl python3

n=${BENCH_MESSAGES:-200}
pki=$(mktemp -d /tmp/mbpki.XXXXXX) || exit 1
cleanup() {
    gh_teardown
    [ "${BENCH_KEEP-}" = 1 ] || rm -rf "$pki"
}
trap cleanup EXIT

port=$(gh_free_port)
"$srcdir/tests/pki/make-pki.sh" "$pki" "$port" >/dev/null || exit 1
gh_setup "" "$pki" bob >/dev/null || exit 1
gh_serve_crls "$pki" "$port" || exit 1
# shellcheck disable=SC2034  # read by messages.sh
MSG_PKI=$pki
work=$pki/work
mkdir -p "$work"

echo "making $n signed messages..."
for i in $(seq "$n"); do
    msg_entity "$work/d$i" "Message $i" "for the mutt benchmark" &&
        msg_openssl cms -sign -binary -md sha256 -in "$work/d$i" \
            -signer "$pki/alice.pem" -inkey "$pki/alice.key" \
            -certfile "$pki/inter.pem" -outform DER -out "$work/s$i" || exit 1
done

# Warm-up: revocation answers, dirmngr's CRL cache, the session process.
"$GSMIME" mutt verify "$work/s1" "$work/d1" 2>/dev/null
gh_gpgsm --verify "$work/s1" "$work/d1" 2>/dev/null

# run LABEL COMMAND...: runs COMMAND with %i replaced by 1..n, prints the
# total and the time per message.
run() {
    local label=$1 start end i
    shift
    start=$(date +%s%N)
    for i in $(seq "$n"); do
        "${@//%i/$i}" >/dev/null 2>&1
    done
    end=$(date +%s%N)
    awk -v l="$label" -v t=$((end - start)) -v n="$n" \
        'BEGIN { printf "%-44s %7.2f s %7.1f ms/message\n", l, t / 1e9, t / 1e6 / n }'
}

echo "$n messages, one process each:"
run "(a)  gsmime-mutt verify" \
    "$(dirname "$GSMIME")/gsmime-mutt" verify "$work/s%i" "$work/d%i"
run "(a') gsmime mutt verify" \
    "$GSMIME" mutt verify "$work/s%i" "$work/d%i"
GSMIME_MUTT_NO_SERVER=1 run "(a'') gsmime mutt verify, no session process" \
    "$GSMIME" mutt verify "$work/s%i" "$work/d%i"
run "(b)  gpgsm --verify" \
    gpgsm --homedir "$GH_HOME" --batch --verify "$work/s%i" "$work/d%i"
run "(c)  openssl cms -verify" \
    env OPENSSL_CONF=/dev/null openssl cms -verify -binary -inform DER \
    -in "$work/s%i" -content "$work/d%i" -CAfile "$pki/root.pem"
