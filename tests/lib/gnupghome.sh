# gnupghome.sh - throwaway GnuPG homes for gsmime's integration tests.
#
# Source this file from bash; it sets no options of its own and runs
# nothing at load time.  The functions work with and without `set -e` in
# the caller: every failure they expect is handled in place, and every
# failure they report is a non-zero return.  A test typically does:
#
#   . "$srcdir/tests/lib/gnupghome.sh"
#   port=$(gh_free_port)
#   tests/pki/make-pki.sh "$pki" "$port"
#   trap gh_teardown EXIT             # also cleans up a failed gh_setup
#   gh_setup "" "$pki" alice          # a fresh home under /tmp
#   gh_serve_crls "$pki" "$port"
#   gh_gpgsm --status-fd 1 --verify sig.der data
#
# State lives in these variables, set by the functions below:
#   GH_HOME       the home directory; also exported as GNUPGHOME, so gpgsm
#                 and GPGME started by the test use it
#   GH_CRL_PID    pid of the CRL web server, empty when none runs
#
# What the real programs do (gpgsm, gpg-agent and dirmngr 2.2.40, OpenSSL
# 3.0), as observed with this harness and the PKI of tests/pki/make-pki.sh;
# signatures made with `openssl cms -sign -binary -md sha256 -outform DER
# -certfile inter.pem`, checked with `gpgsm --status-fd 1 --verify SIG DATA`
# (tests/lib/gnupghome-selftest.sh checks all of this):
#
#   alice           GOODSIG, VALIDSIG ... 0 0 1 8 00, TRUST_FULLY 0 shell;
#                   exit 0.  dirmngr fetches inter.crl, then root.crl.
#   altered content BADSIG, nothing after it; exit 2.
#   revoked         GOODSIG, VALIDSIG, TRUST_NEVER 94 (Certificate revoked);
#                   exit 2.
#   crldown         GOODSIG, VALIDSIG, TRUST_UNDEFINED 32793, which is
#                   GPG_ERR_ECONNREFUSED, not 95 (No CRL known); exit 2.
#                   About 30 ms (90 ms when dirmngr has to start first);
#                   dirmngr keeps no negative cache and tries again each
#                   time.  With the CRL server stopped and the cache
#                   flushed, alice gives the same.
#   expired         EXPKEYSIG instead of GOODSIG, VALIDSIG with the expiry
#                   date in the past, and still TRUST_FULLY 0 shell; exit 0.
#                   Nothing but EXPKEYSIG says the signer had expired.
#   SHA-1 (-md sha1) exactly like alice except VALIDSIG's hash algorithm
#                   field, 2 instead of 8; no warning; exit 0.
#   uma             GOODSIG, VALIDSIG, TRUST_UNDEFINED 98 (Not trusted);
#                   exit 2, no pinentry (see below).
#   Certificates without a CRL distribution point count as not revocable
#   (sm/certchain.c), which is why the trusted root needs none.

# Pitfalls found on the way:
#
# - dirmngr caches CRLs by issuer, not by distribution point: ISVALID names
#   a certificate by its issuer's name hash and serial number, and once a
#   CRL of that issuer is cached (in memory and in crls.d/) the
#   distribution point is not consulted again until the CRL's nextUpdate.
#   This is why crldown has an issuer of its own in the PKI, and why a test
#   that wants a fresh fetch must call gh_flush_crls (or use a fresh home).
# - A root that is not in trustlist.txt makes gpgsm send MARKTRUSTED to
#   gpg-agent, which by default (allow-mark-trusted is on in 2.2) starts a
#   pinentry asking "Do you ultimately trust ...?".  `no-allow-mark-trusted`
#   in gpg-agent.conf makes the agent refuse with Not supported before any
#   pinentry is started, whatever the client asks for; gpgsm then logs
#   "interactive marking as trusted not enabled in gpg-agent" and stops
#   asking for the rest of the process.  `--pinentry-mode loopback` on the
#   gpgsm side also avoids the popup (the agent answers No Pinentry), but
#   only for clients that set it, so the agent option is what we rely on.
#   As a second line, pinentry-program points at a script that records its
#   start in $GH_HOME/pinentry.log and fails, so a test can assert that no
#   pinentry was ever wanted (gh_pinentry_started) and can never hang.
# - The agent's sockets live in the home itself unless /run/user/UID
#   exists; a Unix socket path holds at most 107 bytes, so homes are made
#   under /tmp with short names and long paths are refused.
# - A PKCS#12 file with an empty passphrase is imported without any prompt
#   by `--pinentry-mode loopback --passphrase-fd 0 </dev/null`: gpgsm
#   answers both the agent's PASSPHRASE (to open the file) and its
#   NEW_PASSPHRASE (to protect the key) with the empty string, and the
#   agent then stores the key unprotected, so signing and decrypting never
#   ask for a passphrase either.
# - dirmngr fetches from http://127.0.0.1 with no special option.  It
#   ignores http_proxy unless told to honour it, so a proxy set in CI does
#   not get in the way.

# What a server that did not come up prints (explain.sh); prelude.sh has
# loaded it already for the tests, the demo and a few others have not.
declare -F explain_text >/dev/null ||
    . "$(dirname "${BASH_SOURCE[0]}")/explain.sh"

# gh_free_port
# Prints a TCP port on 127.0.0.1 that stays this test's own until the
# test script exits (tests/lib/claim-port.py): outside the kernel's
# ephemeral range, so no other program's connection or bind(0) takes it
# while the test makes the certificates that name it, and claimed with a
# lock that every test on the machine respects, so two suites running
# side by side never share one.
gh_free_port() {
    python3 "${GSMIME_SRCDIR:-$(dirname "${BASH_SOURCE[0]}")/../..}/tests/lib/claim-port.py" $$
}

# gh_gpgsm ARGS...
# Runs gpgsm on the test home, never interactively.
gh_gpgsm() {
    gpgsm --homedir "$GH_HOME" --batch "$@"
}

# gh_setup DIR PKIDIR [NAME...]
# Creates the GnuPG home DIR (made with mktemp under /tmp when DIR is
# empty), sets GH_HOME and exports GNUPGHOME.  The home trusts the test
# root (never the untrusted one), knows the intermediates and the
# certificates of all users of the PKI except uma, and holds the secret
# keys of the identities NAME... (e.g. alice), stored without passphrase.
# Returns non-zero, with a message on stderr, when any step fails.
# gh_import_p12 PKIDIR NAME - imports NAME's key and certificate.  gpgsm
# 2.2 derives the 3DES key of a legacy PKCS#12 file wrongly for about one
# salt in 128 and then calls the empty passphrase wrong; a file written
# anew gets a fresh salt, so a failed import is retried with a new file.
gh_import_p12() {
    local pki=$1 name=$2 try p12
    p12=$(mktemp "${TMPDIR:-/tmp}/gh-p12.XXXXXX") || return 1
    cp "$pki/$name.p12" "$p12"
    for try in 1 2 3 4 5; do
        if gh_gpgsm --pinentry-mode loopback --passphrase-fd 0 \
            --import "$p12" </dev/null 2>/dev/null; then
            rm -f "$p12"
            return 0
        fi
        openssl pkcs12 -export -legacy -inkey "$pki/$name.key" \
            -in "$pki/$name.pem" -passout pass: -out "$p12" 2>/dev/null
    done
    rm -f "$p12"
    return 1
}

gh_setup() {
    if [ $# -lt 2 ]; then
        echo "usage: gh_setup DIR PKIDIR [NAME...]" >&2
        return 2
    fi
    local dir=$1 pki=$2 name fpr
    shift 2

    if [ -z "$dir" ]; then
        dir=$(mktemp -d "/tmp/gh.XXXXXX") || return 1
    else
        mkdir -p "$dir" || return 1
    fi
    dir=$(cd "$dir" && pwd) || return 1
    # "S.gpg-agent.browser" is the longest socket name and sun_path holds
    # 107 bytes plus the terminating NUL.
    if [ ${#dir} -gt 80 ]; then
        echo "gh_setup: $dir is too long for gpg-agent's sockets" >&2
        return 1
    fi
    chmod 700 "$dir" || return 1
    GH_HOME=$dir
    export GNUPGHOME=$dir

    cat >"$dir/pinentry-fail" <<EOF || return 1
#!/bin/sh
# No test may ever need a pinentry: record that one was wanted, then fail
# at once so that nothing waits for a human.
echo "pinentry started: \$*" >>"$dir/pinentry.log"
exit 1
EOF
    chmod 700 "$dir/pinentry-fail" || return 1

    cat >"$dir/gpg-agent.conf" <<EOF || return 1
# Keys are imported through loopback with an empty passphrase.
allow-loopback-pinentry
# Reading mail must never ask "do you trust this root?": trust comes only
# from trustlist.txt, which the tests write themselves.
no-allow-mark-trusted
pinentry-program $dir/pinentry-fail
# Tests use no smartcards; do not start scdaemon.
disable-scdaemon
# What the agent did, for a test that waited in vain (explain.sh).
log-file $dir/gpg-agent.log
EOF

    cat >"$dir/gpgsm.conf" <<'EOF' || return 1
# CRL checking stays on (it is gpgsm's default; disable-crl-checks must not
# appear here): the tests check revocation for real, through dirmngr and
# the loopback CRL server.  OCSP stays off, as is gpgsm's default, because
# the test PKI has no responder.
# Keep the keybox to the test PKI: some installations ship certificates
# (com-certs.pem) that gpgsm otherwise imports into every new keybox.
no-common-certs-import
EOF

    cat >"$dir/dirmngr.conf" <<EOF || return 1
# Only the loopback CRL server is reachable: no LDAP, no Tor probing, and
# give up quickly on anything that does not answer.
disable-ldap
ignore-ldap-dp
no-use-tor
connect-timeout 5
connect-quick-timeout 2
# Keep a log beside the home for when a CRL check does not do what a test
# expects.
log-file $dir/dirmngr.log
verbose
EOF

    # The intermediates first-hand, so that chains resolve even for
    # signatures that do not carry them.
    gh_gpgsm --import "$pki/root.pem" "$pki/inter.pem" \
        "$pki/inter-crldown.pem" 2>/dev/null || {
        echo "gh_setup: importing the CA certificates failed" >&2
        return 1
    }

    # trustlist.txt wants the SHA-1 fingerprint with colons and the flag S
    # (valid for S/MIME); that is exactly what openssl prints.
    fpr=$(openssl x509 -in "$pki/root.pem" -noout -fingerprint -sha1) \
        || return 1
    {
        echo "# The gsmime test root, and nothing else."
        echo "${fpr#*=} S"
    } >"$dir/trustlist.txt" || return 1

    for name in "$@"; do
        gh_import_p12 "$pki" "$name" || {
            echo "gh_setup: importing $name.p12 failed" >&2
            return 1
        }
        # Signing and decrypting need the key in the agent, not merely
        # the certificate in the keybox: make sure it arrived.
        fpr=$(openssl x509 -in "$pki/$name.pem" -noout -fingerprint -sha1) \
            || return 1
        fpr=${fpr#*=}
        if ! gh_gpgsm --with-colons --list-secret-keys 2>/dev/null |
            grep -q "^fpr:::::::::${fpr//:/}:"; then
            echo "gh_setup: no secret key for $name after import" >&2
            return 1
        fi
    done

    # Everybody's certificate, as if harvested from earlier mail.  uma is
    # left out on purpose: her chain is the one nobody trusts.
    for name in alice bob carol revoked expired crldown \
        trent-old trent-a trent-b; do
        gh_gpgsm --import "$pki/$name.pem" 2>/dev/null || {
            echo "gh_setup: importing $name.pem failed" >&2
            return 1
        }
    done
}

# gh_serve_crls PKIDIR PORT
# Serves the files of PKIDIR (root.crl, inter.crl, ...) over HTTP on
# 127.0.0.1:PORT in the background and sets GH_CRL_PID.  Returns once the
# server listens there, or non-zero if it does not within five seconds
# (for instance because another program holds the port).
gh_serve_crls() {
    if [ $# -ne 2 ]; then
        echo "usage: gh_serve_crls PKIDIR PORT" >&2
        return 2
    fi
    local pki=$1 port=$2 log=/dev/null
    if [ -n "${GH_HOME-}" ]; then
        log=$GH_HOME/http.log
    fi
    python3 -m http.server --bind 127.0.0.1 --directory "$pki" "$port" \
        >"$log" 2>&1 &
    GH_CRL_PID=$!
    gh_wait_port "$port" "$GH_CRL_PID" && return 0
    echo "gh_serve_crls: no server on 127.0.0.1:$port" >&2
    gh_explain_port "$port" "$GH_CRL_PID" "$log" >&2
    gh_stop_crls
    return 1
}

# gh_explain_port PORT PID LOG - why a server did not come up: whether it
# still runs, what it logged, and who else listens on the port.
gh_explain_port() {
    if kill -0 "$2" 2>/dev/null; then
        echo "# the server (pid $2) runs but does not listen on 127.0.0.1:$1"
    else
        echo "# the server (pid $2) has exited"
    fi
    [ ! -s "$3" ] || explain_text "it logged ($3):" "$(tail -n 10 "$3")"
    explain_text "listening on port $1:" \
        "$(ss -Hltnp "sport = :$1" 2>/dev/null || echo '(ss not found)')"
}

# gh_wait_port PORT PID
# Succeeds once the process PID itself listens on 127.0.0.1:PORT and the
# port accepts a connection (the one probe a server's log may count);
# fails when PID died first, or after five seconds (a server that needs
# longer than that on a busy machine is itself the problem: these are
# small servers).  That the port accepts connections is not enough: a
# program that ignores the claim (claim-port.py) may hold it, and a test
# talking to that program instead waits on its silence.
gh_wait_port() {
    for _ in $(seq 50); do
        if gh_listens "$2" "$1" &&
            (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
            return 0
        fi
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# gh_listens PID PORT - succeeds when one of the sockets of process PID
# listens on 127.0.0.1:PORT (or on every address), as /proc/net/tcp and
# the process's descriptors tell.
gh_listens() {
    local inode fd
    while read -r inode; do
        for fd in "/proc/$1/fd/"*; do
            [ "$(readlink "$fd" 2>/dev/null)" != "socket:[$inode]" ] || return 0
        done
    done < <(awk -v p=":$(printf '%04X' "$2")" \
        '$4 == "0A" && ($2 == "0100007F" p || $2 == "00000000" p) { print $10 }' \
        /proc/net/tcp)
    return 1
}

# gh_start_server MODE PORT LOG [ARG...]
# One of tests/lib/deadservers.py's misbehaving servers (hang, status500,
# garbage, ocsp) in the background on 127.0.0.1:PORT, its requests logged
# to LOG; sets GH_SERVER_PID, and gh_teardown stops it.  Fails when the
# port does not accept connections within five seconds.
GH_SERVER_PIDS=()
gh_start_server() {
    local mode=$1 port=$2 log=$3
    shift 3
    python3 "$GSMIME_SRCDIR/tests/lib/deadservers.py" "$mode" "$port" "$@" \
        2>>"$log" &
    GH_SERVER_PID=$!
    GH_SERVER_PIDS+=("$GH_SERVER_PID")
    gh_wait_port "$port" "$GH_SERVER_PID" && return 0
    echo "gh_start_server: the $mode server on 127.0.0.1:$port did not start" >&2
    gh_explain_port "$port" "$GH_SERVER_PID" "$log" >&2
    return 1
}

# gh_stop_server PID
# Stops a server started by gh_start_server.
gh_stop_server() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# gh_stop_crls
# Stops the CRL server started by gh_serve_crls, if any.  A test calls it
# to make the CRLs unreachable; gh_teardown calls it too.
gh_stop_crls() {
    if [ -n "${GH_CRL_PID-}" ]; then
        # wait returns the server's death by signal as non-zero status,
        # which is the expected outcome here.
        kill "$GH_CRL_PID" 2>/dev/null || true
        wait "$GH_CRL_PID" 2>/dev/null || true
        GH_CRL_PID=
    fi
    return 0
}

# gh_flush_crls
# Empties dirmngr's CRL cache (memory and crls.d/), so that the next check
# fetches again from the distribution points.
gh_flush_crls() {
    gpg-connect-agent --homedir "$GH_HOME" --dirmngr FLUSHCRLS /bye \
        >/dev/null
}

# gh_fake_pinentry HOME PASSFILE LOG
# Points gpg-agent of HOME at tests/lib/fake-pinentry, which answers with
# the first line of PASSFILE and logs every request to LOG.  gpg-agent
# starts its pinentry without arguments and with its own environment,
# hence a wrapper in HOME.  A running agent must be reloaded to see it.
gh_fake_pinentry() {
    local wrapper=$1/pinentry-fake
    cat >"$wrapper" <<EOF || return 1
#!/bin/sh
FAKE_PINENTRY_PASSFILE='$2' FAKE_PINENTRY_LOG='$3' \\
    exec '${GSMIME_SRCDIR:-$(dirname "${BASH_SOURCE[0]}")/../..}/tests/lib/fake-pinentry' "\$@"
EOF
    chmod 700 "$wrapper" &&
        sed -i "s|^pinentry-program .*|pinentry-program $wrapper|" \
            "$1/gpg-agent.conf"
}

# gh_pinentry_started
# Succeeds if gpg-agent tried to start a pinentry in this home, which no
# test should ever cause.
gh_pinentry_started() {
    [ -s "$GH_HOME/pinentry.log" ]
}

# gh_teardown
# Stops the CRL server and every GnuPG daemon of the home, then removes the
# home.  Safe to call more than once and from an EXIT trap.
gh_teardown() {
    local pid
    gh_stop_crls
    for pid in "${GH_SERVER_PIDS[@]}"; do
        gh_stop_server "$pid"
    done
    GH_SERVER_PIDS=()
    if [ -n "${GH_HOME-}" ] && [ -d "$GH_HOME" ]; then
        gpgconf --homedir "$GH_HOME" --kill all 2>/dev/null || true
        # Only has work to do when the sockets went to /run/user/UID.
        gpgconf --homedir "$GH_HOME" --remove-socketdir 2>/dev/null || true
        rm -rf "$GH_HOME" || true
    fi
    GH_HOME=
    unset GNUPGHOME
    return 0
}
