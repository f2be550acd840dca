/* trace.h - what the plugin showed, in Claws' log and for tests. */
#ifndef GSMIME_CLAWS_TRACE_H
#define GSMIME_CLAWS_TRACE_H

#include <glib.h>

/* Says in Claws' log, and appends to the file named by
 * $GSMIME_CLAWS_TRACE when that is set, one line "EVENT key=value ...":
 * FIELDS are pairs of key and value, ended by NULL.  Call from the main
 * thread only (Claws' log is not thread-safe).  Values are written on one
 * line: newlines become spaces.  */
void gsmime_claws_trace (const char *event, ...) G_GNUC_NULL_TERMINATED;

/* Traces, once Claws has drawn it, the text of the notice line of the
 * message view MIMEVIEW (the user_data Claws passes with its signature
 * callback) if that view is the main window's.  */
void gsmime_claws_trace_notice_later (gpointer mimeview);

/* Traces, once Claws has drawn it, the text of the main window's notice
 * line after a decryption failed: Claws puts the core's sentence there
 * ("Couldn't decrypt: ...").  */
void gsmime_claws_trace_decrypt_notice_later (void);

/* How many traces of the notice line are still to run; the plugin may not
 * be unloaded before they have.  */
guint gsmime_claws_trace_pending (void);

#endif
