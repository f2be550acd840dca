#!/bin/bash
# make-pki.sh OUTDIR CRL_PORT
# make-pki.sh OUTDIR MODE ARGS...
#
# Builds the offline test PKI that every gsmime integration test uses, or
# (with a MODE: --keys, --key, --sub-ca, --user, --ocsp-responder, --ocsp-stranger,
# --revoke; see usage below and tests/pki/README.md) adds to it an identity
# a test needs of its own: a sub-CA, a user with the CRL distribution
# point or OCSP responder it asks for, an OCSP signer, a revocation.
#
# The PKI:
#
#   gsmime Test Root CA             root.pem root.key     root.crl
#    |- gsmime Test Intermediate CA inter.pem inter.key   inter.crl
#    |   |- alice bob carol         NAME.pem NAME.key NAME.p12
#    |   |- revoked                 (listed in inter.crl)
#    |   |- expired                 (valid from 2 years ago to 1 year ago)
#    |   |- soon                    (expires in 10 days: expiry warnings)
#    |   |- dave erin               (published in the directory of
#    |   |                           tests/integration/directory.sh; erin
#    |   |                           listed in inter.crl)
#    |   `- trent-old trent-a trent-b  (three certificates, one address)
#    `- gsmime Test CRL-Down CA     inter-crldown.pem inter-crldown.key
#        `- crldown                 (CRL DP on the closed port 127.0.0.1:1)
#   gsmime Untrusted Root CA        untrusted-root.pem untrusted-root.key
#    `- uma                         (a chain no test home ever trusts)
#                                   untrusted-root.crl
#
# crldown has an issuer of its own because dirmngr caches CRLs by issuer,
# not by distribution point (ISVALID names a certificate by the hash of its
# issuer's name and its serial number).  Were crldown issued by the
# intermediate, the first verification of anyone else's signature would
# cache inter.crl and crldown would from then on check as "not revoked"
# without dirmngr ever trying its unreachable distribution point.  No CRL
# for the CRL-Down CA is ever published.
#
# The CRL distribution points name http://127.0.0.1:CRL_PORT/, so the
# caller chooses the port first and serves OUTDIR on it later (see
# tests/lib/gnupghome.sh: gh_free_port, gh_serve_crls).
#
# We drive `openssl ca` rather than `openssl x509 -req` because only the CA
# database (index.txt) lets us back-date certificates with -startdate and
# -enddate and revoke them into a CRL.  The CA state is kept in OUTDIR/ca/
# so that a test may revoke further certificates and regenerate a CRL.
#
# Keys are RSA 2048 and signatures SHA-256 throughout; every certificate gets
# its own key so that a test can tell them apart by keygrip.  Dates are
# relative to the moment the script runs, so the PKI never goes stale, and
# serial numbers are fixed per CA, so the structure is the same every run.

set -eu

usage() {
    cat >&2 <<EOF
usage: $0 OUTDIR CRL_PORT
       $0 OUTDIR --keys NAME...
       $0 OUTDIR --key NAME TYPE
       $0 OUTDIR --sub-ca NAME FIRST_SERIAL CN
       $0 OUTDIR --user CA NAME CRL_URI OCSP_URI [EMAIL]
       $0 OUTDIR --ocsp-responder CA NAME CN
       $0 OUTDIR --ocsp-stranger NAME CN
       $0 OUTDIR --revoke CA NAME [CRL_FILE]
EOF
    exit 2
}

[ $# -ge 2 ] || usage
OUTDIR=$1
MODE=$2
shift 2
case $MODE in
    --keys | --key | --sub-ca | --user | --ocsp-responder | --ocsp-stranger | \
        --revoke) ;;
    '' | *[!0-9]*) usage ;;
    *) [ $# -eq 0 ] || usage ;;
esac

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
CNF=$OUTDIR/ca/openssl.cnf

# Keep the system openssl.cnf (and its providers or policies) out of the
# picture: everything we need is in our own configuration below.
export OPENSSL_CONF=$CNF

# One clock reading for the whole run, so that "10 days ago" means the same
# instant for every certificate.
NOW=$(date -u +%s)

# Print the time NOW + $1 days as a GeneralizedTime that `openssl ca
# -startdate/-enddate` accepts.  GNU date takes -d @EPOCH, BSD date -r EPOCH.
days_from_now() {
    local t=$((NOW + $1 * 86400))
    date -u -d "@$t" +%Y%m%d%H%M%SZ 2>/dev/null || date -u -r "$t" +%Y%m%d%H%M%SZ
}

# The values below are read by openssl.cnf through $ENV::.  OpenSSL expands
# every $ENV:: reference when it loads the file, so all of them must be set
# on every call, even where the section using them is not needed.
export CA_DIR='' CRL_URI='' USER_EMAIL=''

# write_cnf: the configuration every `openssl ca` call here reads.
write_cnf() {
    mkdir -p "$OUTDIR/ca"
    cat >"$CNF" <<'EOF'
# Configuration for the gsmime test PKI; written by tests/pki/make-pki.sh.

[ req ]
distinguished_name = req_dn
prompt             = no
string_mask        = utf8only
utf8               = yes

[ req_dn ]
# Subjects are always given with -subj.

[ ca ]
default_ca = test_ca

[ test_ca ]
dir             = $ENV::CA_DIR
database        = $dir/index.txt
new_certs_dir   = $dir/newcerts
serial          = $dir/serial
crlnumber       = $dir/crlnumber
default_md      = sha256
default_days    = 365
default_crl_days = 30
policy          = policy_any
# trent-old, trent-a and trent-b share one subject, as a renewed
# certificate does in real life.
unique_subject  = no
# Keep the subject exactly as requested; the address lives in subjectAltName.
preserve        = yes
email_in_dn     = no
copy_extensions = none
crl_extensions  = crl_ext

[ policy_any ]
organizationName = optional
commonName       = supplied

[ ext_root ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ext_inter ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints  = URI:$ENV::CRL_URI

[ ext_user ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = emailProtection
subjectAltName         = email:$ENV::USER_EMAIL
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints  = URI:$ENV::CRL_URI

[ crl_ext ]
authorityKeyIdentifier = keyid:always
EOF
}

# new_ca DIRNAME FIRST_SERIAL: an empty CA database.  Each CA numbers from
# its own fixed start so that serial numbers are stable and tell at a
# glance which CA issued a certificate.
new_ca() {
    local d=$OUTDIR/ca/$1
    rm -rf "$d"
    mkdir -p "$d/newcerts"
    : >"$d/index.txt"
    echo "$2" >"$d/serial"
    echo 01 >"$d/crlnumber"
}

# ca_cmd CA ARGS...: `openssl ca ARGS` on the database in ca/CA.  openssl ca
# chatters on stderr even when it succeeds, so its output is shown only
# when it fails.
ca_cmd() {
    local log=$OUTDIR/ca/$1/last.log
    if ! CA_DIR=$OUTDIR/ca/$1 openssl ca -batch "${@:2}" 2>"$log"; then
        cat "$log" >&2
        exit 1
    fi
}

# new_key FILE: an unencrypted RSA 2048 key in PKCS#8 PEM.
new_key() {
    openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
        -out "$1"
    chmod 600 "$1"
}

# issue CA EXT SUBJECT KEY OUT START_DAYS END_DAYS [ISSUER_BASENAME]
# Signs a certificate for KEY with the CA in ca/CA, valid from
# NOW+START_DAYS to NOW+END_DAYS.  Without ISSUER_BASENAME the certificate
# is self-signed (a root).
issue() {
    local ca=$1 ext=$2 subj=$3 key=$4 out=$5 start=$6 end=$7 issuer=${8-}
    local csr=$OUTDIR/ca/$ca/req.csr signer
    openssl req -new -key "$key" -subj "$subj" -out "$csr"
    if [ -n "$issuer" ]; then
        signer="-cert $OUTDIR/$issuer.pem -keyfile $OUTDIR/$issuer.key"
    else
        signer="-selfsign -keyfile $key"
    fi
    # shellcheck disable=SC2086  # $signer is a word list on purpose.
    ca_cmd "$ca" -notext $signer -extensions "$ext" \
        -startdate "$(days_from_now "$start")" \
        -enddate "$(days_from_now "$end")" \
        -in "$csr" -out "$out"
    rm -f "$csr"
}

# user NAME EMAIL START_DAYS END_DAYS CA ISSUER CHAIN CRL_URI
# Certifies NAME.key, writing NAME.pem and NAME.p12 (key, certificate and CHAIN, with
# an empty passphrase).  -legacy selects RC2/3DES, the encryption every
# PKCS#12 reader (gpgsm 2.2 included) understands.
user() {
    local name=$1 email=$2 start=$3 end=$4 ca=$5 issuer=$6 chain=$7
    # The common name is the capitalised name before any "-": all three
    # trent-* certificates say CN=Trent.
    local cn=${name%%-*}
    cn=${cn^}
    USER_EMAIL=$email CRL_URI=$8 issue "$ca" ext_user \
        "/O=gsmime Test/CN=$cn" "$OUTDIR/$name.key" "$OUTDIR/$name.pem" \
        "$start" "$end" "$issuer"
    openssl pkcs12 -export -legacy -passout pass: -name "$email" \
        -inkey "$OUTDIR/$name.key" -in "$OUTDIR/$name.pem" \
        -certfile "$chain" -out "$OUTDIR/$name.p12"
}

# gen_crl CA ISSUER OUT: a DER CRL valid for 30 days.
gen_crl() {
    ca_cmd "$1" -gencrl -crldays 30 \
        -cert "$OUTDIR/$2.pem" -keyfile "$OUTDIR/$2.key" \
        -out "$OUTDIR/ca/$1/crl.pem"
    openssl crl -in "$OUTDIR/ca/$1/crl.pem" -outform DER -out "$OUTDIR/$3"
}


# new_keys NAME...: NAME.key for each NAME that has none yet.  RSA key
# generation is most of the run time and the keys are independent of each
# other, so they are made at once, in parallel; `wait PID` returns the
# job's status, so set -e still catches a failure.
new_keys() {
    local k pids=()
    for k in "$@"; do
        [ -f "$OUTDIR/$k.key" ] && continue
        new_key "$OUTDIR/$k.key" &
        pids+=($!)
    done
    for k in "${pids[@]}"; do
        wait "$k"
    done
}

# typed_key NAME TYPE: NAME.key of TYPE (rsa3072, ec-p256, ec-p384,
# ed25519, ed448), for the certificates of modern S/MIME: CA/Browser
# Forum S/MIME certificates may carry any of these.
typed_key() {
    local opts
    case $2 in
        rsa3072) opts=(-algorithm RSA -pkeyopt rsa_keygen_bits:3072) ;;
        ec-p256) opts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256) ;;
        ec-p384) opts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-384) ;;
        ed25519) opts=(-algorithm ED25519) ;;
        ed448) opts=(-algorithm ED448) ;;
        *) usage ;;
    esac
    openssl genpkey -quiet "${opts[@]}" -out "$OUTDIR/$1.key"
    chmod 600 "$OUTDIR/$1.key"
}

# key_usage KEYFILE: the keyUsage a user certificate for KEYFILE gets:
# RSA keys sign and transport keys, EC keys sign and agree on keys
# (ECDH), Edwards keys only sign.
key_usage() {
    case $(openssl pkey -in "$1" -noout -text_pub 2>/dev/null | head -n 1) in
        ED25519* | ED448*) echo "digitalSignature" ;;
        *) if openssl pkey -in "$1" -noout -text_pub | grep -q '^ASN1 OID'; then
               echo "digitalSignature, keyAgreement"
           else
               echo "digitalSignature, keyEncipherment"
           fi ;;
    esac
}

# --- Identities a test adds -----------------------------------------------

# These work on a PKI made before (the root's database and the CRL base in
# ca/crl-base), for tests that need a CA or a user of their own.  Each is
# valid from a day ago for a year.

# extensions KIND [CRL_URI] [OCSP_URI] [KEY_USAGE]: the extensions of one
# certificate as an `openssl ca -extfile` file, ca/ext.cnf: KIND is user
# (an S/MIME user, with the CRL distribution point and the OCSP responder
# given, each optional, and KEY_USAGE, RSA's by default), responder (an OCSP signer delegated by its CA) or stranger
# (an OCSP signer of its own, self-signed).
extensions() {
    local kind=$1 crl=${2-} ocsp=${3-} ext=$OUTDIR/ca/ext.cnf
    local usage=${4:-digitalSignature, keyEncipherment}
    {
        echo "subjectKeyIdentifier = hash"
        echo "basicConstraints = critical, CA:FALSE"
        if [ "$kind" = user ]; then
            echo "keyUsage = critical, $usage"
            echo "extendedKeyUsage = emailProtection"
            echo "subjectAltName = email:\$ENV::USER_EMAIL"
        else
            echo "keyUsage = critical, digitalSignature"
            echo "extendedKeyUsage = OCSPSigning"
        fi
        [ "$kind" = stranger ] || echo "authorityKeyIdentifier = keyid:always"
        [ -z "$crl" ] || echo "crlDistributionPoints = URI:$crl"
        [ -z "$ocsp" ] || echo "authorityInfoAccess = OCSP;URI:$ocsp"
    } >"$ext"
    echo "$ext"
}

# certify CA ISSUER NAME CN EXTENSION-OPTION...: NAME.pem for NAME.key
# (made when missing), issued by ISSUER.pem through the database ca/CA,
# signed with the digest PKI_MD names (sha256 unless set: an ECC
# authority issues P-384 certificates with sha384).
certify() {
    local ca=$1 issuer=$2 name=$3 cn=$4 csr=$OUTDIR/ca/$3.csr
    shift 4
    new_keys "$name"
    openssl req -new -key "$OUTDIR/$name.key" -subj "/O=gsmime Test/CN=$cn" \
        -out "$csr"
    ca_cmd "$ca" -notext -cert "$OUTDIR/$issuer.pem" \
        -keyfile "$OUTDIR/$issuer.key" -md "${PKI_MD:-sha256}" "$@" \
        -startdate "$(days_from_now -1)" -enddate "$(days_from_now 365)" \
        -in "$csr" -out "$OUTDIR/$name.pem"
    rm -f "$csr"
}

# sub_ca NAME FIRST_SERIAL CN: a CA under the root, NAME.pem, with its CRL
# distribution point at root.crl, the database ca/NAME and the chain
# ca/chain-NAME.pem (NAME first).
sub_ca() {
    new_ca "$1" "$2"
    CRL_URI=$(cat "$OUTDIR/ca/crl-base")/root.crl \
        certify root root "$1" "$3" -extensions ext_inter
    cat "$OUTDIR/$1.pem" "$OUTDIR/root.pem" >"$OUTDIR/ca/chain-$1.pem"
}

# sub_user CA NAME CRL_URI OCSP_URI [EMAIL]: EMAIL (NAME@example.org
# unless given), issued by CA (the intermediate or a sub-CA), with the CRL
# distribution point and the OCSP responder given (either may be empty),
# as NAME.pem, NAME.key and NAME.p12.  A NAME.key made before (--key)
# is certified with the key usage its kind of key has.
sub_user() {
    local email=${5:-$2@example.org} ku=
    [ ! -f "$OUTDIR/$2.key" ] || ku=$(key_usage "$OUTDIR/$2.key")
    USER_EMAIL=$email certify "$1" "$1" "$2" "${2^}" \
        -extfile "$(extensions user "$3" "$4" "$ku")"
    openssl pkcs12 -export -legacy -passout pass: -name "$email" \
        -inkey "$OUTDIR/$2.key" -in "$OUTDIR/$2.pem" \
        -certfile "$OUTDIR/ca/chain-$1.pem" -out "$OUTDIR/$2.p12"
}

# ocsp_stranger NAME CN: a self-signed OCSP signer that nobody trusts,
# for answers signed by a stranger (subject O=Elsewhere).
ocsp_stranger() {
    new_keys "$1"
    openssl req -new -key "$OUTDIR/$1.key" -subj "/O=Elsewhere/CN=$2" \
        -out "$OUTDIR/ca/$1.csr"
    openssl x509 -req -in "$OUTDIR/ca/$1.csr" -days 365 \
        -key "$OUTDIR/$1.key" -extfile "$(extensions stranger)" \
        -out "$OUTDIR/$1.pem" 2>/dev/null
    rm -f "$OUTDIR/ca/$1.csr"
}

# revoke CA NAME [CRL_FILE]: NAME.pem revoked in the database ca/CA, and
# with CRL_FILE, CA's CRL written there.
revoke() {
    ca_cmd "$1" -revoke "$OUTDIR/$2.pem" -crl_reason keyCompromise \
        -cert "$OUTDIR/$1.pem" -keyfile "$OUTDIR/$1.key"
    [ -z "${3-}" ] || gen_crl "$1" "$1" "$3"
}

# make_pki CRL_PORT: the whole PKI.
make_pki() {
    CRL_BASE=http://127.0.0.1:$1
    write_cnf
    echo "$CRL_BASE" >"$OUTDIR/ca/crl-base"

    # --- Keys -----------------------------------------------------------------

    new_keys root inter inter-crldown untrusted-root \
        alice bob carol revoked expired crldown trent-old trent-a trent-b uma \
        soon dave erin

    # --- The trusted hierarchy ------------------------------------------------

    # The CAs start three years back so that every user certificate, even the
    # expired ones, lies inside its issuer's validity.
    new_ca root 1000
    issue root ext_root "/O=gsmime Test/CN=gsmime Test Root CA" \
        "$OUTDIR/root.key" "$OUTDIR/root.pem" -1095 3650

    new_ca inter 2000
    CRL_URI=$CRL_BASE/root.crl issue root ext_inter \
        "/O=gsmime Test/CN=gsmime Test Intermediate CA" \
        "$OUTDIR/inter.key" "$OUTDIR/inter.pem" -1095 3650 root

    # The chain that goes into the PKCS#12 files, intermediate first.
    cat "$OUTDIR/inter.pem" "$OUTDIR/root.pem" >"$OUTDIR/ca/chain-inter.pem"

    # inter_user NAME EMAIL START_DAYS END_DAYS
    inter_user() {
        user "$@" inter inter "$OUTDIR/ca/chain-inter.pem" "$CRL_BASE/inter.crl"
    }
    inter_user alice   alice@example.org   -30 730
    inter_user bob     bob@example.org     -30 730
    inter_user carol   carol@example.org   -30 730
    inter_user revoked revoked@example.org -30 730
    inter_user expired expired@example.org -730 -365
    # One of the user's own that runs out soon, for the warnings that say so
    # (tests/integration/claws-prefs.sh); no test home holds it unless asked.
    inter_user soon    soon@example.org    -30 10
    # Found only in the directory test's LDAP server, never in a test home.
    inter_user dave    dave@example.org    -30 730
    inter_user erin    erin@example.org    -30 730
    # Three generations of one address, oldest first; trent-old expired
    # before trent-a was issued.
    inter_user trent-old trent@example.org -400 -20
    inter_user trent-a   trent@example.org -10 720
    inter_user trent-b   trent@example.org -1 729

    ca_cmd inter -revoke "$OUTDIR/revoked.pem" -crl_reason keyCompromise \
        -cert "$OUTDIR/inter.pem" -keyfile "$OUTDIR/inter.key"
    ca_cmd inter -revoke "$OUTDIR/erin.pem" -crl_reason keyCompromise \
        -cert "$OUTDIR/inter.pem" -keyfile "$OUTDIR/inter.key"

    gen_crl inter inter inter.crl

    # The CRL-Down CA is a healthy CA certificate (its own CRL check, against
    # root.crl, succeeds); only the CRL for what it issues cannot be fetched.
    # Port 1 on loopback is closed, so dirmngr gets "connection refused" at
    # once instead of waiting for a timeout.
    new_ca crldown 4000
    CRL_URI=$CRL_BASE/root.crl issue root ext_inter \
        "/O=gsmime Test/CN=gsmime Test CRL-Down CA" \
        "$OUTDIR/inter-crldown.key" "$OUTDIR/inter-crldown.pem" -1095 3650 root
    cat "$OUTDIR/inter-crldown.pem" "$OUTDIR/root.pem" >"$OUTDIR/ca/chain-crldown.pem"
    user crldown crldown@example.org -30 730 crldown inter-crldown \
        "$OUTDIR/ca/chain-crldown.pem" http://127.0.0.1:1/inter-crldown.crl

    # The root's CRL comes last, after the root has issued everything.
    gen_crl root root root.crl

    # --- The untrusted hierarchy ----------------------------------------------

    # A complete, valid chain whose only fault is that no test home trusts its
    # root.  Its CRL is served too, so that a test which does trust it gets a
    # clean verification.
    new_ca untrusted 3000
    issue untrusted ext_root "/O=gsmime Test/CN=gsmime Untrusted Root CA" \
        "$OUTDIR/untrusted-root.key" "$OUTDIR/untrusted-root.pem" -1095 3650
    user uma uma@example.net -30 730 untrusted untrusted-root \
        "$OUTDIR/untrusted-root.pem" "$CRL_BASE/untrusted-root.crl"
    gen_crl untrusted untrusted-root untrusted-root.crl
}

case $MODE in
    --keys) new_keys "$@" ;;
    --key) [ $# -eq 2 ] || usage
        typed_key "$@" ;;
    --sub-ca) [ $# -eq 3 ] || usage
        sub_ca "$@" ;;
    --user) [ $# -eq 4 ] || [ $# -eq 5 ] || usage
        sub_user "$@" ;;
    --ocsp-responder) [ $# -eq 3 ] || usage
        certify "$1" "$1" "$2" "$3" -extfile "$(extensions responder)" ;;
    --ocsp-stranger) [ $# -eq 2 ] || usage
        ocsp_stranger "$@" ;;
    --revoke) [ $# -ge 2 ] && [ $# -le 3 ] || usage
        revoke "$@" ;;
    *) make_pki "$MODE" ;;
esac
