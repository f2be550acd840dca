/* settings.h - what a host tells the core about the user's choices.
 *
 * The core never reads a host's configuration file: Claws reads its rc
 * files, the gsmime command its options, and each passes a GsmimeSettings
 * into the session.  gsmime_settings_init gives the defaults.
 */
#ifndef GSMIME_SETTINGS_H
#define GSMIME_SETTINGS_H

#include <glib.h>

typedef enum
{
  GSMIME_WEAK_DIGEST_ORANGE,    /* SHA-1 or MD5 signatures shown orange.  */
  GSMIME_WEAK_DIGEST_RED        /* ... or red, for stricter sites.  */
} GsmimeWeakDigestPolicy;

typedef enum
{
  GSMIME_REVOCATION_OFF,        /* not checked; verdicts say so */
  GSMIME_REVOCATION_CRL,        /* the CRL of a certificate's distribution
                                   point; the OCSP responder of one that
                                   names no CRL */
  GSMIME_REVOCATION_CRL_OCSP    /* OCSP first, as dirmngr is configured */
} GsmimeRevocationMode;

typedef struct
{
  GsmimeWeakDigestPolicy weak_digest;
  GsmimeRevocationMode revocation;
  /* How long reading a message may wait for a revocation answer; past it
   * the status is "unknown" (orange), never a longer wait.  */
  guint revocation_budget_ms;
  /* No OCSP responder is ever asked (a responder learns who reads whose
   * mail, and when); a certificate that names only a responder is then
   * shown as not checked, orange.  Wins over GSMIME_REVOCATION_CRL_OCSP.  */
  gboolean no_ocsp;
  /* Keep certificates that arrive with good signatures (harvest.c).  */
  gboolean harvest;
  /* How far in the future a signing time may lie before it is suspicious:
   * clocks drift, so a few minutes are forgiven.  */
  guint future_tolerance_seconds;
} GsmimeSettings;

void gsmime_settings_init (GsmimeSettings *settings);

#endif
