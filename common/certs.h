/* certs.h - the certificates in the keybox as a user wants to see them:
 * what each is for, whether it can be relied on, and why not.  */
#ifndef GSMIME_CERTS_H
#define GSMIME_CERTS_H

#include <glib.h>
#include "session.h"
#include "verdict.h"
#include "revocation.h"

/* How soon before expiry a certificate turns orange.  */
#define GSMIME_EXPIRY_WARNING_DAYS 30

typedef struct
{
  char *fingerprint;
  char *subject;
  char *issuer;
  char **emails;          /* NULL-terminated, lower case */
  gint64 not_before;
  gint64 expires;         /* 0: no end */
  gboolean can_sign;
  gboolean can_encrypt;
  gboolean ecdh;          /* elliptic-curve, meant for encryption (ECDH),
                             whether or not the engine can encrypt to it */
  gboolean has_secret;
  gboolean is_ca;
  GsmimeRevokedState revocation;   /* as last learnt */
  gint64 revocation_checked;       /* when; 0: not checked */
  GsmimeRevocation *revocation_answer;  /* the whole answer: its source,
                                           or NULL when not asked */
  GsmimeVerdict *verdict; /* of the certificate itself */
} GsmimeCertInfo;

void gsmime_cert_info_free (GsmimeCertInfo *info);

/* TRUE when a certificate that ends at EXPIRES (0: never) has, at NOW,
 * not ended yet but will within GSMIME_EXPIRY_WARNING_DAYS: the rule for
 * "expiring-soon" and for warning the user about their own.  */
gboolean gsmime_expires_soon (gint64 expires, gint64 now);

/* The user's own certificates that end soon (gpgme_key_t, each once):
 * those with a secret key for ADDRESS, and those CHOSEN names
 * (fingerprints, NULL-terminated, or NULL: what the host's account
 * chose, whichever address they carry), that are valid and end within
 * GSMIME_EXPIRY_WARNING_DAYS of NOW.  A certificate for ADDRESS that
 * has been renewed (another valid one of the user's for ADDRESS ends
 * later than that) is left out, unless CHOSEN names it: then the user
 * has to choose the new one.  Errors: those of gsmime_keys_list.  */
GPtrArray *gsmime_own_expiring (GsmimeSession *session, const char *address,
                                const char *const *chosen, gint64 now,
                                GError **error);

/* Lists the certificates matching PATTERN (NULL: all), each with its
 * verdict: the chain and revocation are checked through gpgsm, which may
 * ask dirmngr.  Errors: those of gsmime_keys_list.  */
GPtrArray *gsmime_certs_list (GsmimeSession *session, const char *pattern,
                              GError **error);

#endif
