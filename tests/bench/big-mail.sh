#!/bin/bash
# big-mail.sh - what one big message costs gsmime, beside what the same
# work costs gpgsm itself, run by hand (not by the test suite):
#
#   scripts/build.sh && tests/bench/big-mail.sh [--size MIB] [--baseline DIR]
#
# One message from alice to bob with a MIB MiB random attachment (default
# 100, about 135 MiB as a message; --size 1024 for the 1 GiB case), made
# by gen-big.py.  Each step runs once under /usr/bin/time -v, for its wall
# time and its peak RSS (the largest of the process and the children it
# reaped: gsmime's gpgsm server, or gpgsm's gpg-agent calls):
#
#   gsmime encrypt                  alice's home, to bob and alice
#   gpgsm --encrypt                 the plain file, to the same two
#   gsmime sign --encrypt           the same, signed first
#   gpgsm --sign then --encrypt     a detached signature of the plain file,
#                                   then its encryption: the two added
#                                   (wall) and the larger (RSS)
#   gsmime show                     bob's home, the message gsmime encrypt made
#   gpgsm --decrypt                 bob's home, the DER of that message
#   gsmime-mutt decrypt             that DER, as smime_decrypt_command
#   gsmime-mutt verify              the signature and signed part of what
#                                   `gsmime sign` made, as smime_verify_command
#
# Targets (issue 20): peak RSS of every gsmime row at most 32 MiB above
# gpgsm's own for the same work, wall time at most 1.3 times gpgsm's.  The
# rows are paired: encrypt with --encrypt, sign --encrypt with --sign then
# --encrypt, show, mutt decrypt and mutt verify with --decrypt (verify:
# gpgsm --verify of the same files, measured too).
#
# --baseline DIR runs every gsmime row a second time with the gsmime built
# in DIR (another build tree, say of main) and prints it in a column of its
# own.  BENCH_KEEP=1 keeps the temporary directory.
set -eu

size=100
baseline=
while [ $# -gt 0 ]; do
    case $1 in
    --size) size=$2; shift 2 ;;
    --baseline) baseline=$(cd "$2" && pwd); shift 2 ;;
    *) echo "usage: big-mail.sh [--size MIB] [--baseline BUILDDIR]" >&2
       exit 2 ;;
    esac
done

# shellcheck source=build-env.sh
. "$(dirname "$0")/build-env.sh"
require_programs gpgsm python3
mutt_client=$builddir/plugin/mutt/gsmime-mutt
[ -x "$mutt_client" ] || mutt_client=$builddir/tools/gsmime-mutt
bench_need "$gsmime" "$GSMIME_GPGSM" "$mutt_client"
if [ -n "$baseline" ] && [ ! -x "$baseline/tools/gsmime" ]; then
    echo "big-mail.sh: no gsmime built in $baseline" >&2
    exit 2
fi
bench_begin gsbig


# timed NAME COMMAND...: runs COMMAND under /usr/bin/time -v into
# $work/NAME.time, its standard output into $work/NAME.out; a failure
# stops the benchmark with what the command said.
timed() {
    local name=$1
    shift
    if ! /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" \
        2>"$work/$name.err"; then
        echo "big-mail.sh: $name failed ($*):" >&2
        tail -8 "$work/$name.err" >&2
        exit 1
    fi
}

# timed_output NAME COMMAND...: timed, for a command whose exit status
# says less than its output: it must write something.
timed_output() {
    local name=$1
    shift
    /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" \
        2>"$work/$name.err" || true
    if [ ! -s "$work/$name.out" ]; then
        echo "big-mail.sh: $name wrote nothing ($*):" >&2
        tail -8 "$work/$name.err" >&2
        exit 1
    fi
}

say "test PKI, alice's home and bob's home"
bench_home "$work/ha" alice bob
alice_home=$GH_HOME
bench_home "$work/hb" bob
bob_home=$GH_HOME
gh_serve_crls "$work/pki" "$port"

say "generating a message with a $size MiB attachment"
python3 "$bench/gen-big.py" "$work/big.eml" "$size"

# gsmime_rows TAG GSMIME MUTT: the gsmime rows with the programs named.
gsmime_rows() {
    local tag=$1 gs=$2 mutt=$3
    say "$tag: gsmime encrypt, sign --encrypt and sign (alice)"
    export GNUPGHOME=$alice_home
    timed "$tag-encrypt" "$gs" encrypt "$work/big.eml"
    timed "$tag-sign-encrypt" "$gs" sign --encrypt "$work/big.eml"
    timed "$tag-sign" "$gs" sign "$work/big.eml"
    python3 - "$work/$tag-sign.out" "$work/$tag-signed.data" \
        "$work/$tag-signed.sig" <<'EOF'
import base64, re, sys
raw = open(sys.argv[1], "rb").read()
b = re.search(rb'boundary="?([^";\r\n]+)"?', raw).group(1)
parts = raw.split(b"\n--" + b)
first = parts[1].split(b"\n", 1)[1]
open(sys.argv[2], "wb").write(first)
# What the signature covers, for gpgsm, which does not canonicalise.
open(sys.argv[2] + ".crlf", "wb").write(first.replace(b"\n", b"\r\n"))
sig = parts[2].split(b"\n\n", 1)[1]
open(sys.argv[3], "wb").write(base64.b64decode(sig))
EOF
    say "$tag: gsmime show, gsmime-mutt decrypt and verify (bob)"
    export GNUPGHOME=$bob_home
    der_of "$work/$tag-encrypt.out" "$work/$tag.der"
    timed "$tag-show" "$gs" show "$work/$tag-encrypt.out"
    timed "$tag-mutt-decrypt" "$mutt" decrypt "$work/$tag.der" </dev/null
    timed "$tag-mutt-verify" "$mutt" verify "$work/$tag-signed.sig" \
        "$work/$tag-signed.data"
    grep -q "^Verification successful" "$work/$tag-mutt-verify.err" || {
        echo "big-mail.sh: gsmime-mutt verify did not find the signature" \
            "good:" >&2
        head -3 "$work/$tag-mutt-verify.err" >&2
        exit 1
    }
}

# der_of MESSAGE DER: the DER of MESSAGE's application/pkcs7-mime part.
der_of() {
    python3 - "$1" "$2" <<'EOF'
import base64, sys
raw = open(sys.argv[1], "rb").read()
body = raw.split(b"\n\n", 1)[1]
open(sys.argv[2], "wb").write(base64.b64decode(body))
EOF
}

gsmime_rows after "$gsmime" "$mutt_client"
if [ -n "$baseline" ]; then
    base_mutt=$baseline/plugin/mutt/gsmime-mutt
    [ -x "$base_mutt" ] || base_mutt=$baseline/tools/gsmime-mutt
    # The baseline's gsmime-mutt must reach its own session process, not
    # the one the build under test left running in bob's home.
    rm -f "$bob_home/gsmime/S.mutt"
    GSMIME=$baseline/tools/gsmime GSMIME_GPGSM=$baseline/common/gsmime-gpgsm \
        gsmime_rows before "$baseline/tools/gsmime" "$base_mutt"
    rm -f "$bob_home/gsmime/S.mutt"
fi

# The keys of the test homes have an empty passphrase, given as gsmime
# gives it: through the loopback pinentry.
gpgsm=(gpgsm --batch --pinentry-mode loopback --passphrase "")
say "gpgsm alone: --encrypt, --sign then --encrypt (alice)"
export GNUPGHOME=$alice_home
timed gpgsm-encrypt "${gpgsm[@]}" -r bob@example.org -r alice@example.org \
    --encrypt "$work/big.eml"
timed gpgsm-sign "${gpgsm[@]}" -u alice@example.org --detach-sign \
    "$work/big.eml"
say "gpgsm alone: --decrypt, --verify (bob)"
export GNUPGHOME=$bob_home
# gpgsm exits 2 after it logged that the first recipient (alice) is not
# in bob's home, though it then decrypts with bob's key: what it wrote
# counts.
timed_output gpgsm-decrypt "${gpgsm[@]}" --decrypt "$work/after.der"
timed gpgsm-verify "${gpgsm[@]}" --verify "$work/after-signed.sig" \
    "$work/after-signed.data.crlf"

wall() { timev_wall "$work/$1.time"; }
rss() { timev_rss "$work/$1.time"; }
sum_wall() { awk -v a="$(wall "$1")" -v b="$(wall "$2")" 'BEGIN { printf "%.2f", a + b }'; }
max_rss() { awk -v a="$(rss "$1")" -v b="$(rss "$2")" 'BEGIN { printf "%.1f", (a > b ? a : b) }'; }

echo
echo "One message with a $size MiB random attachment: $(mib "$work/big.eml")" \
    "MiB as a message, $(mib "$work/after-encrypt.out") MiB encrypted"
printf '%-30s %15s %15s %12s %12s  %s\n' step "wall s" "peak RSS MiB" \
    "gpgsm wall" "gpgsm RSS" "targets (RSS <= gpgsm+32, wall <= 1.3x)"
# row LABEL TAG GPGSM-WALL GPGSM-RSS: one gsmime row, with the baseline's
# figures before the build's when there are any.
row() {
    local label=$1 tag=$2 gw=$3 gr=$4 w r
    w=$(wall "after-$tag")
    r=$(rss "after-$tag")
    if [ -n "$baseline" ]; then
        w="$(wall "before-$tag") -> $w"
        r="$(rss "before-$tag") -> $r"
    fi
    awk -v l="$label" -v w="$w" -v r="$r" -v gw="$gw" -v gr="$gr" \
        -v aw="$(wall "after-$tag")" -v ar="$(rss "after-$tag")" 'BEGIN {
        printf "%-30s %15s %15s %12s %12s  RSS %s, wall %s (%.2fx)\n", l, w, r,
            gw, gr, (ar <= gr + 32 ? "met" : "MISSED"),
            (aw <= 1.3 * gw ? "met" : "MISSED"), (gw > 0 ? aw / gw : 0) }'
}
gpgsm_row() {
    printf '%-30s %15s %15s\n' "$1" "$2" "$3"
}
row "gsmime encrypt" encrypt "$(wall gpgsm-encrypt)" "$(rss gpgsm-encrypt)"
gpgsm_row "gpgsm --encrypt" "$(wall gpgsm-encrypt)" "$(rss gpgsm-encrypt)"
se_wall=$(sum_wall gpgsm-sign gpgsm-encrypt)
se_rss=$(max_rss gpgsm-sign gpgsm-encrypt)
row "gsmime sign --encrypt" sign-encrypt "$se_wall" "$se_rss"
gpgsm_row "gpgsm --sign then --encrypt" "$se_wall" "$se_rss"
row "gsmime show (decrypt)" show "$(wall gpgsm-decrypt)" "$(rss gpgsm-decrypt)"
gpgsm_row "gpgsm --decrypt" "$(wall gpgsm-decrypt)" "$(rss gpgsm-decrypt)"
row "gsmime-mutt decrypt" mutt-decrypt "$(wall gpgsm-decrypt)" \
    "$(rss gpgsm-decrypt)"
row "gsmime-mutt verify" mutt-verify "$(wall gpgsm-verify)" \
    "$(rss gpgsm-verify)"
gpgsm_row "gpgsm --verify" "$(wall gpgsm-verify)" "$(rss gpgsm-verify)"
echo "(gsmime sign, for the verify rows: $(wall after-sign) s," \
    "$(rss after-sign) MiB)"
[ -z "$baseline" ] || echo "(before -> after: $baseline -> $builddir)"
echo "load average before the end: $(cut -d' ' -f1-3 /proc/loadavg) on" \
    "$(nproc) CPUs"
