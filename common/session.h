/* session.h - one conversation with gpgsm, reused for many messages.
 *
 * A session owns one GPGME context for the CMS protocol.  GPGME keeps the
 * `gpgsm --server` process of a context alive between operations, so every
 * message read or written through the same session costs one round trip
 * to a running gpgsm instead of a process start.  A second context is kept
 * for key listings, which GPGME cannot run on a context that is in the
 * middle of another operation.
 *
 * A session is not thread-safe: a host that works from several threads
 * uses one session per thread.
 */
#ifndef GSMIME_SESSION_H
#define GSMIME_SESSION_H

#include <glib.h>
#include <gpgme.h>
#include "settings.h"

typedef struct _GsmimeSession GsmimeSession;

/* Creates a session on HOMEDIR (NULL: $GNUPGHOME, else gpgsm's default).
 * Errors: GPG_ERR_NOT_SUPPORTED when GPGME has no CMS engine (gpgsm is not
 * installed), other GPGME codes when the context cannot be made.  */
GsmimeSession *gsmime_session_new (const char *homedir, GError **error);
void gsmime_session_free (GsmimeSession *session);

/* Replaces the session's settings with a copy of SETTINGS.  Choosing
 * OCSP also enables it for dirmngr in the home (homeconf.c).  Errors:
 * those of writing dirmngr.conf.  */
gboolean gsmime_session_set_settings (GsmimeSession *session,
                                      const GsmimeSettings *settings,
                                      GError **error);
const GsmimeSettings *gsmime_session_get_settings (GsmimeSession *session);

/* The home directory in use, or NULL for gpgsm's default.  */
const char *gsmime_session_get_homedir (GsmimeSession *session);

/* gsmime's own files in the GnuPG home ($GNUPGHOME/gsmime, made on first
 * use, mode 700) joined with NAME.  */
char *gsmime_session_state_file (GsmimeSession *session, const char *name);

/* The context for cryptographic operations, reset for a new operation.  */
gpgme_ctx_t gsmime_session_crypto_ctx (GsmimeSession *session);

/* Replaces both contexts with new ones, keeping the caches.  gpgsm
 * --server exits when it cannot parse what it was given (a damaged
 * signature, say), and GPGME does not start it again: a host that goes
 * on with the session after a failed operation calls this first.
 * Errors: those of gsmime_session_new.  */
gboolean gsmime_session_reset (GsmimeSession *session, GError **error);

/* The context for key listings.  */
gpgme_ctx_t gsmime_session_keylist_ctx (GsmimeSession *session);

/* Certificates already looked up in this session, by fingerprint.  A
 * fingerprint names one certificate's exact bytes, so an entry never goes
 * stale; keys.c fills it.  */
GHashTable *gsmime_session_key_cache (GsmimeSession *session);

/* Data other modules keep for the life of the session, by name; DESTROY
 * frees it with the session.  */
gpointer gsmime_session_get_data (GsmimeSession *session, const char *name);
void gsmime_session_set_data (GsmimeSession *session, const char *name,
                              gpointer data, GDestroyNotify destroy);

/* TRUE the first time it is called with WHAT in this session: for work
 * done once per session, such as clearing up after a crashed run.  */
gboolean gsmime_session_first_time (GsmimeSession *session, const char *what);

/* Fingerprints a harvesting dry run would have kept: later messages of
 * the run must see them as a real run would, as already known.  */
GHashTable *gsmime_session_dry_run_kept (GsmimeSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeSession, gsmime_session_free)

#endif
