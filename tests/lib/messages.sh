# shellcheck shell=bash
# messages.sh - test messages made by OpenSSL, an S/MIME implementation
# independent of gpgsm, for gsmime's integration tests.
#
# Source this file from bash after setting MSG_PKI to a directory made by
# tests/pki/make-pki.sh.  It runs nothing at load time and sets no shell
# options.  Every function writes the file named by its OUT argument and
# returns non-zero, with OpenSSL's complaint on stderr, when that fails.
#
# The pieces are built inside out, as a mail client would:
#
#   msg_entity  ent  "Hello Bob,"              # a text/plain MIME entity
#   msg_sign    alice ent signed               # multipart/signed around it
#   msg_wrap    alice@example.org bob@example.org "Subject" signed out.eml
#
# Everything is written with CRLF line ends, the canonical form in which
# S/MIME content is signed (RFC 5751 3.1.1) and the form a message has on
# the wire; msg_to_lf turns a file into bare LF, as a Unix mailbox stores
# it.  OpenSSL itself writes the MIME structure with LF and only the
# signed content with CRLF, a mixture no real transport produces, so each
# helper normalises its output to CRLF.
#
# OpenSSL is run with its own configuration switched off (OPENSSL_CONF is
# pointed at /dev/null for each call) so that a system policy, such as a
# raised security level that refuses SHA-1, does not change what the tests
# make.

# msg_chain NAME
# Prints the file with the certificates that NAME's signature carries
# besides NAME's own: the issuing CA, so that the reader can build the
# chain from the signature alone.
msg_chain() {
    case $1 in
        crldown) echo "$MSG_PKI/inter-crldown.pem" ;;
        uma) echo "$MSG_PKI/untrusted-root.pem" ;;
        *) echo "$MSG_PKI/inter.pem" ;;
    esac
}

# msg_fpr FILE
# The SHA-1 fingerprint of the PEM certificate FILE, hex without colons,
# as gpgsm names certificates.
msg_fpr() {
    local f
    f=$(msg_openssl x509 -in "$1" -noout -fingerprint -sha1) || return 1
    f=${f#*=}
    echo "${f//:/}"
}

# msg_openssl ARGS...
# openssl without any system configuration.
msg_openssl() {
    OPENSSL_CONF=/dev/null openssl "$@"
}

# msg_to_crlf FILE
# Rewrites FILE in place with every line ending in CRLF (lines that
# already do are left alone).
msg_to_crlf() {
    sed -i 's/\r*$/\r/' "$1"
}

# msg_to_lf FILE
# Rewrites FILE in place with bare LF line ends.
msg_to_lf() {
    sed -i 's/\r$//' "$1"
}

# msg_entity OUT LINE...
# A text/plain MIME entity whose body is the LINEs, CRLF-terminated.
msg_entity() {
    local out=$1 line
    shift
    {
        printf 'Content-Type: text/plain; charset=us-ascii\r\n'
        printf 'Content-Transfer-Encoding: 7bit\r\n'
        printf '\r\n'
        for line in "$@"; do
            printf '%s\r\n' "$line"
        done
    } >"$out"
}

# msg_sign NAME IN OUT [OPENSSL-OPTION...]
# Signs the MIME entity IN as NAME (NAME.pem and NAME.key of the PKI) and
# writes the multipart/signed entity, headed by MIME-Version, to OUT.  The
# digest is SHA-256 unless an option says otherwise (-md sha1).  IN is
# signed exactly as it is (-binary), so it must already be canonical.
msg_sign() {
    local name=$1 in=$2 out=$3
    shift 3
    msg_openssl cms -sign -binary -md sha256 -in "$in" \
        -signer "$MSG_PKI/$name.pem" -inkey "$MSG_PKI/$name.key" \
        -certfile "$(msg_chain "$name")" "$@" -out "$out" || return 1
    msg_to_crlf "$out"
}

# msg_sign_opaque NAME IN OUT [OPENSSL-OPTION...]
# Like msg_sign, but an application/pkcs7-mime signed-data entity that
# carries IN inside the CMS object.
msg_sign_opaque() {
    msg_sign "$@" -nodetach
}

# msg_encrypt IN OUT CERT... [-- OPENSSL-OPTION...]
# Encrypts the MIME entity IN with AES-256 to the certificates CERT...
# (file names) and writes the application/pkcs7-mime enveloped-data
# entity to OUT.
msg_encrypt() {
    local in=$1 out=$2 certs=() opts=()
    shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        certs+=("$1")
        shift
    done
    [ $# -gt 0 ] && shift
    opts=("$@")
    msg_openssl cms -encrypt -binary -aes256 -in "$in" -out "$out" \
        "${opts[@]}" "${certs[@]}" || return 1
    msg_to_crlf "$out"
}

# msg_headers FROM TO SUBJECT
# Prints the RFC 5322 header fields of a message, CRLF-terminated, without
# the MIME ones (the entity that follows brings them).
msg_headers() {
    printf 'Date: %s\r\n' "$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S +0000')"
    printf 'From: %s\r\n' "$1"
    printf 'To: %s\r\n' "$2"
    printf 'Subject: %s\r\n' "$3"
    printf 'Message-ID: <%s.%s@gsmime.test>\r\n' "$(date +%s)" "$RANDOM"
}

# msg_wrap FROM TO SUBJECT ENTITY OUT
# A whole message: the header fields of msg_headers, then ENTITY (whose
# own header starts with MIME-Version or Content-Type).
msg_wrap() {
    {
        msg_headers "$1" "$2" "$3"
        msg_body "$4"
    } >"$5" || return 1
    msg_to_crlf "$5"
}

# msg_body ENTITY
# Prints ENTITY as the body of a message, after its header fields:
# MIME-Version first, unless the entity's own header starts with it.
msg_body() {
    case $(head -c 13 "$1") in
        MIME-Version:) ;;
        *) printf 'MIME-Version: 1.0\r\n' ;;
    esac
    cat "$1"
}

# msg_plain FROM TO SUBJECT OUT LINE...
# An unsigned, unencrypted text message.
msg_plain() {
    local from=$1 to=$2 subject=$3 out=$4 ent
    shift 4
    ent=$(mktemp "${TMPDIR:-/tmp}/msgent.XXXXXX") || return 1
    msg_entity "$ent" "$@" && msg_wrap "$from" "$to" "$subject" "$ent" "$out"
    local rc=$?
    rm -f "$ent"
    return $rc
}

# msg_mixed OUT ENTITY...
# A multipart/mixed entity, headed by MIME-Version, whose parts are the
# ENTITY files in order.
msg_mixed() {
    local out=$1 boundary="=_gsmime-test-mixed-$RANDOM" part
    shift
    {
        printf 'MIME-Version: 1.0\r\n'
        printf 'Content-Type: multipart/mixed; boundary="%s"\r\n' "$boundary"
        printf '\r\n'
        printf 'This is a multi-part message in MIME format.\r\n'
        for part in "$@"; do
            printf '\r\n--%s\r\n' "$boundary"
            # A part's own MIME-Version header means nothing inside a
            # multipart; leave it out as mail clients do.
            grep -v '^MIME-Version:' "$part"
        done
        printf '\r\n--%s--\r\n' "$boundary"
    } >"$out" || return 1
    msg_to_crlf "$out"
}

# msg_append_to_signed_content IN OUT LINE...
# Copies the message IN, which holds one multipart/signed entity, to OUT
# with the LINEs added at the end of the signed content (the first part),
# as a mailing list does that appends a footer without knowing about
# signatures.  The signature part is left untouched.
msg_append_to_signed_content() {
    local in=$1 out=$2
    shift 2
    python3 - "$in" "$out" "$@" <<'EOF'
import re, sys
src, dst, lines = sys.argv[1], sys.argv[2], sys.argv[3:]
data = open(src, "rb").read()
m = re.search(rb'multipart/signed;.*?boundary="?([^";\r\n]+)"?', data,
              re.S | re.I)
if not m:
    sys.exit("no multipart/signed boundary in " + src)
delim = b"\r\n--" + m.group(1)
first = data.index(delim, m.end())          # opens the signed content
second = data.index(delim, first + len(delim))  # closes it
# The CRLF before a delimiter belongs to the delimiter (RFC 2046 5.1.1),
# so the content ends just before `second`, with its own last line break;
# the footer lines go there.
footer = b"".join(l.encode() + b"\r\n" for l in lines)
open(dst, "wb").write(data[:second] + footer + data[second:])
EOF
}

# msg_header FILE NAME
# Prints the value of the top-level header field NAME (any case) of the
# message FILE, unfolded into one line, without the leading space.
# Prints nothing when the field is absent.
msg_header() {
    sed 's/\r$//' "$1" | awk -v want="$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')" '
        function flush() {
            if (cur == want && !done) { sub(/^[ \t]+/, "", val); print val; done = 1 }
        }
        /^$/ { flush(); cur = ""; exit }
        /^[ \t]/ { val = val " " substr($0, match($0, /[^ \t]/)); next }
        { flush(); n = index($0, ":"); cur = tolower(substr($0, 1, n - 1));
          val = substr($0, n + 1) }
        END { flush() }'
}

# --- Checking with OpenSSL ----------------------------------------------------

# msg_verify IN OUT [SIGNERS]
# Verifies the S/MIME message IN (multipart/signed or opaque signed-data)
# against the test root, as an OpenSSL-based mail client would: the signed
# content is canonicalised to CRLF before the digest.  Writes the content
# to OUT and, with SIGNERS, the signers' certificates there.  Succeeds
# when the signature verifies.
msg_verify() {
    local in=$1 out=$2 signers=${3-}
    msg_openssl cms -verify -CAfile "$MSG_PKI/root.pem" -in "$in" \
        -out "$out" ${signers:+-signer "$signers"}
}

# msg_decrypt NAME IN OUT
# Decrypts the S/MIME message IN with NAME's key (NAME.pem, NAME.key) and
# writes the content to OUT.  Fails when IN is not encrypted to NAME.
msg_decrypt() {
    msg_openssl cms -decrypt -recip "$MSG_PKI/$1.pem" \
        -inkey "$MSG_PKI/$1.key" -in "$2" -out "$3"
}

# msg_content_cipher IN
# Prints the content-encryption algorithm of the S/MIME enveloped-data
# message IN as OpenSSL names it, e.g. aes-256-cbc.
msg_content_cipher() {
    msg_openssl cms -cmsout -print -in "$1" |
        awk '/contentEncryptionAlgorithm:/ { want = 1; next }
             want && /algorithm:/ { print $2; exit }'
}

# msg_sig_algorithm OPENSSL-INPUT-OPTION...
# Prints the signature algorithm of the (first) signer of the S/MIME
# message or signature that the options name (-in FILE, or -inform DER
# -in FILE) as OpenSSL names it, e.g. ecdsa-with-SHA256.
msg_sig_algorithm() {
    msg_openssl cms -cmsout -print "$@" 2>/dev/null |
        awk '/signatureAlgorithm:/ { want = 1; next }
             want && /algorithm:/ { print $2; exit }'
}

# --- Reading with gsmime ------------------------------------------------------

# msg_show HOME MSG [OPTION...]
# Runs `$GSMIME show` on MSG with the GnuPG home HOME; stdout goes to
# $MSG_WORK/out, stderr to $MSG_WORK/err, the exit status to MSG_RC.
# timeout turns a hang (a pinentry waiting for a human, a CRL fetch that
# never ends) into exit status 124 instead of a stuck test run.  With
# --json the members of the printed object are then split into
# $MSG_WORK/json/ for msg_field: one python3 start per message, because
# python3 starting up is the slow part on a loaded machine.
msg_show() {
    local home=$1 msg=$2
    shift 2
    timeout 60 "$GSMIME" show --homedir "$home" "$@" "$msg" \
        >"$MSG_WORK/out" 2>"$MSG_WORK/err"
    # shellcheck disable=SC2034  # read by the caller
    MSG_RC=$?
    rm -rf "$MSG_WORK/json"
    mkdir "$MSG_WORK/json" || return 1
    case " $* " in
        *" --json "*) ;;
        *) return 0 ;;
    esac
    # Lists are joined with commas, booleans written true/false, the first
    # signer's address is "signer", the reasons' sentences are "details";
    # when the output does not parse, every field reads "<no JSON>" and so
    # every check on it fails.
    python3 - "$MSG_WORK/out" "$MSG_WORK/json" <<'EOF'
import json, os, sys
out, dir = sys.argv[1], sys.argv[2]
try:
    d = json.load(open(out))
    d["signer"] = (d.get("signers") or [{}])[0].get("email")
    d["details"] = [r.get("text", "") for r in d.get("details") or []]
except Exception:
    d = None
def text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ",".join(str(x) for x in v)
    return "<none>" if v is None else str(v)
for k in ("status", "reasons", "signed", "encrypted", "decrypted", "body",
          "signer", "details"):
    with open(os.path.join(dir, k), "w") as f:
        f.write(text(d.get(k)) if d is not None else "<no JSON>")
EOF
}

# msg_field KEY
# A member of the last JSON output of msg_show: status, reasons, signed,
# encrypted, decrypted, body, signer or details.
msg_field() {
    cat "$MSG_WORK/json/$1" 2>/dev/null || echo "<no JSON>"
}

# msg_first_reason
# The reason code the headline of the last msg_show speaks of (reasons
# are listed worst first).
msg_first_reason() {
    local r
    r=$(msg_field reasons)
    echo "${r%%,*}"
}

# msg_expect NAME COLOUR CODE
# Three TAP checks of the last msg_show --json: the colour, the main
# reason code and the exit status that goes with the colour (1 for red,
# 0 otherwise); when the status is wrong, what gsmime said on stderr.
msg_expect() {
    local name=$1 colour=$2 code=$3 rc=0
    [ "$colour" = red ] && rc=1
    tap_is "$(msg_field status)" "$colour" "$name: $colour"
    tap_is "$(msg_first_reason)" "$code" "$name: reason $code"
    tap_is "$MSG_RC" "$rc" "$name: exit status $rc"
    if [ "$MSG_RC" -ne "$rc" ] && [ -s "$MSG_WORK/err" ]; then
        head -n 5 "$MSG_WORK/err" | sed 's/^/#   /'
    fi
}
