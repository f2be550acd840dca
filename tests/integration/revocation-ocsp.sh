#!/bin/bash
# revocation-ocsp.sh - certificates whose revocation only an OCSP responder
# knows, in every revocation mode, against responders that answer, lie,
# refuse and keep silent.
#
# gsmime decides per certificate what to ask (common/revocation-plan.c):
# the CRL of a certificate that names a distribution point, the OCSP
# responder of one that names only a responder (in the default crl mode
# too), nothing for one that names neither ("cannot be revoked").  The
# certificates come from tests/pki/make-ocsp-pki.sh, under the test root:
#
#   ogood     OCSP only, good         orevoked  OCSP only, revoked
#   oboth     CRL DP and OCSP, good   onone     neither
#
# Each case reads a message the certificate signed with `gsmime show
# --json` and checks the colour, the first reason, the words of the
# sentence (what was done: "checked with the OCSP responder URL at TIME",
# ...) and how many requests the responder saw.  The responder is
# tests/lib/deadservers.py on 127.0.0.1 in its ocsp mode, signing with the
# OCSP CA's delegated responder, with a stranger's key, or with alice's
# (a certificate of the same root that may not sign OCSP answers); "down"
# is a closed port, "silent" the hang mode.  Every server exits by itself
# after --lifetime.  gsmime's cache is emptied before each case, so that
# each one asks.
#
# A certificate gpgsm once found revoked stays marked so in the keybox
# (then gpgsm itself calls it revoked, without asking anyone), so orevoked
# is imported afresh before each of its cases.  Output is TAP; exit
# status 77 when a program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/revocation.sh
. "$GSMIME_SRCDIR/tests/lib/revocation.sh"
require_gnupg

SLOW_MS=$((BUDGET + 2000))  # set anew by rebase

# --- The PKI and the home -----------------------------------------------------

# The test PKI with its CRLs served on $port, and bob's home (prelude.sh);
# then the certificates of make-ocsp-pki.sh, whose responder is $oport.
test_start rvocsp bob
test_ports oport
"$GSMIME_SRCDIR/tests/pki/make-ocsp-pki.sh" "$pki" "$oport" || {
    echo "Bail out! making the OCSP certificates failed"
    exit 1
}
responder=http://127.0.0.1:$oport/
crl_dp=http://127.0.0.1:$port/ocsp-ca.crl
test_import ocsp-ca ogood orevoked oboth onone

# One text, signed by each; the signature carries the OCSP CA (the last
# -certfile wins over the chain msg_sign names).
msg_entity "$work/text" "Hello Bob," "this is signed." || exit 1
for n in ogood orevoked oboth onone; do
    if ! msg_sign "$n" "$work/text" "$work/$n.part" \
        -certfile "$pki/ocsp-ca.pem" ||
        ! msg_wrap "$n@example.org" bob@example.org "Signed by $n" \
            "$work/$n.part" "$work/$n.eml"; then
        echo "Bail out! making the message of $n failed"
        exit 1
    fi
done

cache=$GH_HOME/gsmime/revocation.ini

# fresh_cert NAME: NAME's certificate imported anew, without the revoked
# mark an earlier validation may have left in the keybox.
fresh_cert() {
    gh_gpgsm --delete-keys "$(msg_fpr "$pki/$1.pem")" 2>/dev/null
    gh_gpgsm --import "$pki/$1.pem" 2>/dev/null
}

# --- The responder, and what it saw -------------------------------------------

# The running server's pid, its log, and the log lines that count as one
# request (a POST for the responder, a connection for the silent one).
SERVER=
REQ_LOG=/dev/null
REQ_LINE=POST
SILENT=no SILENT_LIFETIME=120

# requests: how many requests the current server has logged.
requests() {
    grep -c -- "$REQ_LINE" "$REQ_LOG" 2>/dev/null
}

stop_server() {
    [ -n "$SERVER" ] && gh_stop_server "$SERVER"
    SERVER= REQ_LOG=/dev/null SILENT=no
}

# serve MODE [SIGNER]: the responder (SIGNER signs its answers: a name of
# the PKI) or, with MODE hang, a server that never says anything.
serve() {
    local mode=$1 signer=${2-}
    stop_server
    REQ_LOG=$work/$mode-$signer.log
    if [ "$mode" = hang ]; then
        REQ_LINE='accepted a connection' SILENT=yes
        gh_start_server hang "$oport" "$REQ_LOG" \
            --lifetime "$SILENT_LIFETIME" && silent_started "$SILENT_LIFETIME"
    else
        REQ_LINE=POST
        gh_start_server ocsp "$oport" "$REQ_LOG" --lifetime 300 \
            --index "$pki/ca/ocsp-ca/index.txt" --ca "$pki/ocsp-ca.pem" \
            --rsigner "$pki/$signer.pem" --rkey "$pki/$signer.key"
    fi || {
        echo "Bail out! the $mode server on 127.0.0.1:$oport did not start"
        exit 1
    }
    SERVER=$GH_SERVER_PID
}

# --- Reading ------------------------------------------------------------------

ELAPSED=0 SILENT_MS=0

# show NAME MODE COLOUR CODE WORDS REQUESTS: NAME's message read with
# --revocation MODE, after gsmime's cache is emptied; checks the colour,
# the first reason, that the sentences match the grep -E pattern WORDS,
# and that the server saw REQUESTS requests.  Against the silent server,
# SILENT_MS is the limit that tells a budget kept from one ignored
# (silent.sh).
show() {
    local name=$1 mode=$2 colour=$3 code=$4 words=$5 want=$6
    local what="$name, $mode" before t0
    [ "$name" = orevoked ] && fresh_cert orevoked
    rm -f "$cache"
    before=$(requests)
    [ "$SILENT" = yes ] && SILENT_MS=$(silent_bound_ms "$BUDGET")
    t0=$(date +%s%N)
    msg_show "$GH_HOME" "$work/$name.eml" --json --revocation "$mode" \
        --revocation-budget "$BUDGET"
    ELAPSED=$((($(date +%s%N) - t0) / 1000000))
    tap_is "$(msg_field status)" "$colour" "$what: $colour"
    tap_is "$(msg_first_reason)" "$code" "$what: reason $code"
    tap_like "$(msg_field details)" "$words" "$what: the sentence says what was done"
    tap_is "$(($(requests) - before))" "$want" \
        "$what: the responder saw $want request(s)"
    tap_diag "$what: ${ELAPSED} ms: $(msg_field details | head -c 300)"
}

# rebase NAME: reads NAME's message with revocation off and sets SLOW_MS
# from what that took (BASE_MS), the limit for a responder that refuses
# connections: such a check costs hardly more than the same work
# unchecked, and never the whole budget.  The limit allows the budget,
# twice the base and 3 s, since on a loaded machine two runs of the same
# program differ by that much.  (Against the silent server, the limit is
# silent.sh's.)
rebase() {
    local t0
    t0=$(date +%s%N)
    msg_show "$GH_HOME" "$work/$1.eml" --json --revocation off
    BASE_MS=$((($(date +%s%N) - t0) / 1000000))
    SLOW_MS=$((BUDGET + 2 * BASE_MS + 3000))
}

# within_budget NAME: the last show took less than SLOW_MS (rebase), a
# responder that refuses connections costing no more than the same work
# unchecked; or, against the silent server, less than SILENT_MS.
within_budget() {
    local what="$1: answered within the budget" limit=$SLOW_MS
    if [ "$SILENT" = yes ]; then
        what="$what (not the silent server's whole life)"
        limit=$SILENT_MS
    else
        what="$what (beside the same work unchecked)"
    fi
    if [ "$ELAPSED" -lt "$limit" ]; then
        tap_result 0 "$what (${ELAPSED} ms < $limit ms)"
    else
        tap_result 1 "$what (${ELAPSED} ms, wanted < $limit ms)"
    fi
}

at='at [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC'
by_ocsp="checked with the OCSP responder $responder $at"
by_crl="checked against the CRL from $crl_dp $at"
no_lists='cannot be revoked: the certificate names no CRL or OCSP responder'
off='not checked: the check is switched off|Revocation was not checked'
ocsp_off="not checked: OCSP is switched off, and the certificate names only the OCSP responder $responder.*Switch OCSP on"
unsigned='GnuPG does not check who signed a "revoked" OCSP answer'

# --- 1. A responder that answers honestly -------------------------------------

serve ocsp ocsp-responder

tap_not "before: dirmngr.conf does not allow OCSP" \
    grep -qx allow-ocsp "$GH_HOME/dirmngr.conf"
show ogood crl green valid "not revoked: $by_ocsp" 1
tap_ok "crl mode: gsmime allowed OCSP in dirmngr.conf for ogood" \
    grep -qx allow-ocsp "$GH_HOME/dirmngr.conf"
ogood_fpr=$(msg_fpr "$pki/ogood.pem")
tap_is "$(cache_field "$ogood_fpr" source):$(cache_field "$ogood_fpr" url)" \
    "ocsp:$responder" "ogood: the cache records the OCSP responder"
before=$(requests)
msg_show "$GH_HOME" "$work/ogood.eml" --json --revocation-budget "$BUDGET"
tap_is "$(msg_field status):$(($(requests) - before))" green:0 \
    "ogood, again: green from the cache, the responder not asked"

show orevoked crl red revoked "revoked by its issuer \($by_ocsp\).*$unsigned" 1
show oboth crl green valid "not revoked: $by_crl" 0
tap_ok "oboth, crl: dirmngr fetched ocsp-ca.crl" \
    grep -q 'GET /ocsp-ca.crl' "$GH_HOME/http.log"
show onone crl green valid "$no_lists" 0

show ogood ocsp green valid "not revoked: $by_ocsp" 1
show orevoked ocsp red revoked "$by_ocsp" 1
show oboth ocsp green valid "not revoked: $by_ocsp" 1
show onone ocsp green valid "$no_lists" 0

show ogood off green valid "$off" 0
show orevoked off green valid "$off" 0
show oboth off green valid "$off" 0

show ogood crl-only orange revocation-unknown "$ocsp_off" 0
tap_not "crl-only: nothing cached, so that switching OCSP on takes effect" \
    grep -q "^\[$ogood_fpr\]" "$cache"
show oboth crl-only green valid "not revoked: $by_crl" 0

# gsmime certs: the source and the time, in text and JSON.
rm -f "$cache"
timeout 60 "$GSMIME" certs --homedir "$GH_HOME" --json \
    --revocation-budget "$BUDGET" ogood@example.org >"$work/certs.json"
tap_is "$(python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))[0]
print(c["revocation"], c["revocation_source"], c["revocation_url"],
      c["revocation_checked"] > 0)' "$work/certs.json" 2>&1)" \
    "good ocsp $responder True" \
    "certs --json: revocation, its source, the responder and the time"
tap_like "$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))[0]["revocation_text"])' "$work/certs.json" 2>&1)" \
    "^$by_ocsp\$" "certs --json: the sentence of what was done"
timeout 60 "$GSMIME" certs --homedir "$GH_HOME" --revocation-budget "$BUDGET" \
    oboth@example.org >"$work/certs.txt"
tap_like "$(cat "$work/certs.txt")" "revocation: good, $by_crl" \
    "certs: oboth's line names the CRL and the time"
timeout 60 "$GSMIME" certs --homedir "$GH_HOME" --revocation-budget "$BUDGET" \
    onone@example.org >"$work/certs.txt"
tap_like "$(cat "$work/certs.txt")" "revocation: $no_lists" \
    "certs: onone's line says it cannot be revoked"

# --- 2. Answers signed by someone else ----------------------------------------

# dirmngr checks the signature against the certificate the answer
# carries; gpgsm then checks that certificate, but only for a good answer.
serve ocsp ocsp-stranger
show ogood crl orange revocation-unknown \
    "answer was not accepted \(checked with the OCSP responder $responder $at: its answer is signed with a certificate that does not lead to a root you trust\)" 1
tap_not "stranger: the sentence does not blame a CRL" \
    grep -q 'CRL' "$MSG_WORK/json/details"
tap_is "$(cache_field "$ogood_fpr" answer-refused)" true \
    "stranger: the cache records the refused answer"
show orevoked crl red revoked "$by_ocsp.*$unsigned" 1
orevoked_fpr=$(msg_fpr "$pki/orevoked.pem")
tap_like "$(gh_gpgsm --with-colons --list-keys "$orevoked_fpr" 2>/dev/null |
    grep '^crt:')" '^crt:r:' \
    "stranger: the forged \"revoked\" stays marked in gpgsm's keybox"

serve ocsp alice
show ogood crl orange revocation-unknown \
    "answer was not accepted \(checked with the OCSP responder $responder $at: its answer is signed with a certificate that is not meant for signing OCSP answers\)" 1
show orevoked ocsp red revoked "$by_ocsp.*$unsigned" 1

# --- 3. Nobody listens, or nobody answers -------------------------------------

# unreachable WHAT WORDS N: a responder that cannot be asked (WHAT) is
# orange within the budget, the sentence naming it with WORDS, and N
# requests (connections) reach it; the CRL still answers for oboth in the
# crl mode, while dirmngr does not fall back to it in the ocsp mode.
unreachable() {
    local what=$1 words="$by_ocsp: $2" n=$3
    rebase ogood
    show ogood crl orange revocation-unknown "$words" "$n"
    within_budget "ogood, crl, $what"
    show ogood ocsp orange revocation-unknown "$words" "$n"
    within_budget "ogood, ocsp, $what"
    show ogood off green valid "$off" 0
    show oboth crl green valid "not revoked: $by_crl" 0
    rebase oboth
    show oboth ocsp orange revocation-unknown "$words" "$n"
    within_budget "oboth, ocsp, $what"
}

stop_server
unreachable "responder down" '.*[Cc]onnection refused' 0
# A server that accepts the connection and never says anything; the
# probe of gh_start_server came before the count.
serve hang
unreachable "silent responder" 'no answer .* in time' 1
stop_server

tap_not "no pinentry was started" gh_pinentry_started
tap_done
