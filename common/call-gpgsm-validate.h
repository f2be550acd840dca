/* call-gpgsm-validate.h - gpgsm run as a program of its own to validate
 * a certificate's chain through dirmngr, within a time budget, and what
 * its listing and its standard error say.
 *
 * The answer is read from the words gpgsm prints in the C locale; how
 * they are remembered and judged is revocation.c's business.
 */
#ifndef GSMIME_CALL_GPGSM_VALIDATE_H
#define GSMIME_CALL_GPGSM_VALIDATE_H

#include <glib.h>
#include "revocation.h"

typedef struct
{
  gboolean timed_out;        /* the budget ran out before gpgsm's answer */
  GsmimeRevokedState state;  /* NO, YES or UNKNOWN */
  char *detail;              /* why UNKNOWN, in gpgsm's words or, for OCSP,
                                in gsmime's; or NULL */
  gboolean answer_refused;   /* an OCSP answer came and its signature was
                                not accepted */
  gboolean ecdsa_words;      /* the failure is worded as dirmngr 2.2.40
                                words an ECDSA signature it cannot check;
                                other failures may be worded so too */
} GsmimeGpgsmValidation;

void gsmime_gpgsm_validation_clear (GsmimeGpgsmValidation *v);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GsmimeGpgsmValidation,
                                  gsmime_gpgsm_validation_clear)

/* Runs `gpgsm --with-validation --list-keys FPR` for HOMEDIR (NULL: the
 * default home), with OCSP on or off (ENABLE_OCSP), for at most
 * BUDGET_MS; when the budget runs out first, the gpgsm process (and with
 * it its dirmngr connection, which may stay stuck) is abandoned.  OCSP
 * tells that the answer was asked of an OCSP responder, whose failures
 * gpgsm words as a CRL's.  Fills V; never fails: what cannot be learnt
 * is UNKNOWN.  */
void gsmime_gpgsm_validate (const char *homedir, const char *fpr,
                            gboolean enable_ocsp, gboolean ocsp,
                            guint budget_ms, GsmimeGpgsmValidation *v);

/* What gpgsm's listing OUT and its standard error ERR (either may be
 * NULL) say, as gsmime_gpgsm_validate reads them, into V.  */
void gsmime_gpgsm_read_validation (const char *out, const char *err,
                                   gboolean ocsp, GsmimeGpgsmValidation *v);

#endif
