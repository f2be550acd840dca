/* revocation-plan.h - where a certificate's revocation is asked.
 *
 * gpgsm --with-validation has one switch, --enable-ocsp, for every
 * certificate of a chain; with CRL checks alone it calls a certificate
 * that names no CRL distribution point valid without asking anyone, even
 * when the certificate names an OCSP responder (gpgsm and dirmngr 2.2.40,
 * measured).  So gsmime reads what the certificate names and what
 * dirmngr.conf says, and decides for each certificate what to ask:
 *
 *   - a CRL distribution point: the CRL (with --revocation ocsp, the
 *     responder first, where there is one);
 *   - only an OCSP responder: the responder, in the crl mode too; when the
 *     user has switched OCSP off, nothing, and the answer says so;
 *   - neither: the certificate cannot be revoked; its issuers' CRLs are
 *     still asked.
 */
#ifndef GSMIME_REVOCATION_PLAN_H
#define GSMIME_REVOCATION_PLAN_H

#include <glib.h>
#include "homeconf.h"
#include "revocation.h"
#include "session.h"
#include "settings.h"

/* What a certificate names for its revocation.  */
typedef struct
{
  gboolean known;     /* the certificate could be read at all */
  char *crl_url;      /* its first CRL distribution point, or NULL */
  char *ocsp_url;     /* its first http(s) OCSP responder, or NULL */
} GsmimeRevocationPoints;

void gsmime_revocation_points_clear (GsmimeRevocationPoints *points);

/* Reads the CRL distribution points and the OCSP responder
 * (authorityInfoAccess) of the DER certificate DER into POINTS.  A
 * certificate that cannot be parsed leaves POINTS->known FALSE.  */
void gsmime_revocation_points_read (GBytes *der,
                                    GsmimeRevocationPoints *points);

typedef struct
{
  GsmimeRevocationSource source;  /* what is asked, or why nothing */
  char *url;                /* the CRL distribution point or responder */
  gboolean run;             /* gpgsm is to validate the chain at all */
  gboolean enable_ocsp;     /* ... with --enable-ocsp */
  gboolean signer_pinned;   /* dirmngr checks the answer's signer itself
                               (the default responder and its
                               ocsp-signer) */
} GsmimeRevocationPlan;

void gsmime_revocation_plan_clear (GsmimeRevocationPlan *plan);

/* Decides, from what a certificate NAMES, dirmngr's OCSP settings
 * DIRMNGR and the user's SETTINGS, what is asked; fills PLAN.  Without
 * anything known about the certificate, the mode alone decides, as
 * gpgsm would.  */
void gsmime_revocation_plan_decide (const GsmimeRevocationPoints *names,
                                    const GsmimeDirmngrOcsp *dirmngr,
                                    const GsmimeSettings *settings,
                                    GsmimeRevocationPlan *plan);

/* The plan for the certificate FPR in SESSION's keybox: reads the
 * certificate and dirmngr.conf, then decides as above.  DIRMNGR receives
 * what dirmngr.conf said.  */
void gsmime_revocation_plan_for (GsmimeSession *session, const char *fpr,
                                 GsmimeDirmngrOcsp *dirmngr,
                                 GsmimeRevocationPlan *plan);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GsmimeRevocationPoints,
                                  gsmime_revocation_points_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GsmimeRevocationPlan,
                                  gsmime_revocation_plan_clear)

#endif
