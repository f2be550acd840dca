#!/bin/bash
# doctor.sh - `gsmime doctor` names the engine that is installed, as the
# programs themselves name it, and what that engine can do.
#
# The versions printed must be those of `gpgsm --version` (gpgsm and the
# libksba it reports) and `dirmngr --version`, in the text and in the
# JSON.  On the gpgsm 2.2.40 of Debian 12 the capability table must say
# that ECDH decryption and AES-GCM as OpenSSL writes it are not
# available (GnuPG's NEWS: ECC certificates from 2.2.42; no libksba reads
# GCM parameters with a 16-byte tag); on another version those checks are
# skipped.  Starts no daemon.  Output is TAP.

set -u

# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
require_programs gpgsm dirmngr python3

# version_of PROGRAM NAME: the version PROGRAM --version gives for NAME
# ("gpgsm (GnuPG) 2.2.40", "libksba 1.6.3").
version_of() {
    "$1" --version 2>/dev/null | awk -v name="$2" '
        $1 == name { print $NF; exit }'
}

gpgsm_v=$(version_of gpgsm gpgsm)
ksba_v=$(version_of gpgsm libksba)
dirmngr_v=$(version_of dirmngr dirmngr)
tap_diag "gpgsm $gpgsm_v, libksba $ksba_v, dirmngr $dirmngr_v"

text=$("$GSMIME" doctor)
tap_is "$?" 0 "doctor succeeds"
for pair in "gpgsm:$gpgsm_v" "dirmngr:$dirmngr_v" "libksba:$ksba_v"; do
    tap_like "$text" "^${pair%%:*} +${pair#*:}\$" \
        "the text names ${pair%%:*} ${pair#*:}"
done

json=$("$GSMIME" doctor --json)
tap_is "$?" 0 "doctor --json succeeds"
# member NAME: a field of the JSON, versions.NAME or, for a capability
# name, whether it is available.
member() {
    printf '%s' "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
name = sys.argv[1]
if name in d["versions"]:
    print(d["versions"][name])
else:
    print([c["available"] for c in d["capabilities"] if c["name"] == name][0])
' "$1"
}
tap_is "$(member gpgsm)" "$gpgsm_v" "the JSON names gpgsm $gpgsm_v"
tap_is "$(member dirmngr)" "$dirmngr_v" "the JSON names dirmngr $dirmngr_v"
tap_is "$(member libksba)" "$ksba_v" "the JSON names libksba $ksba_v"

if [ "$gpgsm_v" = 2.2.40 ]; then
    tap_is "$(member ecdh-decrypt)" False "2.2.40 cannot decrypt ECDH"
    tap_is "$(member aes-gcm-16-byte-tag)" False \
        "2.2.40 cannot decrypt AES-GCM as OpenSSL writes it"
    tap_is "$(member rsa-oaep)" False "2.2.40 cannot decrypt RSA-OAEP"
    tap_like "$text" "^  \[no\]  decrypt messages encrypted to an elliptic-curve certificate \(ECDH\) \(gpgsm 2\.2\.42" \
        "the text says ECDH decryption needs gpgsm 2.2.42"
    tap_like "$text" "^  \[no\]  decrypt AES-GCM with a 16-byte tag" \
        "the text says AES-GCM as OpenSSL writes it is not available"
else
    for c in "ECDH decryption" "AES-GCM" "RSA-OAEP" "the ECDH sentence" \
        "the AES-GCM sentence"; do
        tap_skip "$c on 2.2.40" "gpgsm is $gpgsm_v, not 2.2.40"
    done
fi

tap_not "doctor refuses arguments" "$GSMIME" doctor extra 2>/dev/null
tap_done
