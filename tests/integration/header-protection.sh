#!/bin/bash
# header-protection.sh - protected header fields (RFC 9788) as gsmime
# show reads them: every shape of the RFC's Appendix C, made at test time
# by tests/lib/hp-messages.sh with OpenSSL and the test PKI (signed only
# with hp="clear", one part and multipart, as signed-data and as
# multipart/signed; signed and encrypted with hp="cipher" under the
# baseline and shy policies, with and without a Legacy Display Element,
# as replies, with text and HTML alternatives and an attachment; the
# baselines without header protection; mutt's protected-headers="v1"),
# and the hostile sections of tests/data/bad/hp-*.gen, each read in
# detail.  For each: the header_protection value, the protected Subject
# in the JSON and on the "Subject:" line of the text output, HP-Outer,
# and a body without the Legacy Display Element.  Round trips through
# gsmime sign and gsmime encrypt follow in the same file.  Output is
# TAP; exit status 77 when a required program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
# shellcheck source=../lib/hp-messages.sh
. "$GSMIME_SRCDIR/tests/lib/hp-messages.sh"
require_gnupg

test_start hp bob alice
bob_home=$GH_HOME
subject="Quarterly numbers"

# show MSG - gsmime show of MSG in bob's home, as JSON and as text; the
# JSON's members that matter here go to $work/j/NAME (one python3 start
# a message: it is the slow part on a loaded machine), the exit status
# of the JSON run to RC, the text to $work/text.
show() {
    timeout 60 "$GSMIME" show --homedir "$bob_home" --json "$1" \
        >"$work/out" 2>"$work/err"
    RC=$?
    timeout 60 "$GSMIME" show --homedir "$bob_home" "$1" \
        >"$work/text" 2>/dev/null
    rm -rf "$work/j"
    mkdir "$work/j" || exit 1
    python3 - "$work/out" "$work/j" <<'EOF'
import json, os, sys
out, dir = sys.argv[1], sys.argv[2]
try:
    d = json.load(open(out))
except Exception:
    d = {}
ph = d.get("protected_headers")
ho = d.get("hp_outer")
fields = {
    "status": d.get("status", "<no JSON>"),
    "reasons": ",".join(d.get("reasons", [])),
    "hp": d.get("header_protection", "<absent>"),
    "subject": (ph or {}).get("Subject", "<none>"),
    "from": (ph or {}).get("From", "<none>"),
    "names": ",".join(sorted(ph or {})),
    "outer": ",".join(sorted(ho or {})),
    "outer_subject": (ho or {}).get("Subject", "<none>"),
    "body": d.get("body", "<none>"),
    "members": ",".join(k for k in ("protected_headers", "hp_outer",
                                    "header_protection") if k in d),
}
for k, v in fields.items():
    with open(os.path.join(dir, k), "w") as f:
        f.write(v if isinstance(v, str) else json.dumps(v))
EOF
}

j() {
    cat "$work/j/$1"
}

# status_lines - the text output's lines before its first empty line: the
# verdict, its reasons, the signers and the protected Subject.
status_lines() {
    sed -n '/^$/q;p' "$work/text"
}

# check_shape SHAPE HP - the message of SHAPE read: green, the value HP,
# and the protected Subject where there is one.
check_shape() {
    local shape=$1 hp=$2 msg=$work/$1.eml
    if ! hp_message "$msg" "$shape" "$subject"; then
        tap_result 1 "$shape: made with openssl"
        return
    fi
    show "$msg"
    tap_is "$RC $(j status)" "0 green" "$shape: green, exit 0"
    tap_is "$(j members)" "protected_headers,hp_outer,header_protection" \
        "$shape: the JSON has the three members"
    tap_is "$(j hp)" "$hp" "$shape: header_protection $hp"
    if [ "$hp" = none ]; then
        tap_is "$(j names)" "" "$shape: protected_headers empty"
        tap_is "$(status_lines | grep -c '^Subject:')" 0 \
            "$shape: no Subject line in the text"
    else
        tap_is "$(j subject)" "$subject" "$shape: protected Subject in the JSON"
        tap_is "$(status_lines | tail -n 1)" "Subject: $subject" \
            "$shape: the text's last status line is the protected Subject"
    fi
    case $shape in
        cipher-*encrypted)
            tap_is "$(j outer_subject)" "[...]" "$shape: hp_outer has Subject [...]"
            tap_not "$shape: HP-Outer is not among the protected fields" \
                grep -qi 'hp-outer' "$work/j/names" ;;
        *)
            tap_is "$(j outer)" "" "$shape: hp_outer empty" ;;
    esac
    # The body is the text without any Legacy Display Element, where the
    # message has one (the payload itself is checked to carry it).
    tap_like "$(j body)" "^This is the $subject message\." \
        "$shape: the body starts with the text"
    tap_not "$shape: the body holds no header field line" \
        grep -Eq '^(Subject|From|To|Date):' "$work/j/body"
    if hp_has "$shape" legacy && hp_has "$shape" cipher; then
        tap_is "$(hp_payload "$shape" "$subject" | grep -c "Subject: $subject")" \
            "$(hp_has "$shape" complex && echo 3 || echo 2)" \
            "$shape: the payload carries the Legacy Display Element"
    fi
}

# --- Appendix C: baselines, signed only, signed and encrypted ---------------

for shape in none-opaque none-detached none-encrypted none-complex-opaque \
    none-complex-detached; do
    check_shape "$shape" none
done
for shape in clear-opaque clear-detached clear-complex-opaque \
    clear-complex-detached; do
    check_shape "$shape" clear
done
for shape in cipher-encrypted cipher-legacy-encrypted cipher-shy-encrypted \
    cipher-shy-legacy-encrypted cipher-reply-encrypted \
    cipher-legacy-reply-encrypted cipher-complex-encrypted \
    cipher-legacy-complex-encrypted cipher-shy-complex-encrypted \
    cipher-shy-legacy-complex-encrypted cipher-shy-legacy-reply-complex-encrypted; do
    check_shape "$shape" cipher
done
# mutt's draft form: the layers say what it is.
check_shape v1-encrypted cipher
check_shape v1-detached clear
# hp="cipher" where nothing was encrypted is signed only (RFC 9788, 10.2).
check_shape cipher-opaque clear

# The protected Subject is the one shown, not the outer one a list (or
# anyone on the way) changed.
hp_message "$work/listed.eml" clear-detached "$subject" &&
    sed -i "0,/^Subject: $subject/s//Subject: [team] changed on the way/" \
        "$work/listed.eml"
show "$work/listed.eml"
tap_is "$(j status) $(j subject)" "green $subject" \
    "list-prefixed outer Subject: the protected Subject is shown"
tap_is "$(status_lines | grep '^Subject:')" "Subject: $subject" \
    "list-prefixed outer Subject: one Subject line, the protected one"

# Under the shy policy the protected From has the display name the outer
# one lacks; it is the same address, so nothing is said about it.
hp_message "$work/shy.eml" cipher-shy-encrypted "$subject"
show "$work/shy.eml"
tap_is "$(j from)" "$HP_FROM" "shy: the protected From keeps its display name"
tap_is "$(j reasons)" "valid,encrypted" "shy: no reason about the From"

# --- Hostile sections (tests/data/bad/hp-*.gen) ------------------------------

# hostile NAME - the input of the bad-corpus class NAME, read.
hostile() {
    local gen=$GSMIME_SRCDIR/tests/data/bad/$1.gen
    rm -f "$work/$1"
    if ! "$gen" "$work/$1" "$pki" >"$work/gen.log" 2>&1; then
        tap_result 1 "$1: made"
        sed 's/^/#   /' "$work/gen.log"
        return 1
    fi
    show "$work/$1"
}

if hostile hp-crlf; then
    tap_is "$(status_lines | grep -c '^Subject:')" 1 \
        "hp-crlf: one Subject line in the text"
    tap_is "$(status_lines | grep -c '^From:')" 0 \
        "hp-crlf: the encoded line break makes no From line"
    tap_is "$(j subject)" "Real From: mallory@example.org" \
        "hp-crlf: the break is a space in the JSON"
fi
if hostile hp-nul; then
    tap_is "$(status_lines | grep -c '^Subject:\|^From: mallory')" 1 \
        "hp-nul: one Subject line, no line after the NUL"
    tap_is "$(j subject)" "Real" "hp-nul: the Subject ends at the NUL"
fi
if hostile hp-legacy-lie; then
    tap_is "$(j subject)" "Real subject" "hp-legacy-lie: the protected Subject"
    tap_not "hp-legacy-lie: the element's other Subject is not shown" \
        grep -q 'Fake' "$work/text"
fi
if hostile hp-duplicated; then
    tap_is "$(j status) $(j hp)" "orange none" \
        "hp-duplicated: orange, no header protection"
    tap_like "$(j reasons)" "^protected-headers-malformed," \
        "hp-duplicated: the reason says the section cannot be used"
    tap_is "$(status_lines | grep -c '^Subject:')" 0 \
        "hp-duplicated: neither Subject is shown as protected"
fi
if hostile hp-nested; then
    tap_is "$(j hp) $(j subject)" "clear Outer" \
        "hp-nested: only the payload's root counts"
fi
if hostile hp-unprotected; then
    tap_is "$(j status) $(j hp) $(j names)" "grey none " \
        "hp-unprotected: a section outside any signature is not protected"
    tap_is "$(status_lines | grep -c '^Subject:')" 0 \
        "hp-unprotected: no Subject line"
fi
if hostile hp-beside-signed; then
    tap_is "$(j status) $(j hp)" "orange none" \
        "hp-beside-signed: a section beside the signed part is not protected"
fi
if hostile hp-from-forged; then
    tap_is "$RC $(j status)" "1 red" "hp-from-forged: red, exit 1"
    tap_like "$(j reasons)" "^protected-from-unverified," \
        "hp-from-forged: the main reason is protected-from-unverified"
fi

# --- Round trips: gsmime writes, OpenSSL and gsmime read --------------------

test_home alice_home alice

# as_alice SUBCOMMAND OUT ARG... - gsmime SUBCOMMAND in alice's home, its
# output to OUT; the exit status is GS_RC.
as_alice() {
    local cmd=$1 out=$2
    shift 2
    timeout 60 "$GSMIME" "$cmd" --homedir "$alice_home" "$@" >"$out" \
        2>"$out.err"
    GS_RC=$?
    [ "$GS_RC" -eq 0 ] || sed 's/^/#   /' "$out.err"
}

# part_header FILE NAME - the field NAME of the first MIME entity in FILE
# (the content OpenSSL took out of a signature or encryption).
part_header() {
    msg_header "$1" "$2"
}

msg_plain "$HP_FROM" "$HP_TO" "$subject" "$work/plain.eml" "Hello Bob," \
    "the numbers are attached." || exit 1
sed -i "0,/^Subject:/s//Keywords: budget, secret\r\nSubject:/" "$work/plain.eml"

as_alice sign "$work/rt-signed.eml" "$work/plain.eml"
tap_is "$GS_RC" 0 "sign: exit 0"
tap_is "$(msg_header "$work/rt-signed.eml" Subject)" "$subject" \
    "sign: signed only, the outer Subject stays"
tap_ok "sign: openssl cms -verify accepts it" \
    msg_verify "$work/rt-signed.eml" "$work/rt-signed.content"
tap_is "$(part_header "$work/rt-signed.content" Subject)" "$subject" \
    "sign: the signed content carries the Subject"
tap_like "$(part_header "$work/rt-signed.content" Content-Type)" \
    'hp="?clear"?' "sign: hp=clear"
tap_is "$(part_header "$work/rt-signed.content" HP-Outer)" "" \
    "sign: no HP-Outer when signed only"
show "$work/rt-signed.eml"
tap_is "$(j status) $(j hp) $(j subject)" "green clear $subject" \
    "sign: gsmime show reads it green, clear, with the Subject"

for mode in sign-encrypt encrypt opaque-encrypt; do
    case $mode in
        sign-encrypt) as_alice sign "$work/rt-$mode.eml" --encrypt "$work/plain.eml" ;;
        encrypt) as_alice encrypt "$work/rt-$mode.eml" "$work/plain.eml" ;;
        opaque-encrypt) as_alice sign "$work/rt-$mode.eml" --opaque --encrypt \
            "$work/plain.eml" ;;
    esac
    msg=$work/rt-$mode.eml
    tap_is "$GS_RC" 0 "$mode: exit 0"
    tap_is "$(msg_header "$msg" Subject)" "[...]" "$mode: the outer Subject is [...]"
    tap_not "$mode: the real Subject is nowhere in the message" \
        grep -q "Quarterly" "$msg"
    tap_is "$(msg_header "$msg" Keywords)" "" "$mode: Keywords left out"
    tap_is "$(msg_header "$msg" From)" "$HP_FROM" "$mode: From stays for delivery"
    tap_ok "$mode: bob decrypts it with openssl" \
        msg_decrypt bob "$msg" "$work/rt-$mode.dec"
    inner=$work/rt-$mode.dec
    if [ "$mode" != encrypt ]; then
        tap_ok "$mode: openssl verifies the decrypted content" \
            msg_verify "$work/rt-$mode.dec" "$work/rt-$mode.content"
        inner=$work/rt-$mode.content
    fi
    tap_is "$(part_header "$inner" Subject)" "$subject" \
        "$mode: the inner header carries the real Subject"
    tap_like "$(part_header "$inner" Content-Type)" 'hp="?cipher"?' \
        "$mode: hp=cipher"
    tap_is "$(grep -c '^HP-Outer: Subject: \[\.\.\.\]' "$inner")" 1 \
        "$mode: HP-Outer records the outer Subject"
    tap_is "$(grep -c "^Subject: $subject" "$inner")" 2 \
        "$mode: the Legacy Display Element repeats the Subject in the text"
    tap_like "$(part_header "$inner" Content-Type)" 'hp-legacy-display="?1' \
        "$mode: the text part is marked hp-legacy-display"
    show "$msg"
    tap_is "$(j hp) $(j subject) $(j outer_subject)" "cipher $subject [...]" \
        "$mode: gsmime show reads hp cipher, the Subject, HP-Outer"
    tap_is "$(status_lines | tail -n 1)" "Subject: $subject" \
        "$mode: gsmime show prints the protected Subject"
    tap_is "$(j body)" $'Hello Bob,\nthe numbers are attached.' \
        "$mode: the body shown has no Legacy Display Element"
done
show "$work/rt-sign-encrypt.eml"
tap_is "$(j status)" green "sign-encrypt: green"

# --no-header-protection: the body alone, as before RFC 9788.
as_alice sign "$work/rt-off.eml" --encrypt --no-header-protection \
    "$work/plain.eml"
tap_is "$GS_RC" 0 "--no-header-protection: exit 0"
tap_is "$(msg_header "$work/rt-off.eml" Subject)" "$subject" \
    "--no-header-protection: the outer Subject stays readable"
tap_is "$(msg_header "$work/rt-off.eml" Keywords)" "budget, secret" \
    "--no-header-protection: Keywords stay"
msg_decrypt bob "$work/rt-off.eml" "$work/rt-off.dec" &&
    msg_verify "$work/rt-off.dec" "$work/rt-off.content"
tap_is "$(part_header "$work/rt-off.content" Subject)" "" \
    "--no-header-protection: no header fields inside"
tap_not "--no-header-protection: no hp parameter inside" \
    grep -qi 'hp=' "$work/rt-off.content"
show "$work/rt-off.eml"
tap_is "$(j status) $(j hp) $(j names)" "green none " \
    "--no-header-protection: gsmime show finds none"

tap_done
