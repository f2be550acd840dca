/* thread-wait.h - work in a thread of its own while Claws' main loop
 * goes on, with Claws' progress display meanwhile. */
#ifndef GSMIME_CLAWS_THREAD_WAIT_H
#define GSMIME_CLAWS_THREAD_WAIT_H

#include <glib.h>

typedef gboolean (*GsmimeClawsWork) (gpointer data, GError **error);

/* Calls WORK (DATA, error) in a thread of its own and lets Claws' main
 * loop run until it returns, with WHAT (a sentence, already translated)
 * on Claws' status bar and its progress bar moving meanwhile.  Claws
 * asks for decrypting, signing and encrypting synchronously, and waits
 * for the answer here, while its windows are drawn and the rest of its
 * work goes on.  WORK must not touch GTK or anything of Claws that the
 * main loop may change.  Waits nest: a wait started by something the
 * main loop ran meanwhile returns first.  Returns what WORK returns.
 * Errors: those of WORK.  */
gboolean gsmime_claws_thread_wait (const char *what, GsmimeClawsWork work,
                                   gpointer data, GError **error);

/* How many waits are under way: the plugin cannot be unloaded while
 * there are any.  */
guint gsmime_claws_thread_waits (void);

#endif
