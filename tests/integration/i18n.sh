#!/bin/bash
# i18n.sh - the gsmime command speaks German when asked to, and only then.
#
# po/de.po is compiled with msgfmt into a temporary locale tree
# ($tmp/locale/de/LC_MESSAGES/gsmime.mo) and the built program is pointed
# at it with GSMIME_LOCALEDIR, which common/i18n.c honours instead of the
# configured $(localedir), so nothing has to be installed.  German is
# chosen with LC_ALL=C.UTF-8 and LANGUAGE=de: glibc ignores LANGUAGE only
# when LC_MESSAGES is "C" or "POSIX", and C.UTF-8 is neither, while it is
# built into glibc (Debian 12 needs no locales package and no
# locale-gen).
#
# alice signs a message with `gsmime sign` in her home, and `gsmime show`
# reads it there with CRLs served over loopback: under German settings the
# headline and the reason text are German; under LANGUAGE=en, and with
# LANGUAGE unset, the same command prints English.  Either way the colour
# word ("[green]") and the reason code ("valid") stay English, as scripts
# match them; so do the JSON members.  Errors (an unreadable file, an
# unknown command) are German too.  Output is TAP; exit status 77 when a
# required program, or the C.UTF-8 locale, is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
require_programs msgfmt gpgsm gpg-agent dirmngr gpgconf gpg-connect-agent openssl python3 timeout

if [ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" != UTF-8 ]; then
    echo "1..0 # SKIP the C.UTF-8 locale is not available"
    exit 77
fi

test_start gsi18n alice

# --- The catalogue ------------------------------------------------------------

po=$GSMIME_SRCDIR/po/de.po
mkdir -p "$tmp/locale/de/LC_MESSAGES" || exit 1
if msgfmt -c --statistics -o "$tmp/locale/de/LC_MESSAGES/gsmime.mo" "$po" \
    2>"$tmp/msgfmt.log"; then
    tap_result 0 "po/de.po compiles with msgfmt -c"
else
    tap_result 1 "po/de.po compiles with msgfmt -c"
fi
sed 's/^/# msgfmt: /' "$tmp/msgfmt.log"

# de ARGS... / en ARGS... / plain ARGS... - runs gsmime ARGS with the
# catalogue reachable, in German, in English, and with no LANGUAGE at all
# (LC_ALL=C.UTF-8 in each case, whatever the caller's environment says).
# Output goes to $work/out and $work/err, the exit status to RC.
run() {
    local language=$1
    shift
    timeout 60 env -u LANGUAGE LC_ALL=C.UTF-8 \
        GSMIME_LOCALEDIR="$tmp/locale" ${language:+LANGUAGE=$language} \
        "$GSMIME" "$@" >"$work/out" 2>"$work/err" </dev/null
    RC=$?
}
de() { run de "$@"; }
en() { run en "$@"; }
plain() { run "" "$@"; }

# --- A message alice signed with gsmime ------------------------------------------

alice=alice@example.org
msg_plain "$alice" bob@example.org "Signed for the German test" "$work/plain.eml" \
    "Hello Bob," "this is signed." || {
    echo "Bail out! making the test message failed"
    exit 1
}
if timeout 60 "$GSMIME" sign --homedir "$GH_HOME" "$work/plain.eml" \
    >"$work/signed.eml" 2>"$work/err"; then
    tap_result 0 "gsmime sign (alice): exit status 0"
else
    tap_result 1 "gsmime sign (alice): exit status 0"
    head -n 5 "$work/err" | sed 's/^/#   /'
    echo "Bail out! alice could not sign"
    exit 1
fi
signed=$work/signed.eml

# --- German -------------------------------------------------------------------

good_de="Gültige Signatur von $alice"
# The reason says what the revocation check did: the CRL and when.
when='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC'
reason_de="Gültige Signatur: Die Zertifikatskette führt zu einem vertrauenswürdigen Stammzertifikat und das Zertifikat ist nicht widerrufen: geprüft mit der Sperrliste von http://127\.0\.0\.1:$port/inter\.crl am $when\."

de show --homedir "$GH_HOME" "$signed"
tap_is "$RC" 0 "German: show exits 0"
tap_is "$(head -n 1 "$work/out")" "[green] $good_de" \
    "German: headline in German, colour word English"
tap_like "$(sed -n 2p "$work/out")" "^  valid: $reason_de\$" \
    "German: reason text in German, reason code English"
tap_like "$(sed -n 3p "$work/out")" \
    "^  Unterzeichner: $alice \\([0-9A-F]{40}\\), green\$" \
    "German: signer line in German, colour word English"
if [ "$RC" -ne 0 ] || ! grep -q "^\[green\] $good_de\$" "$work/out"; then
    head -n 5 "$work/out" "$work/err" | sed 's/^/#   /'
    if ! grep -aq GSMIME_LOCALEDIR "$GSMIME"; then
        tap_diag "$GSMIME does not mention GSMIME_LOCALEDIR:" \
            "common/i18n.c must honour it for this test"
    fi
fi

de show --json --homedir "$GH_HOME" "$signed"
json_de=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d.get("status"), ",".join(d.get("reasons") or []), d.get("headline"))' \
    "$work/out" 2>/dev/null)
tap_is "$json_de" "green valid $good_de" \
    "German: JSON status and reason codes stay English, headline German"

de show /nonexistent
tap_is "$RC" 3 "German: unreadable file: exit status 3"
tap_like "$(cat "$work/err")" '^gsmime: „/nonexistent“ konnte nicht geöffnet werden: ' \
    "German: unreadable file: error in German"
tap_is "$(wc -c <"$work/out")" 0 "German: unreadable file: nothing on stdout"

de frobnicate
tap_is "$RC" 2 "German: unknown command: exit status 2"
tap_is "$(head -n 1 "$work/err")" 'gsmime: unbekannter Befehl „frobnicate“' \
    "German: unknown command: error in German"
tap_is "$(sed -n 2p "$work/err")" 'Aufruf: gsmime BEFEHL [OPTIONEN] [ARGUMENTE]' \
    "German: usage in German"

# --- English ------------------------------------------------------------------

good_en="Good signature from $alice"
reason_en="Good signature: the certificate chain leads to a trusted root, and the certificate is not revoked: checked against the CRL from http://127\.0\.0\.1:$port/inter\.crl at $when\."

for lang in en plain; do
    case $lang in
        en) what="LANGUAGE=en" ;;
        plain) what="LANGUAGE unset" ;;
    esac
    $lang show --homedir "$GH_HOME" "$signed"
    tap_is "$RC" 0 "$what: show exits 0"
    tap_is "$(head -n 1 "$work/out")" "[green] $good_en" \
        "$what: headline in English"
    tap_like "$(sed -n 2p "$work/out")" "^  valid: $reason_en\$" \
        "$what: reason text in English"
    $lang show /nonexistent
    tap_is "$RC" 3 "$what: unreadable file: exit status 3"
    tap_like "$(cat "$work/err")" '^gsmime: Could not open "/nonexistent": ' \
        "$what: unreadable file: error in English"
done

tap_done
