#!/bin/bash
# revocation.sh - revocation checks within a time budget, and their cache.
#
# gsmime asks about revocation itself (common/revocation.c): a gpgsm of
# its own validates the chain through dirmngr and is abandoned when the
# budget runs out; answers are kept in $GNUPGHOME/gsmime/revocation.ini
# (good for an hour, unknown for five minutes, revoked for ever).  This
# test drives that with real gpgsm and dirmngr against servers on
# 127.0.0.1 that it starts itself:
#
#   - the CRLs of the test PKI over HTTP (gh_serve_crls): revoked is red,
#     alice green;
#   - four dead CRL distribution points (nothing listening, a server that
#     accepts and never answers, HTTP 500, a garbage CRL), each the DP of
#     a sub-CA of its own, because dirmngr caches CRLs per issuer and a
#     cached CRL would answer instead of the dead server: orange
#     revocation-unknown within the budget, and fast from the cache next;
#   - the cache: twenty messages from alice ask dirmngr once, a revocation
#     is never forgotten, --revocation off says the check was off;
#   - OCSP (--revocation ocsp) against `openssl ocsp` behind a loopback
#     front (tests/lib/deadservers.py ocsp);
#   - encryption to a revoked recipient, and to one whose CRL server
#     hangs, with and without --allow-unchecked.
#
# The budget is 3000 ms everywhere it matters, so that the slow cases stay
# fast; "within the budget" means, for a server that never answers, well
# under the rest of the server's life, which is what the check would
# wait without the budget (tests/lib/silent.sh); for the others, under
# the budget, plus twice what the same gsmime run without revocation
# checks took just before, plus 3 s, of wall time for the gsmime process
# alone (a wrapper times it, without the JSON parsing of messages.sh; see
# rebase).  An answer from gsmime's cache is told by the cache entry left
# as it was and no new request at the server, not by the clock.  Output
# is TAP; exit status 77 when a program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/revocation.sh
. "$GSMIME_SRCDIR/tests/lib/revocation.sh"
require_gnupg

SLOW_MS=$((BUDGET + 2000))
HANG_LIFETIME=60

# --- Servers ------------------------------------------------------------------

# start_server MODE PORT LOG [ARG...]: gh_start_server, or bail out.
start_server() {
    gh_start_server "$@" || {
        echo "Bail out! the $1 server on 127.0.0.1:$2 did not start"
        exit 1
    }
    SERVER_PID=$GH_SERVER_PID
}

# --- The PKI ------------------------------------------------------------------

# The test PKI with its CRLs on $port, then the dead servers' ports.
# Nothing is ever started on $p_closed.
test_begin rv
test_ports p_closed p_hang p_500 p_garbage p_ocsp

# Sub-CAs of the test root (make-pki.sh --sub-ca), each with users of its
# own: behind a dead CRL distribution point, or known only to the OCSP
# responder on $p_ocsp.
test_pki --keys ca-closed ca-hang ca-status500 ca-garbage ca-ocsp dclosed \
    dhang dstatus500 dgarbage hangrcpt ocspgood ocsprevoked ocspdown
for ca in closed:5000 hang:5100 status500:5200 garbage:5300 ocsp:5400; do
    test_pki --sub-ca "ca-${ca%:*}" "${ca#*:}" "gsmime Test ${ca%:*} CA"
done
test_pki --user ca-closed dclosed "http://127.0.0.1:$p_closed/closed.crl" ''
for u in dhang hangrcpt; do
    test_pki --user ca-hang "$u" "http://127.0.0.1:$p_hang/hang.crl" ''
done
test_pki --user ca-status500 dstatus500 \
    "http://127.0.0.1:$p_500/status500.crl" ''
test_pki --user ca-garbage dgarbage \
    "http://127.0.0.1:$p_garbage/garbage.crl" ''
for u in ocspgood ocsprevoked ocspdown; do
    test_pki --user ca-ocsp "$u" '' "http://127.0.0.1:$p_ocsp/"
done
test_pki --revoke ca-ocsp ocsprevoked

test_home "" bob
test_import ca-closed ca-hang ca-status500 ca-garbage ca-ocsp dclosed dhang \
    dstatus500 dgarbage hangrcpt ocspgood ocsprevoked ocspdown
test_serve_crls

# --- Messages -----------------------------------------------------------------

bob=bob@example.org

# issuer_of NAME: the certificate file of NAME's issuing CA.
issuer_of() {
    case $1 in
        dclosed) echo "$pki/ca-closed.pem" ;;
        dhang | hangrcpt) echo "$pki/ca-hang.pem" ;;
        dstatus500) echo "$pki/ca-status500.pem" ;;
        dgarbage) echo "$pki/ca-garbage.pem" ;;
        ocsp*) echo "$pki/ca-ocsp.pem" ;;
        *) echo "$pki/inter.pem" ;;
    esac
}

# signed NAME OUT [N]: a multipart/signed message by NAME (From
# NAME@example.org) to bob; N makes the text differ between messages.
# The signature carries NAME's issuing CA (the last -certfile wins over
# the one msg_sign names).
signed() {
    local name=$1 out=$2
    msg_entity "$work/text" "Hello Bob," "message ${3-1} from $name." &&
        msg_sign "$name" "$work/text" "$work/entity" \
            -certfile "$(issuer_of "$name")" &&
        msg_wrap "$name@example.org" "$bob" "Signed by $name" \
            "$work/entity" "$out"
}

{
    for n in alice revoked carol dclosed dhang dstatus500 dgarbage \
        ocspgood ocsprevoked ocspdown; do
        signed "$n" "$work/$n.eml" || exit 1
    done
    for i in $(seq 1 20); do
        signed alice "$work/alice-$i.eml" "$i" || exit 1
    done
    msg_plain "$bob" "someone@example.org" "To be encrypted" \
        "$work/plain.eml" "Hello," "this is for your eyes only."
} || {
    echo "Bail out! making the test messages with openssl failed"
    exit 1
}
# A signature whose chain is in the message, not only in the keybox.
if ! msg_openssl cms -cmsout -print -inform SMIME -in "$work/dhang.eml" |
    grep -q "CN=gsmime Test hang CA"; then
    echo "Bail out! the signature of dhang does not carry its issuer"
    exit 1
fi

# --- Reading and timing -------------------------------------------------------

# Every gsmime run goes through this wrapper, which writes its wall time
# in milliseconds to $work/elapsed; msg_show runs $GSMIME.
GSMIME_REAL=$GSMIME
GSMIME=$work/gsmime-timed
cat >"$GSMIME" <<EOF
#!/bin/bash
t0=\$(date +%s%N)
"$GSMIME_REAL" "\$@"
rc=\$?
echo \$(( (\$(date +%s%N) - t0) / 1000000 )) >"$work/elapsed"
exit \$rc
EOF
chmod 755 "$GSMIME"

elapsed() {
    cat "$work/elapsed" 2>/dev/null || echo 999999
}

# fpr_of NAME: NAME's SHA-1 fingerprint as gpgsm writes it.
fpr_of() {
    local f
    f=$(openssl x509 -in "$pki/$1.pem" -noout -fingerprint -sha1) || return 1
    f=${f#*=}
    echo "${f//:/}"
}

cache=$GH_HOME/gsmime/revocation.ini

# cache_drop FPR: removes FPR's section from the revocation cache.
cache_drop() {
    awk -v s="[$1]" '/^\[/ { skip = ($0 == s) } !skip' "$cache" \
        >"$cache.new" && mv "$cache.new" "$cache"
}

# show NAME MSG COLOUR CODE [OPTION...]: gsmime show --json with the test
# budget; checks colour, first reason and exit status.
show() {
    local name=$1 msg=$2 colour=$3 code=$4
    shift 4
    msg_show "$GH_HOME" "$msg" --json --revocation-budget "$BUDGET" "$@"
    msg_expect "$name" "$colour" "$code"
}

# rebase COMMAND...: runs COMMAND, a gsmime run with revocation off, and
# sets the time limit for a server that fails at once (SLOW_MS) from what
# it took (BASE_MS): the same work and at most the budget more, with
# twice the base and 3 s, since on a loaded machine two runs of the same
# program differ by that much.
rebase() {
    "$@" >/dev/null 2>&1
    BASE_MS=$(elapsed)
    SLOW_MS=$((BUDGET + 2 * BASE_MS + 3000))
    tap_diag "the same work without revocation checks: $BASE_MS ms"
}

# faster_than MS NAME: the last gsmime run took less than MS milliseconds.
faster_than() {
    local t
    t=$(elapsed)
    if [ "$t" -lt "$1" ]; then
        tap_result 0 "$2 (${t} ms < $1 ms)"
    else
        tap_result 1 "$2 (${t} ms, wanted < $1 ms)"
    fi
}

# encrypt ADDR [OPTION...]: gsmime encrypt --to ADDR; stdout to
# $work/enc.out, stderr to $work/enc.err, the exit status to ENC_RC.
encrypt() {
    local to=$1
    shift
    timeout 60 "$GSMIME" encrypt --homedir "$GH_HOME" \
        --revocation-budget "$BUDGET" --to "$to" "$@" "$work/plain.eml" \
        >"$work/enc.out" 2>"$work/enc.err"
    ENC_RC=$?
}

# count_in FILE PATTERN: how many lines of FILE hold PATTERN.
count_in() {
    grep -c -- "$2" "$1" 2>/dev/null
}

# backdate FPR SECONDS: moves FPR's cache entry (checked and until)
# SECONDS into the past, still good, so that an answer from the cache,
# which leaves the entry alone, can be told from a new check, which
# writes the time of now.
backdate() {
    local checked until
    checked=$(cache_field "$1" checked) until=$(cache_field "$1" until)
    sed -i "/^\[$1\]/,/^\[/ {
        s/^checked=.*/checked=$((checked - $2))/
        s/^until=.*/until=$((until - $2))/
    }" "$cache"
}

# --- 1. CRLs over HTTP --------------------------------------------------------

# First, before gpgsm has ever validated it (a validation that finds a
# certificate revoked also marks it so in the keybox, and from then on
# even gpgsm without CRL checks calls it revoked): gsmime must learn the
# revocation through its own check and refuse.
encrypt revoked@example.org
tap_is "$ENC_RC" 4 "encrypt to a revoked certificate: exit status 4"
tap_like "$(cat "$work/enc.err")" 'revoked@example\.org.*revoked' \
    "encrypt to a revoked certificate: the address and \"revoked\" named"
tap_not "encrypt to a revoked certificate: nothing written" \
    test -s "$work/enc.out"
tap_is "$(cache_field "$(fpr_of revoked)" state)" revoked \
    "encrypt to a revoked certificate: learnt by gsmime's check"

show "alice (CRL served)" "$work/alice.eml" green valid
tap_ok "alice: dirmngr fetched inter.crl from the loopback server" \
    grep -q 'GET /inter.crl' "$GH_HOME/http.log"
show "revoked (listed in inter.crl)" "$work/revoked.eml" red revoked
tap_is "$(cache_field "$(fpr_of revoked)" state)" revoked \
    "revoked: the cache remembers the revocation"

# --- 2. Dead revocation servers -----------------------------------------------

# dead CASE NAME [LOG PATTERN [silent]]: the orange-within-budget checks
# for signer NAME, whose CRL distribution point misbehaves as CASE says;
# the server there, if any, writes a line matching PATTERN to LOG for
# each request.  A silent one (deadservers.py hang, started just before)
# is given the limit of silent.sh.
dead() {
    local case=$1 name=$2 log=${3-} pattern=${4-} silent=${5-} fpr limit
    local stamp asked
    fpr=$(fpr_of "$name")
    rebase "$GSMIME" show --homedir "$GH_HOME" --revocation off \
        "$work/$name.eml"
    limit=$SLOW_MS
    [ "$silent" = silent ] && limit=$(silent_bound_ms "$BUDGET")
    show "$case" "$work/$name.eml" orange revocation-unknown
    tap_diag "$case: $(msg_field details)"
    faster_than "$limit" "$case: answered within the budget"
    backdate "$fpr" 60
    stamp=$(cache_field "$fpr" checked)
    [ -n "$log" ] && asked=$(count_in "$log" "$pattern")
    show "$case, again" "$work/$name.eml" orange revocation-unknown
    tap_diag "$case, again: $(elapsed) ms"
    tap_is "$(cache_field "$fpr" checked)" "$stamp" \
        "$case, again: answered from the cache (its entry left as it was)"
    [ -n "$log" ] && tap_is "$(count_in "$log" "$pattern")" "$asked" \
        "$case, again: the server was not asked again"
    tap_ok "$case: revocation.ini has the signer's fingerprint" \
        grep -q "^\[$fpr\]" "$cache"
    tap_is "$(cache_field "$fpr" state)" unknown \
        "$case: cached as unknown"
}

dead "nothing listens on the CRL port" dclosed

hang_log=$work/hang.log
start_server hang "$p_hang" "$hang_log" --lifetime "$HANG_LIFETIME"
silent_started "$HANG_LIFETIME"
hang_pid=$SERVER_PID
# start_server's own probe was one connection; dirmngr's come after it.
probes=$(count_in "$hang_log" 'accepted a connection')
dead "CRL server accepts and never answers" dhang "$hang_log" \
    'accepted a connection' silent
tap_ok "CRL server that never answers: dirmngr connected to it" \
    test "$(count_in "$hang_log" 'accepted a connection')" -gt "$probes"
# Frees dirmngr's thread that still waits for an answer.
gh_stop_server "$hang_pid"

start_server status500 "$p_500" "$work/status500.log"
status500_pid=$SERVER_PID
dead "CRL server answers HTTP 500" dstatus500 "$work/status500.log" \
    'GET /status500.crl'
tap_ok "HTTP 500: dirmngr asked for the CRL" \
    grep -q 'GET /status500.crl' "$work/status500.log"
gh_stop_server "$status500_pid"

start_server garbage "$p_garbage" "$work/garbage.log"
garbage_pid=$SERVER_PID
dead "CRL server sends a garbage CRL" dgarbage "$work/garbage.log" \
    'GET /garbage.crl'
tap_ok "garbage CRL: dirmngr fetched it" \
    grep -q 'GET /garbage.crl' "$work/garbage.log"
gh_stop_server "$garbage_pid"

# --- 3. The cache -------------------------------------------------------------

# From a clean slate: neither gsmime nor dirmngr remembers anything about
# alice.
cache_drop "$(fpr_of alice)"
gh_flush_crls
before=$(count_in "$GH_HOME/http.log" 'GET /inter.crl')
show "alice, message 1 of 20" "$work/alice-1.eml" green valid
after=$(count_in "$GH_HOME/http.log" 'GET /inter.crl')
tap_is "$((after - before))" 1 "message 1 of 20: inter.crl fetched once"

# Now nobody can fetch a CRL: the server is gone and dirmngr forgot.
gh_stop_crls
gh_flush_crls
green=0 total_ms=0
for i in $(seq 2 20); do
    msg_show "$GH_HOME" "$work/alice-$i.eml" --json \
        --revocation-budget "$BUDGET"
    total_ms=$((total_ms + $(elapsed)))
    if [ "$(msg_field status)" = green ] && [ "$MSG_RC" -eq 0 ]; then
        green=$((green + 1))
    else
        tap_diag "alice-$i: $(msg_field status) $(msg_field reasons)"
    fi
done
tap_is "$green" 19 \
    "messages 2-20 green from gsmime's cache, CRL server down ($total_ms ms)"
# The control: someone not in gsmime's cache is orange in the same state,
# so it was the cache that answered above.
show "carol, CRL server down and dirmngr flushed" "$work/carol.eml" \
    orange revocation-unknown

# A revocation is never forgotten, whatever "until" says; a good answer
# is, once its time is over.  The keybox also remembers the revocation
# (see part 1), so the colour alone would not show that gsmime's cache
# answered: its entry must be left as it was, not asked again and
# rewritten.
revoked_fpr=$(fpr_of revoked)
alice_fpr=$(fpr_of alice)
sed -i "/^\[$revoked_fpr\]/,/^\[/ s/^until=.*/until=1/" "$cache"
sed -i "/^\[$alice_fpr\]/,/^\[/ s/^until=.*/until=1/" "$cache"
revoked_checked=$(cache_field "$revoked_fpr" checked)
tap_is "$(cache_field "$revoked_fpr" until):$(cache_field "$alice_fpr" until)" \
    1:1 "cache: \"until\" of revoked and alice set to 1970"
show "revoked, \"until\" in the past, CRL server down" "$work/revoked.eml" \
    red revoked
tap_is "$(cache_field "$revoked_fpr" state):$(cache_field "$revoked_fpr" checked):$(cache_field "$revoked_fpr" until)" \
    "revoked:$revoked_checked:1" \
    "revoked, \"until\" in the past: answered from the cache, entry untouched"
show "alice, \"until\" in the past, CRL server down" "$work/alice.eml" \
    orange revocation-unknown
tap_is "$(cache_field "$alice_fpr" state)" unknown \
    "alice, \"until\" in the past: asked again, now cached as unknown"

# Checks switched off: green, and the sentence says so.  carol is cached
# as unknown and her CRL is out of reach; neither matters.
show "carol, --revocation off" "$work/carol.eml" green valid \
    --revocation off
tap_like "$(msg_field details)" "not checked" \
    "--revocation off: the details say revocation was not checked"

gh_serve_crls "$pki" "$port" || exit 1

# --- 4. OCSP ------------------------------------------------------------------

# The sub-CA signs its responses itself (a CA certificate may, with
# keyCertSign in its key usage; gpgsm validates it when dirmngr says
# ONLY_VALID_IF_CERT_VALID).
start_server ocsp "$p_ocsp" "$work/ocsp.log" --lifetime 120 \
    --index "$pki/ca/ca-ocsp/index.txt" --ca "$pki/ca-ocsp.pem" \
    --rsigner "$pki/ca-ocsp.pem" --rkey "$pki/ca-ocsp.key"
ocsp_pid=$SERVER_PID

show "OCSP: good certificate" "$work/ocspgood.eml" green valid \
    --revocation ocsp
tap_ok "OCSP: gsmime allowed OCSP in dirmngr.conf" \
    grep -qx 'allow-ocsp' "$GH_HOME/dirmngr.conf"
tap_ok "OCSP: the responder was asked" grep -q 'POST' "$work/ocsp.log"
tap_ok "OCSP: dirmngr read \"good\" from the responder" \
    grep -q 'certificate status is: good' "$GH_HOME/dirmngr.log"
show "OCSP: revoked certificate" "$work/ocsprevoked.eml" red revoked \
    --revocation ocsp
tap_ok "OCSP: dirmngr read \"revoked\" from the responder" \
    grep -q 'certificate status is: revoked' "$GH_HOME/dirmngr.log"
gh_stop_server "$ocsp_pid"
rebase "$GSMIME" show --homedir "$GH_HOME" --revocation off \
    "$work/ocspdown.eml"
show "OCSP: responder down" "$work/ocspdown.eml" orange revocation-unknown \
    --revocation ocsp
faster_than "$SLOW_MS" "OCSP: responder down: answered within the budget"

# --- 5. Encryption ------------------------------------------------------------

# Encrypting to revoked is checked in part 1, before anything is known
# about that certificate.
start_server hang "$p_hang" "$hang_log" --lifetime "$HANG_LIFETIME"
silent_started "$HANG_LIFETIME"
hang_pid=$SERVER_PID
limit=$(silent_bound_ms "$BUDGET")
encrypt hangrcpt@example.org
tap_is "$ENC_RC" 4 "encrypt, CRL server never answers: exit status 4"
faster_than "$limit" "encrypt, CRL server never answers: within the budget"
tap_like "$(cat "$work/enc.err")" \
    'hangrcpt@example\.org.*could not be checked' \
    "encrypt, CRL server never answers: the address and \"could not be checked\""
limit=$(silent_bound_ms "$BUDGET")
encrypt hangrcpt@example.org --allow-unchecked
tap_is "$ENC_RC" 0 "encrypt --allow-unchecked, CRL server never answers: exit 0"
tap_like "$(cat "$work/enc.out")" 'application/(x-)?pkcs7-mime' \
    "encrypt --allow-unchecked: an S/MIME message is written"
faster_than "$limit" "encrypt --allow-unchecked: within the budget"
gh_stop_server "$hang_pid"

tap_not "no pinentry was started" gh_pinentry_started
tap_done
