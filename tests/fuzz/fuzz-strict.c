/* fuzz-strict.c - a GLib critical is a bug in the caller, never an
 * answer to bad input, so in a fuzz target it aborts like any other
 * finding.  Linked into every target.  */
#include <config.h>
#include <glib.h>

__attribute__ ((constructor)) static void
criticals_are_fatal (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
}
