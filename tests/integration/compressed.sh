#!/bin/bash
# compressed.sh - RFC 3274 compressed-data is read by the core
# (common/compressed.c) and what it holds is walked as any other part:
#
#   - compressed plain text shows its text, grey "not-signed" with the
#     grey reason "compressed": compression makes nothing look signed;
#   - compressed signed content, compressed encrypted content, and a
#     signature over compressed content are judged as without the
#     compression (green, decrypted, green), and say "compressed";
#   - a part without the smime-type parameter is known by its OID.
#
# Damaged and hostile compressed-data (a zlib bomb, a cut-off or garbled
# zlib stream, a cut-off CMS object) is in tests/data/bad/ (bad-corpus.sh),
# with its limits of time and memory.  The messages are made at test time
# (tests/lib/cms-build.py, since Debian's OpenSSL has no zlib); bob's home
# reads them.  Output is TAP.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
# shellcheck source=../lib/modern-messages.sh
. "$GSMIME_SRCDIR/tests/lib/modern-messages.sh"
require_gnupg base64

test_start gscomp bob
bob_home=$GH_HOME
text="this was compressed."
msg_entity "$work/ent" "Hello Bob," "$text" || exit 1

# show NAME ENTITY: wraps ENTITY into the message NAME.eml, alice to bob,
# and reads it in bob's home with gsmime show --json.
show() {
    msg_wrap alice@example.org bob@example.org "$1" "$2" "$work/$1.eml" &&
        msg_show "$bob_home" "$work/$1.eml" --json
}

# expect NAME STATUS REASONS: what show found for NAME: STATUS, exactly
# the REASONS (comma-separated, in order), exit 0, and the text.
expect() {
    tap_is "$(msg_field status)" "$2" "$1: $2"
    tap_is "$(msg_field reasons)" "$3" "$1: reasons $3"
    tap_is "$MSG_RC" 0 "$1: exit status 0"
    [ "$MSG_RC" -eq 0 ] || head -n 3 "$work/err" | sed 's/^/#   /'
    tap_like "$(msg_field body)" "$text" "$1: the text is shown"
}

mm_make compressed "$work/ent" "$work/plain.ent" || exit 1
show plain "$work/plain.ent"
expect "compressed plain text" grey not-signed,compressed

msg_sign alice "$work/ent" "$work/signed.ent" &&
    mm_make compressed "$work/signed.ent" "$work/csigned.ent" || exit 1
show csigned "$work/csigned.ent"
expect "compressed signed content" green valid,compressed
tap_is "$(msg_field signer)" alice@example.org \
    "compressed signed content: signed by alice"

msg_encrypt "$work/ent" "$work/enc.ent" "$pki/bob.pem" &&
    mm_make compressed "$work/enc.ent" "$work/cenc.ent" || exit 1
show cenc "$work/cenc.ent"
expect "compressed encrypted content" grey not-signed,encrypted,compressed
tap_is "$(msg_field decrypted)" true "compressed encrypted content: decrypted"

msg_sign alice "$work/plain.ent" "$work/signedc.ent" || exit 1
show signedc "$work/signedc.ent"
expect "signature over compressed content" green valid,compressed

sed '/^Content-Type:/s/smime-type=compressed-data; //' "$work/plain.ent" \
    >"$work/bare.ent" || exit 1
grep -q smime-type "$work/bare.ent" &&
    tap_diag "the smime-type parameter is still there"
show bare "$work/bare.ent"
expect "compressed-data without smime-type" grey not-signed,compressed

# The text form names the compression too.
msg_show "$bob_home" "$work/plain.eml"
tap_like "$(cat "$work/out")" "compressed: The message was compressed" \
    "gsmime show says the message was compressed"

tap_done
