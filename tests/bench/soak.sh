#!/bin/bash
# soak.sh - whether long runs keep their memory: `gsmime harvest` over
# 20,000 messages in one process, with one session and with two side by
# side (--jobs 1, --jobs 2), and 10,000 verifications through one mutt
# session process, with the resident memory (VmRSS) sampled every 1,000
# messages.  Run by hand (not by make check):
#
#   scripts/build.sh && tests/bench/soak.sh
#
# Environment: SOAK_HARVEST (default 20000), SOAK_JOBS (default "1 2": the
# --jobs values of the harvests, one run each), SOAK_SHOW (default 10000),
# SOAK_DISTINCT (default 1000: that many messages are signed by OpenSSL
# with three senders, and repeated under new names up to the counts; a
# leak per message shows the same whether or not the bytes repeat).
#
# The figures are printed side by side with the first sample, the
# baseline; the target is at most 10 % growth after the first 1,000.
set -u

# shellcheck source=build-env.sh
. "$(dirname "$0")/build-env.sh"
require_programs gpgsm openssl python3

harvest_n=${SOAK_HARVEST:-20000}
read -r -a jobs_list <<<"${SOAK_JOBS:-1 2}"
show_n=${SOAK_SHOW:-10000}
distinct=${SOAK_DISTINCT:-1000}
senders=(carol alice trent-b)
work=$(mktemp -d /tmp/gssoak.XXXXXX) || exit 1
cleanup() {
    gh_teardown
    rm -rf "$work"
}
trap cleanup EXIT

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# table TITLE: reads "COUNT KB" lines and prints them beside the first.
table() {
    awk -v title="$1" '
        NR == 1 { base = $2; printf "%s\n%10s %10s %10s\n", title,
                  "messages", "RSS kB", "vs first" }
        { printf "%10d %10d %+9.1f%%\n", $1, $2, ($2 - base) * 100 / base
          if ($2 > max) max = $2 }
        END { growth = (max - base) * 100 / base
              printf "largest growth over the first sample: %+.1f%% (%s)\n",
                     growth, growth <= 10 ? "flat: within 10%" : "GROWS" }'
}

echo "test PKI, a home of bob's without ${senders[*]}, $distinct signed messages..."
port=$(gh_free_port)
"$srcdir/tests/pki/make-pki.sh" "$work/pki" "$port" >/dev/null 2>&1 || exit 1
gh_setup "" "$work/pki" bob >/dev/null || exit 1
gh_serve_crls "$work/pki" "$port" || exit 1
for s in "${senders[@]}"; do
    gh_gpgsm --batch --yes --delete-keys "$(msg_fpr "$work/pki/$s.pem")" \
        >/dev/null 2>&1
done
python3 "$srcdir/tests/bench/gen-maildir.py" "$work/pki" "$work/seed" \
    "$work/parts" "$distinct" "${senders[@]}" >/dev/null || exit 1

# The Maildir to harvest: the distinct messages again and again, each
# copy a file of its own as in a real Maildir.
mkdir -p "$work/mail/cur" "$work/mail/new" "$work/mail/tmp"
mapfile -t seeds < <(find "$work/seed/cur" "$work/seed/new" -type f | sort)
for i in $(seq 0 $((harvest_n - 1))); do
    ln "${seeds[i % ${#seeds[@]}]}" "$work/mail/cur/$i.soak:2,S"
done

# soak_harvest JOBS: gsmime harvest --progress --jobs JOBS over the
# Maildir, in a home as it was before (the revocation cache kept), its
# RSS sampled at each progress line.
soak_harvest() {
    echo "gsmime harvest --progress --jobs $1 over $harvest_n messages..."
    rm -f "$work/progress" "$GNUPGHOME/gsmime/harvest.ini"
    for s in "${senders[@]}"; do
        gh_gpgsm --batch --yes --delete-keys "$(msg_fpr "$work/pki/$s.pem")" \
            >/dev/null 2>&1
    done
    mkfifo "$work/progress"
    "$GSMIME" harvest --progress --jobs "$1" "$work/mail" \
        >"$work/harvest.out" 2>"$work/progress" &
    pid=$!
    while IFS= read -r line; do
        n=$(printf '%s\n' "$line" | sed -n 's/^harvest: \([0-9]*\) .*/\1/p')
        kb=$(rss_kb $pid)
        # The last line may come as the process ends: no sample then.
        [ -n "$n" ] && [ -n "$kb" ] && echo "$n $kb"
    done <"$work/progress" >"$work/harvest.rss"
    wait $pid || echo "gsmime harvest failed: $(cat "$work/harvest.out")"
    table "gsmime harvest --jobs $1, one process" <"$work/harvest.rss"
    grep -E '^(messages read|certificates added|signatures good)' \
        "$work/harvest.out"
}
for j in "${jobs_list[@]}"; do
    soak_harvest "$j"
    echo
done
echo "gsmime-mutt verify over $show_n messages, one session process..."
mutt_client=$(dirname "$GSMIME")/gsmime-mutt
sigs=("$work"/parts/*.sig)
: >"$work/show.rss"
bad=0
for i in $(seq 1 "$show_n"); do
    sig=${sigs[(i - 1) % ${#sigs[@]}]}
    "$mutt_client" verify "$sig" "${sig%.sig}.data" >/dev/null 2>&1 ||
        bad=$((bad + 1))
    if [ $((i % 1000)) -eq 0 ]; then
        server=$(pgrep -n -x gsmime-session)
        echo "$server" >>"$work/show.pids"
        echo "$i $(rss_kb "$server")" >>"$work/show.rss"
    fi
done
table "the session process behind gsmime-mutt verify" <"$work/show.rss"
echo "verifications that failed: $bad; session processes seen:" \
    "$(sort -u "$work/show.pids" | wc -l)"
