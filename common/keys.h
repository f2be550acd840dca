/* keys.h - finding certificates and keys in the gpgsm keybox. */
#ifndef GSMIME_KEYS_H
#define GSMIME_KEYS_H

#include <glib.h>
#include <gpgme.h>
#include "session.h"

/* Lists the certificates matching PATTERN (a fingerprint, "<address>",
 * or any gpgsm search pattern); SECRET restricts to those with a secret
 * key.  Returns an array of gpgme_key_t (freed with the array), empty when
 * nothing matches, or NULL with ERROR set when gpgsm could not be asked.  */
GPtrArray *gsmime_keys_list (GsmimeSession *session, const char *pattern,
                             gboolean secret, GError **error);

/* The certificate with fingerprint FPR, or NULL (ERROR set to
 * GPG_ERR_NOT_FOUND when it is not in the keybox).  */
gpgme_key_t gsmime_key_by_fingerprint (GsmimeSession *session,
                                       const char *fpr, GError **error);

/* Like gsmime_key_by_fingerprint, but remembers the answer for the rest
 * of the session, so that a hundred messages from one signer cost one
 * look-up.  Returns a borrowed key.  */
gpgme_key_t gsmime_key_cached (GsmimeSession *session, const char *fpr,
                               GError **error);

/* The e-mail addresses a certificate is for, lower case, NULL-terminated;
 * free with g_strfreev.  */
char **gsmime_key_emails (gpgme_key_t key);

/* TRUE when KEY carries ADDRESS (compared without regard to case).  */
gboolean gsmime_key_has_email (gpgme_key_t key, const char *address);

/* TRUE when the certificate FPR has a secret key in gpg-agent.  */
gboolean gsmime_key_has_secret (GsmimeSession *session, const char *fpr);

/* Removes the certificate FPR from the keybox and forgets it in the
 * session's cache.  Certificates with a secret key are left alone by
 * gpgsm unless forced; callers check gsmime_key_has_secret first.  */
void gsmime_key_delete (GsmimeSession *session, const char *fpr);

/* Dates of the certificate's validity (0 when unknown or unlimited).  */
gint64 gsmime_key_not_before (gpgme_key_t key);
gint64 gsmime_key_expires (gpgme_key_t key);

#endif
