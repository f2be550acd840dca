#!/bin/bash
# bad-input.sh - what the gsmime command does with damaged, hostile and
# wrong input, against the real gpgsm in throwaway homes.
#
# Every run goes through `timeout 60` with TMPDIR and the working
# directory set to fresh empty folders.  For each input the checks are:
# the program ended by itself with one of its documented exit codes (no
# signal, no timeout), the expected code (see tools/exit-codes.h), one
# line "gsmime: ..." on stderr that says what happened, nothing on stdout
# when nothing could be read, and no file left behind in TMPDIR, the
# working directory or the folder of the inputs: gsmime must never write
# plaintext to disk.
#
# All inputs are generated here, into a temporary folder, from messages
# that gsmime itself signs and encrypts in alice's home; bob's home reads
# them.  The largest, a 100 MB header line, exists only while it is used.
# The run and its checks are tests/lib/badrun.sh, shared with the corpus
# of tests/data/bad/ (bad-corpus.sh).
# Output is TAP; exit status 77 when a required program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/badrun.sh
. "$GSMIME_SRCDIR/tests/lib/badrun.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf gpg-connect-agent openssl python3 timeout

started=$(date +%s)
badrun_start gsbad

# bad NAME CODE WORDS PATTERN HOME ARGS... - a run that must fail with
# CODE, having printed nothing but its error.
bad() {
    local name=$1 code=$2 words=$3 pattern=$4 home=$5
    shift 5
    gs "$home" "$@"
    check_defined "$name"
    check_rc "$name" "$code"
    check_says "$name" "$words" "$pattern"
    check_quiet "$name"
    check_left "$name"
}

# red_malformed NAME FILE - show --json in bob's home says red, malformed.
red_malformed() {
    local name=$1 v
    gs "$bob" show --json "$2"
    check_defined "$name"
    check_rc "$name" 1
    v=$(verdict)
    tap_like "$v" '^red( .*)? malformed( |$)' "$name: red, reason malformed"
    check_says "$name" "the signature is malformed" 'malformed'
    check_left "$name"
}

# header_lines FILE - the header block of FILE.
header_lines() {
    sed -n '/^\r\{0,1\}$/q;p' "$1"
}

# ---------------------------------------------------------------------
# Good messages to damage.  Bodies carry a marker that must never reach
# the disk.

marker="plaintext-marker-$$-$RANDOM"
printf 'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: hello\r\n\r\nHello Bob. %s\r\n' \
    "$marker" >"$in/plain.eml"
{
    printf 'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: long\r\n\r\n'
    for i in $(seq 400); do
        printf 'Line %d of the secret text. %s\r\n' "$i" "$marker"
    done
} >"$in/long.eml"
printf 'From: alice@example.org\r\nTo: carol@example.org\r\nSubject: for carol\r\n\r\nHello Carol. %s\r\n' \
    "$marker" >"$in/to-carol.eml"
printf 'From: alice@example.org\r\nSubject: to nobody\r\n\r\nHello.\r\n' \
    >"$in/no-recipients.eml"

made=ok
GNUPGHOME=$alice "$GSMIME" sign "$in/plain.eml" >"$in/signed.eml" || made=
GNUPGHOME=$alice "$GSMIME" encrypt "$in/plain.eml" >"$in/enc.eml" || made=
GNUPGHOME=$alice "$GSMIME" encrypt "$in/long.eml" >"$in/enc-long.eml" ||
    made=
GNUPGHOME=$alice "$GSMIME" sign --encrypt "$in/plain.eml" \
    >"$in/signed-enc.eml" || made=
GNUPGHOME=$alice "$GSMIME" encrypt "$in/to-carol.eml" \
    >"$in/enc-carol.eml" || made=
if [ -z "$made" ]; then
    echo "Bail out! alice cannot sign or encrypt; nothing to damage"
    exit 1
fi

# Damaged copies, made with Python for exact byte surgery.
python3 - "$in" <<'EOF' || exit 1
import base64, random, re, sys

d = sys.argv[1]
def read(name):
    return open(f"{d}/{name}", "rb").read()
def write(name, data):
    open(f"{d}/{name}", "wb").write(data)

# Truncated base64: the body of an enveloped message cut in half.
for src, dst in (("enc.eml", "enc-cut.eml"), ("enc-long.eml", "enc-long-cut.eml")):
    m = read(src)
    i = m.index(b"\n\n") + 2
    write(dst, m[:i] + m[i:][: (len(m) - i) // 2] + b"\n")

signed = read("signed.eml")
b = re.search(rb'boundary="([^"]+)"', signed).group(1)
pre, content, sig, post = signed.split(b"--" + b)
assert post.startswith(b"--")

# Garbage CMS: random base64 where the DER signature was.
rnd = random.Random(20240601)
junk = base64.encodebytes(bytes(rnd.getrandbits(8) for _ in range(1500)))
h = sig.index(b"\n\n") + 2
write("garbage-cms.eml", pre + b"--" + b + content + b"--" + b
      + sig[:h] + junk + b"\n--" + b + post)

# multipart/signed with the content part only.
write("no-sig-part.eml", pre + b"--" + b + content + b"--" + b + b"--\n")

# Signature first, content second.
write("swapped.eml", pre + b"--" + b + sig + b"--" + b + content
      + b"--" + b + post)

# A boundary parameter that the body never uses.
write("wrong-boundary.eml",
      signed.replace(b'boundary="' + b + b'"',
                     b'boundary="=-not-the-boundary-0123456789"'))

# Random bytes, the same ones every run; the leading NUL and 0xff make
# sure that no header line can be read from them.
write("random.bin", b"\x00\xff" + bytes(rnd.getrandbits(8) for _ in range(4094)))

# Nesting: multipart/mixed in multipart/mixed, and message/rfc822 in
# message/rfc822.
def deep_mixed(n):
    head = (b"From: alice@example.org\nTo: bob@example.org\n"
            b"Subject: deep\nMIME-Version: 1.0\n")
    opens = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n'
                     % (i, i) for i in range(n))
    closes = b"".join(b"--b%d--\n" % i for i in reversed(range(n)))
    return head + opens + b"Content-Type: text/plain\n\nbottom\n" + closes
write("deep-10k.eml", deep_mixed(10000))
write("deep-100k.eml", deep_mixed(100000))
write("deep-rfc822.eml", b"".join(
    b"From: a@example.org\nSubject: %d\nMIME-Version: 1.0\n"
    b"Content-Type: message/rfc822\n\n" % i for i in range(10000))
    + b"From: a@example.org\nContent-Type: text/plain\n\nbottom\n")

# NUL bytes: in a header name, in header values, in the body; and before
# the first header.
write("nul-headers.eml",
      b"From: alice@example.org\nTo: bob@example.org\nX-Nul: a\x00b\n"
      b"Sub\x00ject: hi\x00there\nSubject: after the NULs\n"
      b"X-Nuls: \x00\x00\x00\n\nHello\x00Bob.\n")
write("nul-first.eml", b"\x00\x00\x00From: alice@example.org\n"
      b"To: bob@example.org\n\nHello.\n")
EOF
: >"$in/empty"
mkdir "$in/a-directory"
printf 'just a line of plain text, no headers at all\n' >"$in/text.txt"
printf 'Content-Type: text/plain\r\n\r\nHello\r\n' >"$in/data"

# ---------------------------------------------------------------------
# Input that is not a message at all.

for cmd in show sign encrypt; do
    case $cmd in show) home=$bob ;; *) home=$alice ;; esac
    bad "$cmd empty file" 3 "the input is empty" 'empty' \
        "$home" "$cmd" "$in/empty"
    bad "$cmd non-existent file" 3 "it cannot open it, naming the file" \
        'no-such-message\.eml.*(no such file|does not exist)' \
        "$home" "$cmd" "$in/no-such-message.eml"
    bad "$cmd a directory" 3 "it is a directory" 'directory' \
        "$home" "$cmd" "$in/a-directory"
    bad "$cmd random binary bytes" 3 "it is not an e-mail message" \
        'not an e-mail message' "$home" "$cmd" "$in/random.bin"
    bad "$cmd a line of text without headers" 3 \
        "it is not an e-mail message" 'not an e-mail message' \
        "$home" "$cmd" "$in/text.txt"
done

bad "show --json empty file" 3 "the input is empty" 'empty' \
    "$bob" show --json "$in/empty"

# ---------------------------------------------------------------------
# Damaged S/MIME.

bad "enveloped, base64 cut in half" 3 "it cannot be decrypted" \
    'damaged|cannot be decrypted|truncated' "$bob" show "$in/enc-cut.eml"
bad "enveloped 20 KB, base64 cut in half" 3 "it cannot be decrypted" \
    'damaged|cannot be decrypted|truncated' "$bob" show \
    "$in/enc-long-cut.eml"
tap_not "enveloped 20 KB, cut: no partial plaintext on stdout or stderr" \
    grep -q "$marker" "$out" "$err"

red_malformed "garbage CMS in the signature part" "$in/garbage-cms.eml"
stutter=$(grep -o 'cannot be checked' "$err" | grep -c '')
tap_is "$stutter" 1 \
    "garbage CMS: the reason says 'cannot be checked' once, not nested twice"

red_malformed "multipart/signed without its signature part" \
    "$in/no-sig-part.eml"

name="multipart/signed, wrong boundary"
gs "$bob" show --json "$in/wrong-boundary.eml"
check_defined "$name"
check_rc "$name" 1 3
if [ "$RC" = 1 ]; then
    tap_like "$(verdict)" '^red( .*)? malformed( |$)' \
        "$name: red, reason malformed"
else
    tap_is "$(verdict)" "no-json" "$name: no verdict printed for an error"
fi
check_says "$name" "why it is not green" 'malformed|damaged|boundary'
check_left "$name"

name="multipart/signed, signature first, content second"
gs "$bob" show --json "$in/swapped.eml"
check_defined "$name"
check_rc "$name" 1 3
tap_not "$name: never green" grep -Eq '"status" *: *"green"' "$out"
check_says "$name" "why it is not green" 'malformed|damaged'
check_left "$name"

bad "encrypted to carol and alice, read by bob" 3 \
    "it is not encrypted to any of your certificates" \
    'not encrypted to any of your certificates' \
    "$bob" show "$in/enc-carol.eml"

# ---------------------------------------------------------------------
# Hostile structure.

bad "10,000-deep multipart/mixed" 3 "parts nest too deep" 'nest.*deep' \
    "$bob" show "$in/deep-10k.eml"
bad "100,000-deep multipart/mixed" 3 "parts nest too deep" 'nest.*deep' \
    "$bob" show "$in/deep-100k.eml"
bad "10,000-deep message/rfc822" 3 "parts nest too deep" 'nest.*deep' \
    "$bob" show "$in/deep-rfc822.eml"
bad "sign 10,000-deep multipart/mixed" 3 "parts nest too deep" \
    'nest.*deep' "$alice" sign "$in/deep-10k.eml"
rm -f "$in/deep-100k.eml"

# A 100 MB header line.  Checked for show, sign and encrypt; the peak
# memory is reported, not asserted.
{
    printf 'From: alice@example.org\nTo: bob@example.org\nSubject: '
    head -c 104857600 /dev/zero | tr '\0' a
    printf '\n\nbody\n'
} >"$in/huge-header.eml"
have_time=
[ -x /usr/bin/time ] && have_time=yes
for cmd in show sign encrypt; do
    case $cmd in show) home=$bob ;; *) home=$alice ;; esac
    MEASURE=$have_time
    t0=$(date +%s)
    bad "$cmd 100 MB Subject line" 3 "the header is too long" \
        'header.*(too long|longer than)' "$home" "$cmd" "$in/huge-header.eml"
    t1=$(date +%s)
    MEASURE=
    kb=$(badrun_rss_kb)
    if [ -n "$kb" ]; then
        tap_diag "$cmd 100 MB Subject line: peak RSS ${kb} kB" \
            "($((kb / 1024)) MB), $((t1 - t0)) s"
    else
        tap_diag "$cmd 100 MB Subject line: /usr/bin/time not available," \
            "peak memory not measured; $((t1 - t0)) s"
    fi
done
rm -f "$in/huge-header.eml"

# NUL bytes.  Reading may show the message or refuse it; either way it
# must end with a defined status.  Signing or encrypting must either
# refuse (3) or write a message whose header lines are still lines.
name="show NUL bytes in headers"
gs "$bob" show "$in/nul-headers.eml"
check_defined "$name"
check_rc "$name" 0 3
if [ "$RC" = 0 ]; then
    tap_ok "$name: shows the status line" grep -q '^\[grey\]' "$out"
else
    check_says "$name" "why it is refused" 'header|not an e-mail|damaged'
fi
check_left "$name"

for cmd in sign encrypt; do
    name="$cmd NUL bytes in headers"
    gs "$alice" "$cmd" "$in/nul-headers.eml"
    check_defined "$name"
    check_rc "$name" 0 3
    if [ "$RC" = 0 ]; then
        tap_not "$name: no NUL byte in the output headers" \
            grep -qaP '\x00' <(header_lines "$out")
        if header_lines "$out" | grep -qa '^Subject: after the NULs'; then
            tap_result 0 "$name: 'Subject: after the NULs' is still a header line of its own"
        else
            tap_result 1 "$name: 'Subject: after the NULs' is still a header line of its own"
            header_lines "$out" | head -n 4 | cat -A | sed 's/^/#   /'
        fi
    else
        check_says "$name" "why it is refused" 'header|damaged'
        check_quiet "$name"
    fi
    check_left "$name"
done

bad "show NUL bytes before the first header" 3 \
    "it is not an e-mail message" 'not an e-mail message' \
    "$bob" show "$in/nul-first.eml"

# ---------------------------------------------------------------------
# Standard input.

name="stdin, signed by alice"
STDIN=$in/signed.eml gs "$bob" show -
check_defined "$name"
check_rc "$name" 0
tap_ok "$name: green" \
    grep -q '^\[green\]' "$out"
tap_ok "$name: shows the text" grep -q "Hello Bob. $marker" "$out"
tap_is "$(cat "$err")" "" "$name: nothing on stderr"
check_left "$name"

STDIN=$in/empty bad "stdin empty" 3 "the input is empty" 'empty' \
    "$bob" show -

# Decryption happens in memory: the plaintext appears on stdout and
# nowhere on disk (bob's home, TMPDIR, the working directory).
name="signed and encrypted, read by bob"
STDIN=$in/signed-enc.eml gs "$bob" show -
check_defined "$name"
check_rc "$name" 0
tap_ok "$name: shows the decrypted text" grep -q "$marker" "$out"
tap_not "$name: no plaintext written to bob's home or TMPDIR" \
    grep -rqa "$marker" "$bob" "$run"
check_left "$name"

# ---------------------------------------------------------------------
# Usage errors.

name="no arguments"
gs "$bob"
check_defined "$name"
check_rc "$name" 2
tap_ok "$name: usage on stderr lists the commands" \
    grep -Eq '^ +show ' "$err"
check_quiet "$name"

# usage NAME WORDS PATTERN ARGS... - exit 2, first stderr line is
# "gsmime: ..." matching PATTERN, then a usage text.
usage() {
    local name=$1 words=$2 pattern=$3 first
    shift 3
    gs "$bob" "$@"
    check_defined "$name"
    check_rc "$name" 2
    first=$(head -n 1 "$err")
    tap_like "$first" "^gsmime: .*($pattern)" "$name: says $words"
    tap_ok "$name: prints the usage" grep -qi 'usage' "$err"
    check_quiet "$name"
    check_left "$name"
}
usage "unknown command" "unknown command, naming it" \
    '[Uu]nknown command.*frobnicate' frobnicate "$in/plain.eml"
usage "show, unknown option" "unknown option, naming it" \
    '[Uu]nknown option.*--bogus' show --bogus "$in/plain.eml"
usage "show, two files" "name one message file" \
    '[Oo]ne message' show "$in/plain.eml" "$in/signed.eml"
usage "sign, no file" "name one message file" '[Oo]ne message' sign
usage "encrypt, two files" "name one message file" '[Oo]ne message' \
    encrypt "$in/plain.eml" "$in/plain.eml"

# ---------------------------------------------------------------------
# Key problems.

bad "sign From alice in bob's home (no secret key)" 4 \
    "there is no signing certificate" 'no (valid )?signing certificate' \
    "$bob" sign "$in/plain.eml"
# Any command the advice names must exist.
ok=0
for c in $(grep -o 'gsmime [a-z][a-z-]*' "$err" | cut -d' ' -f2); do
    if ! "$GSMIME" 2>&1 | grep -Eq "^ +$c "; then
        tap_diag "  the advice names \"gsmime $c\", which is no command"
        ok=1
    fi
done
tap_result $ok "sign with no secret key: any gsmime command the advice names exists"

bad "sign --encrypt From alice in bob's home (no secret key)" 4 \
    "there is no signing certificate" 'no (valid )?signing certificate' \
    "$bob" sign --encrypt "$in/plain.eml"
bad "encrypt with no To or Cc" 4 "there are no recipients" \
    'no recipients' "$alice" encrypt "$in/no-recipients.eml"

# ---------------------------------------------------------------------

pin=0
for GH_HOME in "$alice" "$bob"; do
    gh_pinentry_started && pin=1
done
tap_result $pin "no pinentry was started in alice's or bob's home"
tap_diag "runtime $(($(date +%s) - started)) s"
tap_done
