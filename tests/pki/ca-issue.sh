#!/bin/bash
# ca-issue.sh PKIDIR NAME EMAIL OUT
#
# Issues one more certificate for NAME's key (PKIDIR/NAME.key) from the
# test intermediate CA of make-pki.sh, with `openssl ca` on the CA's own
# database, and writes it to OUT as `openssl ca` writes it unless told
# otherwise: the text dump ("Certificate:", "Data:", ...) and then the
# PEM block.  That is the form in which authorities hand certificates
# out; make-pki.sh itself writes plain PEM (-notext).
#
# The certificate is new (a serial number of its own, valid for 30 days,
# subject "CN=Name (openssl ca)"), so a test home made by gh_setup does
# not know it yet; it names the same CRL as the other users of the
# intermediate (inter.crl, on the port make-pki.sh was given).

set -eu

[ $# -eq 4 ] || {
    echo "usage: $0 PKIDIR NAME EMAIL OUT" >&2
    exit 2
}
pki=$1 name=$2 email=$3 out=$4
csr=$(mktemp "${TMPDIR:-/tmp}/ca-issue.XXXXXX")
trap 'rm -f "$csr" "$csr.log"' EXIT

crl=$(OPENSSL_CONF=/dev/null openssl x509 -in "$pki/alice.pem" -noout \
    -ext crlDistributionPoints | sed -n 's/^ *URI://p')
# openssl.cnf reads these through $ENV::, every one on every call.
export CA_DIR=$pki/ca/inter OPENSSL_CONF=$pki/ca/openssl.cnf \
    CRL_URI=$crl USER_EMAIL=$email
openssl req -new -key "$pki/$name.key" \
    -subj "/O=gsmime Test/CN=${name^} (openssl ca)" -out "$csr"
if ! openssl ca -batch -cert "$pki/inter.pem" -keyfile "$pki/inter.key" \
    -extensions ext_user -days 30 -in "$csr" -out "$out" 2>"$csr.log"; then
    cat "$csr.log" >&2
    exit 1
fi
