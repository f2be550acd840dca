/* verify-harvest.h - checking a signature with its certificates kept or
 * removed by the harvesting policy: the one way every reader verifies.
 *
 * gpgsm stores the certificates a signature carries as it verifies
 * (harvest.h says why a policy has to follow), so a verification that
 * forgets to finish the harvest leaves whatever a forger sent in the
 * keybox.  The core's reader, mutt's verify commands and the Claws
 * plugin all verify through this call, so none can forget.
 */
#ifndef GSMIME_VERIFY_HARVEST_H
#define GSMIME_VERIFY_HARVEST_H

#include "gmime-autoptr.h"
#include "session.h"
#include "harvest.h"

/* What becomes of the certificates a signature carries.  */
typedef struct
{
  const GsmimeProvenance *provenance;  /* recorded for those kept, or NULL */
  gboolean dry_run;      /* judge and report, but keep nothing */
  GPtrArray *added;      /* out: fingerprints kept (char*), or NULL */
  GPtrArray *refused;    /* out: GsmimeRefusal* of those removed, or NULL */
} GsmimeHarvesting;

/* Verifies the DER signature SIG: detached over SIGNED_DATA, or, when
 * SIGNED_DATA is NULL, opaque with its content written to CONTENT; then
 * keeps or removes the certificates it carried as gsmime_harvest_finish
 * does with HOW (NULL: no provenance, nothing reported).  FROM_ADDRESS
 * is the address the message claims to come from, or NULL.  Returns and
 * errors as gsmime_verify_detached.  */
GPtrArray *gsmime_verify_harvesting (GsmimeSession *session, GBytes *sig,
                                     GMimeStream *signed_data,
                                     GMimeStream *content,
                                     const char *from_address,
                                     const GsmimeHarvesting *how,
                                     GError **error);

#endif
