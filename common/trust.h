/* trust.h - trusting a root certificate, as one deliberate step.
 *
 * Trust lives in gpg-agent's trustlist.txt, the list gpgsm consults.  It is
 * changed only here, on the user's explicit request: reading mail never
 * adds to it (see verify.c).
 */
#ifndef GSMIME_TRUST_H
#define GSMIME_TRUST_H

#include <glib.h>
#include <gpgme.h>
#include "session.h"

typedef struct
{
  char *fingerprint;   /* SHA-1, as gpgsm names certificates */
  char *sha256;        /* SHA-256 of the DER certificate, colon separated */
  char *sha1;          /* SHA-1, colon separated, for reading aloud */
  char *subject;
  gboolean trusted;    /* listed in trustlist.txt now */
} GsmimeRootInfo;

void gsmime_root_info_free (GsmimeRootInfo *info);

/* Describes the certificate FPR if it is a root (self-signed CA).
 * Errors: GPG_ERR_NOT_FOUND (not in the keybox), GPG_ERR_WRONG_KEY_USAGE when
 * it is an intermediate or a user certificate (the message says which). */
GsmimeRootInfo *gsmime_root_describe (GsmimeSession *session, const char *fpr,
                                      GError **error);

/* Marks the root FPR trusted for S/MIME (TRUSTED TRUE) or removes that
 * mark and records it as distrusted (FALSE), then has gpg-agent reread the
 * list.  Errors: those of gsmime_root_describe, and I/O errors.  */
gboolean gsmime_root_set_trusted (GsmimeSession *session, const char *fpr,
                                  gboolean trusted, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeRootInfo, gsmime_root_info_free)

#endif
