#!/bin/bash
# layout.sh - holds the source tree to the include rules of
# doc/architecture.md, which keep the core one place for every judgement:
#
#   - a host (tools/, plugin/mutt/, plugin/claws/) includes of common/
#     only the public header gsmime.h, and i18n.h for its own messages;
#   - the headers gsmime.h includes are the public ones, and they include
#     no header of the core's own;
#   - common/ includes nothing of a host: no plugin/ or tools/ header, no
#     Claws, GTK or mutt header;
#   - plugin/claws/ and plugin/mutt/ do not include each other, and
#     tools/ knows the mutt host only through plugin/mutt/host.h.
#
# It reads the sources, as a compiler would see their #include lines.
set -u
# shellcheck source=../lib/prelude.sh
. "$(dirname "$0")/../lib/prelude.sh"
src=$GSMIME_SRCDIR

# includes FILE: the quoted includes of FILE, one a line.
includes() {
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$1"
}
# system_includes FILE: the <...> includes of FILE.
system_includes() {
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p' "$1"
}
# of_common NAME: NAME is a header of common/ (named with or without the
# folder).
of_common() {
    case $1 in
        common/*) [ -f "$src/$1" ] ;;
        */*) return 1 ;;
        *) [ -f "$src/common/$1" ] ;;
    esac
}

public=$(includes "$src/common/gsmime.h" | sort)
tap_ok "gsmime.h names the public headers" test -n "$public"

# Hosts: nothing of common/ but gsmime.h and i18n.h.
bad=
for f in "$src"/tools/*.[ch] "$src"/plugin/mutt/*.[ch] "$src"/plugin/claws/*.[ch]; do
    for h in $(includes "$f"); do
        of_common "$h" || continue
        case ${h#common/} in
            gsmime.h | i18n.h) ;;
            *) bad="$bad ${f#"$src"/}:$h" ;;
        esac
    done
done
tap_is "${bad:-none}" none "hosts include of common/ only gsmime.h and i18n.h"

# The public headers include only public headers (and the autoptr
# definitions every GMime user needs).
bad=
for h in $public; do
    for i in $(includes "$src/common/$h"); do
        case " gmime-autoptr.h $(echo $public) " in
            *" $i "*) ;;
            *) bad="$bad $h:$i" ;;
        esac
    done
done
tap_is "${bad:-none}" none "public headers include no header of the core's own"

# The core knows no host.
bad=
for f in "$src"/common/*.[ch]; do
    for h in $(includes "$f"); do
        case $h in
            plugin/* | tools/* | ../*) bad="$bad ${f#"$src"/}:$h" ;;
        esac
    done
    for h in $(system_includes "$f"); do
        case $h in
            gtk/* | gdk/* | claws* | *procmime.h | *prefs_common.h | *mutt*)
                bad="$bad ${f#"$src"/}:<$h>" ;;
        esac
    done
done
tap_is "${bad:-none}" none "common/ includes no host header"

# The hosts keep to their own folders.
bad=
for f in "$src"/plugin/claws/*.[ch]; do
    for h in $(includes "$f"); do
        case $h in plugin/mutt/* | tools/*) bad="$bad ${f#"$src"/}:$h" ;; esac
    done
done
for f in "$src"/plugin/mutt/*.[ch]; do
    for h in $(includes "$f"); do
        case $h in plugin/claws/*) bad="$bad ${f#"$src"/}:$h" ;; esac
    done
done
for f in "$src"/tools/*.[ch]; do
    for h in $(includes "$f"); do
        case $h in
            plugin/mutt/host.h) ;;
            plugin/*) bad="$bad ${f#"$src"/}:$h" ;;
        esac
    done
done
tap_is "${bad:-none}" none "hosts include each other only through plugin/mutt/host.h"

tap_done
