# shellcheck shell=bash
# modern-messages.sh - the S/MIME messages of modern senders (CA/Browser
# Forum S/MIME certificates, RFC 8551, Thunderbird 127 and later), made at
# test time by OpenSSL 3 and, for what OpenSSL 3.0's cms command cannot
# make (EdDSA signatures, compressed-data), by tests/lib/cms-build.py.
#
# Source it after tests/lib/messages.sh (MSG_PKI set); it runs nothing at
# load time.  mm_identities adds the certificates the messages need to
# the PKI, then mm_make makes one MIME entity of each kind in MM_KINDS,
# to be wrapped into a message with msg_wrap:
#
#   mm_identities
#   msg_entity ent "Hello Bob,"
#   mm_make ecdsa-p256 ent signed     # multipart/signed by ecp256
#   msg_wrap ecp256@example.org bob@example.org "Subject" signed out.eml
#   mm_cms signed sig.der             # the CMS object of the entity
#
# Every function returns non-zero, with the complaint on stderr, when it
# fails.

# The kinds of message, each with its sender (the signer, or for an
# encrypted one the recipient) in MM_WHO.  An "-opaque" suffix on a
# signed kind gives the signed-data form (application/pkcs7-mime) instead
# of multipart/signed.
# shellcheck disable=SC2034  # read by the tests that source this file
MM_KINDS=(ecdsa-p256 ecdsa-p384 pss-digest pss-max rsa3072-sha512 ed25519
    ed448 aes128-gcm aes256-gcm rsa-oaep ecdh-p256 aes256-cbc compressed)
declare -gA MM_WHO=([ecdsa-p256]=ecp256 [ecdsa-p384]=ecp384
    [pss-digest]=alice [pss-max]=alice [rsa3072-sha512]=rsabig
    [ed25519]=eddie [ed448]=edgar [aes128-gcm]=bob [aes256-gcm]=bob
    [rsa-oaep]=bob [ecdh-p256]=ecp256 [aes256-cbc]=bob [compressed]="")

# mm_identities [NAME...]: the certificates of the modern kinds, issued
# by the intermediate, added to $MSG_PKI unless there already: ecp256 and
# ecp384 (EC P-256 and P-384, keyUsage digitalSignature and keyAgreement),
# eddie (Ed25519) and edgar (Ed448, signing only), rsabig (RSA 3072); only
# the NAMEs given, when any are.
mm_identities() {
    local spec name make=$GSMIME_SRCDIR/tests/pki/make-pki.sh
    for spec in ecp256:ec-p256 ecp384:ec-p384 eddie:ed25519 edgar:ed448 \
        rsabig:rsa3072; do
        name=${spec%%:*}
        [ $# -eq 0 ] || [[ " $* " == *" $name "* ]] || continue
        [ -f "$MSG_PKI/$name.pem" ] && continue
        "$make" "$MSG_PKI" --key "$name" "${spec#*:}" >/dev/null &&
            "$make" "$MSG_PKI" --user inter "$name" "" "" >/dev/null ||
            return 1
    done
}

# mm_make KIND IN OUT
# The MIME entity of KIND (one of MM_KINDS, optionally with "-opaque")
# over the MIME entity IN, written to OUT with CRLF line ends.
mm_make() {
    local kind=${1%-opaque} in=$2 out=$3 opaque=
    [ "$kind" = "$1" ] || opaque=-nodetach
    local who=${MM_WHO[$kind]-}
    case $kind in
        ecdsa-p256) msg_sign "$who" "$in" "$out" -md sha256 $opaque ;;
        ecdsa-p384) msg_sign "$who" "$in" "$out" -md sha384 $opaque ;;
        pss-digest | pss-max)
            msg_sign "$who" "$in" "$out" -keyopt rsa_padding_mode:pss \
                -keyopt "rsa_pss_saltlen:${kind#pss-}" $opaque ;;
        rsa3072-sha512) msg_sign "$who" "$in" "$out" -md sha512 $opaque ;;
        ed25519 | ed448) mm_sign_eddsa "$who" "$in" "$out" $opaque ;;
        aes128-gcm) mm_encrypt "$in" "$out" -aes-128-gcm "$who" ;;
        aes256-gcm) mm_encrypt "$in" "$out" -aes-256-gcm "$who" ;;
        rsa-oaep) mm_encrypt "$in" "$out" -aes-256-cbc "$who" \
            -keyopt rsa_padding_mode:oaep ;;
        ecdh-p256 | aes256-cbc) mm_encrypt "$in" "$out" -aes-256-cbc "$who" ;;
        compressed) mm_compress "$in" "$out" ;;
        *) echo "mm_make: unknown kind $1" >&2; return 2 ;;
    esac
}

# mm_encrypt IN OUT CIPHER NAME [OPENSSL-OPTION...]
# IN encrypted with CIPHER (an openssl cipher option, -aes-128-gcm) to
# NAME's certificate, the OPENSSL-OPTIONs applying to that recipient
# (-keyopt rsa_padding_mode:oaep).
mm_encrypt() {
    local in=$1 out=$2 cipher=$3 name=$4
    shift 4
    msg_openssl cms -encrypt -binary "$cipher" -in "$in" -out "$out" \
        -recip "$MSG_PKI/$name.pem" "$@" || return 1
    msg_to_crlf "$out"
}

# mm_sign_eddsa NAME IN OUT [-nodetach]
# IN signed by NAME's Ed25519 or Ed448 key: multipart/signed, or with
# -nodetach an opaque signed-data entity.
mm_sign_eddsa() {
    local name=$1 in=$2 out=$3 der=$3.der
    python3 "$GSMIME_SRCDIR/tests/lib/cms-build.py" eddsa "$MSG_PKI" \
        "$name" "$in" "$der" ${4:+--opaque} || return 1
    if [ -n "${4-}" ]; then
        mm_pkcs7_entity "$der" signed-data "$out"
    else
        mm_signed_entity "$in" "$der" "$out"
    fi
    local rc=$?
    rm -f "$der"
    return $rc
}

# mm_compress IN OUT: IN as an RFC 3274 compressed-data entity.
mm_compress() {
    python3 "$GSMIME_SRCDIR/tests/lib/cms-build.py" compressed "$1" \
        "$2.der" || return 1
    mm_pkcs7_entity "$2.der" compressed-data "$2"
    local rc=$?
    rm -f "$2.der"
    return $rc
}

# mm_pkcs7_entity DER SMIME_TYPE OUT
# The CMS object DER as an application/pkcs7-mime entity of SMIME_TYPE.
mm_pkcs7_entity() {
    {
        printf 'MIME-Version: 1.0\r\n'
        printf 'Content-Type: application/pkcs7-mime; smime-type=%s; name="smime.p7m"\r\n' "$2"
        printf 'Content-Transfer-Encoding: base64\r\n'
        printf 'Content-Disposition: attachment; filename="smime.p7m"\r\n\r\n'
        base64 -w 64 "$1"
    } >"$3" || return 1
    msg_to_crlf "$3"
}

# mm_signed_entity IN DER OUT
# A multipart/signed entity: the entity IN, signed by the detached
# SignedData DER (an EdDSA one, whose digest is SHA-512).
mm_signed_entity() {
    local boundary="=_gsmime-test-signed-$RANDOM"
    {
        printf 'MIME-Version: 1.0\r\n'
        printf 'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-512; boundary="%s"\r\n\r\n' "$boundary"
        printf 'This is an S/MIME signed message\r\n\r\n--%s\r\n' "$boundary"
        cat "$1"
        printf '\r\n--%s\r\n' "$boundary"
        printf 'Content-Type: application/pkcs7-signature; name="smime.p7s"\r\n'
        printf 'Content-Transfer-Encoding: base64\r\n'
        printf 'Content-Disposition: attachment; filename="smime.p7s"\r\n\r\n'
        base64 -w 64 "$2"
        printf '\r\n--%s--\r\n' "$boundary"
    } >"$3" || return 1
    msg_to_crlf "$3"
}

# mm_cms ENTITY OUT
# The CMS object (DER) that the S/MIME entity ENTITY carries: the
# signature part of a multipart/signed, the body of a pkcs7-mime.
mm_cms() {
    python3 - "$1" "$2" <<'EOF'
import email, email.policy, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                     policy=email.policy.compat32)
part = msg.get_payload()[1] if msg.is_multipart() else msg
open(sys.argv[2], "wb").write(part.get_payload(decode=True))
EOF
}
