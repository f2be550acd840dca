/* revocation.h - is a certificate revoked?  Asked within a time budget.
 *
 * gpgsm itself runs with revocation checks switched off (see session.c):
 * left to it, a CRL server that accepts connections and never answers
 * holds a verification for minutes.  Revocation is asked here instead, in
 * a gpgsm process of its own that validates the chain through dirmngr and
 * is abandoned when the budget runs out (call-gpgsm-validate.c).  Answers are remembered in the
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

/* Where the answer came from, or why nothing was asked.  */
typedef enum
{
  GSMIME_REVOCATION_SOURCE_NONE,  /* the certificate names no CRL and no
                                     OCSP responder: it cannot be revoked
                                     (its issuers' CRLs were still asked) */
  GSMIME_REVOCATION_SOURCE_CRL,   /* the CRL of its distribution point */
  GSMIME_REVOCATION_SOURCE_OCSP,  /* its OCSP responder, or dirmngr's */
  GSMIME_REVOCATION_SOURCE_OFF,   /* not asked: revocation checks, or OCSP
                                     for a certificate that names only a
                                     responder, are switched off */
  GSMIME_REVOCATION_SOURCE_UNRECORDED  /* a revocation remembered from
                                          before sources were recorded */
} GsmimeRevocationSource;

typedef struct
{
  GsmimeRevokedState state;
  GsmimeRevocationSource source;
  char *url;          /* the CRL distribution point or OCSP responder
                         asked (or, switched off, not asked), or NULL */
  char *detail;       /* why unknown, or NULL */
  gint64 checked_at;  /* when the answer was learnt */
  gboolean cached;    /* the answer came from the cache */
  /* An OCSP answer came, but its signature was not accepted: the
   * responder, or someone in between, is not to be believed.  */
  gboolean answer_refused;
  /* A "revoked" OCSP answer whose signer nobody checked: gpgsm 2.2
   * checks the signer's certificate of good answers only.  */
  gboolean signer_unchecked;
  /* Unknown because the authority signs its CRLs and OCSP answers with
   * ECDSA, which this dirmngr cannot check (engine.h).  */
  gboolean ecdsa_unchecked;
} GsmimeRevocation;

void gsmime_revocation_free (GsmimeRevocation *revocation);

/* The stable name of SOURCE, as the cache and --json write it: "none",
 * "crl", "ocsp", "off" or "unrecorded".  */
const char *gsmime_revocation_source_name (GsmimeRevocationSource source);

/* The revocation state of the certificate FPR and its chain, within the
 * session's budget, asked where the certificate says
 * (revocation-plan.h).  Never fails: what cannot be learnt is UNKNOWN.  */
GsmimeRevocation *gsmime_revocation_check (GsmimeSession *session,
                                           const char *fpr);

/* How long answers are kept: a good one for an hour (dirmngr keeps its
 * CRLs longer, so asking again is cheap), an unreachable server for five
 * minutes, a revocation for ever.  */
#define GSMIME_REVOCATION_GOOD_TTL (60 * 60)
#define GSMIME_REVOCATION_UNKNOWN_TTL (5 * 60)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeRevocation, gsmime_revocation_free)

#endif
