#!/bin/bash
# interop.sh - gsmime and OpenSSL read each other's S/MIME.
#
# Mail goes both ways between gsmime (gpgsm underneath) and OpenSSL, an
# independent implementation of CMS and S/MIME:
#
#   - what `gsmime sign`, `sign --opaque`, `encrypt` and `sign --encrypt`
#     write in alice's home, OpenSSL verifies and decrypts with the
#     recipients' keys (bob, the sender alice herself, carol when in Cc);
#     the content encryption is AES-256;
#   - what `openssl cms` signs (detached and opaque), encrypts with AES-256
#     and signs-then-encrypts, `gsmime show` reads in bob's home;
#   - recipients gsmime must refuse (no certificate, revoked) are named
#     with exit status 4 and nothing on stdout; of three certificates for
#     one address the newest valid one is used.
#
# Two throwaway GnuPG homes, alice's and bob's, as made by gh_setup; CRLs
# are served over loopback.  Output is TAP; exit status 77 (automake's
# "skipped") when a required program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf gpg-connect-agent openssl python3 timeout

test_begin iop
test_home alice_home alice
test_home bob_home bob
test_serve_crls

alice=alice@example.org
bob=bob@example.org
secret="this is for your eyes only."
body=$'Hello Bob,\n'"$secret"$'\n'

# gsmime_as HOME SUBCOMMAND OUT [ARG...]: runs a gsmime command in HOME
# with stdout to OUT and stderr to OUT.err; the exit status is GS_RC.
gsmime_as() {
    local home=$1 cmd=$2 out=$3
    shift 3
    timeout 60 "$GSMIME" "$cmd" --homedir "$home" "$@" >"$out" 2>"$out.err"
    GS_RC=$?
    if [ "$GS_RC" -ne 0 ] && [ -s "$out.err" ]; then
        tap_diag "gsmime $cmd $*: exit $GS_RC"
        head -n 5 "$out.err" | sed 's/^/#   /'
    fi
}

# has_secret FILE: the decrypted or verified content holds the body text.
has_secret() {
    grep -qF "$secret" "$1"
}

# The outgoing message, as mutt hands it over: a Unix file with bare LF,
# which gsmime must canonicalise to CRLF before signing.
msg_plain "$alice" "$bob" "For Bob" "$work/plain.eml" "Hello Bob," \
    "$secret" || exit 1
msg_to_lf "$work/plain.eml"

# --- gsmime writes, OpenSSL reads -------------------------------------------

gsmime_as "$alice_home" sign "$work/signed.eml" "$work/plain.eml"
tap_is "$GS_RC" 0 "gsmime sign: exit status 0"
ctype=$(msg_header "$work/signed.eml" Content-Type)
tap_like "$ctype" '^multipart/signed;' "gsmime sign: multipart/signed"
tap_like "$ctype" 'protocol="?application/(x-)?pkcs7-signature' \
    "gsmime sign: protocol application/pkcs7-signature"
tap_like "$ctype" 'micalg="?sha-256' "gsmime sign: micalg sha-256"
tap_ok "gsmime sign: openssl cms -verify accepts it" \
    msg_verify "$work/signed.eml" "$work/signed.content" \
    "$work/signed.signer"
tap_ok "gsmime sign: the verified content holds the body" \
    has_secret "$work/signed.content"
tap_is "$(openssl x509 -in "$work/signed.signer" -noout -email 2>/dev/null)" \
    "$alice" "gsmime sign: the signer is alice"

gsmime_as "$alice_home" sign "$work/opaque.eml" --opaque "$work/plain.eml"
tap_is "$GS_RC" 0 "gsmime sign --opaque: exit status 0"
tap_ok "gsmime sign --opaque: openssl cms -verify accepts it" \
    msg_verify "$work/opaque.eml" "$work/opaque.content"
tap_ok "gsmime sign --opaque: the verified content holds the body" \
    has_secret "$work/opaque.content"

gsmime_as "$alice_home" encrypt "$work/enc.eml" "$work/plain.eml"
tap_is "$GS_RC" 0 "gsmime encrypt: exit status 0"
tap_like "$(msg_header "$work/enc.eml" Content-Type)" \
    '^application/(x-)?pkcs7-mime;.*smime-type="?enveloped-data' \
    "gsmime encrypt: application/pkcs7-mime enveloped-data"
tap_not "gsmime encrypt: the body is not readable in the output" \
    has_secret "$work/enc.eml"
tap_ok "gsmime encrypt: bob decrypts with openssl" \
    msg_decrypt bob "$work/enc.eml" "$work/enc.bob"
tap_ok "gsmime encrypt: bob's plaintext holds the body" \
    has_secret "$work/enc.bob"
tap_ok "gsmime encrypt: alice decrypts her own sent copy" \
    msg_decrypt alice "$work/enc.eml" "$work/enc.alice"
tap_ok "gsmime encrypt: alice's plaintext holds the body" \
    has_secret "$work/enc.alice"
tap_not "gsmime encrypt: carol (not a recipient) cannot decrypt" \
    msg_decrypt carol "$work/enc.eml" "$work/enc.carol"
tap_is "$(msg_content_cipher "$work/enc.eml")" aes-256-cbc \
    "gsmime encrypt: content encrypted with AES-256"

gsmime_as "$alice_home" sign "$work/signenc.eml" --encrypt "$work/plain.eml"
tap_is "$GS_RC" 0 "gsmime sign --encrypt: exit status 0"
tap_ok "gsmime sign --encrypt: bob decrypts with openssl" \
    msg_decrypt bob "$work/signenc.eml" "$work/signenc.inner"
tap_ok "gsmime sign --encrypt: openssl verifies the decrypted content" \
    msg_verify "$work/signenc.inner" "$work/signenc.content"
tap_ok "gsmime sign --encrypt: the verified content holds the body" \
    has_secret "$work/signenc.content"
tap_ok "gsmime sign --encrypt: alice decrypts her own sent copy" \
    msg_decrypt alice "$work/signenc.eml" "$work/signenc.alice"

# Several recipients: To bob, Cc carol; each decrypts with their own key.
{
    printf 'Cc: carol@example.org\n'
    cat "$work/plain.eml"
} >"$work/plain-cc.eml"
gsmime_as "$alice_home" encrypt "$work/multi.eml" "$work/plain-cc.eml"
tap_is "$GS_RC" 0 "encrypt to bob and carol: exit status 0"
for who in bob carol alice; do
    if msg_decrypt "$who" "$work/multi.eml" "$work/multi.$who" &&
        has_secret "$work/multi.$who"; then
        tap_result 0 "encrypt to bob and carol: $who decrypts with openssl"
    else
        tap_result 1 "encrypt to bob and carol: $who decrypts with openssl"
    fi
done

# --- OpenSSL writes, gsmime reads (in bob's home) ----------------------------

msg_entity "$work/text" "Hello Bob," "$secret" || exit 1
{
    msg_sign alice "$work/text" "$work/o-signed" &&
        msg_wrap "$alice" "$bob" "Signed" "$work/o-signed" \
            "$work/o-signed.eml" &&
        msg_sign_opaque alice "$work/text" "$work/o-opaque" &&
        msg_wrap "$alice" "$bob" "Opaque" "$work/o-opaque" \
            "$work/o-opaque.eml" &&
        msg_encrypt "$work/text" "$work/o-enc" "$pki/bob.pem" \
            "$pki/alice.pem" &&
        msg_wrap "$alice" "$bob" "Encrypted" "$work/o-enc" \
            "$work/o-enc.eml" &&
        msg_encrypt "$work/o-signed" "$work/o-signenc" "$pki/bob.pem" \
            "$pki/alice.pem" &&
        msg_wrap "$alice" "$bob" "Signed and encrypted" "$work/o-signenc" \
            "$work/o-signenc.eml"
} || {
    echo "Bail out! making the test messages with openssl failed"
    exit 1
}

# read NAME MSG COLOUR ENCRYPTED: gsmime show --json in bob's home; checks
# the colour, the exit status, whether it was encrypted and decrypted, and
# the body text.
read_as_bob() {
    local name=$1 msg=$2 colour=$3 encrypted=$4
    msg_show "$bob_home" "$msg" --json
    tap_is "$(msg_field status)" "$colour" "$name: $colour"
    tap_is "$MSG_RC" 0 "$name: exit status 0"
    tap_is "$(msg_field encrypted)" "$encrypted" \
        "$name: \"encrypted\": $encrypted"
    tap_is "$(msg_field decrypted)" "$encrypted" \
        "$name: \"decrypted\": $encrypted"
    tap_is "$(msg_field body)" "${body%$'\n'}" "$name: body text"
}

read_as_bob "openssl detached signature" "$work/o-signed.eml" green false
tap_is "$(msg_field signer)" "$alice" "openssl detached signature: signer alice"
read_as_bob "openssl opaque signature" "$work/o-opaque.eml" green false
read_as_bob "openssl AES-256 encryption" "$work/o-enc.eml" grey true
read_as_bob "openssl sign then encrypt" "$work/o-signenc.eml" green true
tap_is "$(msg_field signer)" "$alice" "openssl sign then encrypt: signer alice"

# --- Recipients --------------------------------------------------------------

# refused NAME ADDR: encrypting to ADDR must fail with exit status 4, name
# ADDR on stderr and write nothing on stdout.
refused() {
    local name=$1 addr=$2
    gsmime_as "$alice_home" encrypt "$work/refused.eml" --to "$addr" \
        "$work/plain.eml"
    tap_is "$GS_RC" 4 "$name: exit status 4"
    tap_ok "$name: stderr names $addr" grep -qF "$addr" "$work/refused.eml.err"
    tap_not "$name: nothing on stdout" test -s "$work/refused.eml"
}

refused "recipient without certificate" nobody@example.org
tap_ok "recipient without certificate: stderr says \"no certificate\"" \
    grep -qi 'no certificate' "$work/refused.eml.err"
refused "revoked recipient" revoked@example.org

# trent@example.org has three certificates: trent-old (expired), trent-a
# and trent-b (the newest).  The newest valid one is to be used, and only
# it.
gsmime_as "$alice_home" encrypt "$work/trent.eml" --to trent@example.org \
    "$work/plain.eml"
tap_is "$GS_RC" 0 "encrypt to trent: exit status 0"
if msg_decrypt trent-b "$work/trent.eml" "$work/trent.b" &&
    has_secret "$work/trent.b"; then
    tap_result 0 "encrypt to trent: trent-b (newest) decrypts"
else
    tap_result 1 "encrypt to trent: trent-b (newest) decrypts"
fi
tap_not "encrypt to trent: trent-a (older) cannot decrypt" \
    msg_decrypt trent-a "$work/trent.eml" "$work/trent.a"
tap_not "encrypt to trent: trent-old (expired) cannot decrypt" \
    msg_decrypt trent-old "$work/trent.eml" "$work/trent.old"

tap_done
