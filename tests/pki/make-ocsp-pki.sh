#!/bin/bash
# make-ocsp-pki.sh OUTDIR CRL_PORT OCSP_PORT
#
# Adds to a PKI that tests/pki/make-pki.sh made in OUTDIR (with the same
# CRL_PORT) the certificates whose revocation only an OCSP responder
# knows, and their neighbours:
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

[ $# -eq 3 ] || {
    echo "usage: $0 OUTDIR CRL_PORT OCSP_PORT" >&2
    exit 2
}
OUTDIR=$(cd "$1" && pwd)
CRL_BASE=http://127.0.0.1:$2
OCSP_URI=http://127.0.0.1:$3/
[ -f "$OUTDIR/root.key" ] && [ -d "$OUTDIR/ca/root" ] || {
    echo "$0: $OUTDIR is not a PKI made by make-pki.sh" >&2
    exit 1
}

export OPENSSL_CONF=$OUTDIR/ca/openssl.cnf
export CA_DIR='' CRL_URI='' USER_EMAIL=''

# extensions KIND [CRL_URI] [OCSP_URI]: the extensions of one certificate
# as an `openssl ca -extfile` file, written to ca/ext.cnf: KIND is user
# (an S/MIME user, with the CRL distribution point and the OCSP
# responder given, each optional), responder (a delegated OCSP signer)
# or stranger (an OCSP signer of its own).
extensions() {
    local kind=$1 crl=${2-} ocsp=${3-} ext=$OUTDIR/ca/ext.cnf
    {
        echo "subjectKeyIdentifier = hash"
        if [ "$kind" = user ]; then
            echo "basicConstraints = critical, CA:FALSE"
            echo "keyUsage = critical, digitalSignature, keyEncipherment"
            echo "extendedKeyUsage = emailProtection"
            echo "subjectAltName = email:\$ENV::USER_EMAIL"
        else
            echo "basicConstraints = critical, CA:FALSE"
            echo "keyUsage = critical, digitalSignature"
            echo "extendedKeyUsage = OCSPSigning"
        fi
        [ "$kind" = stranger ] || echo "authorityKeyIdentifier = keyid:always"
        [ -z "$crl" ] || echo "crlDistributionPoints = URI:$crl"
        [ -z "$ocsp" ] || echo "authorityInfoAccess = OCSP;URI:$ocsp"
    } >"$ext"
    echo "$ext"
}

# ca_run CA ARGS...: `openssl ca ARGS` on the database ca/CA, quiet unless
# it fails.
ca_run() {
    local log=$OUTDIR/ca/$1.ocsp.log
    CA_DIR=$OUTDIR/ca/$1 openssl ca -batch -notext "${@:2}" 2>"$log" || {
        cat "$log" >&2
        exit 1
    }
}

# certify CA ISSUER NAME CN EXTENSION-OPTION...: NAME.pem for NAME.key,
# issued by ISSUER.pem through the database ca/CA, valid from a day ago
# for a year.
certify() {
    local ca=$1 issuer=$2 name=$3 cn=$4 csr=$OUTDIR/ca/$3.csr
    shift 4
    openssl req -new -key "$OUTDIR/$name.key" -subj "/O=gsmime Test/CN=$cn" \
        -out "$csr"
    ca_run "$ca" -cert "$OUTDIR/$issuer.pem" -keyfile "$OUTDIR/$issuer.key" \
        "$@" -startdate "$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)" \
        -enddate "$(date -u -d '+365 days' +%Y%m%d%H%M%SZ)" \
        -in "$csr" -out "$OUTDIR/$name.pem"
    rm -f "$csr"
}

# ocsp_user NAME [CRL_URI] [OCSP_URI]: NAME@example.org under the OCSP CA,
# with its PKCS#12 file (empty passphrase, legacy encryption, as
# make-pki.sh makes them).
ocsp_user() {
    USER_EMAIL=$1@example.org certify ocsp-ca ocsp-ca "$1" "${1^}" \
        -extfile "$(extensions user "${2-}" "${3-}")"
    openssl pkcs12 -export -legacy -passout pass: -name "$1@example.org" \
        -inkey "$OUTDIR/$1.key" -in "$OUTDIR/$1.pem" \
        -certfile "$OUTDIR/ca/chain-ocsp.pem" -out "$OUTDIR/$1.p12"
}

pids=()
for k in ocsp-ca ocsp-responder ogood orevoked oboth onone ocsp-stranger; do
    openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
        -out "$OUTDIR/$k.key" &
    pids+=($!)
done
for p in "${pids[@]}"; do
    wait "$p"
done

mkdir -p "$OUTDIR/ca/ocsp-ca/newcerts"
: >"$OUTDIR/ca/ocsp-ca/index.txt"
echo 6000 >"$OUTDIR/ca/ocsp-ca/serial"
echo 01 >"$OUTDIR/ca/ocsp-ca/crlnumber"
# The OCSP CA is an intermediate like make-pki.sh's (its extensions
# ext_inter), with its CRL distribution point at root.crl.
CRL_URI=$CRL_BASE/root.crl certify root root ocsp-ca "gsmime Test OCSP CA" \
    -extensions ext_inter
cat "$OUTDIR/ocsp-ca.pem" "$OUTDIR/root.pem" >"$OUTDIR/ca/chain-ocsp.pem"
certify ocsp-ca ocsp-ca ocsp-responder "gsmime Test OCSP Responder" \
    -extfile "$(extensions responder)"
ocsp_user ogood "" "$OCSP_URI"
ocsp_user orevoked "" "$OCSP_URI"
ocsp_user oboth "$CRL_BASE/ocsp-ca.crl" "$OCSP_URI"
ocsp_user onone
ca_run ocsp-ca -revoke "$OUTDIR/orevoked.pem" -crl_reason keyCompromise \
    -cert "$OUTDIR/ocsp-ca.pem" -keyfile "$OUTDIR/ocsp-ca.key"
ca_run ocsp-ca -gencrl -crldays 30 -cert "$OUTDIR/ocsp-ca.pem" \
    -keyfile "$OUTDIR/ocsp-ca.key" -out "$OUTDIR/ca/ocsp-ca/crl.pem"
openssl crl -in "$OUTDIR/ca/ocsp-ca/crl.pem" -outform DER \
    -out "$OUTDIR/ocsp-ca.crl"

openssl req -new -key "$OUTDIR/ocsp-stranger.key" \
    -subj "/O=Elsewhere/CN=gsmime OCSP Stranger" -out "$OUTDIR/ca/stranger.csr"
openssl x509 -req -in "$OUTDIR/ca/stranger.csr" -days 365 \
    -key "$OUTDIR/ocsp-stranger.key" -extfile "$(extensions stranger)" \
    -out "$OUTDIR/ocsp-stranger.pem" 2>/dev/null
