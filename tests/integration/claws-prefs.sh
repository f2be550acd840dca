#!/bin/bash
# claws-prefs.sh - the gsmime plugin's preferences in the real Claws Mail,
# under Xvfb.
#
# Claws runs twice on one configuration (tests/lib/claws.sh):
#
#   1. clawsrc has no [gsmime] block, so the plugin runs on the core's
#      defaults: SHA-1 is orange, an unreachable CRL server orange, and a
#      good signature from a sender not in the keybox (carol) leaves her
#      certificate harvested.  accountrc names bob's signing certificate
#      in the account's privacy_prefs, which the plugin reports; the
#      second account (soon@example.org, the default) has a certificate
#      that expires in ten days, which Claws' log and the first compose
#      window say, once.  The preferences page is opened with the
#      keyboard (xdotool), shows carol in the list of harvested
#      certificates and is photographed (tests/logs/claws-prefs.png); its
#      import button imports a certificate chosen in the file chooser,
#      its Remove button takes carol's out of the keybox and harvest.ini,
#      and OK writes the [gsmime] block.
#   2. A [gsmime] block written before the start turns harvesting and
#      revocation off, SHA-1 red and names an OCSP responder: the same
#      messages get the other verdicts, the responder lands in
#      dirmngr.conf.  On the page harvesting is switched on again and
#      saved: the next message harvests.  In the account's preferences
#      the signing certificate is chosen, and accountrc keeps it.
#
# The plugin writes what it did to the file named by GSMIME_CLAWS_TRACE
# (plugin/claws/trace.c); the checks read that file, and clawsrc,
# accountrc, dirmngr.conf and Claws' log.  Output is TAP; exit status 77
# without claws-mail, Xvfb, xdotool or the plugin.

set -u

# shellcheck source=../lib/claws.sh
. "$(dirname "$0")/../lib/claws.sh"
claws_in_xvfb "$0" "$@"

claws_prelude xdotool base64
# shellcheck source=../lib/claws-keys.sh
. "$GSMIME_SRCDIR/tests/lib/claws-keys.sh"

test_cleanup_hook() {
    claws_kill
    # What Claws printed, with the steps between, for when a check fails.
    [ -n "${claws_log-}" ] &&
        cp "$claws_log" "$claws_logdir/claws-prefs-output.log" 2>/dev/null
}
test_start clp bob soon

# fpr NAME: the SHA-1 fingerprint of NAME's certificate, as gpgsm writes it.
fpr() { msg_fpr "$pki/$1.pem"; }
bob_fpr=$(fpr bob)
soon_fpr=$(fpr soon)
carol_fpr=$(fpr carol)

# --- The messages -------------------------------------------------------------

bob=bob@example.org
msg_entity "$work/text" "Hello Bob," "this is signed." || exit 1
{
    msg_sign alice "$work/text" "$work/sha1-entity" -md sha1 &&
        msg_wrap alice@example.org "$bob" "SHA-1" "$work/sha1-entity" \
            "$work/sha1.eml" &&
        msg_sign crldown "$work/text" "$work/crldown-entity" &&
        msg_wrap crldown@example.org "$bob" "CRL server down" \
            "$work/crldown-entity" "$work/crldown.eml" &&
        msg_sign carol "$work/text" "$work/carol-entity" &&
        msg_wrap carol@example.org "$bob" "From carol" \
            "$work/carol-entity" "$work/carol.eml" &&
        msg_wrap carol@example.org "$bob" "From carol, again" \
            "$work/carol-entity" "$work/carol-again.eml"
} || {
    echo "Bail out! making the test messages with openssl failed"
    exit 1
}

# --- Claws' configuration -----------------------------------------------------

claws_make_config "$tmp/claws" "$tmp/Mail" "$bob" Bob || exit 1
# GTK's file chooser keeps its settings through GSettings; without a
# session bus, in memory.
export GSETTINGS_BACKEND=memory
n=0
for m in sha1 crldown carol carol-again; do
    n=$((n + 1))
    cp "$work/$m.eml" "$claws_mail/inbox/$n" &&
        msg_to_lf "$claws_mail/inbox/$n" || exit 1
done
# No spell checker: without dictionaries Claws stops every compose window
# with an error dialog.
sed -i 's/^\[Common\]$/[Common]\nenable_aspell=0/' "$claws_cfg/clawsrc"
# Bob's account names his signing certificate the way the account page
# stores it (privacy_prefs: id=base64 value, as Claws writes it); the
# second account, soon@example.org, is the default, so that compose
# windows are hers.
bob_choice=$(printf 'sign=%s' "$bob_fpr" | base64 -w0)
sed -i 's/^is_default=1$/is_default=0/' "$claws_cfg/accountrc"
cat >>"$claws_cfg/accountrc" <<EOF || exit 1
privacy_prefs=gsmime=$bob_choice

[Account: 2]
config_version=4
account_name=Soon
is_default=1
name=Soon
address=soon@example.org
protocol=3
smtp_server=127.0.0.1
EOF

# forget_carol: carol's certificate out of the keybox, so that her next
# message brings it anew.
forget_carol() {
    gh_gpgsm --delete-keys "$carol_fpr" >/dev/null 2>&1
    [ -z "$(gh_gpgsm --list-keys "$carol_fpr" 2>/dev/null)" ]
}

# --- Driving Claws ------------------------------------------------------------

# open N NAME STATUS CODE: opens message N, checks the verdict the plugin
# gave Claws.
open() {
    step "open message $1"
    claws_select "$1"
    if ! claws_wait_for '^notice ' 60; then
        tap_result 1 "$2: Claws shows a verdict"
        claws_trace_since . | sed 's/^/#   trace: /'
        return 1
    fi
    local verdict
    verdict=$(claws_trace_since '^verdict ' | tail -n 1)
    tap_is "$(claws_field "$verdict" status)" "$3" "$2: $3"
    tap_is "$(claws_field "$verdict" code)" "$4" "$2: reason $4"
}

claws_no_key_repeat

# close_notice: waits for the notice dialog the import shows, presses
# Return in it until it is gone.
close_notice() {
    local try
    for try in 1 2 3; do
        claws_find_window '^Notice$' 20 >/dev/null || return 1
        focus '^Notice$' && slow_key Return
        for _ in $(seq 20); do
            xdotool search --name '^Notice$' >/dev/null 2>&1 || return 0
            sleep 0.1
        done
    done
    return 1
}

# rc_block FILE NAME: the lines of the [NAME] block of an rc file.
rc_block() {
    awk -v want="[$2]" '/^\[/ { inside = ($0 == want); next }
        inside && NF' "$1"
}

# --- Run 1: the defaults --------------------------------------------------------

forget_carol || echo "# could not remove carol's certificate"
if ! claws_start; then
    echo "Bail out! no plugin, no further checks"
    exit 1
fi
prefs_line=$(grep -a '^prefs ' "$claws_trace" | tail -n 1)
tap_like "$prefs_line" \
    ' harvest=on revocation=crl budget=5000 weakdigest=orange ' \
    "defaults: no [gsmime] block gives the core's settings"
accounts=$(grep -a '^account ' "$claws_trace")
tap_like "$accounts" \
    "^account id=1 address=$bob signing=$bob_fpr encryption=auto\$" \
    "the signing certificate stored in accountrc is the account's"
tap_like "$accounts" \
    '^account id=2 address=soon@example.org signing=auto encryption=auto$' \
    "an account without a choice uses the core's (auto)"

# The expiry check runs in a thread after loading.
claws_seen=0
claws_wait_for '^expiry-checked ' 30
tap_like "$(grep -a '^expiry-warning where=log ' "$claws_trace")" \
    "address=soon@example.org fingerprint=$soon_fpr days=(9|10|11) " \
    "a certificate of the user's that expires in 10 days is warned of"
tap_not "no warning for bob's certificate, valid for two years" \
    grep -aq "^expiry-warning .*$bob_fpr" "$claws_trace"
tap_is "$(grep -ac '^expiry-warning where=log ' "$claws_trace")" 1 \
    "the warning is said once"
# Claws keeps its protocol log in the configuration directory.
claws_logfile=$(grep -rls "certificate for soon@example.org" \
    "$claws_cfg" 2>/dev/null | head -n 1)
tap_ok "Claws' own log has the warning (${claws_logfile##*/})" \
    test -n "$claws_logfile"

claws_mark
open 1 "SHA-1, defaults" SIGNATURE_WARN weak-digest
open 2 "CRL server down, defaults" SIGNATURE_WARN revocation-unknown
open 3 "carol, not in the keybox, defaults" SIGNATURE_OK valid
tap_like "$(claws_trace_since '^harvested ')" "$carol_fpr" \
    "defaults: carol's certificate is harvested"

# The compose window of the account with the expiring certificate.
claws_mark
step compose; claws --compose >>"$claws_log" 2>&1
claws_wait_for '^expiry-warning where=compose ' 20
tap_like "$(claws_trace_since '^expiry-warning where=compose ')" \
    "fingerprint=$soon_fpr" "the compose window says the certificate expires"
claws_shot prefs-compose
claws_mark
step compose; claws --compose >>"$claws_log" 2>&1
sleep 2
tap_is "$(claws_trace_since '^expiry-warning ' | wc -l)" 0 \
    "a second compose window does not say it again"
# Close both (nothing was typed, so Claws does not ask); one left open
# would be kept as a draft and opened again at the next start.
for _ in 1 2 3 4 5 6; do
    focus ' - Compose message$' || break
    slow_key ctrl+w
    sleep 0.5
done
tap_not "the compose windows are closed again" \
    xdotool search --name ' - Compose message$'

# The page under Preferences -> Plugins.
if open_page '^Preferences$' r '^prefs-page '; then
    tap_result 0 "the preferences page opens"
else
    tap_result 1 "the preferences page opens"
fi
# The list is read in the background; the page says "Loading…" first.
claws_wait_for '^cert-list ' 30
tap_is "$(claws_trace_since '^cert-list' | head -n 1)" cert-list-loading \
    "the page says it is loading the list before the list comes"
tap_is "$(claws_field "$(claws_trace_since '^cert-list ' | tail -n 1)" count)" \
    1 "the page lists one harvested certificate (carol's)"
# The pointer away from the page, or a tooltip hides part of it.
xdotool mousemove 1270 1010
sleep 1
import -window root "$claws_logdir/claws-prefs.png" 2>/dev/null
tap_ok "screenshot claws-prefs.png" test -s "$claws_logdir/claws-prefs.png"
tap_is "$(rc_block "$claws_cfg/clawsrc" gsmime | wc -l)" 0 \
    "before saving, clawsrc has no [gsmime] block"

# The import button: a file chooser, then the code of `gsmime import`.
# uma's certificate is in no test home.  The chooser opens in the home
# directory, where uma.pem is the only file: typing its name then
# completes without a pop-up (typing into the completion pop-up of a
# longer path makes GTK complain, Gtk-CRITICAL, now and then).
uma_fpr=$(fpr uma)
cp "$pki/uma.pem" "$HOME/uma.pem" || echo "# could not copy uma.pem"
claws_mark
press_until '^Preferences$' alt+i '^import-chooser' 10
if claws_find_window '^Import certificate or PKCS#12$' 20 >/dev/null &&
    sleep 0.5 && focus '^Import certificate or PKCS#12$'; then
    xdotool key ctrl+l
    sleep 0.3
    xdotool type --delay 20 uma.pem
    sleep 0.5
    slow_key Return
fi
claws_wait_for '^import(ed|-failed) ' 30
tap_like "$(claws_trace_since '^import(ed|-failed) ')" \
    "^imported file=$HOME/uma\.pem certificates=$uma_fpr\$" \
    "the import button imports the chosen file"
tap_ok "uma's certificate is in the keybox now" \
    test -n "$(gh_gpgsm --list-keys "$uma_fpr" 2>/dev/null)"
# The notice that says what was imported.
close_notice || tap_diag "the notice of the import did not go"

# Removing carol's harvested certificate: the list (Alt+K), its first
# row, Remove (Alt+R), and Remove again in the question.
tap_ok "harvest.ini has carol's provenance" \
    grep -q "^\[$carol_fpr\]" "$GH_HOME/gsmime/harvest.ini"
claws_mark
focus '^Preferences$' && xdotool key alt+k Home
sleep 0.3
slow_key alt+r
claws_find_window '^Remove certificate$' 20 >/dev/null && sleep 0.5 &&
    focus '^Remove certificate$' && slow_key alt+r
claws_wait_for '^cert-list ' 10
tap_like "$(claws_trace_since '^cert-remove')" \
    "^cert-removed fingerprint=$carol_fpr\$" "Remove removes the chosen certificate"
tap_is "$(claws_field "$(claws_trace_since '^cert-list ' | tail -n 1)" count)" \
    0 "the list is empty afterwards"
tap_ok "carol's certificate left the keybox" \
    test -z "$(gh_gpgsm --list-keys "$carol_fpr" 2>/dev/null)"
tap_not "harvest.ini forgets carol's provenance" \
    grep -q "^\[$carol_fpr\]" "$GH_HOME/gsmime/harvest.ini"
claws_mark
press_until '^Preferences$' Return '^prefs-saved ' 10
tap_like "$(claws_trace_since '^prefs-saved ')" '^prefs-saved generation=1 ' \
    "OK saves the page and bumps the generation"
block=$(rc_block "$claws_cfg/clawsrc" gsmime)
tap_like "$block" '^harvest=1$' "saving wrote harvest=1 into [gsmime]"
tap_like "$block" '^revocation=crl$' "saving wrote revocation=crl"
tap_like "$block" '^weak_digest=orange$' "saving wrote weak_digest=orange"
tap_not "no OCSP responder in dirmngr.conf while none is chosen" \
    grep -q '^ocsp-responder' "$GH_HOME/dirmngr.conf"

claws_stop

# --- Run 2: preferences written before the start -------------------------------------

# Claws wrote clawsrc back when it quit; replace the block it kept.
awk '/^\[/ { skip = ($0 == "[gsmime]") } !skip' "$claws_cfg/clawsrc" \
    >"$claws_cfg/clawsrc.new" && mv "$claws_cfg/clawsrc.new" "$claws_cfg/clawsrc"
cat >>"$claws_cfg/clawsrc" <<EOF
[gsmime]
harvest=0
revocation=off
weak_digest=red
ocsp_responder=http://127.0.0.1:9/ocsp

EOF
forget_carol || echo "# could not remove carol's certificate"
claws_mark
if ! claws_start; then
    echo "Bail out! Claws did not start the second time"
    exit 1
fi
tap_like "$(claws_trace_since '^prefs ')" \
    ' harvest=off revocation=off budget=5000 weakdigest=red .* responder=http://127\.0\.0\.1:9/ocsp$' \
    "[gsmime] in clawsrc is read at start-up"
tap_like "$(grep '^ocsp-responder' "$GH_HOME/dirmngr.conf")" \
    '^ocsp-responder http://127\.0\.0\.1:9/ocsp$' \
    "the OCSP responder is written to dirmngr.conf"

claws_mark
open 1 "SHA-1, weak_digest=red" SIGNATURE_INVALID weak-digest
open 2 "CRL server down, revocation=off" SIGNATURE_OK valid
open 3 "carol, harvest=0" SIGNATURE_OK valid
tap_like "$(claws_trace_since '^not-kept ')" "$carol_fpr: harvesting-off" \
    "harvest=0: carol's certificate is not kept"
tap_is "$(claws_trace_since '^harvested ' | wc -l)" 0 \
    "harvest=0: nothing harvested"

# Harvesting on again through the page: Alt+H is its check box's
# mnemonic.
if open_page '^Preferences$' r '^prefs-page '; then
    focus '^Preferences$' && slow_key alt+h
    claws_settle
    claws_mark
    press_until '^Preferences$' Return '^prefs-saved ' 10
fi
tap_like "$(claws_trace_since '^prefs-saved ')" \
    '^prefs-saved generation=1 harvest=on revocation=off ' \
    "switching harvesting on in the page and saving"
tap_like "$(rc_block "$claws_cfg/clawsrc" gsmime)" '^harvest=1$' \
    "clawsrc has harvest=1 after saving"
claws_mark
open 4 "carol again, after saving" SIGNATURE_OK valid
tap_like "$(claws_trace_since '^harvested ')" "$carol_fpr" \
    "the next check takes the saved settings: carol is harvested"

# The account's page: the default account (soon) chooses its signing
# certificate; the combo's first entry is "Automatic", the next her own.
if open_page ' - Account preferences$' p \
    '^account-page '; then
    tap_like "$(claws_trace_since '^account-page ')" \
        '^account-page id=2 address=soon@example.org signing=auto ' \
        "the account page opens for the current account"
    # The combos are filled in the background.
    claws_wait_for '^account-certs ' 30
    tap_like "$(claws_trace_since '^account-certs ')" \
        '^account-certs id=2 count=1$' \
        "the account page lists soon's own certificate"
    sleep 1
    import -window root "$claws_logdir/claws-prefs-account.png" 2>/dev/null
    claws_mark
    # Focused first, keys held: under load a bare key stroke can reach
    # the window before it takes input.
    focus ' - Account preferences$' && slow_key alt+s && slow_key Down
    claws_settle
    slow_key Return
    claws_wait_for '^account-saved ' 20
else
    tap_result 1 "the account page opens for the current account"
    import -window root "$claws_logdir/claws-prefs-account.png" 2>/dev/null
    xdotool search --name . getwindowname %@ 2>/dev/null | sed 's/^/#   window: /'
fi
tap_like "$(claws_trace_since '^account-saved ')" \
    "^account-saved id=2 address=soon@example.org signing=$soon_fpr encryption=auto\$" \
    "choosing the signing certificate in the account page"

claws_stop
soon_choice=$(printf 'sign=%s' "$soon_fpr" | base64 -w0)
tap_ok "accountrc keeps the account's signing certificate" \
    grep -qF "privacy_prefs=gsmime=$soon_choice" "$claws_cfg/accountrc"
tap_ok "accountrc still has bob's" \
    grep -qF "privacy_prefs=gsmime=$bob_choice" "$claws_cfg/accountrc"
cp "$claws_trace" "$claws_logdir/claws-prefs-trace.log" 2>/dev/null

tap_done
