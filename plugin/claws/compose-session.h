/* compose-session.h - the core session that signs and encrypts the mail
 * Claws sends. */
#ifndef GSMIME_CLAWS_COMPOSE_SESSION_H
#define GSMIME_CLAWS_COMPOSE_SESSION_H

#include "common/gsmime.h"

/* The session for writing mail, made on first use, on the main thread
 * (Claws signs and encrypts there, and waits for the answer).  It has the
 * user's preferences, taken again whenever they were saved since, so that
 * recipients' certificates are checked for revocation as the user chose
 * and within the chosen budget.  Errors: those of gsmime_session_new and
 * gsmime_session_set_settings.  */
GsmimeSession *gsmime_claws_compose_session (GError **error);

/* Ends the session (when the plugin is unloaded).  */
void gsmime_claws_compose_session_done (void);

#endif
