# shellcheck shell=bash
# slapd.sh - a throwaway OpenLDAP directory on loopback for gsmime's
# directory tests.
#
# Source it after gnupghome.sh.  The directory runs Debian's slapd with a
# slapd.conf the test writes (mdb backend, the core, cosine and
# inetorgperson schemas), bound to 127.0.0.1 only, its pid, args and
# database files in a directory of the test's own: a system slapd, if
# any, is never touched.
#
#   sl_start DIR PORT             # suffix dc=example,dc=org; sets SL_PID
#   sl_person NAME MAIL [PEM...]  # an inetOrgPerson with userCertificate;binary
#   sl_stop                       # also called by gh_teardown's caller
#
# Anyone may search, but only a logged-in reader ($SL_READER with password
# $SL_READERPW) sees the certificates; cn=admin,$SL_SUFFIX with password
# $SL_ROOTPW writes.

SL_SUFFIX=dc=example,dc=org
SL_ROOTDN=cn=admin,$SL_SUFFIX
SL_ROOTPW=gsmime-test
SL_READER=cn=reader,$SL_SUFFIX
SL_READERPW=reader-secret
SL_PID=
SL_DIR=
SL_PORT=

# sl_start DIR PORT
# Writes DIR/slapd.conf, starts slapd on 127.0.0.1:PORT (its log in
# DIR/access.log) and creates the suffix and ou=people.  Fails, with
# slapd's complaint, when it does not come up within five seconds.
sl_start() {
    local dir=$1 port=$2
    SL_DIR=$dir SL_PORT=$port
    mkdir -p "$dir/db" || return 1
    cat >"$dir/slapd.conf" <<EOF2 || return 1
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
database mdb
suffix "$SL_SUFFIX"
rootdn "$SL_ROOTDN"
rootpw $SL_ROOTPW
directory $dir/db
maxsize 10485760
# As in many organisations, certificates are for logged-in readers only:
# an anonymous search finds the entry but not its userCertificate.
access to attrs=userPassword by anonymous auth by * none
access to attrs=userCertificate by users read by * none
access to * by * read
EOF2
    # In the foreground (-d), so that SL_PID is slapd itself and its
    # "stats" log, every search with its filter, lands in access.log.
    slapd -d stats -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/" \
        2>"$dir/access.log" &
    SL_PID=$!
    gh_wait_port "$port" "$SL_PID" || {
        echo "sl_start: slapd did not come up on 127.0.0.1:$port" >&2
        gh_explain_port "$port" "$SL_PID" "$dir/access.log" >&2
        sl_stop
        return 1
    }
    sl_add <<EOF2
dn: $SL_SUFFIX
objectClass: dcObject
objectClass: organization
o: gsmime Test
dc: example

dn: ou=people,$SL_SUFFIX
objectClass: organizationalUnit
ou: people

dn: $SL_READER
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: reader
userPassword: $SL_READERPW
EOF2
}

# sl_add - adds the LDIF on standard input as the directory's admin.
sl_add() {
    ldapadd -x -H "ldap://127.0.0.1:$SL_PORT/" -D "$SL_ROOTDN" \
        -w "$SL_ROOTPW" >>"$SL_DIR/ldapadd.log" 2>&1
}

# sl_person NAME MAIL [PEM...]
# Adds cn=NAME,ou=people with the address MAIL and, for each PEM file,
# its certificate as userCertificate;binary (DER), as Active Directory
# and OpenLDAP publish them.
sl_person() {
    local name=$1 mail=$2 pem der n=0
    shift 2
    {
        echo "dn: cn=$name,ou=people,$SL_SUFFIX"
        echo "objectClass: inetOrgPerson"
        echo "cn: $name"
        echo "sn: $name"
        echo "mail: $mail"
        for pem in "$@"; do
            n=$((n + 1))
            der=$SL_DIR/$name-$n.der
            openssl x509 -in "$pem" -outform DER -out "$der" || return 1
            echo "userCertificate;binary:< file://$der"
        done
    } | sl_add
}

# sl_stop - stops the directory and waits until it is gone.
sl_stop() {
    if [ -n "$SL_PID" ]; then
        kill "$SL_PID" 2>/dev/null
        for _ in $(seq 50); do
            kill -0 "$SL_PID" 2>/dev/null || break
            sleep 0.1
        done
        wait "$SL_PID" 2>/dev/null
        SL_PID=
    fi
    return 0
}
