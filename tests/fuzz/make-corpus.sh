#!/bin/bash
# make-corpus.sh - writes the seed corpora of the fuzz targets from a
# fresh test PKI (tests/pki/make-pki.sh), with OpenSSL as the other
# S/MIME implementation.
#
# Usage: tests/fuzz/make-corpus.sh [OUTDIR]   (default tests/fuzz/corpus)
#
# One folder per target: message/ (whole messages for the reader),
# cms-certs/ (DER CMS objects whose certificates harvesting reads),
# pkcs12/ (PKCS#12 files with the passphrase "test", which fuzz-pkcs12
# uses), import/ (what `gsmime import` takes), provenance/ (the state
# files of fuzz-provenance, with the certificates they name beside the
# corpus in provenance-keybox.pem), mutt-index/ (.index files written by
# mutt's smime_keys).  The corpora are checked in; run this again when a
# new kind of input matters, and keep what the fuzzers found beside it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/tests/fuzz/corpus}
tmp=$(mktemp -d /tmp/gsmime-corpus.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../lib/messages.sh
. "$top/tests/lib/messages.sh"
MSG_PKI=$tmp/pki
"$top/tests/pki/make-pki.sh" "$MSG_PKI" 1 >/dev/null
w=$tmp/work
mkdir -p "$w" "$out/message" "$out/cms-certs" "$out/pkcs12" "$out/import" \
    "$out/provenance"

a=alice@example.org b=bob@example.org
msg_entity "$w/text" "Hello Bob," "this is signed."

# --- message/ -------------------------------------------------------------------
msg_sign alice "$w/text" "$w/signed"
msg_wrap "$a" "$b" "Signed" "$w/signed" "$out/message/signed.eml"
msg_sign alice "$w/text" "$w/signed-sha1" -md sha1
msg_wrap "$a" "$b" "SHA-1" "$w/signed-sha1" "$out/message/signed-sha1.eml"
msg_sign_opaque alice "$w/text" "$w/opaque"
msg_wrap "$a" "$b" "Opaque" "$w/opaque" "$out/message/opaque.eml"
msg_encrypt "$w/signed" "$w/enveloped" "$MSG_PKI/bob.pem"
msg_wrap "$a" "$b" "Signed, encrypted" "$w/enveloped" \
    "$out/message/signed-encrypted.eml"
msg_encrypt "$w/text" "$w/enveloped-plain" "$MSG_PKI/bob.pem"
msg_sign alice "$w/enveloped-plain" "$w/encrypted-signed"
msg_wrap "$a" "$b" "Encrypted, signed" "$w/encrypted-signed" \
    "$out/message/encrypted-signed.eml"
msg_sign uma "$w/text" "$w/signed-uma"
msg_wrap uma@example.net "$b" "Untrusted root" "$w/signed-uma" \
    "$out/message/signed-untrusted.eml"
sed 's/this is signed/this is forged/' "$out/message/signed.eml" \
    >"$out/message/altered.eml"
msg_plain "$a" "$b" "Plain" "$out/message/plain.eml" "not signed"
# A signed message inside a multipart/mixed, as lists forward them.
{
    msg_headers "$a" "$b" "Forwarded"
    printf 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n'
    printf -- '--outer\r\n'
    cat "$w/text"
    printf -- '\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\n'
    cat "$out/message/signed.eml"
    printf -- '\r\n--outer--\r\n'
} >"$out/message/nested.eml"

# --- cms-certs/ -----------------------------------------------------------------
msg_openssl cms -sign -binary -md sha256 -in "$w/text" -outform DER \
    -signer "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -certfile "$MSG_PKI/inter.pem" -out "$out/cms-certs/detached.p7s"
msg_openssl cms -sign -binary -nodetach -in "$w/text" -outform DER \
    -signer "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -out "$out/cms-certs/opaque.p7m"
msg_openssl cms -sign -binary -in "$w/text" -outform DER -nocerts \
    -signer "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -out "$out/cms-certs/no-certs.p7s"
msg_openssl crl2pkcs7 -nocrl -certfile "$MSG_PKI/alice.pem" \
    -certfile "$MSG_PKI/inter.pem" -outform DER \
    -out "$out/cms-certs/certs-only.p7c"

# --- pkcs12/ --------------------------------------------------------------------
msg_openssl pkcs12 -export -legacy -passout pass:test -name alice \
    -in "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -certfile "$MSG_PKI/inter.pem" -out "$out/pkcs12/legacy.p12"
msg_openssl pkcs12 -export -passout pass:test -name alice \
    -in "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -certfile "$MSG_PKI/inter.pem" -out "$out/pkcs12/aes.p12"
msg_openssl pkcs12 -export -passout pass:test -nokeys \
    -in "$MSG_PKI/alice.pem" -out "$out/pkcs12/certs-only.p12"
msg_openssl pkcs12 -export -passout pass:other -name alice \
    -in "$MSG_PKI/alice.pem" -inkey "$MSG_PKI/alice.key" \
    -out "$out/pkcs12/other-passphrase.p12"

# --- import/ --------------------------------------------------------------------
cp "$MSG_PKI/alice.pem" "$out/import/alice.pem"
cat "$MSG_PKI/alice.pem" "$MSG_PKI/inter.pem" "$MSG_PKI/root.pem" \
    >"$out/import/chain.pem"
msg_openssl x509 -in "$MSG_PKI/carol.pem" -outform DER \
    -out "$out/import/carol.der"
cp "$out/cms-certs/certs-only.p7c" "$out/import/certs-only.p7c"
msg_openssl crl2pkcs7 -nocrl -certfile "$MSG_PKI/carol.pem" \
    -out "$out/import/certs-only.p7b"
{
    msg_headers "$a" "$b" "My certificate"
    printf 'MIME-Version: 1.0\r\n'
    printf 'Content-Type: application/pkcs7-mime; smime-type=certs-only; name=smime.p7c\r\n'
    printf 'Content-Transfer-Encoding: base64\r\n\r\n'
    base64 "$out/cms-certs/certs-only.p7c" | sed 's/$/\r/'
} >"$out/import/certs-only.eml"
cp "$out/message/signed.eml" "$out/import/signed.eml"

# --- provenance/ ----------------------------------------------------------------
# fuzz-provenance imports these certificates once and reads the state
# files that name them.  Each seed is harvest.ini, directory-certs.ini,
# pins.ini and revocation.ini, in that order, separated by NUL bytes; an
# empty part is a file that is not there.  The files are written as
# harvest.c, lookup.c, pin.c and revocation.c write them (GKeyFile's
# layout and keys).  The revocation answers are fresh for an hour after
# this runs, as gsmime would have written them; replayed later, they make
# the target ask gpgsm (within its short budget) and store the answer.
cat "$MSG_PKI/root.pem" "$MSG_PKI/inter.pem" "$MSG_PKI/alice.pem" \
    "$MSG_PKI/trent-old.pem" "$MSG_PKI/trent-a.pem" "$MSG_PKI/trent-b.pem" \
    >"$out/../provenance-keybox.pem"
alice=$(msg_fpr "$MSG_PKI/alice.pem")
told=$(msg_fpr "$MSG_PKI/trent-old.pem")
ta=$(msg_fpr "$MSG_PKI/trent-a.pem")
tb=$(msg_fpr "$MSG_PKI/trent-b.pem")
# The record of a certificate no longer in the keybox: the one that
# fuzz-provenance forgets.
gone=0123456789ABCDEF0123456789ABCDEF01234567
now=$(date -u +%s)
harvest_record() { # FPR EMAIL FROM
    printf '[%s]\nemail=%s\nmessage-id=<%s.%s@gsmime.test>\n' "$1" "$2" \
        "$now" "$RANDOM"
    printf 'date=%s\nfrom=%s\n' \
        "$(LC_ALL=C date -u -d "@$now" '+%a, %d %b %Y %H:%M:%S +0000')" "$3"
    printf 'harvested=%s\nrevocation-unchecked=%s\n\n' \
        "$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%S.123456Z)" "${4:-false}"
}
directory_record() { # FPR EMAIL SERVER
    printf '[%s]\nemail=%s\nserver=%s\nfetched=%s\n' "$1" "$2" "$3" \
        "$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)"
    printf 'revocation-unchecked=false\n\n'
}
revocation_record() { # FPR STATE DETAIL [UNTIL]
    printf '[%s]\nstate=%s\ndetail=%s\nchecked=%s\nuntil=%s\n\n' "$1" "$2" \
        "$3" "$now" "${4:-$((now + 3600))}"
}
provenance_seed() { # NAME HARVEST DIRECTORY PINS REVOCATION
    local nl=$'\n'
    printf '%s\0%s\0%s\0%s' "${2:+$2$nl}" "${3:+$3$nl}" "${4:+$4$nl}" \
        "${5:+$5$nl}" >"$out/provenance/$1"
}
h_all=$(harvest_record "$alice" alice@example.org alice@example.org
        harvest_record "$ta" trent@example.org trent@example.org true
        harvest_record "$gone" gone@example.org gone@example.org)
d_tb=$(directory_record "$tb" trent@example.org ldap.example.org:389)
p_ta=$(printf '[pins]\ntrent@example.org=%s\n' "$ta")
r_all=$(revocation_record "$alice" good ""
        revocation_record "$tb" revoked "certificate has been revoked"
        revocation_record "$ta" unknown "No CRL known" $((now + 300)))
provenance_seed all "$h_all" "$d_tb" "$p_ta" "$r_all"
provenance_seed harvest-only "$h_all" "" "" ""
provenance_seed directory-only "" "$d_tb" "" ""
provenance_seed none "" "" "" ""
provenance_seed pin-alice "" "" \
    "$(printf '[pins]\nalice@example.org=%s\n' "$alice")" ""
# Stale answers: the cache has to ask gpgsm again, and store the answer.
provenance_seed revocation-stale "" "" "" \
    "$(revocation_record "$alice" good "" "$((now - 60))"
       revocation_record "$told" unknown "no answer" 1)"
# An answer that claims to hold for centuries is not believed.
provenance_seed revocation-forever "" "" "" \
    "$(revocation_record "$alice" good "" 9999999999)"
# What a person's editor leaves: comments, blank lines, spaces, a
# translated key, and a second group for the same certificate.
provenance_seed edited \
    "$(printf '# kept by gsmime\n\n'; harvest_record "$alice" alice@example.org \
       'Alice <alice@example.org>'; printf 'email[de]=alice@example.org\n')" \
    "$(printf '# by hand\n'; directory_record "$alice" alice@example.org \
       ldap.example.org:636)" \
    "$(printf '[pins]\n  Alice@Example.org = %s\n# old\ntrent@example.org=%s\n' \
       "$alice" "$told")" \
    "$(revocation_record "$alice" revoked "" 0; printf '[%s]\nstate=good\n' \
       "$told")"
# Damaged: a line that is no key, a group that never closes, and bytes
# that are not UTF-8.
provenance_seed damaged \
    "$(harvest_record "$alice" alice@example.org alice@example.org
       printf 'not a key\n'
       harvest_record "$gone" gone@example.org gone@example.org)" \
    "$(printf '[%s\nserver=x\n' "$tb")" \
    "$(printf '[pins]\ntrent@example.org=%s\n\377\376\n' "$ta")" \
    "$(printf '[%s]\nstate=good\nuntil=99999999999999999999999\n' "$alice")"

# --- mutt-index/ ----------------------------------------------------------------
# The .index files of classic mutt S/MIME stores, written by the real
# smime_keys of Debian's mutt package (tests/lib/smime-store.sh): alice's
# key with bob's and carol's certificates, and trent's three
# certificates for one address.
# shellcheck source=../lib/smime-store.sh
. "$top/tests/lib/smime-store.sh"
mkdir -p "$out/mutt-index"
ss_init "$tmp/store" "$MSG_PKI/root.pem"
ss_add_key "$tmp/store" "$MSG_PKI" alice "corpus"
ss_add_cert "$tmp/store" "$MSG_PKI/bob.pem"
ss_add_cert "$tmp/store" "$MSG_PKI/carol.pem"
cp "$tmp/store/.smime/certificates/.index" "$out/mutt-index/certificates.index"
cp "$tmp/store/.smime/keys/.index" "$out/mutt-index/keys.index"
ss_init "$tmp/trent" "$MSG_PKI/root.pem"
for name in trent-old trent-a trent-b; do
    ss_add_cert "$tmp/trent" "$MSG_PKI/$name.pem"
done
cp "$tmp/trent/.smime/certificates/.index" "$out/mutt-index/trent.index"
echo "corpus written to $out"
