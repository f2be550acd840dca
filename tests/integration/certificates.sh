#!/bin/bash
# certificates.sh - gsmime import, certs, trust-root and distrust-root
# against the real gpgsm, gpg-agent and dirmngr.
#
# What is checked, each time through the gsmime command:
#
#   - PKCS#12 import: OpenSSL 3's default file (PBES2, AES-256) with the
#     chain, a -legacy file (RC2/3DES), a file without passphrase and one
#     whose passphrase is not ASCII.  The imported key must be protected
#     by the file's passphrase (gpg-agent's key file says
#     protected-private-key, and signing asks the pinentry for exactly that
#     passphrase), must sign mail that shows green and must decrypt mail
#     encrypted to it by OpenSSL.  No key material may land on disk in
#     clear, in the home or in gsmime's TMPDIR.
#   - PKCS#12 refusals, each leaving the keybox and the agent's keys as
#     they were: wrong passphrase (exit 3), truncated file (exit 3), random
#     bytes, two private keys in one file, and a file without the
#     intermediate in a home without it (the same file imports once the
#     intermediate is there).
#   - certificates: a PEM bundle, DER, a certs-only PKCS#7; importing the
#     same file again says "already present".
#   - trust-root / distrust-root on the untrusted test root turn uma's
#     signature from red to green and back; intermediates and personal
#     certificates are refused (exit 4); without --yes and without a
#     terminal nothing changes.
#   - certs --json: valid, revoked and expired certificates get green and
#     red with the right reason; --expiring lists only one's own.
#
# The pinentry: homes that need one get tests/lib/fake-pinentry, which
# answers GETPIN with a passphrase the test writes into a file and logs
# every request; it stands in for the user typing at the pinentry.  The
# other homes keep gnupghome.sh's pinentry that records its start and
# fails, and must never start it.
#
# Four throwaway homes (keys, utf8, chain, trust) with gh_setup, the test
# PKI of tests/pki/make-pki.sh, its CRLs served on a free loopback port.
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

started=$(date +%s)
test_begin gscert
test_serve_crls
# shellcheck disable=SC2034  # read by messages.sh
MSG_WORK=$work/msg
mkdir "$MSG_WORK" "$work/files" || exit 1
f=$work/files
# gsmime's temporary folder: it must stay empty.
gtmp=$work/tmp
mkdir "$gtmp" || exit 1

fake_pinentry=$GSMIME_SRCDIR/tests/lib/fake-pinentry
pass_ascii=s3cret-Pass
pass_legacy=legacy-Pass2
pass_utf8="Grüße-€"   # UTF-8, as this file is

ossl() {
    OPENSSL_CONF=/dev/null openssl "$@"
}

# sha1 NAME: the SHA-1 fingerprint of NAME.pem, hex without colons, as
# gpgsm names certificates.
sha1() { msg_fpr "$pki/$1.pem"; }

# new_home: a fresh home, GH_HOME (see gh_setup: trusts the test root,
# knows every certificate but uma's, no secret keys).
new_home() {
    test_home ""
}

# delete HOME NAME...: removes the certificates NAME.pem from HOME.
delete() {
    local home=$1 name
    shift
    for name in "$@"; do
        gpgsm --homedir "$home" --batch --yes --delete-keys "$(sha1 "$name")" \
            >/dev/null 2>&1 || {
            echo "Bail out! could not delete $name from $home"
            exit 1
        }
    done
}

# pem_keys DIR...: files under DIR... holding a PEM private key in clear.
pem_keys() {
    grep -rlE -- '-----BEGIN (RSA )?PRIVATE KEY-----' "$@" 2>/dev/null
}

# key_in_clear NAME DIR...: files under DIR... that hold NAME's first
# prime in clear, as bytes or as hex (gpg-agent's unprotected key files
# write the numbers in hex), whatever the format around it.
key_in_clear() {
    local name=$1
    shift
    ossl rsa -in "$pki/$name.key" -noout -text 2>/dev/null |
        python3 -c '
import os, re, sys
text = sys.stdin.read()
m = re.search(r"prime1:\s*\n((?:\s+[0-9a-f:]+\n)+)", text)
p = bytes.fromhex(re.sub(r"[\s:]", "", m.group(1))).lstrip(b"\0")
needles = [p, p.hex().encode(), p.hex().upper().encode()]
for top in sys.argv[1:]:
    for d, _, files in os.walk(top):
        for n in files:
            path = os.path.join(d, n)
            try:
                data = open(path, "rb").read()
            except OSError:
                continue
            if any(x in data for x in needles):
                print(path)
' "$@"
}

# json_get FILE EMAIL FIELD: FIELD of the first certificate with EMAIL in
# the JSON array FILE (gsmime certs --json); lists joined with commas.
json_get() {
    python3 - "$@" <<'EOF'
import json, sys
path, email, field = sys.argv[1:4]
try:
    certs = json.load(open(path))
except Exception:
    print("<no JSON>")
    sys.exit()
for c in certs:
    if email in c.get("emails", []):
        v = c.get(field)
        if isinstance(v, bool):
            v = "true" if v else "false"
        elif isinstance(v, list):
            v = ",".join(map(str, v))
        print(v)
        break
else:
    print("<no certificate for %s>" % email)
EOF
}

# two_keys OUT PASS A.p12 B.p12: one PKCS#12 file holding the bags of both
# files (two private keys), with a valid SHA-256 MAC under PASS.  OpenSSL
# cannot write such a file, so the PFX is put together here: the
# AuthenticatedSafe of both, and the MAC of RFC 7292 (key from the
# PKCS#12 KDF, ID 3, over the BMPString passphrase).
two_keys() {
    python3 - "$@" <<'EOF'
import hashlib, hmac, os, sys

def read_tlv(b, i):
    tag, l = b[i], b[i + 1]
    i += 2
    if l & 0x80:
        n = l & 0x7f
        l = int.from_bytes(b[i:i + n], "big")
        i += n
    return tag, b[i:i + l], i + l

def children(b):
    out, i = [], 0
    while i < len(b):
        tag, val, j = read_tlv(b, i)
        out.append((tag, val, b[i:j]))
        i = j
    return out

def tlv(tag, val):
    n = len(val)
    if n < 0x80:
        return bytes([tag, n]) + val
    ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(ln)]) + ln + val

def safes(path):
    _, pfx, _ = read_tlv(open(path, "rb").read(), 0)
    auth = children(pfx)[1]
    _, content = children(auth[1])
    _, octets, _ = read_tlv(content[1], 0)
    _, seq, _ = read_tlv(octets, 0)
    return [c[2] for c in children(seq)]

def kdf(password, salt, ident, iters, n):
    u, v = 32, 64
    pw = password.encode("utf-16-be") + b"\0\0"
    D = bytes([ident]) * v
    S = (salt * v)[: v * ((len(salt) + v - 1) // v)]
    P = (pw * v)[: v * ((len(pw) + v - 1) // v)]
    I = bytearray(S + P)
    out = b""
    while len(out) < n:
        A = D + bytes(I)
        for _ in range(iters):
            A = hashlib.sha256(A).digest()
        out += A
        B = int.from_bytes((A * v)[:v], "big")
        for j in range(0, len(I), v):
            x = (int.from_bytes(I[j:j + v], "big") + B + 1) % (1 << (v * 8))
            I[j:j + v] = x.to_bytes(v, "big")
    return out[:n]

out, password, a, b = sys.argv[1:5]
auth_safe = tlv(0x30, b"".join(safes(a) + safes(b)))
salt, iters = os.urandom(8), 2048
mac = hmac.new(kdf(password, salt, 3, iters, 32), auth_safe,
               hashlib.sha256).digest()
data_oid = bytes.fromhex("06092a864886f70d010701")
sha256 = tlv(0x30, bytes.fromhex("0609608648016503040201") + b"\x05\x00")
open(out, "wb").write(tlv(0x30,
    tlv(0x02, b"\x03")
    + tlv(0x30, data_oid + tlv(0xa0, tlv(0x04, auth_safe)))
    + tlv(0x30, tlv(0x30, sha256 + tlv(0x04, mac)) + tlv(0x04, salt)
          + tlv(0x02, iters.to_bytes(2, "big")))))
EOF
}

# plain FROM TO OUT: a short unsigned message.
plain() {
    msg_plain "$1" "$2" "Test" "$3" "Hello from ${1%@*}," "certificates test."
}

# --- Files ---------------------------------------------------------------------

# p12 OUT NAME PASS [OPENSSL-OPTION...]: NAME's key and certificate.
p12() {
    local out=$1 name=$2 pass=$3
    shift 3
    ossl pkcs12 -export -name "$name" -inkey "$pki/$name.key" \
        -in "$pki/$name.pem" -passout "pass:$pass" "$@" -out "$out"
}

{
    p12 "$f/carol-aes.p12" carol "$pass_ascii" -certfile "$pki/inter.pem" &&
        p12 "$f/alice-legacy.p12" alice "$pass_legacy" -legacy \
            -certfile "$pki/inter.pem" &&
        p12 "$f/bob-nopass.p12" bob "" -certfile "$pki/inter.pem" &&
        p12 "$f/carol-utf8.p12" carol "$pass_utf8" -certfile "$pki/inter.pem" &&
        p12 "$f/carol-nochain.p12" carol "$pass_ascii" &&
        p12 "$f/uma.p12" uma "$pass_ascii" -certfile "$pki/untrusted-root.pem" &&
        p12 "$f/crldown.p12" crldown "$pass_ascii" &&
        two_keys "$f/two-keys.p12" "$pass_ascii" "$f/uma.p12" "$f/crldown.p12" &&
        head -c $(($(stat -c %s "$f/uma.p12") / 2)) "$f/uma.p12" \
            >"$f/half.p12" &&
        { printf '\377\376'; head -c 2000 /dev/urandom; } >"$f/x.p12" &&
        cat "$pki/alice.pem" "$pki/bob.pem" >"$f/alice-bob.pem" &&
        ossl x509 -in "$pki/trent-a.pem" -outform DER -out "$f/trent-a.der" &&
        ossl crl2pkcs7 -nocrl -certfile "$pki/revoked.pem" \
            -certfile "$pki/expired.pem" -outform DER -out "$f/two.p7c"
} || {
    echo "Bail out! making the test files with openssl failed"
    exit 1
}

# The files are what their names say.
info=$(ossl pkcs12 -in "$f/carol-aes.p12" -info -noout \
    -passin "pass:$pass_ascii" 2>&1)
tap_like "$info" 'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC' \
    "fixture carol-aes.p12: key encrypted with PBES2 and AES-256"
info=$(ossl pkcs12 -in "$f/alice-legacy.p12" -info -noout -legacy \
    -passin "pass:$pass_legacy" 2>&1)
tap_like "$info" 'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC' \
    "fixture alice-legacy.p12: key encrypted with legacy 3DES"
n=$(ossl pkcs12 -in "$f/two-keys.p12" -passin "pass:$pass_ascii" -nodes \
    2>/dev/null | grep -c 'BEGIN PRIVATE KEY')
tap_is "$n" 2 "fixture two-keys.p12: MAC verifies, two private keys inside"

# --- Home "keys": PKCS#12 with passphrases, the keys at work -----------------

new_home
keys=$GH_HOME
delete "$keys" alice bob carol
use_fake_pinentry "$keys"
pinentry_answers "$keys" "not yet asked"

out=$MSG_WORK/imp
gs_import "$keys" "$out" "$pass_ascii" "$f/carol-aes.p12"
tap_is "$GS_RC" 0 "import carol-aes.p12 (OpenSSL 3 default, --passphrase-fd): exit 0"
tap_like "$(cat "$out")" 'imported carol@example\.org \(with secret key\)' \
    "import carol-aes.p12: names carol@example.org as imported with secret key"
tap_is "$(pinentry_asked "$keys")" 0 \
    "import carol-aes.p12 with --passphrase-fd: no pinentry asked"
gs "$keys" certs "$out" --json carol
tap_is "$(json_get "$out" carol@example.org has_secret)" true \
    "certs --json carol after import carol-aes.p12: has_secret true"
tap_ok "import carol-aes.p12: gpg-agent's key file is protected-private-key" \
    key_file_is_protected "$keys" carol
tap_is "$(pem_keys "$keys" "$gtmp")" "" \
    "import carol-aes.p12: no PEM private key in the home or TMPDIR"
tap_is "$(key_in_clear carol "$keys" "$gtmp")" "" \
    "import carol-aes.p12: carol's key is nowhere in clear (home, TMPDIR)"
tap_is "$(ls -A "$gtmp")" "" "import carol-aes.p12: gsmime's TMPDIR stays empty"

# sign_and_show HOME NAME CASE PASS: NAME signs with the pinentry
# answering PASS (after the agent forgot every passphrase); the message
# shows green in the same home.
sign_and_show() {
    local home=$1 name=$2 case=$3 pass=$4
    local addr=$name@example.org
    plain "$addr" bob@example.org "$MSG_WORK/$name.eml" || exit 1
    pinentry_answers "$home" "$pass"
    gs "$home" sign "$MSG_WORK/$name.signed" "$MSG_WORK/$name.eml"
    tap_is "$GS_RC" 0 "$case: gsmime sign From $addr with the pinentry answering the passphrase: exit 0"
    tap_is "$(pinentry_asked "$home")" 1 \
        "$case: signing asked the pinentry once for the passphrase"
    msg_show "$home" "$MSG_WORK/$name.signed" --json
    tap_is "$(msg_field status)" green "$case: gsmime show of $name's signed message: green"
    tap_is "$(msg_field signer)" "$addr" "$case: the signer is $addr"
}

sign_and_show "$keys" carol "carol-aes.p12" "$pass_ascii"

plain carol@example.org bob@example.org "$MSG_WORK/carol2.eml" || exit 1
pinentry_answers "$keys" "wrong-$pass_ascii"
gs "$keys" sign "$MSG_WORK/carol2.signed" "$MSG_WORK/carol2.eml"
tap_not "carol-aes.p12: gsmime sign with the pinentry answering a wrong passphrase fails" \
    test "$GS_RC" -eq 0
tap_not "carol-aes.p12: nothing signed with the wrong passphrase" \
    test -s "$MSG_WORK/carol2.signed"

msg_entity "$MSG_WORK/ent" "Hello Carol," "sealed for carol only." &&
    msg_encrypt "$MSG_WORK/ent" "$MSG_WORK/enc" "$pki/carol.pem" &&
    msg_wrap alice@example.org carol@example.org "Sealed" "$MSG_WORK/enc" \
        "$MSG_WORK/to-carol.eml" || exit 1
pinentry_answers "$keys" "$pass_ascii"
msg_show "$keys" "$MSG_WORK/to-carol.eml" --json
tap_is "$MSG_RC/$(msg_field decrypted)" 0/true \
    "carol-aes.p12: openssl cms -encrypt to carol decrypts in gsmime show (exit 0, decrypted)"
tap_like "$(msg_field body)" 'sealed for carol only' \
    "carol-aes.p12: the decrypted body is the text sent"

# -legacy (RC2/3DES), another passphrase.
gs_import "$keys" "$out" "$pass_legacy" "$f/alice-legacy.p12"
tap_is "$GS_RC" 0 "import alice-legacy.p12 (-legacy): exit 0"
tap_like "$(cat "$out")" 'imported alice@example\.org \(with secret key\)' \
    "import alice-legacy.p12: names alice@example.org with secret key"
tap_ok "import alice-legacy.p12: gpg-agent's key file is protected-private-key" \
    key_file_is_protected "$keys" alice
sign_and_show "$keys" alice "alice-legacy.p12" "$pass_legacy"

# Without passphrase: the key is usable without any pinentry.
gs_import "$keys" "$out" "" "$f/bob-nopass.p12"
tap_is "$GS_RC" 0 "import bob-nopass.p12 (-passout pass:): exit 0"
tap_like "$(cat "$out")" 'imported bob@example\.org \(with secret key\)' \
    "import bob-nopass.p12: names bob@example.org with secret key"
plain bob@example.org alice@example.org "$MSG_WORK/bob.eml" || exit 1
pinentry_answers "$keys" ""
gs "$keys" sign "$MSG_WORK/bob.signed" "$MSG_WORK/bob.eml"
tap_is "$GS_RC" 0 "bob-nopass.p12: gsmime sign From bob: exit 0"
tap_is "$(pinentry_asked "$keys")" 0 "bob-nopass.p12: signing asked no pinentry"
msg_show "$keys" "$MSG_WORK/bob.signed" --json
tap_is "$(msg_field status)" green "bob-nopass.p12: bob's signed message shows green"

tap_is "$(pem_keys "$keys" "$gtmp")" "" \
    "after three PKCS#12 imports: no PEM private key in the home or TMPDIR"
for who in alice carol; do
    tap_is "$(key_in_clear "$who" "$keys" "$gtmp")" "" \
        "after the imports: $who's key (passphrase given) is nowhere in clear"
done
tap_is "$(ls -A "$gtmp")" "" "after the imports: gsmime's TMPDIR stays empty"

# --- certs ---------------------------------------------------------------------

gs "$keys" certs "$out" --json
tap_is "$GS_RC" 0 "certs --json: exit 0"
tap_is "$(json_get "$out" alice@example.org status)" green "certs --json: alice green"
tap_is "$(json_get "$out" revoked@example.org status)/$(json_get "$out" revoked@example.org reasons)" \
    red/revoked "certs --json: revoked@example.org red, reason revoked"
tap_is "$(json_get "$out" expired@example.org status)/$(json_get "$out" expired@example.org reasons)" \
    red/expired "certs --json: expired@example.org red, reason expired"
gs "$keys" certs "$out" --json --expiring 3650
got=$(python3 -c '
import json, sys
certs = json.load(open(sys.argv[1]))
print(" ".join(sorted(",".join(c["emails"]) + ("" if c["has_secret"] else "(no secret)")
                      for c in certs)))' "$out" 2>&1)
tap_is "$got" "alice@example.org bob@example.org carol@example.org" \
    "certs --expiring 3650: exactly the certificates with a secret key (alice, bob, carol)"
tap_not "certs and sign in the keys home: the failing pinentry was never started" \
    gh_pinentry_started

# --- Home "utf8": a non-ASCII passphrase, and the refusals ---------------------

new_home
utf8=$GH_HOME
delete "$utf8" carol
use_fake_pinentry "$utf8"
pinentry_answers "$utf8" "not yet asked"

gs_import "$utf8" "$out" "$pass_utf8" "$f/carol-utf8.p12"
tap_is "$GS_RC" 0 "import carol-utf8.p12 (passphrase \"$pass_utf8\", UTF-8): exit 0"
tap_like "$(cat "$out")" 'imported carol@example\.org \(with secret key\)' \
    "import carol-utf8.p12: names carol@example.org with secret key"
tap_ok "import carol-utf8.p12: gpg-agent's key file is protected-private-key" \
    key_file_is_protected "$utf8" carol
sign_and_show "$utf8" carol "carol-utf8.p12" "$pass_utf8"

# refused CASE FILE PASS STATUS PATTERN: importing FILE with PASS fails
# with STATUS (any non-zero when empty), stderr matches PATTERN, and the
# home is as it was.
refused() {
    local case=$1 file=$2 pass=$3 status=$4 pattern=$5
    snapshot "$utf8" >"$work/before"
    gs_import "$utf8" "$out" "$pass" "$file"
    if [ -n "$status" ]; then
        tap_is "$GS_RC" "$status" "$case: exit $status"
    else
        tap_not "$case: non-zero exit" test "$GS_RC" -eq 0
    fi
    tap_like "$(cat "$out.err")" "$pattern" "$case: stderr says why"
    same_as_before "$case" "$work/before" "$utf8"
}

pinentry_answers "$utf8" "$pass_ascii"

refused "uma.p12 with a wrong passphrase" "$f/uma.p12" "wrong-$pass_ascii" 3 \
    '[Pp]assphrase.*(wrong|does not open|incorrect|not the right)'
tap_not "uma.p12 with a wrong passphrase: stderr does not speak of bag.data" \
    grep -q 'bag\.data' "$out.err"
refused "half.p12 (truncated)" "$f/half.p12" "$pass_ascii" 3 \
    'damaged|corrupt|truncated'
refused "x.p12 (random bytes)" "$f/x.p12" "$pass_ascii" "" \
    'x\.p12: .*(not a (certificate|PKCS)|no certificate|PEM, DER|not recogni[sz]ed|neither)'
refused "two-keys.p12 (two private keys)" "$f/two-keys.p12" "$pass_ascii" "" \
    'more than one (private )?key|two (private )?keys|several'
tap_is "$(pinentry_asked "$utf8")" 0 "the refusals (--passphrase-fd) asked no pinentry"

# Without --passphrase-fd the passphrase is asked through gpg-agent's
# pinentry, as the user guide describes.
delete "$utf8" crldown
pinentry_answers "$utf8" "$pass_ascii"
gs "$utf8" import "$out" "$f/crldown.p12" </dev/null
tap_is "$GS_RC" 0 "import crldown.p12 without --passphrase-fd, pinentry answering: exit 0"
tap_like "$(cat "$out")" 'imported crldown@example\.org \(with secret key\)' \
    "import crldown.p12 through the pinentry: crldown with secret key"
tap_is "$(pinentry_asked "$utf8")" 1 \
    "import crldown.p12 through the pinentry: the passphrase was asked once"
tap_ok "import crldown.p12 through the pinentry: the key file is protected-private-key" \
    key_file_is_protected "$utf8" crldown

# --- Home "chain": a PKCS#12 file without the intermediate; certificates ------

new_home
chain=$GH_HOME
delete "$chain" inter carol alice bob revoked expired trent-a
snapshot "$chain" >"$work/before"
gs_import "$chain" "$out" "$pass_ascii" "$f/carol-nochain.p12"
tap_not "carol-nochain.p12 in a home without the intermediate: refused (non-zero exit)" \
    test "$GS_RC" -eq 0
tap_like "$(cat "$out.err")" 'gsmime Test Intermediate CA' \
    "carol-nochain.p12 without the intermediate: stderr names the missing issuer"
same_as_before "carol-nochain.p12 without the intermediate" "$work/before" \
    "$chain"

gs "$chain" import "$out" "$pki/inter.pem"
tap_is "$GS_RC" 0 "import inter.pem: exit 0"
gs_import "$chain" "$out" "$pass_ascii" "$f/carol-nochain.p12"
tap_is "$GS_RC" 0 "carol-nochain.p12 once the home has the intermediate: exit 0"
tap_like "$(cat "$out")" 'carol@example\.org \(with secret key\)' \
    "carol-nochain.p12 with the intermediate in the home: carol with secret key"

gs "$chain" import "$out" "$f/alice-bob.pem"
tap_is "$GS_RC" 0 "import alice-bob.pem (PEM bundle): exit 0"
tap_like "$(cat "$out")" 'imported alice@example\.org' \
    "import alice-bob.pem: alice listed as imported"
tap_like "$(cat "$out")" 'imported bob@example\.org' \
    "import alice-bob.pem: bob listed as imported"
gs "$chain" import "$out" "$f/trent-a.der"
tap_is "$GS_RC" 0 "import trent-a.der (DER): exit 0"
tap_like "$(cat "$out")" "imported trent@example\.org" \
    "import trent-a.der: trent listed as imported"
tap_like "$(cat "$out")" "$(sha1 trent-a)" "import trent-a.der: with trent-a's fingerprint"
gs "$chain" import "$out" "$f/two.p7c"
tap_is "$GS_RC" 0 "import two.p7c (certs-only PKCS#7): exit 0"
tap_like "$(cat "$out")" 'imported revoked@example\.org' \
    "import two.p7c: revoked@example.org listed as imported"
tap_like "$(cat "$out")" 'imported expired@example\.org' \
    "import two.p7c: expired@example.org listed as imported"
gs "$chain" import "$out" "$f/alice-bob.pem"
tap_is "$GS_RC" 0 "import alice-bob.pem again: exit 0"
tap_like "$(cat "$out")" 'already present alice@example\.org' \
    "import alice-bob.pem again: alice already present"
tap_like "$(cat "$out")" 'already present bob@example\.org' \
    "import alice-bob.pem again: bob already present"
tap_not "import alice-bob.pem again: nothing said to be imported" \
    grep -q ': imported' "$out"
tap_not "chain home: the failing pinentry was never started" gh_pinentry_started

# --- Home "trust": trust-root and distrust-root ------------------------------

new_home
trust=$GH_HOME
gs "$trust" import "$out" "$pki/untrusted-root.pem" "$pki/uma.pem"
tap_is "$GS_RC" 0 "import untrusted-root.pem uma.pem: exit 0"
msg_entity "$MSG_WORK/uent" "Hello from Uma," "signed under the untrusted root." &&
    msg_sign uma "$MSG_WORK/uent" "$MSG_WORK/usig" &&
    msg_wrap uma@example.net alice@example.org "From Uma" "$MSG_WORK/usig" \
        "$MSG_WORK/uma.eml" || exit 1

msg_show "$trust" "$MSG_WORK/uma.eml" --json
tap_is "$(msg_field status)/$(msg_first_reason)/$MSG_RC" red/untrusted-chain/1 \
    "uma's message before trust-root: red untrusted-chain, exit 1"

list_before=$(cat "$trust/trustlist.txt")
gs "$trust" trust-root "$out" "$pki/untrusted-root.pem" </dev/null
tap_not "trust-root without --yes, no terminal: non-zero exit" test "$GS_RC" -eq 0
tap_is "$(cat "$trust/trustlist.txt")" "$list_before" \
    "trust-root without --yes, no terminal: trustlist.txt unchanged"

sha256=$(ossl x509 -in "$pki/untrusted-root.pem" -noout -fingerprint -sha256)
sha256=${sha256#*=}
gs "$trust" trust-root "$out" --yes "$pki/untrusted-root.pem"
tap_is "$GS_RC" 0 "trust-root --yes untrusted-root.pem: exit 0"
tap_ok "trust-root --yes untrusted-root.pem: prints the SHA-256 fingerprint ($sha256)" \
    grep -qiF "$sha256" "$out"
msg_show "$trust" "$MSG_WORK/uma.eml" --json
tap_is "$(msg_field status)/$MSG_RC" green/0 \
    "uma's message after trust-root: green, exit 0"

gs "$trust" distrust-root "$out" --yes "$pki/untrusted-root.pem"
tap_is "$GS_RC" 0 "distrust-root --yes untrusted-root.pem: exit 0"
msg_show "$trust" "$MSG_WORK/uma.eml" --json
tap_is "$(msg_field status)/$(msg_first_reason)/$MSG_RC" red/untrusted-chain/1 \
    "uma's message after distrust-root: red untrusted-chain, exit 1"

list_before=$(cat "$trust/trustlist.txt")
gs "$trust" trust-root "$out" --yes "$pki/inter.pem"
tap_is "$GS_RC" 4 "trust-root --yes inter.pem: exit 4"
tap_like "$(cat "$out.err")" intermediate "trust-root inter.pem: says intermediate"
gs "$trust" trust-root "$out" --yes "$pki/alice.pem"
tap_is "$GS_RC" 4 "trust-root --yes alice.pem: exit 4"
tap_like "$(cat "$out.err")" 'not a root' "trust-root alice.pem: says not a root"
tap_is "$(cat "$trust/trustlist.txt")" "$list_before" \
    "trust-root on inter.pem and alice.pem: trustlist.txt unchanged"
tap_not "trust home: the failing pinentry was never started" gh_pinentry_started

tap_is "$(ls -A "$gtmp")" "" "the whole run: gsmime's TMPDIR stays empty"
tap_diag "runtime $(($(date +%s) - started)) s"
tap_done
