#!/bin/bash
# mutt-migrate.sh - `gsmime mutt migrate`: a classic mutt S/MIME store,
# made by the real smime_keys of Debian's mutt package from the test PKI,
# moved into the real gpgsm and gpg-agent.
#
#   - a store with alice's key (under a passphrase) and bob's and carol's
#     certificates migrates: every entry imported, alice's key protected
#     in gpg-agent by the store's passphrase, `gsmime sign` signs as
#     alice and `openssl cms -verify` accepts it, and mutt's .index files
#     in the GnuPG home list all three;
#   - a second run finds everything already there and asks nothing;
#   - a wrong passphrase (from --passphrase-fd, or three times at the
#     pinentry) imports no key and says so; the right one at the
#     pinentry imports it;
#   - a store that smime_keys add_cert made from `openssl ca` output
#     (text dump, then the PEM block) migrates every certificate;
#   - hostile stores: 2,000-byte lines, more lines than the bound, a hash
#     that climbs out of the store or is an absolute path, a symbolic
#     link out of the store (file and folder), files that are missing, a
#     key file of garbage, empty .index files, no store at all: each a
#     clear error with the line or file, a non-zero exit, and nothing
#     new in the keybox.
#
# Output is TAP; exit status 77 when a program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
# shellcheck source=../lib/smime-store.sh
. "$GSMIME_SRCDIR/tests/lib/smime-store.sh"
require_programs gpgsm gpg-agent dirmngr gpgconf openssl smime_keys mutt \
    setsid timeout

test_start gsmm
home=$GH_HOME
pass="Mutt store pass 1"

# The home starts without the three: what the migration brings is new.
for name in alice bob carol; do
    gh_gpgsm --yes --delete-keys "$(msg_fpr "$pki/$name.pem")" 2>/dev/null
done

# The pinentry: tests/lib/fake-pinentry answers with the first line of
# $work/pin.pass and logs every request to $work/pin.log.
gh_fake_pinentry "$home" "$work/pin.pass" "$work/pin.log" || exit 1
# pin_answers TEXT: what the user types at the pinentry from now on; the
# agent forgets cached passphrases and the log starts afresh.
pin_answers() {
    printf '%s\n' "$1" >"$work/pin.pass"
    : >"$work/pin.log"
    gpgconf --homedir "$home" --reload gpg-agent
}
pin_asked() {
    grep -c '^GETPIN' "$work/pin.log" 2>/dev/null || true
}
pin_answers "nobody types here"

# migrate [--passphrase PASS] ARGS...: gsmime mutt migrate ARGS, with PASS
# on file descriptor 3 when given; output in $work/out and $work/err,
# status in RC.
migrate() {
    if [ "$1" = --passphrase ]; then
        local p=$2
        shift 2
        timeout 120 "$GSMIME" mutt migrate --passphrase-fd 3 "$@" \
            >"$work/out" 2>"$work/err" 3< <(printf '%s\n' "$p")
    else
        timeout 120 "$GSMIME" mutt migrate "$@" >"$work/out" 2>"$work/err" \
            </dev/null
    fi
    RC=$?
}
# out_has TEXT, err_is_one_line: what the last run printed.
out_has() { grep -qF -- "$1" "$work/out"; }
err_is_one_line() {
    [ "$(grep -c '' "$work/err")" = 1 ] && grep -q '^gsmime: ' "$work/err"
}
show_run() {
    sed 's/^/#   out: /' "$work/out" | head -n 12
    sed 's/^/#   err: /' "$work/err" | head -n 4
}
# keybox: the fingerprints in the keybox, and those with a secret key.
keybox() {
    gh_gpgsm --with-colons --list-keys 2>/dev/null | grep '^fpr' | sort
}
has_secret() {
    gh_gpgsm --with-colons --list-secret-keys 2>/dev/null |
        grep -q "^fpr:::::::::$1:"
}
alice=$(msg_fpr "$pki/alice.pem")
bob=$(msg_fpr "$pki/bob.pem")
carol=$(msg_fpr "$pki/carol.pem")

# --- the store ----------------------------------------------------------------

store=$tmp/store
ss_init "$store" "$pki/root.pem" &&
    ss_add_key "$store" "$pki" alice "$pass" &&
    ss_add_cert "$store" "$pki/bob.pem" &&
    ss_add_cert "$store" "$pki/carol.pem"
tap_is "$?" 0 "smime_keys made a store with alice's key and bob's and carol's certificates"
S=$store/.smime
tap_is "$(cut -d' ' -f1 "$S/certificates/.index" | sort -u | tr '\n' ' ')" \
    "alice@example.org bob@example.org carol@example.org " \
    "the store's certificates/.index lists the three"
akey=$(awk '$1 == "alice@example.org" { print $2; exit }' "$S/keys/.index")
tap_like "$akey" '^[0-9a-f]{8}\.[0-9]+$' "the store's keys/.index lists alice's key ($akey)"
tap_ok "alice's key in the store is encrypted" \
    grep -q 'BEGIN ENCRYPTED PRIVATE KEY' "$S/keys/$akey"

# --- a wrong passphrase -------------------------------------------------------

migrate --passphrase "not the passphrase" "$S"
tap_is "$RC" 3 "wrong passphrase: exit 3"
tap_ok "wrong passphrase: the key's line says refused and why" \
    out_has "keys/$akey (alice@example.org): refused: The passphrase does not open the private key"
tap_ok "wrong passphrase: one line on stderr names the key" \
    eval 'err_is_one_line && grep -q "^gsmime: keys/$akey (alice@example.org): The passphrase does not open" "$work/err"'
tap_not "wrong passphrase: no secret key for alice" has_secret "$alice"
tap_is "$(pin_asked)" 0 "wrong passphrase from --passphrase-fd: no pinentry"
[ "$RC" = 3 ] || show_run
for name in alice bob carol; do
    gh_gpgsm --yes --delete-keys "$(msg_fpr "$pki/$name.pem")" 2>/dev/null
done

# --- the migration ------------------------------------------------------------

migrate --passphrase "$pass" "$S"
tap_is "$RC" 0 "migrate: exit 0"
tap_is "$(wc -c <"$work/err")" 0 "migrate: nothing on stderr"
for who in alice bob carol; do
    tap_like "$(grep "($who@example.org)" "$work/out" | grep '^certificates/')" \
        "^certificates/[0-9a-f]{8}\.0 \($who@example.org\): imported \($(msg_fpr "$pki/$who.pem")\)$" \
        "migrate: $who's certificate imported"
done
tap_ok "migrate: alice's issuer file is read too" \
    eval 'grep -q "^certificates/[0-9a-f.]* (issuer of line 1): " "$work/out"'
tap_is "$(grep '^keys/' "$work/out")" \
    "keys/$akey (alice@example.org): imported with its private key ($alice)" \
    "migrate: alice's key imported"
tap_like "$(tail -n 1 "$work/out")" '^[0-9]+ imported, [0-9]+ already there, 0 refused\.$' \
    "migrate: the summary line counts no refusal"
[ "$RC" = 0 ] || show_run
tap_ok "alice has a secret key now" has_secret "$alice"
tap_is "$(pin_asked)" 0 "migrate with --passphrase-fd: no pinentry"

# The key is protected in gpg-agent by the store's passphrase.
grip=$(gh_gpgsm --with-colons --list-secret-keys "$alice" 2>/dev/null |
    awk -F: '$1 == "grp" { print $10; exit }')
tap_ok "alice's key is protected in gpg-agent" \
    grep -q 'protected-private-key' "$home/private-keys-v1.d/$grip.key"
pin_answers "$pass"
msg_plain alice@example.org bob@example.org "Migrated" "$work/plain.eml" \
    "Signed with a key from ~/.smime." || exit 1
timeout 60 "$GSMIME" sign "$work/plain.eml" >"$work/signed.eml" 2>"$work/sign.err"
tap_is "$?" 0 "gsmime sign as alice: exit 0"
tap_ok "gsmime sign: openssl cms -verify accepts it" \
    msg_verify "$work/signed.eml" "$work/signed.content" "$work/signer.pem"
tap_is "$(openssl x509 -in "$work/signer.pem" -noout -email 2>/dev/null)" \
    alice@example.org "gsmime sign: the signer is alice"
tap_like "$(pin_asked)" "^[1-9]" "gsmime sign: the pinentry asked for the passphrase"

# mutt's .index files in the GnuPG home list them.
idx=$home/gsmime/mutt
for who in alice bob carol; do
    tap_ok "certificates/.index lists $who" \
        grep -q "^$who@example.org $(msg_fpr "$pki/$who.pem") " \
        "$idx/certificates/.index"
done
tap_ok "keys/.index lists alice's key" \
    grep -q "^alice@example.org $alice " "$idx/keys/.index"
tap_not "keys/.index lists nobody else" \
    grep -qv "^alice@example.org " "$idx/keys/.index"

# --- a second run ---------------------------------------------------------------

pin_answers "nobody types here"
migrate "$S"
tap_is "$RC" 0 "second run: exit 0"
tap_not "second run: nothing imported" \
    eval 'grep -q ": imported" "$work/out"'
tap_is "$(grep -c ': already there' "$work/out")" \
    "$(($(grep -c '' "$work/out") - 1))" "second run: every entry already there"
tap_like "$(tail -n 1 "$work/out")" '^0 imported, [0-9]+ already there, 0 refused\.$' \
    "second run: the summary says so"
tap_is "$(pin_asked)" 0 "second run: no passphrase asked"

# --- the pinentry ---------------------------------------------------------------

# carol's key in a store of its own, under another passphrase.
store2=$tmp/store2
ss_init "$store2" "$pki/root.pem" && ss_add_key "$store2" "$pki" carol "Carol 2"
tap_is "$?" 0 "smime_keys made a store with carol's key"
pin_answers "wrong"
migrate "$store2/.smime"
tap_is "$RC" 3 "pinentry, wrong passphrase: exit 3"
tap_is "$(pin_asked)" 3 "pinentry, wrong passphrase: asked three times"
tap_ok "pinentry, wrong passphrase: says so" \
    eval 'out_has "(carol@example.org): refused: The passphrase does not open the private key" && err_is_one_line'
tap_not "pinentry, wrong passphrase: no secret key for carol" has_secret "$carol"
pin_answers "Carol 2"
migrate "$store2/.smime"
tap_is "$RC" 0 "pinentry, right passphrase: exit 0"
tap_is "$(pin_asked)" 1 "pinentry, right passphrase: asked once"
tap_ok "pinentry, right passphrase: carol's key imported" has_secret "$carol"
[ "$RC" = 0 ] || show_run

# --- a store made from `openssl ca` files -----------------------------------------

# Authorities hand certificates out as `openssl ca` writes them, a text
# dump before the PEM block, and smime_keys add_cert and add_chain store
# such a file as it is.  Certificates issued anew for bob, carol and
# dave's keys are not in the home yet; dave's file carries the
# intermediate as `openssl x509 -text` writes it, as a CA's page gives
# the chain.  erin's key comes with its own openssl ca certificate.

# keybox_crts: the fingerprints on the crt records of the keybox.
keybox_crts() {
    gh_gpgsm --with-colons --list-keys 2>/dev/null |
        awk -F: '$1 == "crt" { c = 1; next } c && $1 == "fpr" { print $10; c = 0 }'
}
castore=$tmp/castore
ss_init "$castore" "$pki/root.pem" || exit 1
for who in bob carol dave erin; do
    "$GSMIME_SRCDIR/tests/pki/ca-issue.sh" "$pki" "$who" "$who@example.org" \
        "$work/$who-ca.crt" || exit 1
done
openssl x509 -in "$pki/inter.pem" -text >"$work/inter-text.crt" || exit 1
cat "$work/inter-text.crt" >>"$work/dave-ca.crt" || exit 1
ok=0
for who in bob carol dave; do
    ss_add_cert "$castore" "$work/$who-ca.crt" || ok=1
done
echo - | HOME=$castore setsid -w smime_keys add_chain "$pki/erin.key" \
    "$work/erin-ca.crt" "$work/inter-text.crt" >>"$castore/smime_keys.log" 2>&1 ||
    ok=1
tap_is "$ok" 0 "smime_keys add_cert and add_chain took the openssl ca files"
C=$castore/.smime/certificates
tap_is "$(cut -d' ' -f1 "$C/.index" | sort | tr '\n' ' ')" \
    "bob@example.org carol@example.org dave@example.org erin@example.org " \
    "the openssl ca store's certificates/.index lists the four"
for who in bob carol dave erin; do
    file=$(awk -v m="$who@example.org" '$1 == m { print $2; exit }' "$C/.index")
    tap_is "$(head -n 1 "$C/$file" 2>&1)" "Certificate:" \
        "smime_keys stored $who's certificate with openssl ca's text dump first"
done
migrate "$castore/.smime"
tap_is "$RC" 0 "openssl ca store: migrate exits 0"
tap_like "$(tail -n 1 "$work/out")" '^5 imported, 1 already there, 0 refused\.$' \
    "openssl ca store: 5 imported (4 certificates, 1 key), the intermediate already there, 0 refused"
for who in bob carol dave erin; do
    fpr=$(msg_fpr "$work/$who-ca.crt")
    tap_like "$(grep "($who@example.org)" "$work/out" | grep '^certificates/')" \
        "^certificates/[0-9a-f]{8}\.0 \($who@example.org\): imported \($fpr\)\$" \
        "openssl ca store: $who's certificate imported ($fpr)"
    tap_ok "openssl ca store: crt record for $who's certificate in the keybox" \
        eval 'keybox_crts | grep -qx "$fpr"'
done
erin_ca=$(msg_fpr "$work/erin-ca.crt")
tap_like "$(grep '^keys/' "$work/out")" \
    "^keys/[0-9a-f]{8}\.0 \(erin@example.org\): imported with its private key \($erin_ca\)\$" \
    "openssl ca store: erin's key imported with its openssl ca certificate"
tap_ok "openssl ca store: erin's openssl ca certificate has its secret key" \
    has_secret "$erin_ca"
[ "$RC" = 0 ] || show_run

# --- hostile stores ---------------------------------------------------------------

# hostile NAME: a copy of the good store in $tmp/NAME, printed; the test
# then damages it.
hostile() {
    rm -rf "${tmp:?}/$1"
    mkdir -p "$tmp/$1" && cp -a "$S/certificates" "$S/keys" "$tmp/$1/" &&
        echo "$tmp/$1"
}
# refused NAME CODE OUT-TEXT ERR-TEXT [ARGS...]: migrating the store
# (ARGS, default the store) exits CODE, standard output holds OUT-TEXT
# (empty: nothing at all), standard error is one line beginning
# "gsmime: ERR-TEXT", and the keybox gained nothing.
refused() {
    local name=$1 code=$2 out_text=$3 err_text=$4 before
    shift 4
    before=$(keybox)
    migrate --passphrase "$pass" "$@"
    tap_is "$RC" "$code" "$name: exit $code"
    if [ -n "$out_text" ]; then
        tap_ok "$name: stdout says '$out_text'" out_has "$out_text"
    else
        tap_is "$(head -c 300 "$work/out")" "" "$name: nothing on stdout"
    fi
    tap_ok "$name: one line on stderr, 'gsmime: $err_text...'" \
        eval 'err_is_one_line && grep -qF -- "gsmime: $err_text" "$work/err"'
    tap_is "$(keybox)" "$before" "$name: nothing new in the keybox"
    [ "$RC" = "$code" ] || show_run
}
uma=$(msg_fpr "$pki/uma.pem")
ucert=$(openssl x509 -in "$pki/uma.pem" -noout -subject_hash).0

# 2,000-byte lines, before a line that names uma's certificate.
d=$(hostile long)
cp "$pki/uma.pem" "$d/certificates/$ucert"
{
    printf 'a@example.org %s - ? t se\n' "$(head -c 1980 /dev/zero | tr '\0' 1)"
    printf 'uma@example.net %s%s - ? t se\n' "$ucert" "$(head -c 1980 /dev/zero | tr '\0' ' ')"
} >"$d/certificates/.index"
refused "2,000-byte lines" 3 \
    "certificates/.index line 1: refused: the line is longer than 1024 bytes" \
    "certificates/.index line 1: the line is longer than 1024 bytes" "$d"
tap_ok "2,000-byte lines: the second line is refused too" \
    out_has "certificates/.index line 2: refused: the line is longer than 1024 bytes"
tap_not "2,000-byte lines: uma's certificate was not imported" \
    eval 'keybox | grep -q "$uma"'

# More lines than the bound: the rest is not read.
d=$(hostile many)
for i in $(seq 10001); do echo "x@example.org 0badf00d.$((i % 7)) - ? t se"; done \
    >"$d/certificates/.index"
refused "10,001 lines" 3 \
    "certificates/.index line 10001: refused: the file has more than 10000 lines" \
    "certificates/.index line 10001: the file has more than 10000 lines" "$d"

# A hash that climbs out of the store, and an absolute one.
d=$(hostile traversal)
printf '%s\n' "evil@example.org ../../../../etc/passwd - ? t se" \
    "evil@example.org /etc/passwd - ? t se" \
    "evil@example.org ../keys/$akey - ? t se" >"$d/certificates/.index"
printf '%s\n' "evil@example.org ../certificates/x - ? t se" >"$d/keys/.index"
refused "path traversal" 3 \
    "certificates/.index line 2: refused: the hash is not a certificate file name" \
    "certificates/.index line 1: the hash is not a certificate file name" "$d"
tap_ok "path traversal: the key line is refused too" \
    out_has "keys/.index line 1: refused: the hash is not a key file name"

# A symbolic link out of the store, for a certificate and for keys/.
d=$(hostile symlink)
rm -f "$d/certificates/$ucert"
ln -s "$pki/uma.pem" "$d/certificates/$ucert"
echo "uma@example.net $ucert - ? t se" >"$d/certificates/.index"
refused "symlinked certificate" 3 \
    "certificates/$ucert (uma@example.net): refused: \"certificates/$ucert\" is a symbolic link" \
    "certificates/$ucert (uma@example.net): " "$d"
tap_not "symlinked certificate: uma's certificate was not imported" \
    eval 'keybox | grep -q "$uma"'
d=$(hostile symlinked-folder)
rm -rf "$d/keys"
ln -s "$S/keys" "$d/keys"
: >"$d/certificates/.index"
refused "symlinked keys folder" 3 "keys/: refused: \"$d/keys\" is a symbolic link" \
    "keys/: \"$d/keys\" is a symbolic link" "$d"

# Files the .index names that are not there.
d=$(hostile missing)
rm -f "$d/certificates/"*.[0-9] "$d/keys/$akey"
refused "missing files" 3 "(bob@example.org): refused: Could not open" \
    "certificates/" "$d"
tap_ok "missing files: the key is refused too" \
    out_has "keys/$akey (alice@example.org): refused: Could not open"

# A key file of garbage, and one that only looks like a key, for bob,
# whose secret key is not in gpg-agent (alice's is: for her a key file
# is not read again).
d=$(hostile garbage)
bkey=$(awk '$1 == "bob@example.org" { print $2; exit }' "$S/certificates/.index")
echo "bob@example.org $bkey - ? t se" >"$d/keys/.index"
head -c 3000 /dev/urandom >"$d/keys/$bkey"
refused "garbage key file" 3 \
    "keys/$bkey (bob@example.org): refused: The key file holds no PEM private key" \
    "keys/$bkey (bob@example.org): The key file holds no PEM private key" "$d"
{
    echo "-----BEGIN ENCRYPTED PRIVATE KEY-----"
    head -c 900 /dev/urandom | base64
    echo "-----END ENCRYPTED PRIVATE KEY-----"
} >"$d/keys/$bkey"
refused "damaged encrypted key" 3 \
    "keys/$bkey (bob@example.org): refused: The private key is damaged" \
    "keys/$bkey (bob@example.org): The private key is damaged" "$d"
tap_not "garbage key files: no secret key for bob" has_secret "$bob"

# alice's key beside bob's certificate: they do not belong together.
d=$(hostile mismatch)
cp "$pki/bob.pem" "$d/certificates/$akey"
refused "key without its certificate" 3 \
    "keys/$akey (alice@example.org): refused: No certificate in the store belongs to the private key" \
    "keys/$akey (alice@example.org): No certificate in the store belongs" "$d"
tap_not "key without its certificate: no secret key for bob" has_secret "$bob"

# Empty .index files, and a folder that is no store at all.
d=$(hostile empty)
: >"$d/certificates/.index"
: >"$d/keys/.index"
refused "empty .index files" 3 "" "Nothing to migrate" "$d"
mkdir -p "$tmp/nostore"
refused "no store" 3 "" "No mutt S/MIME store in" "$tmp/nostore"

# Usage.
migrate "$S" "$S"
tap_is "$RC" 2 "two folders: usage error, exit 2"

tap_done
