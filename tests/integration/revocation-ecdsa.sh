#!/bin/bash
# revocation-ecdsa.sh - revocation from authorities with elliptic-curve
# keys, whose CRLs and OCSP answers are signed with ECDSA.
#
# dirmngr checks such signatures only from 2.2.42 and 2.4.0 (engine.h,
# GSMIME_CAN_ECDSA_REVOCATION).  Measured with dirmngr 2.2.40: an
# ECDSA-signed CRL fails with "CRL signature verification failed:
# Provided object is too short", an ECDSA-signed OCSP answer with
# "responder certificate ... did not verify: Provided object is too
# short" and then "No public key"; gpgsm's listing says "checking the
# CRL failed" with those words, for a good certificate and a revoked one
# alike: never "good", never "revoked".  gsmime then says orange
# revocation-unknown, and why: the authority signs with ECDSA, which
# this dirmngr cannot check, and which GnuPG release can.  With a
# dirmngr that can, the same certificates are green and red.
#
#   gsmime Test Root CA (RSA, make-pki.sh)
#    `- gsmime Test EC CA        ecca, EC P-256, its CRL ecca.crl (ECDSA)
#        |- ecresp               its OCSP responder, EC P-256
#        |- ecgood  ecrevoked    CRL DP ecca.crl; ecrevoked is in it
#        `- eogood  eorevoked    OCSP only; eorevoked is revoked there
#
# A revoked certificate under an RSA authority (make-pki.sh's revoked)
# stays red revoked.  Output is TAP; exit status 77 when a program is
# missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/revocation.sh
. "$GSMIME_SRCDIR/tests/lib/revocation.sh"
require_gnupg

test_start rvecdsa bob
test_ports oport
responder=http://127.0.0.1:$oport/
test_pki --key ecca ec-p256
test_pki --sub-ca ecca 7000 "gsmime Test EC CA"
test_pki --key ecresp ec-p256
test_pki --ocsp-responder ecca ecresp "gsmime Test EC Responder"
test_pki --keys ecgood ecrevoked eogood eorevoked
test_pki --user ecca ecgood "$(cat "$pki/ca/crl-base")/ecca.crl" ""
test_pki --user ecca ecrevoked "$(cat "$pki/ca/crl-base")/ecca.crl" ""
test_pki --user ecca eogood "" "$responder"
test_pki --user ecca eorevoked "" "$responder"
test_pki --revoke ecca eorevoked
test_pki --revoke ecca ecrevoked ecca.crl
test_import ecca
cache=$GH_HOME/gsmime/revocation.ini

if ! gh_start_server ocsp "$oport" "$work/ocsp.log" --lifetime 300 \
    --index "$pki/ca/ecca/index.txt" --ca "$pki/ecca.pem" \
    --rsigner "$pki/ecresp.pem" --rkey "$pki/ecresp.key"; then
    echo "Bail out! the OCSP responder on 127.0.0.1:$oport did not start"
    exit 1
fi

msg_entity "$work/text" "Hello Bob," "this is signed." || exit 1
for n in ecgood ecrevoked eogood eorevoked revoked; do
    chain=()
    [ "$n" = revoked ] || chain=(-certfile "$pki/ecca.pem")
    if ! msg_sign "$n" "$work/text" "$work/$n.part" "${chain[@]}" ||
        ! msg_wrap "$n@example.org" bob@example.org "Signed by $n" \
            "$work/$n.part" "$work/$n.eml"; then
        echo "Bail out! making the message of $n failed"
        exit 1
    fi
done

# Whether this dirmngr checks ECDSA signatures, as gsmime doctor says.
can=$(timeout 60 "$GSMIME" doctor --json 2>/dev/null | python3 -c '
import json, sys
caps = json.load(sys.stdin)["capabilities"]
print(next(c["available"] for c in caps if c["name"] == "ecdsa-revocation"))')
tap_diag "dirmngr checks ECDSA-signed revocation answers: $can"

at='at [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC'
ecdsa="signs its revocation lists and OCSP answers with ECDSA, which this dirmngr \([0-9.]+\) cannot check\)\. A newer GnuPG checks ECDSA signatures on revocation lists and OCSP answers \(dirmngr 2\.2\.42 or 2\.4\.0 and later\)"

# show NAME WHAT: NAME's message read with gsmime's cache emptied.
show() {
    rm -f "$cache"
    msg_show "$GH_HOME" "$work/$1.eml" --json --revocation-budget 10000
}

# unknown NAME WHAT SOURCE: NAME's message is orange revocation-unknown
# with the ECDSA sentence after SOURCE (what was asked), and nothing
# that blames a server or an impostor.
unknown() {
    show "$1"
    tap_is "$(msg_field status)" orange "$2: orange"
    tap_is "$(msg_first_reason)" revocation-unknown "$2: revocation-unknown"
    tap_like "$(msg_field details)" "$3 $at: the certificate's authority $ecdsa" \
        "$2: the sentence says the authority signs with ECDSA"
    tap_not "$2: no server is blamed, no impostor suspected" \
        grep -Eq 'can be reached|in the responder.s place|too short' \
        "$MSG_WORK/json/details"
}

# judged NAME WHAT COLOUR CODE: what a dirmngr that checks ECDSA says.
judged() {
    show "$1"
    tap_is "$(msg_field status):$(msg_first_reason)" "$3:$4" "$2: $3 $4"
}

crl="checked against the CRL from http://127\.0\.0\.1:$port/ecca\.crl"
ocsp="checked with the OCSP responder http://127\.0\.0\.1:$oport/"
if [ "$can" = False ]; then
    unknown ecgood "ECDSA-signed CRL, good certificate" "\($crl"
    unknown ecrevoked "ECDSA-signed CRL, revoked certificate" "\($crl"
    unknown eogood "ECDSA-signed OCSP answer, good" "\($ocsp"
    unknown eorevoked "ECDSA-signed OCSP answer, revoked" "\($ocsp"
    tap_like "$(grep -c POST "$work/ocsp.log")" '^[1-9]' \
        "the responder was asked"
    # The reason survives the cache: read again without emptying it.
    msg_show "$GH_HOME" "$work/ecgood.eml" --json --revocation-budget 10000
    tap_like "$(msg_field details)" "$ecdsa" "ecgood from the cache: the same sentence"
    timeout 60 "$GSMIME" certs --homedir "$GH_HOME" \
        --revocation-budget 10000 ecgood@example.org >"$work/certs.txt"
    tap_like "$(cat "$work/certs.txt")" "signs its revocation lists and OCSP answers with ECDSA" \
        "gsmime certs says why ecgood's revocation is unknown"
else
    judged ecgood "ECDSA-signed CRL, good certificate" green valid
    judged ecrevoked "ECDSA-signed CRL, revoked certificate" red revoked
    judged eogood "ECDSA-signed OCSP answer, good" green valid
    judged eorevoked "ECDSA-signed OCSP answer, revoked" red revoked
fi

# An RSA authority's revocation is still found, and said.
show revoked
tap_is "$(msg_field status):$(msg_first_reason)" red:revoked \
    "revoked under an RSA authority: red revoked"
tap_not "revoked under an RSA authority: nothing about ECDSA" \
    grep -q ECDSA "$MSG_WORK/json/details"

tap_done
