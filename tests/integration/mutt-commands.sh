#!/bin/bash
# mutt-commands.sh - the commands behind gsmime.muttrc, as mutt runs them,
# without mutt: the contract of mutt 2.2's smime.c (doc/mutt.md).
#
#   - verify: exit 0 and first stderr line "Verification successful" for
#     green, never for red (altered, malformed, missing files); nothing on
#     stdout (mutt closes that pipe at once);
#   - verify-opaque: the content on stdout only for a good signature;
#   - sign and encrypt: DER on stdout and nothing at all on stderr; a %k
#     that is no fingerprint, a revoked recipient: a clear error, no
#     output;
#   - a key protected by a passphrase: unlocked through loopback with the
#     passphrase on stdin, a wrong or empty one refused, never a pinentry;
#   - decrypt: the entity on stdout;
#   - pk7out, get-cert, get-signer-cert (also for a signature that carries
#     no certificate), get-cert-email, import-cert;
#   - the .index files: one "t" entry for trent, who has three
#     certificates; revoked and expired ones marked r and e; no private
#     key in the folders;
#   - the session process gives the same answers as the command alone,
#     and exits when its socket is removed.
#
# Output is TAP; exit status 77 when a program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf gpg-connect-agent openssl \
    python3 timeout

test_begin mc
test_home bob_home bob
test_serve_crls

# m ARGS...: gsmime mutt ARGS with stdin from $work/in (empty unless a
# test wrote it); stdout to $work/out, stderr to $work/err, status in RC.
: >"$work/in"
m() {
    timeout 60 "$GSMIME" mutt "$@" <"$work/in" >"$work/out" 2>"$work/err"
    RC=$?
}
first_err() { head -1 "$work/err"; }
fpr_of() { msg_fpr "$pki/$1.pem"; }

# --- verify -------------------------------------------------------------------

msg_entity "$work/text" "Hello Bob," "signed by alice"
msg_openssl cms -sign -binary -md sha256 -in "$work/text" \
    -signer "$pki/alice.pem" -inkey "$pki/alice.key" \
    -certfile "$pki/inter.pem" -outform DER -out "$work/sig" || exit 1
for mode in server alone; do
    if [ $mode = alone ]; then export GSMIME_MUTT_NO_SERVER=1; fi
    m verify "$work/sig" "$work/text"
    tap_is "$RC" 0 "verify ($mode): good signature exits 0"
    tap_is "$(first_err)" "Verification successful" \
        "verify ($mode): the first line is Verification successful"
    tap_like "$(sed -n 2p "$work/err")" '^gsmime: GOOD signature from alice@example.org \(green\)$' \
        "verify ($mode): then the green verdict"
    tap_is "$(wc -c <"$work/out")" 0 "verify ($mode): nothing on stdout"
done
unset GSMIME_MUTT_NO_SERVER

cp "$work/text" "$work/altered"
echo "one more line" >>"$work/altered"
m verify "$work/sig" "$work/altered"
tap_is "$RC" 1 "verify: altered content exits 1"
tap_not "verify: altered content never says Verification successful" \
    grep -q '^Verification successful' "$work/err"
tap_like "$(first_err)" '^gsmime: BAD signature.*\(red\)$' "verify: altered is red"

head -c 300 /dev/urandom >"$work/garbage"
m verify "$work/garbage" "$work/text"
tap_is "$RC" 1 "verify: a malformed signature exits 1"
tap_like "$(first_err)" '^gsmime: Malformed signature.*\(red\)$' "verify: malformed is red"

m verify "$work/nonexistent" "$work/text"
tap_is "$RC" 1 "verify: a missing file exits 1"
tap_like "$(first_err)" '^gsmime: Could not read' "verify: a missing file is named"

# LF line ends, as a hand-made file would have: made canonical first.
msg_to_lf "$work/text" && cp "$work/text" "$work/text-lf"
m verify "$work/sig" "$work/text-lf"
tap_is "$RC" 0 "verify: content with bare LF is made canonical"

# --- verify-opaque ------------------------------------------------------------

msg_to_crlf "$work/text"
msg_openssl cms -sign -binary -md sha256 -nodetach -in "$work/text" \
    -signer "$pki/alice.pem" -inkey "$pki/alice.key" \
    -certfile "$pki/inter.pem" -outform DER -out "$work/opaque" || exit 1
m verify-opaque "$work/opaque"
tap_is "$(first_err)" "Verification successful" "verify-opaque: good"
tap_ok "verify-opaque: the content on stdout" grep -q 'signed by alice' "$work/out"
msg_openssl cms -sign -binary -md sha256 -nodetach -in "$work/text" \
    -signer "$pki/revoked.pem" -inkey "$pki/revoked.key" \
    -certfile "$pki/inter.pem" -outform DER -out "$work/opaque-revoked" || exit 1
m verify-opaque "$work/opaque-revoked"
tap_like "$(first_err)" 'REVOKED.*\(red\)$' "verify-opaque: revoked is red"
tap_not "verify-opaque: the content of a red signature is withheld" \
    grep -q 'signed by alice' "$work/out"

# --- the .index files -----------------------------------------------------------

m settings
tap_is "$RC" 0 "settings: exit 0"
certdir=$(sed -n 's/^set smime_certificates="\(.*\)"$/\1/p' "$work/out")
keydir=$(sed -n 's/^set smime_keys="\(.*\)"$/\1/p' "$work/out")
tap_like "$(cat "$work/out")" "^set smime_default_key=\"$(fpr_of bob)\"" \
    "settings: bob's own key is the default key"
tap_is "$(grep -c '^trent@example.org .* t ' "$certdir/.index")" 1 \
    "index: one trusted entry for trent, who has three certificates"
tap_like "$(grep "$(fpr_of trent-b)" "$certdir/.index")" ' t es$' \
    "index: the trusted one is the newest, for encryption and signing"
tap_like "$(grep "$(fpr_of revoked)" "$certdir/.index")" ' r es$' "index: revoked is r"
tap_like "$(grep "$(fpr_of expired)" "$certdir/.index")" ' e es$' "index: expired is e"
tap_is "$(cat "$keydir/.index")" "bob@example.org $(fpr_of bob) Bob ? t es" \
    "index: the keys index holds bob's own key only"
tap_is "$(find "$certdir" "$keydir" -type f ! -name .index | wc -l)" 0 \
    "index: nothing but the .index files in the folders"

# --- sign and encrypt -----------------------------------------------------------

printf 'Content-Type: text/plain; charset=us-ascii\n\nHello alice,\nfrom bob.\n' \
    >"$work/entity"
m sign "$work/entity" "$keydir/$(fpr_of bob)" sha256
tap_is "$RC" 0 "sign: exit 0"
tap_is "$(wc -c <"$work/err")" 0 "sign: nothing on stderr"
cp "$work/out" "$work/entity.sig"
sed 's/$/\r/' "$work/entity" >"$work/entity.crlf"
tap_ok "sign: OpenSSL verifies the signature over the CRLF entity" \
    msg_openssl cms -verify -binary -inform DER -in "$work/entity.sig" \
    -content "$work/entity.crlf" -CAfile "$pki/root.pem" -out /dev/null

m sign "$work/entity" "$keydir/bob" sha256
tap_not "sign: a %k path that is no fingerprint fails" test "$RC" = 0
tap_like "$(first_err)" '^gsmime: .*does not name a certificate' \
    "sign: ... and says so"
tap_is "$(wc -c <"$work/out")" 0 "sign: ... with nothing on stdout"

m encrypt "$work/entity" "$certdir/$(fpr_of alice)" "$certdir/$(fpr_of bob)"
tap_is "$RC" 0 "encrypt: exit 0"
tap_is "$(wc -c <"$work/err")" 0 "encrypt: nothing on stderr"
cp "$work/out" "$work/enveloped"
tap_ok "encrypt: alice decrypts it with OpenSSL" \
    msg_openssl cms -decrypt -inform DER -in "$work/enveloped" \
    -recip "$pki/alice.pem" -inkey "$pki/alice.key" -out "$work/dec.alice"
tap_ok "encrypt: the entity arrived with CRLF line ends" \
    grep -q $'^Hello alice,\r$' "$work/dec.alice"

m encrypt "$work/entity" "$certdir/$(fpr_of revoked)"
tap_not "encrypt: a revoked recipient fails" test "$RC" = 0
tap_like "$(cat "$work/err")" 'revoked@example.org: the certificate is revoked' \
    "encrypt: ... naming the recipient"
tap_is "$(wc -c <"$work/out")" 0 "encrypt: ... with nothing on stdout"

# --- decrypt --------------------------------------------------------------------

m decrypt "$work/enveloped" "$keydir/$(fpr_of bob)"
tap_is "$RC" 0 "decrypt: exit 0"
tap_ok "decrypt: the entity on stdout" grep -q 'from bob' "$work/out"
head -c 500 /dev/urandom >"$work/garbage.p7m"
m decrypt "$work/garbage.p7m" "$keydir/$(fpr_of bob)"
tap_not "decrypt: garbage fails" test "$RC" = 0
tap_is "$(wc -c <"$work/out")" 0 "decrypt: ... with nothing on stdout"

# --- certificates from a message ------------------------------------------------

msg_wrap alice@example.org bob@example.org Hi "$work/entity" "$work/plain.eml"
msg_sign alice "$work/text" "$work/signed-entity" &&
    msg_wrap alice@example.org bob@example.org Signed "$work/signed-entity" \
        "$work/signed.eml" || exit 1
: >"$work/signer.pem"
m get-signer-cert "$work/signed.eml" "$work/signer.pem"
tap_is "$RC" 0 "get-signer-cert: exit 0"
tap_is "$(openssl x509 -in "$work/signer.pem" -noout -fingerprint -sha1 2>/dev/null | tr -d :)" \
    "$(openssl x509 -in "$pki/alice.pem" -noout -fingerprint -sha1 | tr -d :)" \
    "get-signer-cert: alice's certificate, not the intermediate"
msg_sign alice "$work/text" "$work/signed-nocerts" -nocerts &&
    msg_wrap alice@example.org bob@example.org NoCerts "$work/signed-nocerts" \
        "$work/nocerts.eml" || exit 1
: >"$work/signer2.pem"
m get-signer-cert "$work/nocerts.eml" "$work/signer2.pem"
tap_is "$(openssl x509 -in "$work/signer2.pem" -noout -fingerprint -sha1 2>/dev/null | tr -d :)" \
    "$(openssl x509 -in "$pki/alice.pem" -noout -fingerprint -sha1 | tr -d :)" \
    "get-signer-cert: a signature without certificates: alice's from the keybox"
m get-cert-email "$work/signer.pem"
tap_is "$(cat "$work/out")" "alice@example.org" "get-cert-email: her address"
m get-signer-cert "$work/plain.eml" "$work/none.pem"
tap_not "get-signer-cert: a message without signature fails" test "$RC" = 0
m pk7out "$work/signed.eml"
cp "$work/out" "$work/p7.pem"
tap_like "$(head -1 "$work/p7.pem")" '^-----BEGIN PKCS7-----$' "pk7out: PEM PKCS7"
m get-cert "$work/p7.pem"
tap_is "$(grep -c 'BEGIN CERTIFICATE' "$work/out")" 2 \
    "get-cert: alice's certificate and the intermediate"
cp "$work/out" "$work/certs.pem"
gh_gpgsm --delete-keys "$(fpr_of alice)" 2>/dev/null
echo "alice" >"$work/in"
m import-cert "$work/certs.pem"
: >"$work/in"
tap_is "$RC" 0 "import-cert: exit 0"
tap_ok "import-cert: alice is in the keybox again" \
    test -n "$(gh_gpgsm --list-keys "$(fpr_of alice)" 2>/dev/null)"
tap_ok "import-cert: ... and in the .index" \
    grep -q "^alice@example.org $(fpr_of alice) .* t es$" "$certdir/.index"

# "gsmime import" from the shell brings the .index files up to date too.
gh_gpgsm --delete-keys "$(fpr_of carol)" 2>/dev/null
m sync
tap_not "sync: carol is gone from the .index with her certificate" \
    grep -q "^carol@example.org " "$certdir/.index"
"$GSMIME" import "$pki/carol.pem" >/dev/null 2>&1
tap_ok "gsmime import: carol is back in the .index at once" \
    grep -q "^carol@example.org $(fpr_of carol) .* t es$" "$certdir/.index"
# Pinning changes which certificate an address gets: mutt follows at once.
"$GSMIME" pin trent@example.org "$(fpr_of trent-a)" >/dev/null 2>&1
tap_like "$(grep "$(fpr_of trent-a)" "$certdir/.index")" ' t es$' \
    "gsmime pin: the pinned certificate is trent's t entry at once"
tap_is "$(grep -c '^trent@example.org .* t ' "$certdir/.index")" 1 \
    "gsmime pin: still one t entry for trent"
"$GSMIME" unpin trent@example.org >/dev/null 2>&1
tap_like "$(grep "$(fpr_of trent-b)" "$certdir/.index")" ' t es$' \
    "gsmime unpin: the newest is trent's t entry again at once"

# --- a key with a passphrase, unlocked through loopback ---------------------------

test_home alice_home
msg_openssl pkcs12 -export -legacy -inkey "$pki/alice.key" -in "$pki/alice.pem" \
    -passout pass:s3cret -out "$work/alice-pw.p12" || exit 1
echo s3cret >"$work/pw"
"$GSMIME" import --passphrase-fd 3 "$work/alice-pw.p12" 3<"$work/pw" >/dev/null 2>&1
akey=$alice_home/gsmime/mutt/keys/$(fpr_of alice)
: >"$work/in"
m sign "$work/entity" "$akey" sha256
tap_not "passphrase: an empty one does not unlock the key" test "$RC" = 0
tap_like "$(first_err)" 'protected by a passphrase' "passphrase: ... and says so"
echo wrong >"$work/in"
m sign "$work/entity" "$akey" sha256
tap_not "passphrase: a wrong one fails" test "$RC" = 0
tap_like "$(first_err)" 'Bad passphrase' "passphrase: ... as a bad passphrase"
echo s3cret >"$work/in"
m sign "$work/entity" "$akey" sha256
tap_is "$RC" 0 "passphrase: the right one on stdin signs"
tap_is "$(wc -c <"$work/err")" 0 "passphrase: ... with nothing on stderr"
# gsmime-mutt, whose session process runs with other settings here, hands
# the passphrase it read on to "gsmime mutt", which does the work itself.
"$(dirname "$GSMIME")/gsmime-mutt" --revocation off sign "$work/entity" \
    "$akey" sha256 <"$work/in" >"$work/out" 2>"$work/err"
tap_is "$?:$(wc -c <"$work/err")" "0:0" \
    "passphrase: gsmime-mutt falling back to gsmime mutt keeps the passphrase"
tap_ok "passphrase: ... and the signature is there" test -s "$work/out"
tap_not "passphrase: no pinentry was started" gh_pinentry_started
: >"$work/in"

# --- the session process ---------------------------------------------------------

# kill_session_gpgsm HOME: ends the gpgsm --server that a session process
# of HOME talks to.  GPGME starts it detached (a double fork), so it is
# found by its home.  Prints how many there were.
kill_session_gpgsm() {
    local pids pid n=0
    pids=$(pgrep -u "$(id -u)" -f "gpgsm .*--homedir $1 .*--server")
    for pid in $pids; do
        kill "$pid" 2>/dev/null && n=$((n + 1))
    done
    sleep 0.5
    echo "$n"
}

# The signer's gpgsm gone: whatever the first command after it says, the
# session is not kept broken, and the next one signs.
echo s3cret >"$work/in"
m sign "$work/entity" "$akey" sha256
tap_not "server: alice's gpgsm --server runs" test "$(kill_session_gpgsm "$alice_home")" = 0
m sign "$work/entity" "$akey" sha256
m sign "$work/entity" "$akey" sha256
tap_is "$RC:$(wc -c <"$work/err")" "0:0" \
    "server: signing works again after the signer's gpgsm went away"
: >"$work/in"

test_use "$bob_home"
m verify "$work/sig" "$work/text"
server=
for pid in $(pgrep -u "$(id -u)" -f "gsmime mutt"); do
    if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null |
        grep -qx "GNUPGHOME=$bob_home"; then
        server=$pid
    fi
done
tap_ok "server: a session process runs for bob's home" test -n "$server"
# Its gpgsm gone (as after gpgconf --kill all and a new gpgsm's death):
# the next verification starts a new one instead of calling the
# signature malformed.
tap_not "server: its gpgsm --server runs" test "$(kill_session_gpgsm "$bob_home")" = 0
m verify "$work/sig" "$work/text"
tap_is "$RC:$(first_err)" "0:Verification successful" \
    "server: a good signature stays good when gpgsm went away"
m verify "$work/garbage" "$work/text"
m verify "$work/sig" "$work/text"
tap_is "$RC:$(first_err)" "0:Verification successful" \
    "server: a malformed signature does not spoil the next one"
rm -f "$bob_home/gsmime/S.mutt"
for _ in $(seq 50); do
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
tap_not "server: it exits when its socket is removed" kill -0 "$server"
m verify "$work/sig" "$work/text"
tap_is "$(first_err)" "Verification successful" "server: the next command starts a new one"

# gsmime-mutt, what the snippet runs: the same answers.
mm() {
    "$(dirname "$GSMIME")/gsmime-mutt" "$@" <"$work/in" >"$work/out" 2>"$work/err"
    RC=$?
}
mm verify "$work/sig" "$work/text"
tap_is "$RC:$(first_err)" "0:Verification successful" "gsmime-mutt: good is verified"
mm verify "$work/sig" "$work/altered"
tap_like "$RC:$(first_err)" '^1:gsmime: BAD signature' "gsmime-mutt: altered is red"
mm decrypt "$work/enveloped" "$keydir/$(fpr_of bob)"
tap_ok "gsmime-mutt: decrypt gives the entity" grep -q 'from bob' "$work/out"
rm -f "$bob_home/gsmime/S.mutt"
sleep 2.5
mm verify "$work/sig" "$work/text"
tap_is "$RC:$(first_err)" "0:Verification successful" \
    "gsmime-mutt: without a session process it becomes gsmime mutt"

tap_not "no pinentry was ever started in bob's home" gh_pinentry_started
tap_done
