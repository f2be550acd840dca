#!/bin/bash
# harvest.sh - keeping the certificates that arrive with signed mail, by
# the policy of common/harvest.c, against the real gpgsm, gpg-agent and
# dirmngr.
#
# gpgsm stores every certificate a signature carries before it checks
# anything; gsmime keeps such a certificate only when the signature is
# good, its chain leads to a trusted root and the signer is not revoked,
# records where it came from in $GNUPGHOME/gsmime/harvest.ini, and never
# removes what was there before or what has a secret key.  Checked here:
#
#   - reading (gsmime show) in bob's home, from which the senders'
#     certificates were deleted: a good mail from carol (signed by
#     `gsmime sign` in carol's own home) is green and keeps her
#     certificate with a provenance record, after which `gsmime encrypt
#     --to carol@example.org` works (openssl decrypts with carol's key);
#     the same mail altered, a revoked signer and a signer under an
#     untrusted root are red and keep nothing (not even the untrusted
#     root); --no-harvest keeps nothing; a certificate that was present
#     and a secret key are never removed;
#   - renewal: with trent-a in the keybox, a mail signed by the newer
#     trent-b keeps trent-b, and encryption to trent@example.org then
#     goes to trent-b;
#   - one's own address: a certificate of someone else (Mallory, issued
#     by the test intermediate) carrying bob's address is harvested, yet
#     `gsmime sign` of a mail from bob still signs with bob's own key;
#   - `gsmime harvest` over a Maildir of 200 mixed messages (cur/ and
#     new/), first with --dry-run (keybox untouched), then for real: the
#     summary counts are computed by the test from the order the messages
#     are read in; and over an mbox file;
#   - crash safety: `gsmime harvest` killed with SIGKILL at random moments
#     over a large Maildir, with a large harvest.ini, must leave a
#     harvest.ini that is a complete key file with every earlier record,
#     and the next run must work.
#
# The test PKI of tests/pki/make-pki.sh (plus certificates this test
# issues under its intermediate), CRLs served on a free loopback port.
# Output is TAP; exit status 77 when a required program is missing.
# KEEP=1 keeps the work folder for a look after a failure.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
require_gnupg

started=$(date +%s)
BG_PID=
test_cleanup_hook() {
    if [ -n "$BG_PID" ]; then
        kill -9 "$BG_PID" 2>/dev/null
        wait "$BG_PID" 2>/dev/null
    fi
}
test_begin ghv
test_serve_crls
# messages.sh works in a folder of its own here, beside the test's mail.
# shellcheck disable=SC2034  # read by messages.sh
MSG_WORK=$work/msg
mkdir "$MSG_WORK" "$work/m" || exit 1
m=$work/m

# --- Helpers ------------------------------------------------------------------

ossl() {
    OPENSSL_CONF=/dev/null openssl "$@"
}

# quiet COMMAND...: COMMAND without its chatter on stderr (openssl's
# "Verification successful" and the like).
quiet() {
    "$@" 2>/dev/null
}

# fpr_of FILE: the SHA-1 fingerprint of a PEM certificate, hex without
# colons, as gpgsm names certificates.
fpr_of() { msg_fpr "$1"; }

# has_cert HOME FPR: the keybox of HOME holds the certificate FPR.
has_cert() {
    gpgsm --homedir "$1" --batch --with-colons --list-keys "$2" 2>/dev/null |
        grep -q "^fpr:::::::::$2:"
}

# has_secret HOME FPR: HOME holds the certificate FPR with its secret key.
has_secret() {
    gpgsm --homedir "$1" --batch --with-colons --list-secret-keys "$2" \
        2>/dev/null | grep -q "^fpr:::::::::$2:"
}

# keybox HOME: the fingerprints of every certificate in HOME, sorted.
keybox() {
    gpgsm --homedir "$1" --batch --with-colons --list-keys 2>/dev/null |
        awk -F: '/^crt:/ { want = 1; next } want && /^fpr:/ { print $10; want = 0 }' |
        sort
}

# delete HOME FPR...: removes certificates from HOME, or bails out.
delete() {
    local home=$1 f
    shift
    for f in "$@"; do
        gpgsm --homedir "$home" --batch --yes --delete-keys "$f" \
            >/dev/null 2>&1
        if has_cert "$home" "$f"; then
            echo "Bail out! could not delete $f from $home"
            exit 1
        fi
    done
}

# show HOME MSG [OPTION...]: gsmime show --json (msg_show), and SIGNER_FPR
# set to the fingerprint of the first signer.
show() {
    msg_show "$@" --json
    SIGNER_FPR=$(python3 -c 'import json, sys
try:
    d = json.load(open(sys.argv[1]))
    print((d.get("signers") or [{}])[0].get("fingerprint") or "<none>")
except Exception:
    print("<no JSON>")' "$MSG_WORK/out")
}

# ini HOME FPR KEY: the value of KEY in the group FPR of HOME's
# harvest.ini; "<no file>", "<no group>" or "<no key>" when absent.
ini() {
    python3 - "$1/gsmime/harvest.ini" "$2" "$3" <<'EOF'
import configparser, os, sys
path, group, key = sys.argv[1:]
if not os.path.exists(path):
    print("<no file>"); sys.exit()
cp = configparser.ConfigParser(interpolation=None, delimiters=("=",))
cp.optionxform = str
cp.read(path, encoding="utf-8")
if not cp.has_section(group):
    print("<no group>")
elif not cp.has_option(group, key):
    print("<no key>")
else:
    print(cp.get(group, key))
EOF
}

# ini_check FILE [SEEDS]: succeeds when FILE is a complete key file as
# GKeyFile writes it, read independently of gsmime: every line a [group],
# key=value, comment or blank, the last line ended, every group of a
# certificate complete (the keys harvest.c writes), and, with SEEDS, all
# groups of the SEEDS file still there with the same contents.  Prints
# the number of groups, or what is wrong.
ini_check() {
    python3 - "$1" "${2-}" <<'EOF'
import configparser, re, sys
path, seeds = sys.argv[1], sys.argv[2]
def fail(why):
    print(why); sys.exit(1)
try:
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
except Exception as e:
    fail("unreadable: %s" % e)
if text and not text.endswith("\n"):
    fail("last line not ended (truncated?)")
line_re = re.compile(r"^(\[[^\[\]]+\]|[A-Za-z0-9-]+=.*|#.*|)$")
for n, line in enumerate(text.split("\n"), 1):
    if not line_re.match(line):
        fail("line %d is no key file line: %r" % (n, line[:80]))
def load(p):
    cp = configparser.ConfigParser(interpolation=None, delimiters=("=",),
                                   strict=True)
    cp.optionxform = str
    cp.read(p, encoding="utf-8")
    return cp
try:
    cp = load(path)
except Exception as e:
    fail("does not parse: %s" % e)
need = ("email", "message-id", "date", "from", "harvested",
        "revocation-unchecked")
for g in cp.sections():
    if not re.fullmatch(r"[0-9A-F]{40}", g):
        fail("group [%s] is not a fingerprint" % g)
    missing = [k for k in need if not cp.has_option(g, k)]
    if missing:
        fail("group [%s] lacks %s" % (g, ", ".join(missing)))
if seeds:
    old = load(seeds)
    for g in old.sections():
        if not cp.has_section(g) or dict(cp[g]) != dict(old[g]):
            fail("earlier record [%s] lost or changed" % g)
print(len(cp.sections()))
EOF
}

# unrecorded FILE FPR...: how many of FPR... have no group in the key
# file FILE.
unrecorded() {
    python3 - "$@" <<'EOF'
import configparser, sys
cp = configparser.ConfigParser(interpolation=None, delimiters=("=",))
cp.optionxform = str
cp.read(sys.argv[1], encoding="utf-8")
print(sum(1 for f in sys.argv[2:] if not cp.has_section(f)))
EOF
}

# line OUTPUT PREFIX: the line of OUTPUT that starts with PREFIX, or
# "<missing PREFIX>".
line() {
    local l
    l=$(printf '%s\n' "$1" | awk -v p="$2" 'index($0, p) == 1 { print; exit }')
    echo "${l:-<missing $2>}"
}

# DATE for the messages made here; one `date` for all of them.
DATE=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S +0000')

# wrap FROM SUBJECT MSGID ENTITY OUT: a whole message (CRLF) around an
# entity made by messages.sh, without starting a program per message.
wrap() {
    local first
    IFS= read -r first <"$4"
    {
        printf 'Date: %s\r\nFrom: %s\r\nTo: bob@example.org\r\n' "$DATE" "$1"
        printf 'Subject: %s\r\nMessage-ID: <%s>\r\n' "$2" "$3"
        case $first in
            MIME-Version:*) ;;
            *) printf 'MIME-Version: 1.0\r\n' ;;
        esac
        cat "$4"
    } >"$5"
}

# rehead IN MSGID OUT: the whole message IN (as gsmime sign wrote it) with
# another Message-ID; top-level header fields are outside the signature.
rehead() {
    # Only up to the first empty line: a copy of the header section
    # inside the signed part (RFC 9788, as gsmime sign writes it) is
    # covered by the signature and stays as it was.
    sed "1,/^\r\{0,1\}\$/s/^Message-ID: .*/Message-ID: <$2>/" "$1" >"$3"
}

# gs HOME CMD ARGS...: gsmime CMD in HOME; stdout to $m/gs.out, stderr to
# $m/gs.err, exit status to GS_RC.
gs() {
    local home=$1
    shift
    timeout 120 "$GSMIME" "$1" --homedir "$home" "${@:2}" \
        >"$m/gs.out" 2>"$m/gs.err"
    GS_RC=$?
    if [ "$GS_RC" -ne 0 ] && [ -s "$m/gs.err" ]; then
        head -n 5 "$m/gs.err" | sed 's/^/#   stderr: /'
    fi
}

# --- Fingerprints, and Mallory ------------------------------------------------

declare -A FPR=()
for n in alice bob carol revoked trent-a trent-b uma untrusted-root inter; do
    FPR[$n]=$(fpr_of "$pki/$n.pem") || {
        echo "Bail out! no fingerprint for $n"
        exit 1
    }
done

# issue_cert NAME CN EMAIL CSR: a user certificate NAME.pem (in $m) for
# the key of the request CSR (its subject is replaced),
# issued now by the test intermediate with its CA database (tests/pki/
# README.md), valid for a year, with the CRL distribution point of the
# intermediate's other users.
issue_cert() {
    local name=$1 cn=$2 email=$3 csr=$4
    CA_DIR=$pki/ca/inter OPENSSL_CONF=$pki/ca/openssl.cnf \
        CRL_URI=http://127.0.0.1:$port/inter.crl USER_EMAIL=$email \
        openssl ca -batch -notext -subj "/O=gsmime Test/CN=$cn" \
        -cert "$pki/inter.pem" -keyfile "$pki/inter.key" \
        -extensions ext_user -days 365 -in "$csr" \
        -out "$m/$name.pem" 2>"$m/ca.log"
}

ossl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out "$m/mallory.key" &&
    ossl req -new -key "$m/mallory.key" -subj "/O=gsmime Test/CN=Mallory" \
        -out "$m/req.csr" &&
    issue_cert mallory Mallory bob@example.org "$m/req.csr" || {
    cat "$m/ca.log"
    echo "Bail out! issuing Mallory's certificate failed"
    exit 1
}
FPR[mallory]=$(fpr_of "$m/mallory.pem")

# --- Carol's home: her own signed mail ----------------------------------------

test_home "" carol
hc=$GH_HOME

# carol_mail N: a mail from carol to bob signed by `gsmime sign` in her
# home, $m/carol-N.eml, and the same altered after signing,
# $m/carol-N-altered.eml.
carol_mail() {
    msg_plain carol@example.org bob@example.org "From carol $1" \
        "$m/carol-$1.plain" "Hello Bob," "this is carol's mail number $1." &&
        timeout 60 "$GSMIME" sign --homedir "$hc" "$m/carol-$1.plain" \
            >"$m/carol-$1.eml" 2>"$m/sign.err" &&
        sed "s/carol's mail number $1/carol's mail number 9$1/" \
            "$m/carol-$1.eml" >"$m/carol-$1-altered.eml" &&
        ! cmp -s "$m/carol-$1.eml" "$m/carol-$1-altered.eml"
}
for i in 1 2 3; do
    carol_mail $i || {
        sed 's/^/# /' "$m/sign.err"
        echo "Bail out! gsmime sign in carol's home failed"
        exit 1
    }
done
# The signature must be good for an independent reader, or the reds
# below would say nothing.
tap_ok "carol's mail made by gsmime sign verifies with openssl" \
    quiet msg_verify "$m/carol-1.eml" "$m/verified" "$m/carol-signer.pem"
tap_is "$(fpr_of "$m/carol-signer.pem" 2>/dev/null)" "${FPR[carol]}" \
    "carol's mail is signed with carol's certificate"
tap_not "the altered mail does not verify with openssl" \
    quiet msg_verify "$m/carol-1-altered.eml" "$m/verified"

# Mail by others, signed with OpenSSL.
msg_entity "$m/text" "Hello Bob," "this is signed." || exit 1
{
    msg_sign revoked "$m/text" "$m/e-revoked" &&
        wrap revoked@example.org Revoked revoked.1@test "$m/e-revoked" \
            "$m/revoked.eml" &&
        msg_sign uma "$m/text" "$m/e-uma" &&
        wrap uma@example.net Uma uma.1@test "$m/e-uma" "$m/uma.eml" &&
        msg_sign trent-b "$m/text" "$m/e-trent-b" &&
        wrap trent@example.org Trent trent.1@test "$m/e-trent-b" \
            "$m/trent-b.eml" &&
        ossl cms -sign -binary -md sha256 -in "$m/text" \
            -signer "$m/mallory.pem" -inkey "$m/mallory.key" \
            -certfile "$pki/inter.pem" -out "$m/e-mallory" &&
        msg_to_crlf "$m/e-mallory" &&
        wrap bob@example.org "Not really bob" mallory.1@test \
            "$m/e-mallory" "$m/mallory.eml" &&
        msg_plain bob@example.org carol@example.org "To carol" \
            "$m/to-carol.plain" "Hello Carol," "a secret for you." &&
        msg_plain bob@example.org trent@example.org "To trent" \
            "$m/to-trent.plain" "Hello Trent," "a secret for you." &&
        msg_plain bob@example.org alice@example.org "From bob" \
            "$m/from-bob.plain" "Hello Alice," "signed by bob."
} || {
    echo "Bail out! making the test messages with openssl failed"
    exit 1
}
# uma's signature carries the untrusted root: the harvest must refuse
# both.
ossl smime -pk7out -in "$m/uma.eml" 2>/dev/null |
    ossl pkcs7 -print_certs >"$m/uma-certs.pem" 2>/dev/null
tap_ok "uma's signature carries the untrusted root" \
    grep -qF "$(sed -n 2p "$pki/untrusted-root.pem")" "$m/uma-certs.pem"

# --- Bob's home: reading --------------------------------------------------------

test_home "" bob
hb=$GH_HOME
delete "$hb" "${FPR[carol]}" "${FPR[revoked]}" "${FPR[trent-b]}"
for f in "${FPR[uma]}" "${FPR[untrusted-root]}" "${FPR[mallory]}"; do
    has_cert "$hb" "$f" && {
        echo "Bail out! $f is in bob's keybox from the start"
        exit 1
    }
done

# 1. Altered, with carol absent: red, nothing kept, nothing recorded.
show "$hb" "$m/carol-1-altered.eml"
tap_is "$(msg_field status)" red "altered mail from carol: red"
tap_is "$(msg_first_reason)" bad-signature "altered mail: bad-signature"
tap_not "altered mail: carol's certificate not kept" has_cert "$hb" "${FPR[carol]}"
tap_like "$(ini "$hb" "${FPR[carol]}" email)" '^<no (file|group)>$' \
    "altered mail: no provenance record for carol"

# 2. --no-harvest: green, nothing kept.
show "$hb" "$m/carol-1.eml" --no-harvest
tap_is "$(msg_field status)" green "good mail from carol with --no-harvest: green"
tap_not "--no-harvest: carol's certificate not kept" has_cert "$hb" "${FPR[carol]}"
tap_like "$(ini "$hb" "${FPR[carol]}" email)" '^<no (file|group)>$' \
    "--no-harvest: no provenance record for carol"

# 3. The good mail: green, kept, recorded.
show "$hb" "$m/carol-1.eml"
tap_is "$(msg_field status)" green "good mail from carol: green"
tap_is "$SIGNER_FPR" "${FPR[carol]}" "good mail from carol: signer is carol"
tap_ok "good mail: carol's certificate kept" has_cert "$hb" "${FPR[carol]}"
tap_is "$(ini "$hb" "${FPR[carol]}" email)" carol@example.org \
    "good mail: harvest.ini [carol] email=carol@example.org"
msgid=$(msg_header "$m/carol-1.eml" Message-ID)
msgid=${msgid#<}
msgid=${msgid%>}
tap_like "$(ini "$hb" "${FPR[carol]}" message-id)" "^<?${msgid//./\\.}>?\$" \
    "good mail: harvest.ini [carol] message-id is the mail's ($msgid)"
tap_like "$(ini "$hb" "${FPR[carol]}" harvested)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' \
    "good mail: harvest.ini [carol] harvested= a date and time"

# ... and bob can now encrypt to carol.
gs "$hb" encrypt --to carol@example.org "$m/to-carol.plain"
tap_is "$GS_RC" 0 "encrypt --to carol@example.org after the harvest: exit 0"
cp "$m/gs.out" "$m/to-carol.eml"
tap_ok "encrypt --to carol: openssl decrypts with carol's key" \
    quiet msg_decrypt carol "$m/to-carol.eml" "$m/to-carol.dec"
tap_ok "encrypt --to carol: the decrypted text is bob's" \
    grep -q "a secret for you" "$m/to-carol.dec"

# 4. A certificate already present is never removed.
show "$hb" "$m/carol-2-altered.eml"
tap_is "$(msg_field status)" red "altered mail, carol's certificate present: red"
tap_ok "altered mail: carol's certificate, present before, still there" \
    has_cert "$hb" "${FPR[carol]}"

# 5. A revoked signer.
show "$hb" "$m/revoked.eml"
tap_is "$(msg_field status)" red "revoked signer: red"
tap_is "$(msg_first_reason)" revoked "revoked signer: reason revoked"
tap_not "revoked signer: certificate not kept" has_cert "$hb" "${FPR[revoked]}"
tap_like "$(ini "$hb" "${FPR[revoked]}" email)" '^<no (file|group)>$' \
    "revoked signer: no provenance record"

# 6. A signer under an untrusted root.
show "$hb" "$m/uma.eml"
tap_is "$(msg_field status)" red "untrusted signer (uma): red"
tap_not "uma: her certificate not kept" has_cert "$hb" "${FPR[uma]}"
tap_not "uma: the untrusted root not kept" has_cert "$hb" "${FPR[untrusted-root]}"
tap_like "$(ini "$hb" "${FPR[uma]}" email)$(ini "$hb" "${FPR[untrusted-root]}" email)" \
    '^(<no (file|group)>){2}$' "uma: no provenance records"

# 7. The newer certificate of an address wins.
gs "$hb" encrypt --to trent@example.org "$m/to-trent.plain"
cp "$m/gs.out" "$m/to-trent-before.eml"
tap_ok "before trent-b is known: encryption to trent goes to trent-a" \
    quiet msg_decrypt trent-a "$m/to-trent-before.eml" "$m/dec"
show "$hb" "$m/trent-b.eml"
tap_is "$(msg_field status)" green "mail signed by trent-b: green"
tap_ok "trent-b: certificate kept" has_cert "$hb" "${FPR[trent-b]}"
tap_ok "trent-b: trent-a still there" has_cert "$hb" "${FPR[trent-a]}"
tap_is "$(ini "$hb" "${FPR[trent-b]}" email)" trent@example.org \
    "trent-b: provenance record"
gs "$hb" encrypt --to trent@example.org "$m/to-trent.plain"
tap_is "$GS_RC" 0 "encrypt --to trent@example.org: exit 0"
cp "$m/gs.out" "$m/to-trent.eml"
tap_ok "encrypt --to trent: decrypts with trent-b's key" \
    quiet msg_decrypt trent-b "$m/to-trent.eml" "$m/dec"
tap_not "encrypt --to trent: not with trent-a's key" \
    quiet msg_decrypt trent-a "$m/to-trent.eml" "$m/dec"

# 8. Someone else's certificate with one's own address.
show "$hb" "$m/mallory.eml"
tap_diag "Mallory's mail (From bob@example.org): $(msg_field status)" \
    "$(msg_field reasons); kept: $(has_cert "$hb" "${FPR[mallory]}" && echo yes || echo no)"
tap_not "Mallory's certificate has no secret key in bob's home" \
    has_secret "$hb" "${FPR[mallory]}"
gs "$hb" sign "$m/from-bob.plain"
tap_is "$GS_RC" 0 "gsmime sign From bob after Mallory's mail: exit 0"
cp "$m/gs.out" "$m/from-bob.eml"
show "$hb" "$m/from-bob.eml"
tap_is "$SIGNER_FPR" "${FPR[bob]}" "gsmime sign From bob: signed with bob's own key"
tap_is "$(msg_field status)" green "gsmime sign From bob: green"
# Not a requirement, only reported: whom encryption to one's own address
# goes to once such a certificate is kept.
gs "$hb" encrypt --to bob@example.org "$m/to-carol.plain"
if quiet msg_decrypt bob "$m/gs.out" "$m/dec"; then
    tap_diag "encrypt --to bob@example.org after Mallory's mail: bob's key decrypts"
else
    tap_diag "encrypt --to bob@example.org after Mallory's mail (exit $GS_RC):" \
        "bob's own key does NOT decrypt (Mallory's newer certificate chosen?)"
fi

# --- Carol's own home: a secret key is never removed ---------------------------

show "$hc" "$m/carol-3-altered.eml"
tap_is "$(msg_field status)" red "carol's home, altered mail by carol: red"
tap_ok "carol's home: her certificate still there" has_cert "$hc" "${FPR[carol]}"
tap_ok "carol's home: her secret key still there" has_secret "$hc" "${FPR[carol]}"
# Harder: the certificate deleted, the key still in gpg-agent.  The
# certificate that arrives with the altered mail matches a secret key, so
# it must stay.
delete "$hc" "${FPR[carol]}"
show "$hc" "$m/carol-3-altered.eml"
tap_is "$(msg_field status)" red \
    "carol's home without her certificate, altered mail: red"
tap_ok "a certificate with a secret key is not removed, even from a bad mail" \
    has_secret "$hc" "${FPR[carol]}"

# --- gsmime harvest over a Maildir ----------------------------------------------

test_home "" bob
hm=$GH_HOME
delete "$hm" "${FPR[carol]}" "${FPR[alice]}" "${FPR[trent-b]}" "${FPR[revoked]}"

# Signed entities to build the messages from: three carol mails from her
# own gsmime, three each from alice and trent-b by openssl, with altered
# twins.
for s in alice trent-b; do
    for i in 1 2 3; do
        msg_entity "$m/t-$s-$i" "Hello Bob," "$s writes, number $i." &&
            msg_sign "$s" "$m/t-$s-$i" "$m/e-$s-$i" &&
            sed "s/number $i\\./number 9$i./" "$m/e-$s-$i" \
                >"$m/e-$s-$i-altered" &&
            ! cmp -s "$m/e-$s-$i" "$m/e-$s-$i-altered" || {
            echo "Bail out! signing for the Maildir failed"
            exit 1
        }
    done
done
msg_entity "$m/e-unsigned" "Hello Bob," "nothing signed here." || exit 1

# 200 messages: 80 good, 40 altered (signers carol, alice, trent-b in
# turn), 40 unsigned, 20 by revoked, 20 by uma, shuffled with a fixed
# seed and spread over cur/ and new/.
kinds=()
for _ in $(seq 80); do kinds+=(G); done
for _ in $(seq 40); do kinds+=(A); done
for _ in $(seq 40); do kinds+=(U); done
for _ in $(seq 20); do kinds+=(R); done
for _ in $(seq 20); do kinds+=(M); done
RANDOM=4242
for ((i = ${#kinds[@]} - 1; i > 0; i--)); do
    j=$((RANDOM % (i + 1)))
    t=${kinds[i]} kinds[i]=${kinds[j]} kinds[j]=$t
done
md=$work/Maildir
mkdir -p "$md/cur" "$md/new" "$md/tmp" || exit 1
signers=(carol alice trent-b)
order_cur=() order_new=()
ng=0 na=0
for ((i = 0; i < 200; i++)); do
    id=msg$i.$$@harvest.test
    if [ $((RANDOM % 2)) -eq 0 ]; then
        sub=cur
        name=$(printf '%010d.M%dP%d.gsmime.test:2,S' $((1800000000 + i)) "$i" $$)
    else
        sub=new
        name=$(printf '%010d.M%dP%d.gsmime.test' $((1800000000 + i)) "$i" $$)
    fi
    out=$md/$sub/$name
    kind=${kinds[i]}
    signer=-
    case $kind in
        G | A)
            if [ "$kind" = G ]; then
                signer=${signers[ng % 3]} n=$((ng / 3 % 3 + 1)) ng=$((ng + 1))
                suffix=
            else
                signer=${signers[na % 3]} n=$((na / 3 % 3 + 1)) na=$((na + 1))
                suffix=-altered
            fi
            if [ "$signer" = carol ]; then
                rehead "$m/carol-$n$suffix.eml" "$id" "$out"
            else
                wrap "${signer%-*}@example.org" "Mail $i" "$id" \
                    "$m/e-$signer-$n$suffix" "$out"
            fi ;;
        U) wrap alice@example.org "Mail $i" "$id" "$m/e-unsigned" "$out" ;;
        R) wrap revoked@example.org "Mail $i" "$id" "$m/e-revoked" "$out" ;;
        M) wrap uma@example.net "Mail $i" "$id" "$m/e-uma" "$out" ;;
    esac || {
        echo "Bail out! writing the Maildir failed"
        exit 1
    }
    if [ $sub = cur ]; then
        order_cur+=("$kind:$signer")
    else
        order_new+=("$kind:$signer")
    fi
done
# A file in tmp/ is a delivery in progress: never read.
cp "$m/carol-1.eml" "$md/tmp/1800000999.M999P1.gsmime.test"
tap_is "$(find "$md/cur" "$md/new" -type f | wc -l)" 200 \
    "the Maildir holds 200 messages in cur/ and new/"

# What a harvest in this order must report: a fresh signer's certificate
# is added at its first good mail; before that, each altered mail of that
# signer refuses it (bad-signature); every mail by revoked refuses one
# certificate, every mail by uma two (hers and the untrusted root).
declare -A kept=()
exp_added=0 exp_bad=0 exp_revoked=0 exp_untrusted=0
for e in "${order_cur[@]}" "${order_new[@]}"; do
    kind=${e%%:*} signer=${e#*:}
    case $kind in
        G) [ -n "${kept[$signer]-}" ] || { kept[$signer]=1; exp_added=$((exp_added + 1)); } ;;
        A) [ -n "${kept[$signer]-}" ] || exp_bad=$((exp_bad + 1)) ;;
        R) exp_revoked=$((exp_revoked + 1)) ;;
        M) exp_untrusted=$((exp_untrusted + 2)) ;;
    esac
done
tap_diag "expected: added $exp_added, refused bad-signature $exp_bad," \
    "revoked $exp_revoked, untrusted-chain $exp_untrusted"

# summary_checks WHAT OUTPUT ADDED-LINE: the counts of one summary.
summary_checks() {
    local what=$1 out=$2 added=$3
    tap_is "$(line "$out" "messages read:")" "messages read: 200" \
        "$what: messages read: 200"
    tap_is "$(line "$out" "signed:")" "signed: 160" "$what: signed: 160"
    tap_is "$(line "$out" "signatures good:")" "signatures good: 80" \
        "$what: signatures good: 80"
    tap_is "$(line "$out" "unreadable:")" "unreadable: 0" \
        "$what: unreadable: 0"
    tap_is "$(line "$out" "$added")" "$added $exp_added" \
        "$what: $added $exp_added"
    # A reason nobody was refused for gets no line.
    if [ "$exp_bad" -gt 0 ]; then
        tap_is "$(line "$out" "certificates refused (bad-signature):")" \
            "certificates refused (bad-signature): $exp_bad" \
            "$what: certificates refused (bad-signature): $exp_bad"
    else
        tap_is "$(line "$out" "certificates refused (bad-signature):")" \
            "<missing certificates refused (bad-signature):>" \
            "$what: no certificate refused for a bad signature"
    fi
    tap_is "$(line "$out" "certificates refused (revoked):")" \
        "certificates refused (revoked): $exp_revoked" \
        "$what: certificates refused (revoked): $exp_revoked"
    tap_is "$(line "$out" "certificates refused (untrusted-chain):")" \
        "certificates refused (untrusted-chain): $exp_untrusted" \
        "$what: certificates refused (untrusted-chain): $exp_untrusted"
    local n=0 c
    for c in "$exp_bad" "$exp_revoked" "$exp_untrusted"; do
        [ "$c" -gt 0 ] && n=$((n + 1))
    done
    tap_is "$(printf '%s\n' "$out" | grep -c '^certificates refused')" "$n" \
        "$what: $n refusal lines, no others"
}

before=$(keybox "$hm")
t0=$(date +%s)
gs "$hm" harvest --dry-run "$md"
tap_diag "harvest --dry-run of 200 messages: $(($(date +%s) - t0)) s"
tap_is "$GS_RC" 0 "harvest --dry-run: exit 0"
dry=$(cat "$m/gs.out")
printf '%s\n' "$dry" | sed 's/^/#   dry-run: /'
summary_checks "harvest --dry-run" "$dry" "certificates that would be added:"
tap_is "$(keybox "$hm")" "$before" "harvest --dry-run: keybox unchanged"
tap_not "harvest --dry-run: no harvest.ini written" \
    test -e "$hm/gsmime/harvest.ini"

t0=$(date +%s)
gs "$hm" harvest "$md"
tap_diag "harvest of 200 messages: $(($(date +%s) - t0)) s"
tap_is "$GS_RC" 0 "harvest: exit 0"
real=$(cat "$m/gs.out")
printf '%s\n' "$real" | sed 's/^/#   harvest: /'
summary_checks "harvest" "$real" "certificates added:"
expected_box=$(printf '%s\n' "$before" "${FPR[carol]}" "${FPR[alice]}" "${FPR[trent-b]}" | sort)
tap_is "$(keybox "$hm")" "$expected_box" \
    "harvest: the keybox gained exactly carol, alice and trent-b"
for n in carol alice trent-b; do
    tap_like "$(ini "$hm" "${FPR[$n]}" email)" '@example\.org$' \
        "harvest: provenance record for $n"
done
tap_is "$(ini_check "$hm/gsmime/harvest.ini")" 3 \
    "harvest: harvest.ini is a valid key file with 3 records"

# An mbox: three messages after "From " lines, stored with LF.
delete "$hm" "${FPR[alice]}"
{
    printf 'From carol@example.org Mon Jan  5 10:00:00 2026\n'
    rehead "$m/carol-2.eml" mbox.1@harvest.test /dev/stdout | sed 's/\r$//'
    printf '\nFrom alice@example.org Mon Jan  5 10:01:00 2026\n'
    wrap alice@example.org "mbox 2" mbox.2@harvest.test "$m/e-unsigned" \
        /dev/stdout | sed 's/\r$//'
    printf '\nFrom alice@example.org Mon Jan  5 10:02:00 2026\n'
    wrap alice@example.org "mbox 3" mbox.3@harvest.test "$m/e-alice-1" \
        /dev/stdout | sed 's/\r$//'
    printf '\n'
} >"$work/mbox"
gs "$hm" harvest "$work/mbox"
tap_is "$GS_RC" 0 "harvest of an mbox: exit 0"
mbox_out=$(cat "$m/gs.out")
tap_is "$(line "$mbox_out" "messages read:")" "messages read: 3" \
    "mbox: messages read: 3"
tap_is "$(line "$mbox_out" "signed:")" "signed: 2" "mbox: signed: 2"
tap_is "$(line "$mbox_out" "signatures good:")" "signatures good: 2" \
    "mbox: signatures good: 2"
tap_is "$(line "$mbox_out" "certificates added:")" "certificates added: 1" \
    "mbox: certificates added: 1 (alice, deleted before)"
tap_ok "mbox: alice's certificate kept again" has_cert "$hm" "${FPR[alice]}"

# A folder is read in name order (cmd-harvest.c promises it, and the
# counts above depend on it): of ten good mails from carol, the first by
# name is the one her certificate is kept from.
delete "$hm" "${FPR[carol]}"
mkdir "$work/order" || exit 1
for i in 01 02 03 04 05 06 07 08 09 10; do
    rehead "$m/carol-1.eml" "order-$i@harvest.test" "$work/order/$i"
done
gs "$hm" harvest "$work/order"
tap_is "$(line "$(cat "$m/gs.out")" "certificates added:")" \
    "certificates added: 1" "ten mails from carol: certificates added: 1"
tap_is "$(ini "$hm" "${FPR[carol]}" message-id)" "order-01@harvest.test" \
    "a folder is read in name order: carol's record names the mail in file 01"

# gpgsm --server ends itself on a signature it cannot parse.  The mails
# after such a one must still be read: the session starts a new gpgsm
# (common/verify.c), else every later signature would count as bad.
mkdir "$work/broken-first" || exit 1
python3 - "$m/carol-1.eml" "$work/broken-first/01" <<'PY' || exit 1
import sys
mail = open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n")
start = mail.index(b"\n\n", mail.index(b"application/pkcs7-signature")) + 2
end = mail.index(b"\n--", start) + 1
# A SignedData header that announces more than follows.
open(sys.argv[2], "wb").write(mail[:start] + b"MIIBAAYJKoZIhvcNAQcCoIIB\n"
                              + mail[end:])
PY
rehead "$m/carol-1.eml" broken-2@harvest.test "$work/broken-first/02"
rehead "$m/carol-1.eml" broken-3@harvest.test "$work/broken-first/03"
gs "$hm" harvest --dry-run "$work/broken-first"
tap_is "$(line "$(cat "$m/gs.out")" "signed:")" "signed: 3" \
    "a garbage signature first: signed: 3"
tap_is "$(line "$(cat "$m/gs.out")" "signatures good:")" \
    "signatures good: 2" \
    "a garbage signature first: the two good mails after it are good"

# --- Several sessions: --jobs -----------------------------------------------

# Hostile values of --jobs get a usage error that says what it takes, and
# nothing is read: no number of sessions below one or above 64 (each is
# two gpgsm servers; 100000 of them would be a fork bomb).
for bad in 0 -1 100000 abc ''; do
    gs "$hm" harvest --jobs "$bad" "$work/order"
    tap_is "$GS_RC" 2 "--jobs '$bad': exit 2 (usage)"
    tap_ok "--jobs '$bad': says it takes a number of sessions from 1 to 64" \
        grep -q 'takes a number of sessions from 1 to 64' "$m/gs.err"
    tap_not "--jobs '$bad': no summary, nothing read" \
        grep -q '^messages read' "$m/gs.out"
done

# records HOME: "FPR message-id" for each record of HOME's harvest.ini,
# sorted.
records() {
    python3 - "$1/gsmime/harvest.ini" <<'PY'
import configparser, sys
cp = configparser.ConfigParser(interpolation=None, delimiters=("=",))
cp.optionxform = str
cp.read(sys.argv[1], encoding="utf-8")
for g in sorted(cp.sections()):
    print(g, cp.get(g, "message-id", fallback="<none>"))
PY
}

# The Maildir of 200 read by one session and by two, each in a home as
# $hm was before its harvest: the same summary line for line (with the
# counts the order of the walk predicts), the same keybox, and every
# record naming the same message, the first good one of its signer in
# the walk.  Two sessions that decided in the order their gpgsm answered
# would refuse carol's certificate for an altered mail read beside the
# good one before it, or record a later mail.
for j in 1 2; do
    test_home "" bob
    delete "$GH_HOME" "${FPR[carol]}" "${FPR[alice]}" "${FPR[trent-b]}" \
        "${FPR[revoked]}"
    gs "$GH_HOME" harvest --jobs "$j" "$md"
    tap_is "$GS_RC" 0 "harvest --jobs $j: exit 0"
    cp "$m/gs.out" "$m/jobs$j.out"
    summary_checks "harvest --jobs $j" "$(cat "$m/gs.out")" \
        "certificates added:"
    keybox "$GH_HOME" >"$m/jobs$j.keybox"
    records "$GH_HOME" >"$m/jobs$j.records"
done
tap_ok "--jobs 1 and --jobs 2: the same summary, line for line" \
    cmp "$m/jobs1.out" "$m/jobs2.out"
tap_ok "--jobs 1 and --jobs 2: the same keybox afterwards" \
    cmp "$m/jobs1.keybox" "$m/jobs2.keybox"
tap_is "$(wc -l <"$m/jobs2.records")" 3 "--jobs 2: three records"
tap_ok "--jobs 1 and --jobs 2: the same records, naming the same mails" \
    cmp "$m/jobs1.records" "$m/jobs2.records"
sed 's/^/#   records: /' "$m/jobs2.records"

# The same with --dry-run, whose sessions share what they would have kept.
gs "$hm" harvest --dry-run --jobs 1 "$md"
cp "$m/gs.out" "$m/dry1.out"
gs "$hm" harvest --dry-run --jobs 2 "$md"
tap_ok "--dry-run, --jobs 1 and --jobs 2: the same summary" \
    cmp "$m/dry1.out" "$m/gs.out"

# A message that makes its session fail (a signature that ends gpgsm
# --server) and one that cannot be read at all (an empty file), among 13
# good ones, read by two sessions: the others go on, and each message is
# counted once.
mkdir "$work/failing" || exit 1
for i in $(seq -w 1 15); do
    rehead "$m/carol-1.eml" "failing-$i@harvest.test" "$work/failing/$i"
done
cp "$work/broken-first/01" "$work/failing/05"
: >"$work/failing/10"
gs "$hm" harvest --dry-run --jobs 2 "$work/failing"
failing=$(cat "$m/gs.out")
tap_is "$GS_RC" 0 "15 mails, one failing, one empty, --jobs 2: exit 0"
tap_is "$(line "$failing" "messages read:")" "messages read: 15" \
    "one failing, one empty: messages read: 15, each once"
tap_is "$(line "$failing" "unreadable:")" "unreadable: 1" \
    "one failing, one empty: unreadable: 1 (the empty file)"
tap_is "$(line "$failing" "signed:")" "signed: 14" \
    "one failing, one empty: signed: 14"
tap_is "$(line "$failing" "signatures good:")" "signatures good: 13" \
    "one failing, one empty: the 13 good mails are good"

# --- Killed mid-write -------------------------------------------------------

# A large Maildir: NBULK mails, each from a certificate of its own (one
# key, NBULK certificates issued by the intermediate), so that every mail
# adds a record.  harvest.ini starts with NSEED records of earlier
# harvests, so that rewriting it takes long enough to be caught.
NBULK=120 NSEED=2000
test_home "" bob
hk=$GH_HOME
bulk=$work/bulk
mkdir -p "$bulk/cur" "$bulk/new" "$bulk/tmp" "$hk/gsmime" || exit 1
ossl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out "$m/bulk.key" &&
    ossl req -new -key "$m/bulk.key" -subj "/O=gsmime Test/CN=Bulk" \
        -out "$m/req.csr" || exit 1
t0=$(date +%s)
for ((i = 1; i <= NBULK; i++)); do
    issue_cert "bulk$i" "Bulk $i" "bulk$i@example.org" "$m/req.csr" || {
        cat "$m/ca.log"
        echo "Bail out! issuing the bulk certificates failed"
        exit 1
    }
done
# sign_bulk FIRST STEP: the mails of every STEP-th certificate from FIRST;
# two of these run side by side.
sign_bulk() {
    local i
    for ((i = $1; i <= NBULK; i += $2)); do
        ossl cms -sign -binary -md sha256 -crlfeol -in "$m/text" \
            -signer "$m/bulk$i.pem" -inkey "$m/bulk.key" \
            -certfile "$pki/inter.pem" -out "$m/e-bulk$i" &&
            wrap "bulk$i@example.org" "Bulk $i" "bulk$i@harvest.test" \
                "$m/e-bulk$i" "$bulk/cur/$(printf '%010d.M%dP1.bulk:2,S' \
                $((1800000000 + i)) "$i")" || return 1
    done
}
sign_bulk 1 2 &
p1=$!
sign_bulk 2 2 &
p2=$!
wait "$p1" && wait "$p2" || {
    echo "Bail out! signing the bulk mails failed"
    exit 1
}
# Their fingerprints in one go: SHA-1 of the DER.
mapfile -t bulk_fprs < <(python3 - "$m" "$NBULK" <<'EOF'
import base64, hashlib, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(1, n + 1):
    pem = open("%s/bulk%d.pem" % (d, i)).read()
    b64 = pem.split("-----BEGIN CERTIFICATE-----")[1].split("-----END")[0]
    print(hashlib.sha1(base64.b64decode(b64)).hexdigest().upper())
EOF
)
tap_is "${bulk_fprs[0]}" "$(fpr_of "$m/bulk1.pem")" \
    "bulk fingerprints computed like openssl's"
tap_is "$(find "$bulk/cur" -type f | wc -l)" "$NBULK" \
    "the bulk Maildir holds $NBULK mails"
tap_diag "made $NBULK certificates and mails in $(($(date +%s) - t0)) s"
python3 - "$hk/gsmime/harvest.ini" "$NSEED" <<'EOF'
import hashlib, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    for i in range(n):
        fpr = hashlib.sha1(b"seed %d" % i).hexdigest().upper()
        f.write("[%s]\nemail=seed%d@example.org\nmessage-id=seed%d@old.test\n"
                "date=Mon, 05 Jan 2026 10:00:00 +0000\nfrom=seed%d@example.org\n"
                "harvested=2026-01-05T10:00:00.000000Z\n"
                "revocation-unchecked=false\n\n" % (fpr, i, i, i))
EOF
cp "$hk/gsmime/harvest.ini" "$work/seeds.ini"
tap_is "$(ini_check "$work/seeds.ini")" "$NSEED" \
    "the seeded harvest.ini passes the key file check"

killed=0 bad=0
for k in $(seq 10); do
    "$GSMIME" harvest --homedir "$hk" "$bulk" >"$m/k.out" 2>"$m/k.err" &
    BG_PID=$!
    sleep "$((RANDOM % 3 / 2)).$(printf '%02d' $((RANDOM % 100)))"
    kill -9 "$BG_PID" 2>/dev/null
    wait "$BG_PID" 2>/dev/null
    rc=$?
    BG_PID=
    [ "$rc" -eq 137 ] && killed=$((killed + 1))
    if [ -e "$hk/gsmime/harvest.ini" ]; then
        why=$(ini_check "$hk/gsmime/harvest.ini" "$work/seeds.ini") || {
            bad=$((bad + 1))
            tap_diag "kill $k (exit $rc): harvest.ini broken: $why"
            cp "$hk/gsmime/harvest.ini" "$work/broken-$k.ini"
        }
    else
        why=absent
        bad=$((bad + 1))
        tap_diag "kill $k (exit $rc): harvest.ini with $NSEED earlier records is gone"
    fi
    tap_diag "kill $k: exit $rc, harvest.ini: $why groups," \
        "files in gsmime/: $(cd "$hk/gsmime" && echo *)"
done
tap_diag "$killed of 10 runs were killed before they finished"
tap_is "$bad" 0 "after each of 10 kills: harvest.ini a complete key file with every earlier record"
leftover=$(find "$hk/gsmime" -name '*.ini.?*' ! -name '*.lock' | wc -l)
tap_diag "temporary files left by the kills: $leftover"

gs "$hk" harvest "$bulk"
tap_is "$GS_RC" 0 "the run after the kills: exit 0"
tap_is "$(line "$(cat "$m/gs.out")" "messages read:")" \
    "messages read: $NBULK" "the run after the kills: messages read: $NBULK"
tap_is "$(line "$(cat "$m/gs.out")" "signatures good:")" \
    "signatures good: $NBULK" "the run after the kills: signatures good: $NBULK"
groups=$(ini_check "$hk/gsmime/harvest.ini" "$work/seeds.ini")
tap_ok "after the final run: harvest.ini valid, earlier records intact ($groups)" \
    test "$groups" -ge "$NSEED" 2>/dev/null
missing=0
for f in "${bulk_fprs[@]}"; do
    has_cert "$hk" "$f" || missing=$((missing + 1))
done
unrecorded=$(unrecorded "$hk/gsmime/harvest.ini" "${bulk_fprs[@]}")
tap_is "$missing" 0 "after the final run: all $NBULK certificates kept"
tap_diag "certificates kept without a provenance record (a kill between" \
    "gpgsm storing and gsmime recording): $unrecorded of $NBULK"

# --- Two harvests and a reader at once ------------------------------------

# Two `gsmime harvest --jobs 2` in one home, on two Maildirs of half the
# bulk mails each (every mail adds a record), with the NSEED earlier
# records, while a loop reads: `gsmime certs`, a look-up of one bulk
# address (which reads harvest.ini for where the certificate came from),
# and a check that harvest.ini is a complete key file.  Four writers at
# once, each rewriting the whole file: without the lock of harvest.ini
# one would save over another's record.
test_home "" bob
hp=$GH_HOME
mkdir -p "$work/half1/cur" "$work/half2/cur" "$hp/gsmime" || exit 1
mapfile -t bulk_files < <(find "$bulk/cur" -type f | sort)
for ((i = 0; i < ${#bulk_files[@]}; i++)); do
    ln "${bulk_files[i]}" "$work/half$((i % 2 + 1))/cur/" || exit 1
done
cp "$work/seeds.ini" "$hp/gsmime/harvest.ini"
rm -f "$m/reader.stop"
(
    rounds=0 torn=0
    while [ ! -e "$m/reader.stop" ]; do
        timeout 60 "$GSMIME" certs --homedir "$hp" >/dev/null 2>&1
        timeout 60 "$GSMIME" certs --homedir "$hp" bulk7@example.org \
            >/dev/null 2>&1
        why=$(ini_check "$hp/gsmime/harvest.ini" "$work/seeds.ini") || {
            torn=$((torn + 1))
            echo "# reader: $why" >&2
        }
        rounds=$((rounds + 1))
    done
    echo "$rounds $torn"
) >"$m/reader.out" &
reader=$!
timeout 600 "$GSMIME" harvest --homedir "$hp" --jobs 2 "$work/half1" \
    >"$m/half1.out" 2>"$m/half1.err" &
h1=$!
timeout 600 "$GSMIME" harvest --homedir "$hp" --jobs 2 "$work/half2" \
    >"$m/half2.out" 2>"$m/half2.err" &
h2=$!
wait "$h1"
rc1=$?
wait "$h2"
rc2=$?
touch "$m/reader.stop"
wait "$reader"
read -r rounds torn <"$m/reader.out"
tap_is "$rc1 $rc2" "0 0" "two harvests at once: both exit 0"
half=$((NBULK / 2))
for f in half1 half2; do
    tap_is "$(line "$(cat "$m/$f.out")" "certificates added:")" \
        "certificates added: $half" "two harvests at once: $f added $half"
done
tap_ok "the reader read while they wrote ($rounds rounds)" \
    test "${rounds:-0}" -gt 0
tap_is "${torn:-?}" 0 "the reader never saw a torn or shortened harvest.ini"
tap_is "$(ini_check "$hp/gsmime/harvest.ini" "$work/seeds.ini")" \
    "$((NSEED + NBULK))" \
    "two harvests at once: harvest.ini holds the $NSEED earlier records and all $NBULK new ones"
unrecorded=$(unrecorded "$hp/gsmime/harvest.ini" "${bulk_fprs[@]}")
tap_is "$unrecorded" 0 "two harvests at once: every bulk certificate has its record"
missing=0
for f in "${bulk_fprs[@]}"; do
    has_cert "$hp" "$f" || missing=$((missing + 1))
done
tap_is "$missing" 0 "two harvests at once: every bulk certificate kept"
tap_is "$(cd "$hp/gsmime" && echo pending-*)" "pending-*" \
    "two harvests at once: no journal left behind"

tap_not "no pinentry was ever wanted" \
    grep -qs . "${TEST_HOMES[@]/%//pinentry.log}"
tap_diag "runtime: $(($(date +%s) - started)) s"
tap_done
