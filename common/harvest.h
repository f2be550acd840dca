/* harvest.h - keeping the certificates that arrive with signed mail, by a
 * policy.
 *
 * gpgsm stores every certificate a signature carries in the keybox before
 * it checks anything (gnupg's sm/verify.c), so without a policy a forged
 * signature would plant certificates.  Around each verification gsmime
 * notes which of the carried certificates were new, and afterwards keeps
 * them only when the signature was good, its chain led to a trusted root
 * and the signer was not revoked (unknown revocation: kept, marked
 * unchecked).  Everything else that was new is removed again; nothing
 * that was in the keybox before, and nothing with a secret key, is ever
 * removed.  Every kept certificate gets a provenance record in
 * $GNUPGHOME/gsmime/harvest.ini.
 */
#ifndef GSMIME_HARVEST_H
#define GSMIME_HARVEST_H

#include <glib.h>
#include "session.h"

typedef struct _GsmimeHarvest GsmimeHarvest;

/* Where a signature came from, for the provenance record.  */
typedef struct
{
  const char *message_id;
  const char *date;       /* the message's Date header */
  const char *from;       /* the From address */
} GsmimeProvenance;

/* Looks at the certificates the DER signature SIG carries and notes which
 * are not in the keybox yet.  Call before the verification.  Never fails:
 * an unreadable signature carries nothing that could be harvested.  */
GsmimeHarvest *gsmime_harvest_begin (GsmimeSession *session, GBytes *sig);

/* After the verification: keeps the new certificates if SIGNERS
 * (GsmimeSigner*) pass the policy and harvesting is on (and DRY_RUN is
 * FALSE), else removes them again.  ADDED and REFUSED, when not NULL,
 * receive the fingerprints kept and, for those removed, "FPR: reason". */
void gsmime_harvest_finish (GsmimeHarvest *harvest, GPtrArray *signers,
                            const GsmimeProvenance *provenance,
                            gboolean dry_run, GPtrArray *added,
                            GPtrArray *refused);

void gsmime_harvest_free (GsmimeHarvest *harvest);

/* The fingerprints of the DER certificates a CMS signed-data object SIG
 * carries, upper-case hex SHA-1 as gpgsm names them; NULL-terminated.  */
char **gsmime_cms_certificates (GBytes *sig);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeHarvest, gsmime_harvest_free)

#endif
