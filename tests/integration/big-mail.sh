#!/bin/bash
# big-mail.sh - gsmime signs and encrypts big mail in constant memory.
#
# One message from alice to bob with a 40 MiB random attachment (about
# 54 MiB as a message, tests/bench/gen-big.py), in alice's home:
#
#   - `gsmime encrypt`, `sign --encrypt` and `sign` each peak below
#     MAX_RSS_MIB (40) of resident memory, as /usr/bin/time -v counts it.
#     The code that held the canonical entity, the header-protected copy
#     of the body and the DER in memory peaked at 173 MiB here (117 MiB
#     for sign); streaming needs about 10 MiB whatever the size, so the
#     bound sits well between the two;
#   - what they write goes round: `gsmime show` in bob's home finds it
#     encrypted (and green when signed), `openssl cms -decrypt` with bob's
#     key opens it and `openssl cms -verify` checks the signature inside,
#     and the attachment comes back whole (its SHA-256); `gsmime sign` and
#     `sign --opaque` of the big message verify in OpenSSL too;
#   - failures say so and leave nothing that looks like a message:
#       a recipient without a certificate: exit 4 and nothing on stdout;
#       a signer whose key is not there (bob's certificate without his
#         key): exit 4 and nothing on stdout;
#       gpgsm killed in the middle of the encryption (its output held
#         back by a reader that does not read yet): a non-zero exit
#         within the time limit, a sentence on stderr, and what came out
#         is no enveloped-data OpenSSL can open;
#       standard output closed early (`| head -c 1000`): a non-zero exit
#         within the time limit, no hang;
#   - no file is left in $TMPDIR (the only data parked, the DER of opaque
#     signed-data that is then encrypted, is in a memfd, doc/architecture.md).
#
# Output is TAP; exit status 77 (automake's "skipped") when a required
# program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf openssl python3 timeout \
    mkfifo
if [ ! -x /usr/bin/time ]; then
    echo "1..0 # SKIP /usr/bin/time not found"
    exit 77
fi

MAX_RSS_MIB=40
SIZE_MIB=40

test_begin bigm
test_home bob_home bob
test_home alice_home alice
test_import bob
test_serve_crls
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"

python3 "$GSMIME_SRCDIR/tests/bench/gen-big.py" "$work/big.eml" "$SIZE_MIB" ||
    {
        echo "Bail out! gen-big.py failed"
        exit 1
    }

# attachment_digest FILE: the SHA-256 of the decoded data.bin attachment
# in the MIME entity or message FILE, or nothing.
attachment_digest() {
    python3 - "$1" <<'EOF'
import email, email.policy, hashlib, sys
with open(sys.argv[1], "rb") as f:
    msg = email.message_from_binary_file(f, policy=email.policy.compat32)
for part in msg.walk():
    if part.get_filename() == "data.bin":
        print(hashlib.sha256(part.get_payload(decode=True)).hexdigest())
        break
EOF
}
want=$(attachment_digest "$work/big.eml")

# measured NAME ARG...: `gsmime ARG...` in alice's home under
# /usr/bin/time -v, stdout to $work/NAME.eml; GS_RC its exit status,
# RSS_MIB its peak resident memory.
measured() {
    local name=$1
    shift
    timeout 300 /usr/bin/time -v -o "$work/$name.time" "$GSMIME" "$@" \
        --homedir "$alice_home" "$work/big.eml" >"$work/$name.eml" \
        2>"$work/$name.err"
    GS_RC=$?
    RSS_MIB=$(awk -F': ' '/Maximum resident set size/ {
        printf "%d", $2 / 1024 }' "$work/$name.time")
    if [ "$GS_RC" -ne 0 ]; then
        tap_diag "gsmime $*: exit $GS_RC"
        head -n 5 "$work/$name.err" | sed 's/^/#   /'
    fi
}

# --- encrypt ------------------------------------------------------------------

measured encrypted encrypt
tap_is "$GS_RC" 0 "encrypt: exit status 0"
tap_ok "encrypt: peak RSS ${RSS_MIB} MiB <= $MAX_RSS_MIB MiB" \
    test "${RSS_MIB:-999}" -le "$MAX_RSS_MIB"
test_use "$bob_home"
tap_like "$(timeout 120 "$GSMIME" show "$work/encrypted.eml" 2>&1 | head -1)" \
    '^\[grey\] Encrypted' "encrypt: gsmime show in bob's home decrypts it"
msg_decrypt bob "$work/encrypted.eml" "$work/encrypted.plain"
tap_is "$(attachment_digest "$work/encrypted.plain")" "$want" \
    "encrypt: openssl cms -decrypt gives the attachment back whole"

# --- sign --encrypt -----------------------------------------------------------

measured sealed sign --encrypt
tap_is "$GS_RC" 0 "sign --encrypt: exit status 0"
tap_ok "sign --encrypt: peak RSS ${RSS_MIB} MiB <= $MAX_RSS_MIB MiB" \
    test "${RSS_MIB:-999}" -le "$MAX_RSS_MIB"
tap_like "$(timeout 120 "$GSMIME" show "$work/sealed.eml" 2>&1 | head -1)" \
    '^\[green\] Good signature from alice' \
    "sign --encrypt: gsmime show in bob's home finds it green"
msg_decrypt bob "$work/sealed.eml" "$work/sealed.inner"
tap_ok "sign --encrypt: openssl cms -verify accepts the signed content" \
    msg_verify "$work/sealed.inner" "$work/sealed.plain"
tap_is "$(attachment_digest "$work/sealed.plain")" "$want" \
    "sign --encrypt: the attachment comes back whole"

# --- sign, detached and opaque --------------------------------------------------

measured signed sign
tap_is "$GS_RC" 0 "sign: exit status 0"
tap_ok "sign: peak RSS ${RSS_MIB} MiB <= $MAX_RSS_MIB MiB" \
    test "${RSS_MIB:-999}" -le "$MAX_RSS_MIB"
tap_ok "sign: openssl cms -verify accepts it" \
    msg_verify "$work/signed.eml" "$work/signed.plain"
tap_is "$(attachment_digest "$work/signed.plain")" "$want" \
    "sign: the signed content holds the attachment whole"
measured opaque sign --opaque
tap_is "$GS_RC" 0 "sign --opaque: exit status 0"
tap_ok "sign --opaque: openssl cms -verify accepts it" \
    msg_verify "$work/opaque.eml" "$work/opaque.plain"
tap_is "$(attachment_digest "$work/opaque.plain")" "$want" \
    "sign --opaque: the signed content holds the attachment whole"

# --- failures -----------------------------------------------------------------

measured refused encrypt --to nobody@example.org
tap_is "$GS_RC" 4 "a recipient without a certificate: exit status 4"
tap_ok "a recipient without a certificate: nothing on stdout" \
    test ! -s "$work/refused.eml"
measured nokey sign --signer bob@example.org
tap_is "$GS_RC" 4 "a signer whose key is not there: exit status 4"
tap_ok "a signer whose key is not there: nothing on stdout" \
    test ! -s "$work/nokey.eml"

# gpgsm killed in the middle: a wrapper notes the pid of every gpgsm the
# core starts; gsmime's standard output is a FIFO that is opened but not
# read, so once the header is out gpgsm soon waits to write, mid-stream.
cat >"$work/gpgsm-noted" <<EOF
#!/bin/sh
echo \$\$ >>"$work/gpgsm.pids"
exec "${GSMIME_GPGSM:-gpgsm}" "\$@"
EOF
chmod +x "$work/gpgsm-noted"
mkfifo "$work/killed.fifo"
GSMIME_GPGSM=$work/gpgsm-noted "$GSMIME" encrypt --homedir "$alice_home" \
    "$work/big.eml" >"$work/killed.fifo" 2>"$work/killed.err" &
gs_pid=$!
exec 4<"$work/killed.fifo"
started=no
for _ in $(seq 600); do
    if read -r -t 0 -u 4; then
        started=yes
        break
    fi
    sleep 0.1
done
tap_is "$started" yes "gpgsm killed: the encrypted message began to come out"
sleep 1
while read -r pid; do
    kill -9 "$pid" 2>/dev/null
done <"$work/gpgsm.pids"
timeout 120 cat <&4 >"$work/killed.eml"
exec 4<&-
rc=0
for _ in $(seq 300); do
    kill -0 "$gs_pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$gs_pid" 2>/dev/null; then
    tap_diag "gsmime still runs 30 s after gpgsm was killed:" \
        "$(tr '\0' ' ' <"/proc/$gs_pid/cmdline")"
    kill "$gs_pid"
fi
wait "$gs_pid" || rc=$?
tap_ok "gpgsm killed: gsmime exits non-zero (exit $rc)" test "$rc" -ne 0
tap_like "$(cat "$work/killed.err")" '^gsmime: .*(encrypted|gpgsm)' \
    "gpgsm killed: stderr says the message could not be encrypted"
tap_not "gpgsm killed: what came out is no message OpenSSL can open" \
    msg_decrypt bob "$work/killed.eml" "$work/killed.plain"

timeout 120 "$GSMIME" encrypt --homedir "$alice_home" "$work/big.eml" \
    2>"$work/closed.err" | head -c 1000 >/dev/null
rc=${PIPESTATUS[0]}
tap_ok "stdout closed early: a non-zero exit, no hang (exit $rc)" \
    test "$rc" -ne 0 -a "$rc" -ne 124

tap_is "$(find "$TMPDIR" -mindepth 1 | wc -l)" 0 "no file is left in \$TMPDIR"
tap_done
