# shellcheck shell=bash
# claws-keys.sh - driving the real Claws Mail's windows with the keyboard
# (xdotool), for the tests that open its preferences
# (tests/integration/claws-prefs.sh, claws-live.sh).
#
#   . "$(dirname "$0")/../lib/claws.sh"
#   claws_in_xvfb "$0" "$@"
#   claws_prelude xdotool
#   . "$GSMIME_SRCDIR/tests/lib/claws-keys.sh"
#   claws_no_key_repeat
#   open_page '^Preferences$' r '^prefs-page '
#
# Source it after claws_prelude; it runs nothing at load time.

# focus NAME: gives the X input focus to the window called NAME (there
# is no window manager under Xvfb to do it), as claws_press does.
focus() {
    local w
    w=$(claws_find_window "$1" 30) && claws_press "$w"
}

# claws_no_key_repeat: keys are held for a moment (slow_key); the X
# server must not repeat them meanwhile.  Xvfb has no xset, so Xlib is
# asked directly.
claws_no_key_repeat() {
    python3 -c 'import ctypes
x = ctypes.cdll.LoadLibrary("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
d = x.XOpenDisplay(None)
x.XAutoRepeatOff(ctypes.c_void_p(d))
x.XCloseDisplay(ctypes.c_void_p(d))' ||
        echo "# could not switch off key repeat"
}

# step TEXT: a line in Claws' output, so that a complaint of GTK there
# can be told apart by the step that caused it.
step() {
    echo "$(basename "$0"): $* ($(date +%T.%N))" >>"$claws_log"
}

# slow_key KEY: presses KEY (e.g. alt+r) and lets go a moment later.  A
# key that opens or closes a window would otherwise be let go while the
# window is half made or half gone, and GTK complains about the event
# (Gtk-CRITICAL), which claws_stop counts as a failure.
slow_key() {
    step "key $1"
    xdotool keydown "$1"
    sleep 0.4
    xdotool keyup "$1"
}

# press_until NAME KEY PATTERN SECONDS: gives the window NAME the focus
# and presses KEY until a trace line matches PATTERN, three times at most
# while the window is there: on a loaded machine a key can reach a window
# before it takes input, and then nothing happens.
press_until() {
    local try
    for try in 1 2 3; do
        focus "$1" || break
        slow_key "$2"
        claws_wait_for "$3" "$4" && return 0
        tap_diag "no trace line /$3/ after $2 in '$1' (try $try)"
    done
    return 1
}

# open_page WINDOW-NAME MENU-KEY TRACE: opens a window from the main
# window's Configuration menu (Alt+C, then MENU-KEY) and walks up its page
# index from the bottom until the plugin's page traces TRACE.  Each key
# waits until Claws has handled the one before (claws_settle): on a
# loaded machine a menu key can come before the menu is open, and an Up
# sent before the page of the last one was made walks past the page.
# The menu is tried again, three times at most, while the window does
# not come; the page is drawn before this returns, so that its keys
# reach it.
open_page() {
    local try i
    claws_mark
    for try in 1 2 3; do
        focus ' - Claws Mail ' || return 1
        slow_key alt+c
        claws_settle
        slow_key "$2"
        claws_find_window "$1" 20 >/dev/null && break
        tap_diag "no window /$1/ after Alt+C, $2 (try $try)"
        focus ' - Claws Mail ' && slow_key Escape
        [ "$try" -lt 3 ] || return 1
    done
    focus "$1" || return 1
    step "page index, from the end"
    xdotool key End
    claws_settle
    for i in $(seq 12); do
        claws_trace_since "$3" >/dev/null && break
        xdotool key Up
        claws_settle
    done
    if ! claws_trace_since "$3" >/dev/null; then
        echo "# gave up after 12 rows of the page index waiting for a trace line /$3/"
        claws_explain
        return 1
    fi
    claws_settle
}
