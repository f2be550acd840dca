/* fuzz-strict.c - a GLib critical is a bug in the caller, never an
 * answer to bad input, so in a fuzz target it aborts like any other
 * finding.  Linked into every target.  */
#include <config.h>
#include <signal.h>
#include <stdlib.h>
#include <glib.h>

/* GLib ends a fatal message with G_BREAKPOINT, a SIGTRAP, which
 * libFuzzer does not catch: the run would stop without saving the input
 * or printing a stack.  An abort it does catch.  */
static void
on_trap (int sig)
{
  (void) sig;
  abort ();
}

__attribute__ ((constructor)) static void
criticals_are_fatal (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  signal (SIGTRAP, on_trap);
}
