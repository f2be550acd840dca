#!/bin/bash
# ec-keys.sh - elliptic-curve keys from PKCS#12 files, against the real
# gpgsm, gpg-agent and dirmngr.
#
# gpgsm 2.2.40 cannot import an EC key from a PKCS#12 file: it rejects
# OpenSSL 3's default (AES) form and crashes on the -legacy one.  gsmime
# reads the file itself and hands the key to gpg-agent (common/import.c,
# common/ec-key.c, gsmime_agent_import_key), the certificates to gpgsm
# as certificates.  What is checked, through the gsmime command:
#
#   - import of ecp256 and ecp384 (P-256, P-384), each in OpenSSL 3's
#     default form and with -legacy: the key is in gpg-agent (gpgsm lists
#     a secret key for the certificate), protected by the file's
#     passphrase, and no pinentry was asked; gpgsm's own import of the
#     same -legacy file gets no key (2.2.40 crashes), so the key cannot
#     have come that way;
#   - a wrong passphrase: exit 3, the passphrase named, nothing imported;
#   - signing: gsmime sign From ecp256 and ecp384 with the pinentry
#     answering the passphrase, and gsmime-mutt sign (what mutt runs) with
#     the passphrase on its standard input, give ECDSA signatures that
#     openssl cms -verify accepts and gsmime show calls green; a wrong
#     passphrase signs nothing (exit 4);
#   - encrypting to ecp256 (an EC certificate for ECDH), also beside
#     alice with --allow-unchecked and as the sender's own certificate,
#     is refused with exit 4 and a sentence for ecp256 alone that names
#     ECDH and the fixes, never "not for encryption"; mutt's index lists
#     the certificate for encryption, and gsmime mutt encrypt says the
#     same sentence;
#   - hostile files, each refused with exit 3, words that say why, and
#     the keybox and the agent's keys unchanged: a curve S/MIME does not
#     use (P-224, which GnuTLS reads), one GnuTLS does not know
#     (secp256k1), a truncated file, a public point off the curve and a
#     point of another key, a file over a megabyte, an EC key without its
#     certificate, and an Ed25519 key.
#
# Output is TAP; exit status 77 when a required program is missing.
# KEEP=1 keeps the work folder for a look after a failure.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
# shellcheck source=../lib/keys.sh
. "$GSMIME_SRCDIR/tests/lib/keys.sh"
require_gnupg

test_begin eckeys
test_serve_crls
test_pki --key ecp256 ec-p256
test_pki --user inter ecp256 "" ""
test_pki --key ecp384 ec-p384
PKI_MD=sha384 test_pki --user inter ecp384 "" ""
# The same kind of key in a certificate issued with SHA-256, which gpgsm
# before 2.2.42 also signs with, and gpg-agent refuses for P-384.
test_pki --key ecp384w ec-p384
test_pki --user inter ecp384w "" ""
f=$work/files
mkdir "$f" || exit 1
pass="Ec-s3cret"

# ec_home: a fresh home without ecp256's and ecp384's certificates, with
# the fake pinentry; its path in eh.
ec_home() {
    test_home eh
    gh_gpgsm --yes --delete-keys "$(msg_fpr "$pki/ecp256.pem")" \
        "$(msg_fpr "$pki/ecp384.pem")" >/dev/null 2>&1
    use_fake_pinentry "$eh"
    pinentry_answers "$eh" "not asked"
}

# secret_line HOME NAME: gpgsm's colon listing of secret keys in HOME
# has a crs (or sec) line for NAME's certificate.
secret_line() {
    local fpr
    fpr=$(msg_fpr "$pki/$2.pem") || return 1
    gpgsm --homedir "$1" --batch --with-colons --list-secret-keys "$fpr" \
        2>/dev/null | grep -qE '^(crs|sec):'
}

# imports CASE NAME FILE: gsmime imports FILE with the passphrase on a
# file descriptor; NAME's key is then in gpg-agent, protected.
imports() {
    local case=$1 name=$2 file=$3 out=$work/import.out
    gs_import "$eh" "$out" "$pass" "$file"
    tap_is "$GS_RC" 0 "$case: gsmime import exits 0"
    tap_like "$(cat "$out")" "imported $name@example\.org \(with secret key\)" \
        "$case: $name@example.org imported with its secret key"
    tap_ok "$case: gpgsm lists a secret key for $name's certificate" \
        secret_line "$eh" "$name"
    tap_ok "$case: gpg-agent keeps the key protected" \
        key_file_is_protected "$eh" "$name"
    tap_is "$(pinentry_asked "$eh")" 0 "$case: no pinentry was asked"
}

key_p12 "$f/ecp256-aes.p12" ecp256 "$pass" || exit 1
key_p12 "$f/ecp256-legacy.p12" ecp256 "$pass" -legacy || exit 1
key_p12 "$f/ecp384-aes.p12" ecp384 "$pass" || exit 1
key_p12 "$f/ecp384-legacy.p12" ecp384 "$pass" -legacy || exit 1

# gpgsm_before_2_2_42: the installed gpgsm signs with the digest the
# certificate was issued with (2.2.42 and 2.3.0 choose it by the curve).
gpgsm_before_2_2_42() {
    case $(gpgsm --version | head -n 1) in
        *" 2.2."[0-9] | *" 2.2."[0-3][0-9] | *" 2.2.4"[01]) return 0 ;;
        *) return 1 ;;
    esac
}

# --- gpgsm's own import of an EC key -------------------------------------

test_home gpgsm_home
gh_gpgsm --yes --delete-keys "$(msg_fpr "$pki/ecp256.pem")" >/dev/null 2>&1
printf '%s\n' "$pass" | gh_gpgsm --pinentry-mode loopback --passphrase-fd 0 \
    --import "$f/ecp256-legacy.p12" >"$work/gpgsm.log" 2>&1
rc=$?
tap_diag "gpgsm --import ecp256-legacy.p12 itself: exit $rc" \
    "$(grep -q 'Segmentation fault' "$work/gpgsm.log" && echo '(segmentation fault)')"
tap_not "premise: gpgsm's own import of an EC -legacy file brings no key" \
    secret_line "$gpgsm_home" ecp256

# --- Both forms, both curves ---------------------------------------------

ec_home
imports "P-256, OpenSSL 3 default (AES)" ecp256 "$f/ecp256-aes.p12"
imports "P-384, -legacy" ecp384 "$f/ecp384-legacy.p12"
ec_home
imports "P-256, -legacy" ecp256 "$f/ecp256-legacy.p12"
imports "P-384, OpenSSL 3 default (AES)" ecp384 "$f/ecp384-aes.p12"

gs_import "$eh" "$work/again.out" "$pass" "$f/ecp256-aes.p12"
tap_is "$GS_RC" 0 "importing ecp256 again: exit 0"
tap_like "$(cat "$work/again.out")" \
    "already present ecp256@example\.org \(with secret key\)" \
    "importing ecp256 again: already present, with its secret key"

# --- Signing with the imported keys --------------------------------------

# signs CASE NAME: NAME signs a message with gsmime sign, the pinentry
# answering the passphrase (after the agent forgot it); OpenSSL verifies
# the ECDSA signature, and gsmime show calls it green.
signs() {
    local case=$1 name=$2 m=$work/$2
    msg_plain "$name@example.org" bob@example.org "From $name" "$m.eml" \
        "Hello Bob," "signed with ECDSA." || exit 1
    pinentry_answers "$eh" "$pass"
    gs "$eh" sign "$m.signed" "$m.eml"
    tap_is "$GS_RC" 0 "$case: gsmime sign From $name exits 0"
    tap_is "$(pinentry_asked "$eh")" 1 \
        "$case: the pinentry was asked once, for the file's passphrase"
    tap_ok "$case: openssl cms -verify accepts the signature" \
        msg_verify "$m.signed" "$m.content"
    tap_like "$(msg_sig_algorithm -in "$m.signed")" '^ecdsa-with-SHA' \
        "$case: the signature is ECDSA"
    msg_show "$eh" "$m.signed" --json
    tap_is "$(msg_field status)/$(msg_field signer)" "green/$name@example.org" \
        "$case: gsmime show: green, signed by $name"
}

signs "P-256" ecp256
signs "P-384" ecp384

msg_plain ecp256@example.org bob@example.org "Wrong" "$work/wrong.eml" \
    "Hello Bob," || exit 1
pinentry_answers "$eh" "wrong-$pass"
gs "$eh" sign "$work/wrong.signed" "$work/wrong.eml"
tap_is "$GS_RC" 3 "the pinentry answering a wrong passphrase: gsmime sign exits 3"
tap_like "$(cat "$work/wrong.signed.err")" 'could not be signed.*[Bb]ad passphrase' \
    "wrong passphrase: gsmime says the passphrase was bad"
tap_not "wrong passphrase: nothing was signed" test -s "$work/wrong.signed"

# mutt signs through gsmime-mutt, which reads the passphrase mutt asked
# for on its standard input and unlocks the key with it (no pinentry).
printf 'Content-Type: text/plain; charset=us-ascii\n\nHello Bob,\nfrom mutt.\n' \
    >"$work/entity"
sed 's/$/\r/' "$work/entity" >"$work/entity.crlf"
pinentry_answers "$eh" "not asked"
keyfile=$eh/gsmime/mutt/keys/$(msg_fpr "$pki/ecp256.pem")
printf '%s\n' "$pass" | timeout 60 "$(dirname "$GSMIME")/gsmime-mutt" \
    --homedir "$eh" sign "$work/entity" "$keyfile" sha256 \
    >"$work/mutt.sig" 2>"$work/mutt.err"
tap_is "$?:$(wc -c <"$work/mutt.err")" 0:0 \
    "gsmime-mutt sign with ecp256's key: exit 0, nothing on stderr"
tap_ok "gsmime-mutt sign: openssl cms -verify accepts the signature" \
    msg_openssl cms -verify -binary -inform DER -in "$work/mutt.sig" \
    -content "$work/entity.crlf" -CAfile "$pki/root.pem" -out /dev/null
tap_like "$(msg_sig_algorithm -inform DER -in "$work/mutt.sig")" '^ecdsa-with-SHA256' \
    "gsmime-mutt sign: the signature is ECDSA with SHA-256"
tap_is "$(pinentry_asked "$eh")" 0 "gsmime-mutt sign: no pinentry was asked"

# A P-384 certificate issued with SHA-256: this gpgsm signs with that
# digest, gpg-agent refuses it, and gsmime says what would sign.
key_p12 "$f/ecp384w.p12" ecp384w "$pass" || exit 1
gs_import "$eh" "$work/w.out" "$pass" "$f/ecp384w.p12"
tap_is "$GS_RC" 0 "P-384 issued with SHA-256: imported"
msg_plain ecp384w@example.org bob@example.org "Short" "$work/short.eml" \
    "Hello Bob," || exit 1
pinentry_answers "$eh" "$pass"
gs "$eh" sign "$work/short.signed" "$work/short.eml"
if gpgsm_before_2_2_42; then
    tap_is "$GS_RC" 4 "P-384 issued with SHA-256: gsmime sign exits 4"
    tap_like "$(cat "$work/short.signed.err")" \
        '384-bit elliptic-curve key needs a digest of at least SHA-384.*gpgsm 2\.2\.[0-9]+ signs with the shorter one.*GnuPG 2\.2\.42 or 2\.4.*issued with SHA-384' \
        "P-384 issued with SHA-256: the error names the digest, the engine and the fix"
else
    tap_is "$GS_RC" 0 "P-384 issued with SHA-256: this gpgsm chooses SHA-384 itself"
    tap_skip "P-384 issued with SHA-256: the error words" \
        "this gpgsm chooses the digest by the curve (2.2.42 or later)"
fi

# --- Encrypting to elliptic-curve certificates ---------------------------

# refuses_ecdh CASE FROM TO: gsmime encrypt of a message FROM to TO
# (comma-separated) exits 4 and says, for ecp256 only, why: ECDH, and
# what would do; never "not for encryption".  Further arguments go to
# gsmime encrypt.
refuses_ecdh() {
    local case=$1 out=$work/enc.out
    shift 3
    msg_plain "$from" "$to" "Sealed" "$work/enc.eml" "Hello," || exit 1
    gs "$eh" encrypt "$out" "$@" "$work/enc.eml"
    tap_is "$GS_RC" 4 "$case: gsmime encrypt exits 4"
    tap_like "$(cat "$out.err")" \
        'ecp256@example\.org: the certificate has an elliptic-curve key, to which mail is encrypted with ECDH, and gpgsm [0-9.]+ cannot encrypt with ECDH; get an RSA certificate for this address, or update to GnuPG 2\.2\.44 or 2\.4' \
        "$case: ecp256 is named with ECDH and the fixes"
    tap_not "$case: no \"not for encryption\"" grep -q 'not for encryption' "$out.err"
    tap_is "$(grep -c '^  [a-z0-9]*@example\.org:' "$out.err")" 1 \
        "$case: only ecp256 is named"
    tap_not "$case: nothing was written" test -s "$out"
}

if key_engine_encrypts_ecdh; then
    tap_skip "encrypting to ecp256" "this gpgsm encrypts with ECDH"
else
    from=bob@example.org to=ecp256@example.org
    refuses_ecdh "to ecp256" "$from" "$to"
    from=bob@example.org to=ecp256@example.org,alice@example.org
    refuses_ecdh "to ecp256 and alice, --allow-unchecked" "$from" "$to" \
        --allow-unchecked
    # ecp256's own copy: the sender is encrypted to as well.
    from=ecp256@example.org to=alice@example.org
    refuses_ecdh "from ecp256 (its own certificate) to alice" "$from" "$to"

    # mutt: the index lists ecp256 for encryption, so that mutt hands its
    # certificate to the encrypt command, which says why it cannot.
    "$GSMIME" mutt settings >"$work/settings" 2>&1
    certdir=$(sed -n 's/^set smime_certificates="\(.*\)"$/\1/p' "$work/settings")
    tap_like "$(grep "$(msg_fpr "$pki/ecp256.pem")" "$certdir/.index" 2>&1)" \
        ' es$' "mutt's index lists ecp256 for encryption and signing"
    tap_like "$(cat "$work/settings")" \
        "set smime_default_key=\"($(msg_fpr "$pki/ecp256.pem")|$(msg_fpr "$pki/ecp384.pem")|$(msg_fpr "$pki/ecp384w.pem"))\"" \
        "mutt's default key is an EC one where the user has no other"
    timeout 60 "$GSMIME" mutt encrypt "$work/entity" \
        "$certdir/$(msg_fpr "$pki/ecp256.pem")" \
        "$certdir/$(msg_fpr "$pki/alice.pem")" </dev/null \
        >"$work/mutt.enc" 2>"$work/mutt.enc.err"
    tap_is "$?" 4 "gsmime mutt encrypt to ecp256 and alice: exit 4"
    tap_like "$(cat "$work/mutt.enc.err")" \
        'ecp256@example\.org: the certificate has an elliptic-curve key.*ECDH.*RSA certificate.*GnuPG 2\.2\.44 or 2\.4' \
        "gsmime mutt encrypt: mutt shows the ECDH sentence"
    tap_not "gsmime mutt encrypt: nothing on stdout" test -s "$work/mutt.enc"
fi

# --- Refusals ------------------------------------------------------------

ec_home
# refused CASE FILE PASS PATTERN: importing FILE with PASS fails with
# exit 3, stderr matches PATTERN, and the home is as it was.
refused() {
    local case=$1 file=$2 pw=$3 pattern=$4 out=$work/refused.out
    snapshot "$eh" >"$work/before"
    gs_import "$eh" "$out" "$pw" "$file"
    tap_is "$GS_RC" 3 "$case: exit 3"
    tap_like "$(cat "$out.err")" "$pattern" "$case: stderr says why"
    same_as_before "$case" "$work/before" "$eh"
}

# selfsigned NAME ALGORITHM-OPTIONS...: a key and self-signed certificate
# for CN=NAME in $f, made into NAME.p12 under $pass.
selfsigned() {
    local name=$1
    shift
    msg_openssl req -x509 -nodes -days 30 -subj "/CN=$name" "$@" \
        -keyout "$f/$name.key" -out "$f/$name.pem" 2>/dev/null &&
        msg_openssl pkcs12 -export -inkey "$f/$name.key" -in "$f/$name.pem" \
            -passout "pass:$pass" -out "$f/$name.p12"
}

refused "wrong passphrase" "$f/ecp256-aes.p12" "wrong-$pass" \
    'passphrase does not open this PKCS#12 file'
selfsigned p224 -newkey ec -pkeyopt ec_paramgen_curve:P-224 || exit 1
refused "P-224 key" "$f/p224.p12" "$pass" \
    'elliptic curve SECP224R1, which S/MIME certificates do not use.*P-256, P-384 or P-521'
selfsigned k1 -newkey ec -pkeyopt ec_paramgen_curve:secp256k1 || exit 1
refused "secp256k1 key" "$f/k1.p12" "$pass" \
    'elliptic curve that S/MIME certificates do not use'
tap_not "secp256k1 key: not called damaged" grep -q damaged "$work/refused.out.err"
head -c 1000 "$f/ecp256-aes.p12" >"$f/truncated.p12"
refused "truncated file" "$f/truncated.p12" "$pass" 'PKCS#12 file is damaged'
{ cat "$f/ecp256-aes.p12"; head -c 1100000 /dev/zero; } >"$f/huge.p12"
refused "a file over a megabyte" "$f/huge.p12" "$pass" \
    'is 11[0-9]* bytes long, more than the 1048576'
selfsigned ed -newkey ed25519 || exit 1
refused "Ed25519 key" "$f/ed.p12" "$pass" \
    'EdDSA \(Ed25519\) key, which gpgsm cannot sign or decrypt with'
msg_openssl pkcs12 -export -nocerts -inkey "$pki/ecp256.key" \
    -passout "pass:$pass" -out "$f/nocert.p12" || exit 1
refused "EC key without its certificate" "$f/nocert.p12" "$pass" \
    'no certificate for its key'

# The key in a plain key bag without a MAC, so that its public point can
# be changed in place: one bit off (no longer on the curve), or the point
# of another P-256 key (on the curve, but not the secret's).
key_p12 "$f/plain.p12" ecp256 "" -keypbe NONE -certpbe NONE -nomac || exit 1
msg_openssl ecparam -name prime256v1 -genkey -noout -out "$f/other.key" ||
    exit 1
python3 - "$f" "$pki/ecp256.key" <<'EOF' || exit 1
import subprocess, sys
folder, key = sys.argv[1:3]
def point(k):
    der = subprocess.run(["openssl", "pkey", "-in", k, "-pubout", "-outform",
                          "DER"], check=True, capture_output=True).stdout
    return der[-65:]
mine, other = point(key), point(folder + "/other.key")
data = bytearray(open(folder + "/plain.p12", "rb").read())
at = data.rfind(mine)    # the key bag comes after the certificate
assert at > data.find(mine) >= 0
off = bytearray(data)
off[at + 64] ^= 1
open(folder + "/offcurve.p12", "wb").write(off)
data[at:at + 65] = other
open(folder + "/otherpoint.p12", "wb").write(data)
EOF
refused "public point off the curve" "$f/offcurve.p12" "" \
    'elliptic-curve key is damaged: its public point is not the one its secret gives on NIST P-256'
refused "the public point of another key" "$f/otherpoint.p12" "" \
    'elliptic-curve key is damaged'
tap_is "$(pinentry_asked "$eh")" 0 "the refusals asked no pinentry"

tap_done
