# shellcheck shell=bash
# smime-store.sh - classic mutt S/MIME stores, made by the real
# smime_keys that Debian's mutt package ships, for the tests of
# `gsmime mutt migrate` and the seeds of fuzz-mutt-index.
#
#   ss_init HOME [ROOT]             # HOME/.muttrc and an empty HOME/.smime
#   ss_add_key HOME PKI NAME PASS   # a key and its certificate, add_p12
#   ss_add_cert HOME PEM            # a certificate, add_cert
#
# smime_keys asks mutt (`mutt -Q`) where the store is, so every call runs
# with HOME set to the given folder, whose .muttrc names HOME/.smime.
# It lets OpenSSL ask for passphrases; with no terminal (setsid) OpenSSL
# reads them from standard input.  Source this file; it runs nothing at
# load time.  smime_keys' chatter goes to HOME/smime_keys.log.

# ss_init HOME [ROOT] - ROOT, a PEM certificate, becomes the store's
# ca-bundle.crt ($smime_ca_location), against which smime_keys sets the
# trust letters.
ss_init() {
    local home=$1 root=${2-}
    mkdir -p "$home" || return 1
    cat >"$home/.muttrc" <<'EOF' || return 1
set smime_keys="~/.smime/keys"
set smime_certificates="~/.smime/certificates"
set smime_ca_location="~/.smime/ca-bundle.crt"
EOF
    HOME=$home smime_keys init >>"$home/smime_keys.log" 2>&1 || return 1
    if [ -n "$root" ]; then
        cp "$root" "$home/.smime/ca-bundle.crt" || return 1
    fi
}

# ss_add_key HOME PKI NAME PASSPHRASE - NAME's key and certificate from
# the test PKI (tests/pki/make-pki.sh), with the intermediate and the
# root, as a PKCS#12 file of OpenSSL's defaults (smime_keys' OpenSSL call
# reads no -legacy file); PASSPHRASE then protects the key in the store.
ss_add_key() {
    local home=$1 pki=$2 name=$3 pass=$4 p12 chain rc
    p12=$(mktemp "$home/p12.XXXXXX") || return 1
    chain=$(mktemp "$home/chain.XXXXXX") || return 1
    cat "$pki/inter.pem" "$pki/root.pem" >"$chain"
    openssl pkcs12 -export -passout pass:export -in "$pki/$name.pem" \
        -inkey "$pki/$name.key" -certfile "$chain" -out "$p12" || return 1
    printf 'export\n%s\n%s\n-\n' "$pass" "$pass" |
        HOME=$home setsid -w smime_keys add_p12 "$p12" \
            >>"$home/smime_keys.log" 2>&1
    rc=$?
    rm -f "$p12" "$chain"
    return $rc
}

# ss_add_cert HOME PEM
ss_add_cert() {
    local home=$1 pem=$2
    echo - | HOME=$home setsid -w smime_keys add_cert "$pem" \
        >>"$home/smime_keys.log" 2>&1
}
