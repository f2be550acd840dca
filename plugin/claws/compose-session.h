/* compose-session.h - the core session that signs and encrypts the mail
 * Claws sends. */
#ifndef GSMIME_CLAWS_COMPOSE_SESSION_H
#define GSMIME_CLAWS_COMPOSE_SESSION_H

#include "common/gsmime.h"

#include <procmime.h>

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
 * Claws' main loop run until it returns, with WHAT on Claws' status bar
 * (gsmime_claws_thread_wait): choosing recipients' certificates may wait
 * for revocation servers and directories up to the budget each, signing
 * for the pinentry, encrypting a big message takes seconds, and Claws'
 * windows must go on being drawn meanwhile.  FUNC must not touch GTK or
 * Claws.  Returns what FUNC returns.  Errors: those of
 * gsmime_claws_compose_session, those of FUNC.  */
gboolean gsmime_claws_compose_session_run (const char *what,
                                           GsmimeClawsSessionFunc func,
                                           gpointer data, GError **error);

typedef GMimeObject *(*GsmimeClawsSealFunc) (GsmimeSession *session,
                                             GMimeObject *body,
                                             gpointer data, GError **error);

/* Has SEAL (session, BODY, DATA, error) sign or encrypt BODY, and puts
 * what it returns in place of MESSAGE's body
 * (gsmime_claws_compose_replace_body), both in a thread while Claws'
 * main loop runs (gsmime_claws_compose_session_run, with WHAT on the
 * status bar).  Returns the sealed entity, or NULL.  Errors: those of
 * gsmime_claws_compose_session_run, SEAL and
 * gsmime_claws_compose_replace_body.  */
GMimeObject *gsmime_claws_compose_seal (const char *what, MimeInfo *message,
                                        GMimeObject *body,
                                        GsmimeClawsSealFunc seal,
                                        gpointer data, GError **error);

/* gsmime_claws_compose_body, in a thread while Claws' main loop runs:
 * Claws encodes every attachment while it writes the body out.  Same
 * results and errors.  */
GMimeObject *gsmime_claws_compose_body_waiting (MimeInfo *message,
                                                GMimeStream **backing,
                                                GError **error);

/* Ends the session (when the plugin is unloaded).  Returns FALSE, and
 * keeps it, while gsmime_claws_compose_session_run is waiting.  */
gboolean gsmime_claws_compose_session_done (void);

#endif
