/* revocation.h - is a certificate revoked?  Asked within a time budget.
 *
 * gpgsm itself runs with revocation checks switched off (see session.c):
 * left to it, a CRL server that accepts connections and never answers
 * holds a verification for minutes.  Revocation is asked here instead, in
 * a gpgsm process of its own that validates the chain through dirmngr and
 * is abandoned when the budget runs out.  Answers are remembered in the
 * GnuPG home, so that a hundred messages from one sender ask once, and an
 * unreachable server is not waited for again with the next message.
 */
#ifndef GSMIME_REVOCATION_H
#define GSMIME_REVOCATION_H

#include <glib.h>
#include "session.h"

typedef enum
{
  GSMIME_REVOKED_NO,        /* checked: not revoked */
  GSMIME_REVOKED_YES,       /* checked: revoked */
  GSMIME_REVOKED_UNKNOWN,   /* could not be learnt (detail says why) */
  GSMIME_REVOKED_UNCHECKED  /* checks are switched off */
} GsmimeRevokedState;

typedef struct
{
  GsmimeRevokedState state;
  char *detail;       /* why unknown, in gpgsm's words, or NULL */
  gint64 checked_at;  /* when the answer was learnt */
  gboolean cached;    /* the answer came from the cache */
} GsmimeRevocation;

void gsmime_revocation_free (GsmimeRevocation *revocation);

/* The revocation state of the certificate FPR and its chain, within the
 * session's budget.  Never fails: what cannot be learnt is UNKNOWN.  */
GsmimeRevocation *gsmime_revocation_check (GsmimeSession *session,
                                           const char *fpr);

/* How long answers are kept: a good one for an hour (dirmngr keeps its
 * CRLs longer, so asking again is cheap), an unreachable server for five
 * minutes, a revocation for ever.  */
#define GSMIME_REVOCATION_GOOD_TTL (60 * 60)
#define GSMIME_REVOCATION_UNKNOWN_TTL (5 * 60)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeRevocation, gsmime_revocation_free)

#endif
