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
#include "reasons.h"

typedef struct _GsmimeHarvest GsmimeHarvest;

/* Where a signature came from, for the provenance record.  */
typedef struct
{
  const char *message_id;
  const char *date;       /* the message's Date header */
  const char *from;       /* the From address */
} GsmimeProvenance;

/* A certificate harvesting did not keep, and why.  */
typedef struct
{
  char *fingerprint;
  /* TRUE: harvesting is switched off, and nothing was judged.  */
  gboolean harvesting_off;
  /* Otherwise the signer's reason that refuses it (its row in reasons.c
   * says refuses_harvest), or malformed when the signature names no
   * signer.  */
  GsmimeReasonCode reason;
} GsmimeRefusal;

void gsmime_refusal_free (GsmimeRefusal *refusal);

/* Why REFUSAL was made, as a stable string for output and scripts:
 * "harvesting-off" or the reason's code ("untrusted-chain").  */
const char *gsmime_refusal_code (const GsmimeRefusal *refusal);

/* Looks at the certificates the DER signature SIG carries and notes which
 * are not in the keybox yet.  Call before the verification.  Never fails:
 * an unreadable signature carries nothing that could be harvested.  */
GsmimeHarvest *gsmime_harvest_begin (GsmimeSession *session, GBytes *sig);

/* After the verification: keeps the new certificates if SIGNERS
 * (GsmimeSigner*) pass the policy and harvesting is on (and DRY_RUN is
 * FALSE), else removes them again.  ADDED and REFUSED, when not NULL,
 * receive the fingerprints kept and, for those removed, a GsmimeRefusal
 * each (REFUSED frees them with gsmime_refusal_free).  */
void gsmime_harvest_finish (GsmimeHarvest *harvest, GPtrArray *signers,
                            const GsmimeProvenance *provenance,
                            gboolean dry_run, GPtrArray *added,
                            GPtrArray *refused);

void gsmime_harvest_free (GsmimeHarvest *harvest);

/* The fingerprints of the DER certificates a CMS signed-data object SIG
 * carries, upper-case hex SHA-1 as gpgsm names them; NULL-terminated.  */
char **gsmime_cms_certificates (GBytes *sig);

/* A kept certificate with its provenance record, for a host to list.  */
typedef struct
{
  char *fingerprint;
  char *email;          /* "" when the certificate carries none */
  char *subject;        /* as the keybox has it */
  gint64 expires;       /* 0: no end */
  char *from;           /* the message it came with: From, Date, Message-ID */
  char *date;
  char *message_id;
  char *harvested;      /* when, ISO 8601 */
  gboolean revocation_unchecked;
} GsmimeHarvested;

void gsmime_harvested_free (GsmimeHarvested *harvested);

/* The certificates harvesting kept (GsmimeHarvested*) that are still in
 * the keybox, newest first.  An absent or unreadable harvest.ini lists
 * nothing.  Errors: those of gsmime_keys_list.  */
GPtrArray *gsmime_harvest_list (GsmimeSession *session, GError **error);

/* Removes the harvested certificate FPR from the keybox and forgets its
 * provenance.  Errors: GPG_ERR_INV_ARG when FPR is not a fingerprint (40
 * hex digits), GPG_ERR_FORBIDDEN when it has a secret key (it is
 * the user's own), GPG_ERR_NOT_FOUND when it is not in the keybox (its
 * record is forgotten all the same), GPG_ERR_GENERAL when gpgsm did not
 * remove it.  */
gboolean gsmime_harvest_forget (GsmimeSession *session, const char *fpr,
                                GError **error);

/* Loads the provenance file PATH (harvest.ini, or lookup.c's
 * directory-certs.ini) into KF, for a writer that adds a record and
 * saves KF.  A file that is not there is empty.  One that cannot be
 * read whole (a line that is no key, bytes that are not UTF-8) leaves in
 * KF what came before the damage; saving that would lose every record
 * after it, so the file is first renamed to PATH.damaged, where they
 * stay for the user to look at.  */
void gsmime_provenance_load (GKeyFile *kf, const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeHarvest, gsmime_harvest_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeRefusal, gsmime_refusal_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeHarvested, gsmime_harvested_free)

#endif
