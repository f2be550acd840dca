/* prefs-account.h - per account, which of the user's own certificates
 * signs and which one others encrypt to: a page in the account's
 * preferences, kept in accountrc among the account's privacy_prefs.  The
 * accessors are declared in prefs.h.  */
#ifndef GSMIME_CLAWS_PREFS_ACCOUNT_H
#define GSMIME_CLAWS_PREFS_ACCOUNT_H

#include <glib.h>

/* Registers the page with Claws' account preferences and says in the
 * log (and the trace) what each account has chosen.  */
void gsmime_claws_prefs_account_register (void);
void gsmime_claws_prefs_account_unregister (void);

#endif
