/* expiry-warning.h - saying, once per session, that one of the user's
 * own certificates is about to expire: in Claws' log when the plugin
 * loads or an account is first used, and in the compose window.  */
#ifndef GSMIME_CLAWS_EXPIRY_WARNING_H
#define GSMIME_CLAWS_EXPIRY_WARNING_H

#include <glib.h>

/* Checks the certificates of every account (in a thread) and watches for
 * compose windows.  */
void gsmime_claws_expiry_init (void);

/* Stops watching; FALSE while the check still runs (the plugin may not
 * be unloaded then).  */
gboolean gsmime_claws_expiry_done (void);

#endif
