# shellcheck shell=bash
# hp-messages.sh - messages with header protection (RFC 9788) in every
# shape of the RFC's Appendix C, made at test time with OpenSSL and the
# test PKI, for the tests of header protection.
#
# Source it after tests/lib/messages.sh (MSG_PKI set).  It runs nothing
# at load time and sets no shell options.
#
#   hp_message OUT SHAPE SUBJECT
#
# makes the whole message OUT, from alice to bob, whose real Subject is
# SUBJECT.  SHAPE is words joined by "-", in this order:
#   none | clear | cipher | v1   the protected header section: none (a
#                                baseline without header protection),
#                                hp="clear", hp="cipher", or mutt's
#                                protected-headers="v1" (Subject only)
#   shy                          hcp_shy instead of hcp_baseline: the
#                                outer From and To without display names,
#                                the outer Date in UTC
#   legacy                       a Legacy Display Element in every main
#                                text part (hp-legacy-display="1")
#   reply                        In-Reply-To and References, as a reply
#   complex                      multipart/mixed: multipart/alternative of
#                                text/plain and text/html, and an image
#                                attachment (else one text/plain part)
#   opaque | detached | encrypted
#                                the layers: signed-data, multipart/signed,
#                                or signed-data inside enveloped-data to bob
# e.g. cipher-shy-legacy-complex-encrypted, clear-detached.  The body's
# first line is "This is the SUBJECT message." in every text part; the
# element, when there is one, starts with "Subject: SUBJECT" (shy adds
# From, To and Date, as the policy obscures them too).
#
# The outer Subject is "[...]" where the section is hp="cipher", "..."
# for v1 (what mutt writes), and SUBJECT otherwise.

HP_DATE='Mon, 06 Jan 2025 09:30:00 +0100'
HP_DATE_UTC='Mon, 06 Jan 2025 08:30:00 +0000'
HP_FROM='Alice Lovelace <alice@example.org>'
HP_TO='Bob Babbage <bob@example.org>'

# hp_has SHAPE WORD - SHAPE has the word WORD.
hp_has() {
    [[ -$1- == *-$2-* ]]
}

# hp_legacy_lines SHAPE SUBJECT - the header field lines of the Legacy
# Display Element: the user-facing fields the policy changed.
hp_legacy_lines() {
    printf 'Subject: %s\r\n' "$2"
    if hp_has "$1" shy; then
        printf 'From: %s\r\nTo: %s\r\nDate: %s\r\n' "$HP_FROM" "$HP_TO" \
            "$HP_DATE"
    fi
}

# hp_text SHAPE SUBJECT TYPE - a main body part of TYPE (plain or html).
hp_text() {
    local shape=$1 subject=$2 type=$3 legacy=
    hp_has "$shape" legacy && hp_has "$shape" cipher && legacy=yes
    printf 'Content-Type: text/%s; charset=us-ascii%s\r\n' "$type" \
        "${legacy:+; hp-legacy-display=\"1\"}"
    printf 'Content-Transfer-Encoding: 7bit\r\n\r\n'
    if [ "$type" = plain ]; then
        [ -n "$legacy" ] && { hp_legacy_lines "$shape" "$subject"; printf '\r\n'; }
        printf 'This is the %s message.\r\n\r\nThe numbers are attached.\r\n' \
            "$subject"
    else
        printf '<html><head><title></title></head><body>\r\n'
        if [ -n "$legacy" ]; then
            printf '<div class="header-protection-legacy-display">\r\n<pre>'
            hp_legacy_lines "$shape" "$subject" | sed 's/</\&lt;/g; s/>/\&gt;/g'
            printf '</pre></div>\r\n'
        fi
        printf '<p>This is the <b>%s</b> message.</p></body></html>\r\n' \
            "$subject"
    fi
}

# hp_outer_values SHAPE SUBJECT - the outer header fields as "Name: value"
# lines (LF), what the policy leaves outside.
hp_outer_values() {
    local shape=$1 subject=$2
    if hp_has "$shape" shy; then
        printf 'Date: %s\nFrom: %s\nTo: %s\n' "$HP_DATE_UTC" \
            alice@example.org bob@example.org
    else
        printf 'Date: %s\nFrom: %s\nTo: %s\n' "$HP_DATE" "$HP_FROM" "$HP_TO"
    fi
    if hp_has "$shape" cipher; then
        printf 'Subject: [...]\n'
    elif hp_has "$shape" v1; then
        printf 'Subject: ...\n'
    else
        printf 'Subject: %s\n' "$subject"
    fi
    printf 'Message-ID: <hp-%s@gsmime.test>\n' "${shape//-/.}"
    if hp_has "$shape" reply; then
        printf 'In-Reply-To: <earlier@gsmime.test>\n'
        printf 'References: <earlier@gsmime.test>\n'
    fi
}

# hp_payload SHAPE SUBJECT - the cryptographic payload: the protected
# header section (unless none) and the body.
hp_payload() {
    local shape=$1 subject=$2 type param="" boundary=hp-mixed-b alt=hp-alt-b
    if hp_has "$shape" clear; then
        param='; hp="clear"'
    elif hp_has "$shape" cipher; then
        param='; hp="cipher"'
    elif hp_has "$shape" v1; then
        param='; protected-headers="v1"'
    fi
    printf 'MIME-Version: 1.0\r\n'
    if hp_has "$shape" v1; then
        printf 'Subject: %s\r\n' "$subject"
    elif ! hp_has "$shape" none; then
        printf 'Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: %s\r\n' \
            "$HP_DATE" "$HP_FROM" "$HP_TO" "$subject"
        printf 'Message-ID: <hp-%s@gsmime.test>\r\n' "${shape//-/.}"
        if hp_has "$shape" reply; then
            printf 'In-Reply-To: <earlier@gsmime.test>\r\n'
            printf 'References: <earlier@gsmime.test>\r\n'
        fi
        if hp_has "$shape" cipher; then
            hp_outer_values "$shape" "$subject" | sed 's/^/HP-Outer: /; s/$/\r/'
        fi
    fi
    if ! hp_has "$shape" complex; then
        hp_text "$shape" "$subject" plain |
            sed "1s|\r\$|$param\r|"
        return
    fi
    printf 'Content-Type: multipart/mixed; boundary="%s"%s\r\n\r\n' \
        "$boundary" "$param"
    printf -- '--%s\r\nContent-Type: multipart/alternative; boundary="%s"\r\n\r\n' \
        "$boundary" "$alt"
    for type in plain html; do
        printf -- '--%s\r\n' "$alt"
        hp_text "$shape" "$subject" "$type"
    done
    printf -- '--%s--\r\n\r\n--%s\r\n' "$alt" "$boundary"
    printf 'Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n'
    printf 'Content-Disposition: attachment; filename="numbers.png"\r\n\r\n'
    printf 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA'
    printf 'WjR9awAAAABJRU5ErkJggg==\r\n--%s--\r\n' "$boundary"
}

# hp_message OUT SHAPE SUBJECT - the whole message (see the top).
hp_message() {
    local out=$1 shape=$2 subject=$3 d=${MSG_WORK:-${TMPDIR:-/tmp}}/hp.$$
    mkdir -p "$d" || return 1
    hp_payload "$shape" "$subject" >"$d/payload" || return 1
    if hp_has "$shape" encrypted; then
        msg_sign_opaque alice "$d/payload" "$d/signed" &&
            msg_encrypt "$d/signed" "$d/body" "$MSG_PKI/bob.pem" || return 1
    elif hp_has "$shape" opaque; then
        msg_sign_opaque alice "$d/payload" "$d/body" || return 1
    else
        msg_sign alice "$d/payload" "$d/body" || return 1
    fi
    {
        hp_outer_values "$shape" "$subject" | sed 's/$/\r/'
        msg_body "$d/body"
    } >"$out" || return 1
    msg_to_crlf "$out"
    rm -rf "$d"
}
