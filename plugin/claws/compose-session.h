/* compose-session.h - the core session that signs and encrypts the mail
 * Claws sends. */
#ifndef GSMIME_CLAWS_COMPOSE_SESSION_H
#define GSMIME_CLAWS_COMPOSE_SESSION_H

#include "common/gsmime.h"

/* The session for writing mail, made on first use, for the main thread
 * (Claws signs and encrypts there, and waits for the answer).  It has the
 * user's preferences, taken again whenever they were saved since, so that
 * recipients' certificates are checked for revocation as the user chose
 * and within the chosen budget.  Errors: GPG_ERR_EBUSY while
 * gsmime_claws_compose_session_run is using it for another message;
 * those of gsmime_session_new and gsmime_session_set_settings.  */
GsmimeSession *gsmime_claws_compose_session (GError **error);

typedef gboolean (*GsmimeClawsSessionFunc) (GsmimeSession *session,
                                            gpointer data, GError **error);

/* Calls FUNC (session, DATA, error) in a thread of its own and lets
 * Claws' main loop run until it returns: choosing recipients' certificates
 * may wait for revocation servers and directories up to the budget each,
 * and Claws' windows must go on being drawn meanwhile.  FUNC must not
 * touch GTK or Claws.  Returns what FUNC returns.  Errors: those of
 * gsmime_claws_compose_session, those of FUNC.  */
gboolean gsmime_claws_compose_session_run (GsmimeClawsSessionFunc func,
                                           gpointer data, GError **error);

/* Ends the session (when the plugin is unloaded).  Returns FALSE, and
 * keeps it, while gsmime_claws_compose_session_run is waiting.  */
gboolean gsmime_claws_compose_session_done (void);

#endif
