#!/bin/bash
# directory.sh - recipients' certificates from the organisation's
# directory (LDAP through dirmngr), against a real slapd on loopback.
#
# The test starts Debian's slapd on 127.0.0.1 with a configuration it
# writes itself (tests/lib/slapd.sh; no system slapd is touched) and
# publishes, as userCertificate;binary:
#
#   dave   dave@example.org   a good certificate of the test PKI
#   erin   erin@example.org   revoked (listed in inter.crl)
#   uma    uma@example.net    chains to a root the home does not trust
#   revoked revoked@example.org  the successor of the revoked certificate
#                               the home holds
#
# None of them is in the test home.  It checks:
#   1. gsmime directory add|list|remove, writing dirmngr.conf;
#   2. encrypting to dave finds his certificate in the directory (openssl
#      decrypts the result with dave's key); erin is refused as revoked;
#      uma's certificate is not kept; gsmime lookup;
#   3. priority: a newer certificate for dave harvested from mail loses to
#      the directory's; a pinned one wins over both; gsmime certs ADDR
#      says which is chosen and why;
#   4. the directory stopped: "directory unreachable" within budget +
#      2 s; a server that accepts and never answers: "directory
#      unreachable", well before a check without the budget would give up
#      (tests/lib/silent.sh), and a message to two recipients asks it once.
#
# Output is TAP; exit status 77 when a program is missing.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
# shellcheck source=../lib/messages.sh
. "$GSMIME_SRCDIR/tests/lib/messages.sh"
# shellcheck source=../lib/slapd.sh
. "$GSMIME_SRCDIR/tests/lib/slapd.sh"
# shellcheck source=../lib/silent.sh
. "$GSMIME_SRCDIR/tests/lib/silent.sh"
require_gnupg slapd ldapadd

BUDGET=3000
SLOW_MS=$((BUDGET + 2000))
HANG_LIFETIME=120

# --- Ports, PKI, home, directory ----------------------------------------------

test_cleanup_hook() { sl_stop; }
test_begin dir
test_ports p_ldap p_hang

# Two more certificates from the test intermediate (make-pki.sh --user):
#   dave-mail    dave@example.org, issued after the directory's: it
#                arrives with signed mail, and newest-first alone would
#                choose it, but the directory's must win;
#   revoked-new  revoked@example.org's successor, published in the
#                directory: the home holds the revoked one.
for u in dave-mail:dave revoked-new:revoked; do
    test_pki --user inter "${u%:*}" "http://127.0.0.1:$port/inter.crl" '' \
        "${u#*:}@example.org"
done

test_home "" bob
test_serve_crls

sl_start "$tmp/slapd" "$p_ldap" || {
    echo "Bail out! slapd did not start"
    exit 1
}
if ! { sl_person dave dave@example.org "$pki/dave.pem" &&
    sl_person erin erin@example.org "$pki/erin.pem" &&
    sl_person uma uma@example.net "$pki/uma.pem" &&
    sl_person revoked revoked@example.org "$pki/revoked-new.pem"; }; then
    cat "$tmp/slapd/ldapadd.log"
    echo "Bail out! loading the directory failed"
    exit 1
fi

# --- Helpers ------------------------------------------------------------------

msg_plain bob@example.org dave@example.org "For Dave" "$work/plain.eml" \
    "Hello Dave," "the directory knows you." || exit 1

# fpr_of NAME: the fingerprint of NAME's certificate.
fpr_of() { msg_fpr "$pki/$1.pem"; }
in_keybox() {
    gh_gpgsm --with-colons --list-keys "$(fpr_of "$1")" 2>/dev/null |
        grep -q '^crt:'
}

# gsm NAME ARGS...: runs gsmime ARGS on the test home with the test
# budget; stdout to $work/NAME.out, stderr to $work/NAME.err, exit status
# to RC and wall time in ms to MS.
gsm() {
    local name=$1 t0
    shift
    t0=$(date +%s%N)
    timeout 60 "$GSMIME" "$@" --homedir "$GH_HOME" \
        --revocation-budget "$BUDGET" >"$work/$name.out" 2>"$work/$name.err"
    RC=$?
    MS=$((($(date +%s%N) - t0) / 1000000))
}
out() { cat "$work/$1.out"; }
err() { cat "$work/$1.err"; }

# encrypt NAME ADDR [OPTION...]: gsmime encrypt --to ADDR of plain.eml.
encrypt() {
    local name=$1 to=$2
    shift 2
    gsm "$name" encrypt --to "$to" "$@" "$work/plain.eml"
}

# decrypts NAME FILE: openssl opens FILE with NAME's key.
decrypts() {
    msg_decrypt "$1" "$work/$2.out" "$work/$2.dec" 2>/dev/null &&
        grep -q 'the directory knows you' "$work/$2.dec"
}

# within_budget WHAT [LIMIT]: the last gsm took less than LIMIT ms
# (default SLOW_MS).
within_budget() {
    local limit=${2:-$SLOW_MS}
    if [ "$MS" -lt "$limit" ]; then
        tap_result 0 "$1 (${MS} ms < ${limit} ms)"
    else
        tap_result 1 "$1 (${MS} ms, wanted < ${limit} ms)"
    fi
}

conf=$GH_HOME/dirmngr.conf

# --- 1. gsmime directory ------------------------------------------------------

gsm list0 directory list
tap_is "$RC" 0 "directory list, none configured: exit 0"
tap_like "$(out list0)" 'No directory server' \
    "directory list, none configured: says so"

gsm lookup0 lookup dave@example.org
tap_is "$RC" 4 "lookup without a directory: exit 4"
tap_like "$(err lookup0)" 'no directory server is configured' \
    "lookup without a directory: says that none is configured"

gsm add directory add --port "$p_ldap" --base "ou=people,$SL_SUFFIX" \
    127.0.0.1
tap_is "$RC" 0 "directory add: exit 0"
tap_ok "directory add: dirmngr.conf has the ldapserver line" \
    grep -qx "ldapserver 127.0.0.1:$p_ldap:::ou=people,$SL_SUFFIX:plain" \
    "$conf"
tap_not "directory add: disable-ldap is no longer in force" \
    grep -qx 'disable-ldap' "$conf"
tap_is "$(stat -c %a "$conf")" 600 "directory add: dirmngr.conf is mode 600"

gsm list1 directory list
tap_like "$(out list1)" "^127\.0\.0\.1:$p_ldap  base=ou=people,$SL_SUFFIX  tls=plain  bind=anonymous" \
    "directory list: shows the server"

# This directory shows certificates to logged-in readers only.
gsm anon lookup dave@example.org
tap_is "$RC" 4 "lookup dave anonymously: exit 4 (certificates need a login)"
tap_like "$(err anon)" 'dave@example\.org: no certificate found' \
    "lookup dave anonymously: no certificate found"

# A wrong password: slapd refuses the login, and nothing is found.
printf 'wrong\n' >"$work/wrongpw"
chmod 600 "$work/wrongpw"
gsm addwrong directory add --port "$p_ldap" --base "ou=people,$SL_SUFFIX" \
    --bind-dn "$SL_READER" --password-file "$work/wrongpw" 127.0.0.1
gsm wrong lookup dave@example.org
tap_is "$RC" 4 "lookup dave with a wrong password: exit 4"
tap_ok "lookup dave with a wrong password: slapd refused the login" \
    grep -q 'RESULT tag=97 err=49' "$tmp/slapd/access.log"

# The same server again, now with the reader's login: the line is
# replaced, not added.
printf '%s\n' "$SL_READERPW" >"$work/readerpw"
chmod 600 "$work/readerpw"
gsm addbind directory add --port "$p_ldap" --base "ou=people,$SL_SUFFIX" \
    --bind-dn "$SL_READER" --password-file "$work/readerpw" 127.0.0.1
tap_is "$RC" 0 "directory add with the reader's login: exit 0"
tap_is "$(grep -c '^ldapserver' "$conf")" 1 \
    "directory add of the same host and port: replaced, not added"
tap_ok "directory add: bind DN and password written for dirmngr" \
    grep -qx "ldapserver 127.0.0.1:$p_ldap:$SL_READER:$SL_READERPW:ou=people,$SL_SUFFIX:plain" \
    "$conf"

# A second server, with a bind DN and a password from a private file,
# then removed again.
printf 'sekrit\n' >"$work/pw"
chmod 644 "$work/pw"
gsm addpw0 directory add --bind-dn "cn=reader,$SL_SUFFIX" \
    --password-file "$work/pw" --tls starttls ldap.example.org
tap_is "$RC" 3 "directory add: a password file others can read is refused"
tap_like "$(err addpw0)" 'chmod 600' \
    "directory add: says how to protect the password file"
chmod 600 "$work/pw"
gsm addpw directory add --bind-dn "cn=reader,$SL_SUFFIX" \
    --password-file "$work/pw" --tls starttls ldap.example.org
tap_is "$RC" 0 "directory add with --password-file: exit 0"
tap_ok "directory add --tls starttls: flags and default port written" \
    grep -qx "ldapserver ldap.example.org:389:cn=reader,$SL_SUFFIX:sekrit::starttls" \
    "$conf"
gsm list2 directory list
tap_like "$(out list2)" 'ldap.example.org:389 .*bind=cn=reader.* \(with password\)' \
    "directory list: shows the bind DN, not the password"
tap_not "directory list: the password is never printed" \
    grep -q sekrit "$work/list2.out"
gsm rm directory remove ldap.example.org
tap_is "$RC" 0 "directory remove: exit 0"
tap_not "directory remove: the line is gone" grep -q 'ldap.example.org' "$conf"
gsm ldaps directory add --tls ldaps ldaps.example.org
tap_ok "directory add --tls ldaps: port 636 and ldaptls written" \
    grep -qx "ldapserver ldaps.example.org:636::::ldaptls" "$conf"
gsm rm3 directory remove ldaps.example.org:636
tap_is "$RC:$(grep -c '^ldapserver' "$conf")" 0:1 \
    "directory remove HOST:PORT: only that server goes"
gsm rm2 directory remove ldap.example.org
tap_is "$RC" 4 "directory remove of an unknown server: exit 4"

gsm bad1 directory add --base 'ou=a:b' 127.0.0.1
tap_not "directory add with a colon in the base DN: refused" test "$RC" -eq 0
tap_like "$(err bad1)" 'colon' "directory add with a colon: says why"
gsm bad2 directory add --tls foo 127.0.0.1
tap_is "$RC" 2 "directory add --tls foo: usage error"
gsm bad3 directory frobnicate
tap_is "$RC" 2 "directory frobnicate: usage error"
gsm bad4 lookup 'x*)(mail=*@example.org'
tap_is "$RC" 2 "lookup of an LDAP filter: refused as bad input"

# --- 2. Encrypting to dave, erin and uma --------------------------------------

tap_not "dave is not in the keybox at first" in_keybox dave
encrypt enc-dave dave@example.org
tap_is "$RC" 0 "encrypt to dave (directory only): exit 0"
tap_ok "encrypt to dave: openssl decrypts it with dave's key" \
    decrypts dave enc-dave
tap_ok "encrypt to dave: his certificate is now in the keybox" in_keybox dave
tap_ok "encrypt to dave: provenance names the directory server" \
    grep -q "^server=127.0.0.1:$p_ldap\$" "$GH_HOME/gsmime/directory-certs.ini"
tap_ok "slapd was searched for dave's address" \
    grep -q 'filter="(mail=dave@example.org)"' "$tmp/slapd/access.log"

encrypt enc-erin erin@example.org
tap_is "$RC" 4 "encrypt to erin (revoked in the directory): exit 4"
tap_like "$(err enc-erin)" 'erin@example\.org.*directory.*revoked' \
    "encrypt to erin: refused, \"revoked\" named"
tap_not "encrypt to erin: nothing written" test -s "$work/enc-erin.out"
tap_not "encrypt to erin: her certificate was not kept" in_keybox erin

# The keybox holds revoked@example.org's revoked certificate (harvested,
# as it were); the directory holds its successor.
tap_ok "revoked@example.org's old certificate is in the keybox" in_keybox revoked
encrypt enc-succ revoked@example.org
tap_is "$RC" 0 "encrypt to an address whose certificate is revoked: the directory's successor is used (exit 0)"
tap_ok "encrypt to revoked@example.org: the successor's key opens it" \
    decrypts revoked-new enc-succ
tap_not "encrypt to revoked@example.org: the revoked key does not" \
    decrypts revoked enc-succ

gsm look-uma lookup uma@example.net
tap_is "$RC" 4 "lookup uma (unknown root): exit 4"
tap_like "$(err look-uma)" 'uma@example\.net.*root you trust' \
    "lookup uma: says the root is not trusted"
tap_not "lookup uma: her certificate was not imported" in_keybox uma

gsm look-dave lookup dave@example.org
tap_is "$RC" 0 "lookup dave: exit 0"
tap_is "$(out look-dave)" "dave@example.org $(fpr_of dave)" \
    "lookup dave: prints the address and the fingerprint"
gsm look-plus lookup no+body@example.org
tap_ok "lookup of an address with \"+\": dirmngr searched for it unchanged" \
    grep -q 'filter="(mail=no+body@example.org)"' "$tmp/slapd/access.log"
gsm look-none lookup nobody@example.org
tap_is "$RC" 4 "lookup of an address the directory lacks: exit 4"
tap_like "$(err look-none)" 'nobody@example\.org: no certificate found; the directory .* has none' \
    "lookup of an unknown address: says the directory has none"

# --- 3. Priority and pinning --------------------------------------------------

if ! { msg_entity "$work/text" "Hello Bob," "here is my other certificate." &&
    msg_sign dave-mail "$work/text" "$work/entity" &&
    msg_wrap dave@example.org bob@example.org "From Dave" "$work/entity" \
        "$work/dave-mail.eml"; }; then
    echo "Bail out! signing as dave-mail failed"
    exit 1
fi
gsm harvest harvest "$work/dave-mail.eml"
tap_ok "dave-mail's certificate was harvested from his signed mail" \
    in_keybox dave-mail

gsm certs1 certs dave@example.org
tap_like "$(out certs1)" "$(fpr_of dave) +directory 127\.0\.0\.1:$p_ldap" \
    "certs dave: the directory's certificate says where it came from"
tap_like "$(out certs1)" "$(fpr_of dave-mail) +harvested from mail" \
    "certs dave: the harvested one says it came from mail"
tap_like "$(out certs1)" "Chosen for dave@example\.org: $(fpr_of dave) .*directory" \
    "certs dave: the directory's is chosen, and why"
encrypt enc-prio dave@example.org
tap_is "$RC" 0 "encrypt to dave with two certificates: exit 0"
tap_ok "encrypt to dave: the directory's certificate was used" \
    decrypts dave enc-prio
tap_not "encrypt to dave: not the newer harvested one" decrypts dave-mail enc-prio

gsm pin pin dave@example.org "$(fpr_of dave-mail)"
tap_is "$RC" 0 "pin dave-mail for dave: exit 0"
gsm certs2 certs dave@example.org
tap_like "$(out certs2)" "Chosen for dave@example\.org: $(fpr_of dave-mail) .*pinned" \
    "certs dave: the pinned certificate is chosen, and why"
encrypt enc-pin dave@example.org
tap_ok "encrypt to dave after the pin: dave-mail's key opens it" \
    decrypts dave-mail enc-pin
tap_not "encrypt to dave after the pin: the directory's key does not" \
    decrypts dave enc-pin
gsm pinbad pin dave@example.org "$(fpr_of bob)"
tap_is "$RC" 4 "pin a certificate for another address: refused (exit 4)"
gsm unpin unpin dave@example.org
tap_is "$RC" 0 "unpin dave: exit 0"
encrypt enc-unpin dave@example.org
tap_ok "encrypt to dave after unpinning: the directory's again" \
    decrypts dave enc-unpin

# --- 4. Unreachable directories -----------------------------------------------

sl_stop
gsm dead-look lookup frank@example.org
tap_is "$RC" 4 "directory stopped: lookup exit 4"
tap_like "$(err dead-look)" 'frank@example\.org: no certificate found, directory unreachable' \
    "directory stopped: \"no certificate found, directory unreachable\""
within_budget "directory stopped: lookup answered within budget + 2 s"
encrypt dead-enc frank@example.org
tap_is "$RC" 4 "directory stopped: encrypt exit 4"
tap_like "$(err dead-enc)" 'frank@example\.org: no certificate found, directory unreachable' \
    "directory stopped: encrypt names the address and the unreachable directory"
within_budget "directory stopped: encrypt answered within budget + 2 s"

gsm rm-ldap directory remove "127.0.0.1:$p_ldap"
# dirmngr waits for an LDAP answer ldaptimeout seconds (15 by default);
# as long as the silent server lives, so that a look-up without the
# budget would cost what silent.sh reckons.  Adding the server restarts
# dirmngr, which then reads it.
echo "ldaptimeout $HANG_LIFETIME" >>"$conf"
gsm add-hang directory add --port "$p_hang" 127.0.0.1
gh_start_server hang "$p_hang" "$work/hang.log" --lifetime "$HANG_LIFETIME" || {
    echo "Bail out! the hanging server did not start"
    exit 1
}
silent_started "$HANG_LIFETIME"
# connections: how many the silent server accepted so far.
connections() { grep -c 'accepted a connection' "$work/hang.log"; }
limit=$(silent_bound_ms "$BUDGET")
gsm hang-look lookup frank@example.org
tap_is "$RC" 4 "server never answers: lookup exit 4"
tap_like "$(err hang-look)" 'frank@example\.org: no certificate found, directory unreachable.*no answer in time' \
    "server never answers: \"directory unreachable\" (no answer in time)"
within_budget "server never answers: lookup answered within the budget" \
    "$limit"
tap_ok "server never answers: dirmngr did connect to it" \
    test "$(connections)" -gt 1
# Two recipients the keybox lacks: the directory is waited for once,
# for the first of them (a second wait would be a second connection).
before=$(connections)
limit=$(silent_bound_ms "$BUDGET")
encrypt hang-enc grace@example.org --to heidi@example.org
tap_is "$RC" 4 "server never answers: encrypt exit 4"
tap_like "$(err hang-enc)" 'grace@example\.org: no certificate found, directory unreachable' \
    "server never answers: encrypt says the directory is unreachable"
tap_like "$(err hang-enc)" 'heidi@example\.org: no certificate found, directory unreachable' \
    "server never answers: the second recipient is named too"
within_budget "server never answers: encrypt to two answered within the budget" \
    "$limit"
tap_is "$(($(connections) - before))" 1 \
    "server never answers: encrypt to two asked the directory once"

tap_not "no pinentry was started" gh_pinentry_started
tap_done
