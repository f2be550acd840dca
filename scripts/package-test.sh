#!/bin/bash
# package-test.sh - the Debian packages as a new user meets them, without
# autopkgtest's virtual machine (CI runs it from scripts/check.sh; run as
# root, on a machine where nothing of gsmime is installed).
#
# Usage: scripts/package-test.sh [--debs DIR] [PATTERN...]
#
#   1. builds the packages (scripts/build-packages.sh into build-deb/;
#      --debs DIR takes those already built in DIR instead);
#   2. lintian on the .changes: no error and no warning (debian/ keeps an
#      override, with the reason, for each one accepted);
#   3. apt-get install ./gsmime_*.deb ./claws-mail-gsmime-plugin_*.deb;
#   4. the installed-mode tests (tests/run-tests --installed) whose names
#      match PATTERN..., by default mutt-read (mutt with
#      /usr/share/gsmime/gsmime.muttrc), claws.sh (Claws loading the
#      plugin from its own folder) and verdicts (gsmime show), which take
#      about three minutes together; "installed/" runs them all;
#   5. apt-get remove, then apt-get purge, and checks that no file the
#      packages had installed is left, that no new file or folder outside
#      the users' homes names gsmime, and that no installed gsmime process
#      still runs.
#
# Each step is one check, printed as "ok - ..." or "FAIL package: ...",
# and counted with the tests of step 4 in the closing line
# "N passed, N failed[, N skipped]", the last line printed, which
# tests/run-tests --also-counts adds to the whole suite's.  The packages
# are removed whatever happens, also when a step fails or the script is
# interrupted.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build-deb
build=yes
patterns=()
while [ $# -gt 0 ]; do
    case $1 in
        --debs) out=$(cd "$2" && pwd); build=no; shift 2 ;;
        *) patterns+=("$1"); shift ;;
    esac
done
[ ${#patterns[@]} -gt 0 ] || patterns=(mutt-read claws.sh verdicts)
packages=(gsmime claws-mail-gsmime-plugin)
export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -o DPkg::Lock::Timeout=600 -y -q)
passed=0 failed=0 skipped=0
state=$(mktemp -d /tmp/package-test.XXXXXX) || exit 1

# check DESCRIPTION COMMAND...: runs COMMAND, its output kept in
# $state/last.log, and counts it as one check.
check() {
    local what=$1
    shift
    if "$@" >"$state/last.log" 2>&1; then
        echo "ok - $what"
        passed=$((passed + 1))
        return 0
    fi
    echo "FAIL package: $what"
    tail -n 30 "$state/last.log" | sed 's/^/#   /'
    failed=$((failed + 1))
    return 1
}

closing() {
    echo
    if [ $skipped -gt 0 ]; then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
}

# remove_packages: the last word, also after a failure or an interrupt.
remove_packages() {
    local known
    known=$(known_packages)
    # shellcheck disable=SC2086  # one word per package
    [ -z "$known" ] || "${apt[@]}" purge $known >/dev/null 2>&1
    rm -rf "$state"
}
trap remove_packages EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# What lies outside the users' homes: every path under the system's
# folders, sorted.  /var/tmp and apt's and dpkg's logs change under any
# machine's feet and are left out; /tmp, /home, /root and the virtual file
# systems are not looked at.
system_files() {
    find /usr /etc /var /opt /srv -xdev \
        \( -path /var/tmp -o -path /var/log \) -prune -o -print 2>/dev/null |
        LC_ALL=C sort
}

# purge_rest: apt-get purge of what dpkg still knows of the packages
# (packages without configuration files are forgotten at removal
# already), after which it knows neither.
purge_rest() {
    local known
    known=$(known_packages)
    if [ -n "$known" ]; then
        # shellcheck disable=SC2086  # one word per package
        "${apt[@]}" purge $known || return 1
    fi
    [ -z "$(known_packages)" ]
}

# known_packages: those of the packages that dpkg holds anything of.
known_packages() {
    dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null |
        awk '$2 != "not-installed" { print $1 }'
}

# files_gone: no file the packages installed is left (the folders they
# share with others may stay).
files_gone() {
    local path bad=0
    while IFS= read -r path; do
        if [ -e "$path" ] && [ ! -d "$path" ]; then
            echo "left behind: $path"
            bad=1
        fi
    done <"$state/files"
    return $bad
}

# nothing_left: no file the packages installed, no new path that names
# gsmime, and no installed gsmime program still running.
nothing_left() {
    local bad=0 pid
    files_gone || bad=1
    system_files >"$state/after"
    LC_ALL=C comm -13 "$state/before" "$state/after" >"$state/new"
    if grep -i gsmime "$state/new"; then
        bad=1
    fi
    for pid in /proc/[0-9]*; do
        case $(readlink "$pid/exe" 2>/dev/null) in
            /usr/bin/gsmime*|/usr/libexec/gsmime/*)
                echo "still running: ${pid#/proc/} $(tr '\0' ' ' <"$pid/cmdline")"
                bad=1 ;;
        esac
    done
    return $bad
}

if [ -n "$(known_packages)" ]; then
    echo "FAIL package: gsmime is installed already; remove it first (apt-get purge ${packages[*]})"
    failed=$((failed + 1))
    trap - EXIT
    rm -rf "$state"
    closing
    exit 1
fi

cd "$top" || exit 1
if [ $build = yes ]; then
    check "the packages build (dpkg-buildpackage -us -uc -b)" \
        scripts/build-packages.sh "$out" || { closing; exit 1; }
fi
debs=("$out"/gsmime_*.deb "$out"/claws-mail-gsmime-plugin_*.deb)
check "lintian finds no error and no warning" \
    lintian --fail-on error,warning "$out"/gsmime_*.changes
grep -v 'running with root' "$state/last.log" | sed 's/^/#   lintian: /'

system_files >"$state/before"
if ! check "apt-get install ./gsmime_*.deb ./claws-mail-gsmime-plugin_*.deb" \
    "${apt[@]}" install "${debs[@]}"; then
    closing
    exit 1
fi
dpkg-query -L "${packages[@]}" | LC_ALL=C sort -u >"$state/files"
check "gsmime on PATH is the package's" \
    test "$(command -v gsmime)" = /usr/bin/gsmime
claws_dir=$(pkg-config --variable=plugindir claws-mail 2>/dev/null ||
    echo "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/claws-mail/plugins")
check "the plugin is in Claws' plugin folder ($claws_dir)" \
    test -f "$claws_dir/gsmime.so"

logdir=$out/logs
rm -rf "$logdir"
tests/run-tests --installed --logdir "$logdir" "${patterns[@]}" \
    >"$state/installed.log" 2>&1
grep -v '^[0-9]* passed, [0-9]* failed' "$state/installed.log" | sed '/^$/d'
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$state/installed.log" | tail -n 1)
if [ -n "$line" ]; then
    read -r p _ f _ s _ <<<"${line//,/}"
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s:-0}))
else
    echo "FAIL package: the installed-mode tests gave no closing line (logs: $logdir)"
    failed=$((failed + 1))
fi

check "apt-get remove removes them" "${apt[@]}" remove "${packages[@]}"
check "apt-get remove leaves none of their files" files_gone
check "apt-get purge leaves dpkg knowing neither package" purge_rest
check "nothing of gsmime is left outside the users' homes" nothing_left
closing
[ $failed -eq 0 ]
