#!/bin/bash
# make-ocsp-pki.sh OUTDIR OCSP_PORT
#
# Adds to a PKI that tests/pki/make-pki.sh made in OUTDIR the certificates
# whose revocation only an OCSP responder knows, and their neighbours,
# with the identities make-pki.sh offers (--sub-ca, --user,
# --ocsp-responder, --ocsp-stranger):
#
#   gsmime Test Root CA (make-pki.sh)
#    |- gsmime Test OCSP CA          ocsp-ca.pem .key .crl, CRL DP root.crl
#    |   |- ocsp-responder           extendedKeyUsage OCSPSigning: signs
#    |   |                           the responder's answers
#    |   |- ogood                    OCSP only, good
#    |   |- orevoked                 OCSP only, revoked (and in ocsp-ca.crl)
#    |   |- oboth                    CRL DP ocsp-ca.crl and OCSP, good
#    |   `- onone                    neither a CRL DP nor an OCSP responder
#    `- (make-pki.sh's inter, alice: a certificate of the same root that
#        is not an OCSP signer; the tests sign forged answers with it)
#   gsmime OCSP Stranger             ocsp-stranger.pem .key: a self-signed
#                                    certificate nobody trusts, for
#                                    answers signed by a stranger
#
# Every OCSP-naming certificate names http://127.0.0.1:OCSP_PORT/ as its
# responder (authorityInfoAccess); nothing listens there until a test
# starts one (tests/lib/deadservers.py ocsp, with the CA database
# OUTDIR/ca/ocsp-ca/index.txt as its index).  The certificates of
# make-pki.sh are left exactly as they are: this script only adds files,
# and issues the OCSP CA from the root's database (its serial is not
# revoked, so root.crl stays right).
#
# Users come as NAME.pem, NAME.key and NAME.p12, as in make-pki.sh.

set -eu

[ $# -eq 2 ] || {
    echo "usage: $0 OUTDIR OCSP_PORT" >&2
    exit 2
}
pki=$1
ocsp=http://127.0.0.1:$2/
[ -f "$pki/ca/crl-base" ] || {
    echo "$0: $pki is not a PKI made by make-pki.sh" >&2
    exit 1
}

# pki ARGS...: make-pki.sh on this PKI.
pki() {
    "$(dirname "$0")/make-pki.sh" "$pki" "$@"
}

pki --keys ocsp-ca ocsp-responder ogood orevoked oboth onone ocsp-stranger
pki --sub-ca ocsp-ca 6000 "gsmime Test OCSP CA"
pki --ocsp-responder ocsp-ca ocsp-responder "gsmime Test OCSP Responder"
pki --user ocsp-ca ogood '' "$ocsp"
pki --user ocsp-ca orevoked '' "$ocsp"
pki --user ocsp-ca oboth "$(cat "$pki/ca/crl-base")/ocsp-ca.crl" "$ocsp"
pki --user ocsp-ca onone '' ''
pki --revoke ocsp-ca orevoked ocsp-ca.crl
pki --ocsp-stranger ocsp-stranger "gsmime OCSP Stranger"
