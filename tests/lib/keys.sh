# shellcheck shell=bash
# keys.sh - the gsmime command on a home that holds keys: importing with
# a passphrase, the fake pinentry that stands in for the user typing,
# and what the keybox and gpg-agent hold afterwards.
#
# Source it after prelude.sh and messages.sh (for msg_fpr); it runs
# nothing at load time.  The functions use $work (the test's folder),
# $pki and, when set, $gtmp as gsmime's TMPDIR (else $work/tmp).

# gs HOME SUBCOMMAND OUT [ARG...]: a gsmime command in HOME with TMPDIR
# set, stdout to OUT, stderr to OUT.err, exit status in GS_RC.
gs() {
    local home=$1 cmd=$2 out=$3
    shift 3
    mkdir -p "${gtmp:-$work/tmp}"
    TMPDIR=${gtmp:-$work/tmp} timeout 60 "$GSMIME" "$cmd" --homedir "$home" \
        "$@" >"$out" 2>"$out.err"
    GS_RC=$?
    if [ "$GS_RC" -ne 0 ] && [ -s "$out.err" ]; then
        tap_diag "gsmime $cmd $*: exit $GS_RC"
        head -n 5 "$out.err" | sed 's/^/#   /'
    fi
}

# gs_import HOME OUT PASSPHRASE FILE...: gsmime import with the passphrase
# on file descriptor 3.
gs_import() {
    local home=$1 out=$2 pass=$3
    shift 3
    printf '%s\n' "$pass" >"$work/passfd"
    gs "$home" import "$out" --passphrase-fd 3 "$@" 3<"$work/passfd"
    rm -f "$work/passfd"
}

# key_p12 OUT NAME PASS [OPENSSL-OPTION...]: NAME's key and certificate
# (with the chain, which NAME.pem holds) as a PKCS#12 file under PASS,
# in OpenSSL 3's default form unless an OPENSSL-OPTION (-legacy) says
# otherwise.
key_p12() {
    local out=$1 name=$2 pass=$3
    shift 3
    msg_openssl pkcs12 -export -name "$name" -inkey "$pki/$name.key" \
        -in "$pki/$name.pem" -passout "pass:$pass" "$@" -out "$out"
}

# key_import_protected HOME NAME PASS: NAME's key and certificate put into
# HOME as a user does it, with gsmime import of a PKCS#12 file under PASS,
# so that gpg-agent keeps the key protected by PASS; HOME's agent then
# asks the fake pinentry (use_fake_pinentry), which types PASS.  Bails
# out when the key did not arrive.
key_import_protected() {
    local home=$1 name=$2 pass=$3
    GS_RC=1
    key_p12 "$work/$name-import.p12" "$name" "$pass" &&
        gs_import "$home" "$work/$name-import.out" "$pass" \
            "$work/$name-import.p12"
    if [ "$GS_RC" -ne 0 ] || ! key_file_is_protected "$home" "$name"; then
        echo "Bail out! gsmime import of $name's key with a passphrase failed"
        exit 1
    fi
    use_fake_pinentry "$home"
    pinentry_answers "$home" "$pass"
}

# snapshot HOME: everything an import could change: the keybox listings,
# public and secret, and the agent's key files.
snapshot() {
    gpgsm --homedir "$1" --batch --with-colons -k 2>/dev/null
    echo "--- secret"
    gpgsm --homedir "$1" --batch --with-colons -K 2>/dev/null
    echo "--- agent"
    ls "$1/private-keys-v1.d" 2>/dev/null
}

# same_as_before CASE BEFORE HOME: HOME's snapshot is still BEFORE (a
# file); shows the start of the difference when it is not.
same_as_before() {
    local case=$1 before=$2 home=$3
    snapshot "$home" >"$before.after"
    if cmp -s "$before" "$before.after"; then
        tap_result 0 "$case: keybox and agent keys unchanged"
    else
        tap_result 1 "$case: keybox and agent keys unchanged"
        diff "$before" "$before.after" | head -n 12 | sed 's/^/#   /'
    fi
}

# keygrip HOME NAME: the keygrip of NAME's key, from gpgsm's listing.
keygrip() {
    gpgsm --homedir "$1" --batch --with-colons -K "$(msg_fpr "$pki/$2.pem")" \
        2>/dev/null | awk -F: '$1 == "grp" { print $10; exit }'
}

# key_file_is_protected HOME NAME: gpg-agent keeps NAME's key encrypted.
key_file_is_protected() {
    local file
    file=$1/private-keys-v1.d/$(keygrip "$1" "$2").key
    [ -f "$file" ] && grep -q 'protected-private-key' "$file" &&
        ! grep -q '(private-key' "$file"
}

# pin_file HOME EXT: where the fake pinentry of HOME finds what the user
# types (pass) and logs what it was asked (log); in the work folder.
pin_file() {
    echo "$work/pinentry.$(basename "$1").$2"
}

# use_fake_pinentry HOME: gpg-agent of HOME gets tests/lib/fake-pinentry
# (gh_fake_pinentry), answering with the first line of its pass file and
# logging to its log.
use_fake_pinentry() {
    gh_fake_pinentry "$1" "$(pin_file "$1" pass)" "$(pin_file "$1" log)" &&
        gpgconf --homedir "$1" --reload gpg-agent || exit 1
}

# pinentry_answers HOME PASSPHRASE: what the user will type from now on;
# also forgets the passphrases gpg-agent has cached (a reload flushes the
# cache), so the next use of a key asks again, and empties the log.
pinentry_answers() {
    printf '%s\n' "$2" >"$(pin_file "$1" pass)"
    : >"$(pin_file "$1" log)"
    gpgconf --homedir "$1" --reload gpg-agent
}

# pinentry_asked HOME: how many passphrases were asked since the last
# pinentry_answers.
pinentry_asked() {
    grep -c '^GETPIN' "$(pin_file "$1" log)" 2>/dev/null || true
}

# key_engine_encrypts_ecdh: gsmime doctor says the engine encrypts to
# elliptic-curve certificates (with or without gpgsm's flag).
key_engine_encrypts_ecdh() {
    "$GSMIME" doctor --json 2>/dev/null | python3 -c '
import json, sys
caps = {c["name"]: c["available"] for c in json.load(sys.stdin)["capabilities"]}
sys.exit(0 if caps["ecdh-encrypt"] or caps["ecdh-encrypt-flag"] else 1)'
}
