#!/bin/bash
# big-read.sh - reading big and endless mail in bounded memory: gsmime
# show and the mutt commands, on a large encrypted message, a large
# detached signature, and three kinds of bad input (issue 20).
#
# The inputs are made here as streams: a message with a $BIG_MB MiB
# attachment (tests/bench/gen-big.py), encrypted by gsmime in alice's
# home and read in bob's; a gigabyte of random bytes through a pipe; the
# encrypted message cut in half; a multipart whose closing boundary never
# comes, through a pipe.  Each run goes through tests/lib/badrun.sh,
# which measures the peak resident set size with GNU time and checks
# that nothing is left in TMPDIR, the working directory or the inputs;
# here the GnuPG home and the session process's folder are checked too.
#
# The memory bound: a run may take at most $SLACK_MB MiB more than the
# same program reading a small message.  Before the parts of a decrypted
# message were parked in a memory file and parsed where they lie
# (common/parking.h), gsmime held the decrypted message, and the DER
# before it, in its own memory: every bound below was broken by at
# least the size of the attachment, $BIG_MB MiB (gsmime show of a
# 100 MiB attachment took 145 MiB, gsmime mutt decrypt 826 MiB), and the
# gigabyte of garbage was read whole before its first byte was looked at.
#
# A gigabyte-sized good message is not read here (minutes under load);
# tests/bench/ measures that by hand.
# Output is TAP; exit status 77 when a required program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/badrun.sh
. "$GSMIME_SRCDIR/tests/lib/badrun.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf python3 timeout head
if [ ! -x /usr/bin/time ]; then
    echo "1..0 # SKIP GNU time (/usr/bin/time) is needed to measure memory"
    exit 77
fi

BIG_MB=40
SLACK_MB=16

badrun_start gsread

# home_listing HOME - every file of HOME but what GnuPG and gsmime keep
# there by themselves: the daemons' logs and lock files, dirmngr's CRL
# cache, gsmime's revocation cache.
home_listing() {
    (cd "$1" && find . -type f ! -name '*.log' ! -name 'random_seed' \
        ! -name '.#lk*' ! -path './crls.d/*' ! -path './gsmime/*.ini' | sort)
}

# rss_mb - the peak RSS of the last run in MiB.
rss_mb() {
    echo $(($(badrun_rss_kb) / 1024))
}

# check_rss NAME FLOOR_MB - the last run took at most FLOOR_MB +
# SLACK_MB MiB.
check_rss() {
    local got
    got=$(rss_mb)
    if [ -n "$got" ] && [ "$got" -le $(($2 + SLACK_MB)) ]; then
        tap_result 0 "$1: peak RSS $got MiB <= $2 + $SLACK_MB MiB"
    else
        tap_result 1 "$1: peak RSS ${got:-?} MiB <= $2 + $SLACK_MB MiB"
    fi
}

# check_home NAME HOME BEFORE - HOME holds the files it held before, and
# none of them the decrypted text.
check_home() {
    tap_is "$(home_listing "$2")" "$3" "$1: nothing left in the GnuPG home"
    tap_not "$1: no decrypted text in the GnuPG home" \
        grep -rqa 'the data you asked for' "$2"
}

# ---------------------------------------------------------------------
# The inputs.

printf 'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: small\r\n\r\nHello Bob.\r\n' \
    >"$in/small.eml"
python3 "$GSMIME_SRCDIR/tests/bench/gen-big.py" "$in/big.eml" "$BIG_MB" ||
    exit 1
# as_alice OUT ARGS... - gsmime ARGS in alice's home into $in/OUT, or
# bail out.
as_alice() {
    local target=$in/$1
    shift
    GNUPGHOME=$alice "$GSMIME" "$@" >"$target" || {
        echo "Bail out! gsmime $* failed in alice's home"
        exit 1
    }
}
as_alice small-enc.eml encrypt "$in/small.eml"
as_alice big-enc.eml encrypt "$in/big.eml"
as_alice big-signed-enc.eml sign --encrypt "$in/big.eml"
# The DER of each, as mutt hands it to smime_decrypt_command; the big
# one cut in half; the attachment's bytes, to compare with what comes
# out.
python3 - "$in" <<'EOF' || exit 1
import email, email.policy, hashlib, sys
d = sys.argv[1]
def der(name):
    with open(f"{d}/{name}", "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.compat32)
    return m.get_payload(decode=True)
open(f"{d}/small.der", "wb").write(der("small-enc.eml"))
big = der("big-enc.eml")
open(f"{d}/big.der", "wb").write(big)
open(f"{d}/big-cut.der", "wb").write(big[: len(big) // 2])
m = open(f"{d}/big-enc.eml", "rb").read()
i = m.index(b"\n\n") + 2
open(f"{d}/big-enc-cut.eml", "wb").write(m[:i] + m[i:][: (len(m) - i) // 2])
EOF
attachment_sum() {
    python3 -c '
import email, email.policy, hashlib, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                   policy=email.policy.compat32)
for p in m.walk():
    if p.get_filename() == "data.bin":
        print(hashlib.sha256(p.get_payload(decode=True)).hexdigest())
        break
else:
    print("no attachment")' "$1"
}
want_sum=$(attachment_sum "$in/big.eml")
bob_files=$(home_listing "$bob")

# ---------------------------------------------------------------------
# gsmime show: the floor is a small encrypted message.

gs "$bob" show "$in/small-enc.eml"
check_rc "show, small encrypted message" 0
floor=$(rss_mb)

gs "$bob" show "$in/big-enc.eml"
check_rc "show, $BIG_MB MiB attachment" 0
tap_like "$(head -n 1 "$out")" '^\[grey\]' \
    "show, $BIG_MB MiB attachment: grey, as an encrypted message"
tap_ok "show, $BIG_MB MiB attachment: the text is shown" \
    grep -q 'the data you asked for is attached' "$out"
check_rss "show, $BIG_MB MiB attachment" "$floor"
check_left "show, $BIG_MB MiB attachment"
check_home "show, $BIG_MB MiB attachment" "$bob" "$bob_files"

# Signed, then encrypted: the signed part's canonical form streams to
# gpgsm from where the decrypted message is parked
# (common/canonical-pipe.h); it was made in memory before.
gs "$bob" show "$in/big-signed-enc.eml"
check_rc "show, $BIG_MB MiB attachment signed and encrypted" 0
tap_like "$(head -n 1 "$out")" '^\[green\]' \
    "show, $BIG_MB MiB attachment signed and encrypted: green"
check_rss "show, $BIG_MB MiB attachment signed and encrypted" "$floor"
check_left "show, $BIG_MB MiB attachment signed and encrypted"

# ---------------------------------------------------------------------
# gsmime mutt decrypt, in this process and through the session process.

gs "$bob" mutt --no-server decrypt "$in/small.der"
check_rc "mutt decrypt, small" 0
mutt_floor=$(rss_mb)

gs "$bob" mutt --no-server decrypt "$in/big.der"
check_rc "mutt decrypt, $BIG_MB MiB attachment" 0
check_rss "mutt decrypt, $BIG_MB MiB attachment" "$mutt_floor"
cp "$out" "$work/decrypted.eml"
tap_is "$(attachment_sum "$work/decrypted.eml")" "$want_sum" \
    "mutt decrypt, $BIG_MB MiB attachment: the attachment comes out whole"
check_left "mutt decrypt, $BIG_MB MiB attachment"

# session_hwm_kb HOME - the peak RSS (VmHWM, kB) of the session process
# of HOME, the one holding its lock.
session_hwm_kb() {
    local p
    for p in /proc/[0-9]*; do
        [ "$(cat "$p/comm" 2>/dev/null)" = gsmime-session ] || continue
        if ls -l "$p/fd" 2>/dev/null | grep -q "$1/gsmime/mutt.lock"; then
            awk '/^VmHWM:/ { print $2 }' "$p/status"
            return
        fi
    done
}

# The first command starts the session process; the big message then
# goes through it, with mutt's standard output handed over.
GNUPGHOME=$bob "$GSMIME" mutt decrypt "$in/small.der" >/dev/null 2>&1
GNUPGHOME=$bob "$GSMIME" mutt decrypt "$in/small.der" >/dev/null 2>&1
# What the session process keeps in the home (its lock) belongs there.
bob_files=$(home_listing "$bob")
session_floor=$(session_hwm_kb "$bob")
gs "$bob" mutt decrypt "$in/big.der"
check_rc "mutt decrypt through the session process" 0
tap_is "$(attachment_sum "$out")" "$want_sum" \
    "mutt decrypt through the session process: the attachment comes out whole"
session_peak=$(session_hwm_kb "$bob")
if [ -n "$session_floor" ] && [ -n "$session_peak" ] &&
    [ $((session_peak / 1024)) -le $((session_floor / 1024 + SLACK_MB)) ]; then
    tap_result 0 "mutt decrypt: the session process's peak stays within $SLACK_MB MiB of its floor"
else
    tap_result 1 "mutt decrypt: the session process's peak stays within $SLACK_MB MiB of its floor"
    tap_diag "  floor ${session_floor:-?} kB, after ${session_peak:-?} kB"
fi
check_rss "mutt decrypt through the session process: the command itself" \
    "$mutt_floor"
tap_is "$(find "$bob/gsmime" -type f ! -name mutt.lock ! -name '*.ini' \
    ! -name '*.ini.lock' ! -name '*.index')" "" \
    "mutt decrypt: the session's folder holds no file but its locks and settings"

# ---------------------------------------------------------------------
# gsmime mutt verify: mutt hands the signature and the signed part as
# two files, the signed part in canonical form (CRLF); both stream to
# gpgsm.

sed 's/$/\r/' "$in/big.eml" >"$in/signed-part"
GNUPGHOME=$alice gpgsm --batch --detach-sign -o "$in/signed-part.sig" \
    "$in/signed-part" 2>/dev/null || {
    echo "Bail out! gpgsm cannot sign in alice's home"
    exit 1
}
GNUPGHOME=$alice gpgsm --batch --detach-sign -o "$in/small.sig" \
    "$in/small.eml" 2>/dev/null
gs "$bob" mutt --no-server verify "$in/small.sig" "$in/small.eml"
verify_floor=$(rss_mb)
gs "$bob" mutt --no-server verify "$in/signed-part.sig" "$in/signed-part"
check_rc "mutt verify, $BIG_MB MiB signed part" 0
tap_is "$(head -n 1 "$err")" "Verification successful" \
    "mutt verify, $BIG_MB MiB signed part: mutt is told it verified"
check_rss "mutt verify, $BIG_MB MiB signed part" "$verify_floor"
check_left "mutt verify, $BIG_MB MiB signed part"

# ---------------------------------------------------------------------
# Bad input.

# A gigabyte of random bytes through a pipe: refused at the first NUL
# byte of its "header", with the rest never read.
mkfifo "$work/fifo"
# show_piped COMMAND... - gsmime show - in bob's home, reading what
# COMMAND writes through a pipe.
show_piped() {
    local writer
    "$@" >"$work/fifo" 2>/dev/null &
    writer=$!
    STDIN=$work/fifo
    gs "$bob" show -
    STDIN=/dev/null
    wait "$writer"
}
show_piped head -c 1G /dev/urandom
check_defined "1 GiB of garbage on a pipe"
check_rc "1 GiB of garbage on a pipe" 3
check_says "1 GiB of garbage on a pipe" "it is not a message" 'NUL byte'
check_rss "1 GiB of garbage on a pipe" "$floor"
check_left "1 GiB of garbage on a pipe"

# The encrypted message cut in half: gpgsm writes the enveloped-data
# with indefinite lengths, so the cut shows as parts that do not nest
# (the outline, read as it streams, tells before gpgsm sees anything).
gs "$bob" show "$in/big-enc-cut.eml"
check_defined "encrypted message cut in half"
check_rc "encrypted message cut in half" 3
check_says "encrypted message cut in half" "it is damaged" \
    'cut off|damaged'
check_quiet "encrypted message cut in half"
check_rss "encrypted message cut in half" "$floor"
check_left "encrypted message cut in half"

gs "$bob" mutt --no-server decrypt "$in/big-cut.der"
check_defined "mutt decrypt, DER cut in half"
check_rc "mutt decrypt, DER cut in half" 3
tap_ok "mutt decrypt, DER cut in half: says it is damaged" \
    grep -Eq 'cut off|damaged' "$err"
check_quiet "mutt decrypt, DER cut in half"
check_rss "mutt decrypt, DER cut in half" "$mutt_floor"
check_left "mutt decrypt, DER cut in half"

# A multipart whose closing boundary never comes, through a pipe: a big
# plain message read to its end, whose text is shown as it is (grey: not
# signed); the pipe is parked in a memory file, not in gsmime's heap.
head -c -20 "$in/big.eml" >"$in/endless.eml"
tap_not "the endless multipart has no closing boundary" \
    grep -q -- '----=_bench_big--' "$in/endless.eml"
STDIN=$in/endless.eml
gs "$bob" show -
STDIN=/dev/null
check_rc "endless multipart from a file on standard input" 0
show_piped cat "$in/endless.eml"
check_defined "endless multipart on a pipe"
check_rc "endless multipart on a pipe" 0
tap_like "$(head -n 1 "$out")" '^\[grey\]' "endless multipart on a pipe: grey"
tap_ok "endless multipart on a pipe: the text is shown" \
    grep -q 'the data you asked for is attached' "$out"
check_rss "endless multipart on a pipe" "$floor"
check_left "endless multipart on a pipe"
check_home "bad input" "$bob" "$bob_files"

tap_done
