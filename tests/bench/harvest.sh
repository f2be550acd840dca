#!/bin/bash
# harvest.sh - how fast `gsmime harvest` reads a Maildir of signed mail, run
# by hand (not by `make check`).
#
#   scripts/build.sh && tests/bench/harvest.sh
#
# Environment: BENCH_MESSAGES (default 1000), BENCH_SENDERS (default
# "carol alice trent-b"), BENCH_REPEAT (default 3: the warm runs are
# interleaved that many times and the fastest of each kept),
# BENCH_KEEP=1 keeps the temporary directory for a look afterwards.
#
# BENCH_MESSAGES multipart/signed messages, signed round robin by the
# senders with `openssl cms -sign` (tests/bench/gen-maildir.py: signer's
# certificate and the intermediate carried), sit in a Maildir (cur/ and
# new/).  They are read in a home of bob's from which the senders'
# certificates were deleted, so the first run harvests one certificate
# per sender.  The CRLs are served by the loopback server of
# tests/lib/gnupghome.sh, whose log counts every CRL fetch.
#
#   (1) `gsmime harvest MAILDIR`, the first time: one gsmime process, one
#       GPGME session (two gpgsm servers: crypto and key listing, started
#       through a counting wrapper around common/gsmime-gpgsm), the
#       senders' certificates harvested, revocation asked once per signer
#       (common/revocation.c: a `gpgsm --with-validation` of its own,
#       which makes dirmngr fetch the CRLs) and cached in
#       $GNUPGHOME/gsmime/revocation.ini.
#   (2) `gpgsm --verify SIG DATA`, one process per message, in a second
#       home prepared the same way (its own dirmngr, so it fetches the
#       CRLs once too); gpgsm checks the CRLs through dirmngr every time.
#   (3) `gsmime harvest MAILDIR` again in the first home: certificates
#       known, revocation answered from revocation.ini, so no dirmngr and
#       no CRL fetch at all (0 in the server's log is the proof).
#   Diagnostic variants of (3), interleaved with it:
#   (3') revocation.ini removed before the run: revocation asked again
#        through gpgsm and dirmngr, whose CRL cache still holds (so still
#        no fetch), once per signer;
#   (3'') --revocation off: no revocation look-up at all, the floor of the
#        harvest loop.
#   (4) `gsmime harvest --jobs 2` again, interleaved with (3): two
#       sessions (four gpgsm servers) over the one walk of the Maildir,
#       and (4'') the same with --revocation off beside (3'').  (1), (3),
#       (3') and (3'') run with --jobs 1, one session; the speed-up of
#       (4) over (3) is the gain of a second core.  The figures come from
#       one run, side by side, so that the load of the machine weighs on
#       both alike; the load average before and after is printed.  The
#       summaries of (3) and (4) must agree line for line.
#
# For the target of two cores (1.7 times the rate of one session over
# 10,000 messages): BENCH_MESSAGES=10000.
#
# Everything lives in one directory under /tmp that is removed at the end,
# with every daemon of both homes stopped.

set -eu

# shellcheck source=build-env.sh
. "$(dirname "$0")/build-env.sh"
read -r -a senders <<<"${BENCH_SENDERS:-carol alice trent-b}"
wrapper=$GSMIME_GPGSM

bench_need "$gsmime" "$wrapper"
bench_begin gshv

fpr_of() {
    local f
    f=$(OPENSSL_CONF=/dev/null openssl x509 -in "$1" -noout -fingerprint \
        -sha1)
    f=${f#*=}
    echo "${f//:/}"
}

# The gpgsm servers that GPGME starts for gsmime, counted: one line in
# $work/gpgsm-starts per start.
cat >"$work/gpgsm-counting" <<EOF
#!/bin/sh
echo "\$\$ \$*" >>"$work/gpgsm-starts"
exec "$wrapper" "\$@"
EOF
chmod 755 "$work/gpgsm-counting"
export GSMIME_GPGSM=$work/gpgsm-counting
: >"$work/gpgsm-starts"

# CRL fetches so far, from the CRL server's log.
crl_gets() { grep -c '"GET /[^ ]*\.crl' "$work/http.log" || true; }
# Connections dirmngr has accepted so far in HOME (one per gpgsm that asks
# it anything: the revocation checks of gsmime, every gpgsm --verify).
dirmngr_conns() {
    if [ -e "$1/dirmngr.log" ]; then
        grep -c 'handler for fd [0-9]* started' "$1/dirmngr.log" || true
    else
        echo 0
    fi
}
gpgsm_starts() { grep -c -- --server "$work/gpgsm-starts" || true; }
# summary FILE KEY: the number after "KEY: " in gsmime harvest's summary.
summary() { sed -n "s/^$2: \\([0-9]*\\)$/\\1/p" "$1"; }

say "test PKI, CRL server, two homes of bob's without ${senders[*]}"
# gh_serve_crls logs to $GH_HOME/http.log: point it at $work.
GH_HOME=$work gh_serve_crls "$work/pki" "$port"
for h in ha hb; do
    bench_home "$work/$h" bob
    for s in "${senders[@]}"; do
        gpgsm --homedir "$GH_HOME" --batch --yes \
            --delete-keys "$(fpr_of "$work/pki/$s.pem")" >/dev/null 2>&1
        if gpgsm --homedir "$GH_HOME" --batch --with-colons --list-keys \
            "$(fpr_of "$work/pki/$s.pem")" 2>/dev/null | grep -q '^crt:'
        then
            echo "harvest.sh: could not delete $s from $GH_HOME" >&2
            exit 1
        fi
    done
done
ha=${BENCH_HOMES[0]}
hb=${BENCH_HOMES[1]}
unset GNUPGHOME

say "generating $N signed messages from ${senders[*]} (openssl cms -sign)"
t0=$(now)
python3 "$bench/gen-maildir.py" "$work/pki" "$work/Maildir" "$work/parts" \
    "$N" "${senders[@]}"
say "  took $(since "$t0") s"

# run_harvest NAME [OPTION...]: gsmime harvest of the Maildir in home A,
# timed; writes $work/NAME.res with wall seconds, peak RSS, and the CRL
# fetches, dirmngr connections and gpgsm server starts it caused, and
# keeps the summary in $work/NAME.out.
run_harvest() {
    local name=$1 c0 d0 g0 t0 t1
    shift
    c0=$(crl_gets)
    d0=$(dirmngr_conns "$ha")
    g0=$(gpgsm_starts)
    t0=$(now)
    GNUPGHOME=$ha /usr/bin/time -f '%M %U %S' -o "$work/$name.rss" \
        "$gsmime" harvest "$@" "$work/Maildir" >"$work/$name.out" \
        2>"$work/$name.err" || {
        echo "harvest.sh: gsmime harvest $* failed:" >&2
        cat "$work/$name.out" "$work/$name.err" >&2
        exit 1
    }
    t1=$(now)
    # gpgsm and dirmngr log asynchronously: let the CRL server's log settle.
    sleep 0.2
    echo "seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')" \
        "rss=$(tail -1 "$work/$name.rss" | cut -d' ' -f1)" \
        "cpu=$(tail -1 "$work/$name.rss" | awk '{ print $2 + $3 }')" \
        "good=$(summary "$work/$name.out" 'signatures good')" \
        "added=$(summary "$work/$name.out" 'certificates added')" \
        "crl=$(($(crl_gets) - c0))" \
        "dirmngr=$(($(dirmngr_conns "$ha") - d0))" \
        "starts=$(($(gpgsm_starts) - g0))" >"$work/$name.res"
    say "  $name: $(cat "$work/$name.res")"
}
field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" "$1"; }
keep_best() {
    if [ ! -e "$work/$1.best" ] ||
        awk -v a="$(field "$work/$1.res" seconds)" \
            -v b="$(field "$work/$1.best" seconds)" 'BEGIN { exit !(a < b) }'
    then
        cp "$work/$1.res" "$work/$1.best"
    fi
}

# pair ONE TWO: notes the speed-up of the run TWO just made over the run
# ONE made just before it.  Runs side by side in time see much the same
# load, so on a busy machine the median of these says more than the
# ratio of the best runs.
pair() {
    awk -v a="$(field "$work/$1.res" seconds)" \
        -v b="$(field "$work/$2.res" seconds)" \
        'BEGIN { printf "%.3f\n", a / b }' >>"$work/$2.pairs"
}
# median NAME: the median of the speed-ups noted by pair for NAME.
median() {
    sort -n "$work/$1.pairs" | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.2f", m }'
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "(1) gsmime harvest, first run (harvests, asks revocation, fetches CRLs)"
run_harvest cold --jobs 1
cp "$work/cold.res" "$work/cold.best"

say "(2) gpgsm --verify, one process per message, in the second home"
c0=$(crl_gets)
d0=$(dirmngr_conns "$hb")
t0=$(now)
# In a child bash under /usr/bin/time, whose CPU time then includes every
# gpgsm it reaped.
/usr/bin/time -f '%U %S' -o "$work/gpgsm.cpu" bash -c 'good=0
for sig in "$1"/parts/*.sig; do
    if gpgsm --homedir "$2" --batch --verify "$sig" "${sig%.sig}.data" \
        2>/dev/null; then
        good=$((good + 1))
    fi
done
echo $good' _ "$work" "$hb" >"$work/gpgsm.good"
t1=$(now)
sleep 0.2
echo "seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')" \
    "rss=" "cpu=$(awk '{ print $1 + $2 }' "$work/gpgsm.cpu")" \
    "good=$(cat "$work/gpgsm.good")" "added=-" "crl=$(($(crl_gets) - c0))" \
    "dirmngr=$(($(dirmngr_conns "$hb") - d0))" "starts=$N" \
    >"$work/gpgsm.best"
say "  gpgsm: $(cat "$work/gpgsm.best")"

say "(3) gsmime harvest again, with the variants (3') and (3''), and with" \
    "--jobs 2, (4) and (4''), interleaved, best of $REPEAT"
for i in $(seq "$REPEAT"); do
    run_harvest warm --jobs 1
    keep_best warm
    run_harvest jobs2 --jobs 2
    keep_best jobs2
    pair warm jobs2
    rm -f "$ha/gsmime/revocation.ini"
    run_harvest norevcache --jobs 1
    keep_best norevcache
    run_harvest revoff --revocation off --jobs 1
    keep_best revoff
    run_harvest revoff2 --revocation off --jobs 2
    keep_best revoff2
    pair revoff revoff2
done
# Both read the same: the summaries of the last runs of (3) and (4) agree
# line for line.
if ! cmp -s "$work/warm.out" "$work/jobs2.out"; then
    echo "harvest.sh: the summaries of --jobs 1 and --jobs 2 differ:" >&2
    diff "$work/warm.out" "$work/jobs2.out" >&2
    exit 1
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

t1=$(field "$work/cold.best" seconds)
echo
echo "gsmime harvest of a Maildir: $N signed messages from ${senders[*]}" \
    "to bob, read in bob's home without their certificates"
printf '%-38s %6s %6s %6s %7s %9s %5s %4s %7s %6s %4s\n' run "wall s" \
    "msg/s" ms/msg "CPU ms" good added CRL dirmngr gpgsm RSS
printf '%-38s %6s %6s %6s %7s %9s %5s %4s %7s %6s %4s\n' "" "" "" "" \
    "/msg" "" "" GETs conns starts MiB
row() {
    local f=$work/$2.best
    awk -v name="$1" -v t="$(field "$f" seconds)" -v n="$N" \
        -v g="$(field "$f" good)" -v a="$(field "$f" added)" \
        -v c="$(field "$f" crl)" -v d="$(field "$f" dirmngr)" \
        -v s="$(field "$f" starts)" -v r="$(field "$f" rss)" \
        -v u="$(field "$f" cpu)" 'BEGIN {
        printf "%-38s %6.2f %6.1f %6.2f %7.2f %9s %5s %4s %7s %6s %4s\n",
               name, t, n / t, 1000 * t / n, 1000 * u / n, g "/" n, a, c, d,
               s, r == "" ? "-" : sprintf("%.0f", r / 1024) }'
}
row "(1) gsmime harvest, first run" cold
row "(2) gpgsm --verify, process per message" gpgsm
row "(3) gsmime harvest, second run" warm
row "(4) the same, --jobs 2" jobs2
echo "diagnostic variants of (3) and (4):"
row "(3') revocation.ini removed first" norevcache
row "(3'') --revocation off" revoff
row "(4'') --revocation off, --jobs 2" revoff2
awk -v t1="$t1" -v t2="$(field "$work/gpgsm.best" seconds)" \
    -v t3="$(field "$work/warm.best" seconds)" \
    -v t4="$(field "$work/revoff.best" seconds)" -v n="$N" 'BEGIN {
    printf "(2)/(1) = %.1f   (2)/(3) = %.1f   (1)/(3) = %.2f   " \
           "(3)-(3'\'''\'') = %.2f ms/msg (revocation cache)\n",
           t2 / t1, t2 / t3, t1 / t3, 1000 * (t3 - t4) / n }'
awk -v t3="$(field "$work/warm.best" seconds)" \
    -v t4="$(field "$work/jobs2.best" seconds)" \
    -v r3="$(field "$work/revoff.best" seconds)" \
    -v r4="$(field "$work/revoff2.best" seconds)" -v q="''" 'BEGIN {
    printf "--jobs 2 over --jobs 1: (3)/(4) = %.2f   (3%s)/(4%s) = %.2f" \
           "   (target: 1.70 on 2 CPUs)\n", t3 / t4, q, q, r3 / r4 }'
echo "  median of the $REPEAT side-by-side pairs: (3)/(4) = $(median jobs2)" \
    "  (3'')/(4'') = $(median revoff2)   (each pair: $(tr '\n' ' ' \
    <"$work/jobs2.pairs")/ $(tr '\n' ' ' <"$work/revoff2.pairs"))"
echo "(3), (4) and their variants are the best of $REPEAT runs, (1) and" \
    "(2) single runs; all but (4) and (4'') with one session (--jobs 1)." \
    "gpgsm" \
    "starts: servers GPGME started for gsmime (crypto and key listing)," \
    "processes for (2).  CPU: gsmime with the gpgsm --with-validation it" \
    "runs, not its two detached gpgsm servers; for (2) every gpgsm;" \
    "gpg-agent and dirmngr nowhere."
echo "load average (1/5/15 min) before: $load_before; after: $load_after;" \
    "on $(nproc) CPUs"
