/* verify.h - checking CMS signatures and judging each signer. */
#ifndef GSMIME_VERIFY_H
#define GSMIME_VERIFY_H

#include "gmime-autoptr.h"
#include "session.h"
#include "verdict.h"
#include "revocation.h"

typedef struct
{
  char *fingerprint;          /* of the signer's certificate, or NULL */
  char *email;                /* its first address, or NULL */
  char **emails;              /* all its addresses, NULL-terminated */
  char *subject;              /* its subject DN, or NULL */
  gint64 signing_time;        /* 0 when the signature states none */
  gpgme_hash_algo_t hash_algo;
  GsmimeRevocation *revocation; /* NULL when the chain failed before it */
  GsmimeVerdict *verdict;
} GsmimeSigner;

void gsmime_signer_free (GsmimeSigner *signer);

/* Verifies the detached SIGNATURE (DER) over SIGNED_DATA (the canonical
 * bytes of the signed MIME entity).  FROM_ADDRESS, when not NULL, is the
 * address the message claims to come from.  Returns the signers, each with
 * its verdict, or NULL with ERROR set when the signature cannot be parsed
 * at all (GPG_ERR_NO_DATA and friends), or names no signer.  */
GPtrArray *gsmime_verify_detached (GsmimeSession *session,
                                   GMimeStream *signed_data,
                                   GMimeStream *signature,
                                   const char *from_address, GError **error);

/* Verifies an opaque signed-data object CMS and writes the content it
 * carries to CONTENT.  Returns and errors as gsmime_verify_detached.  */
GPtrArray *gsmime_verify_opaque (GsmimeSession *session, GMimeStream *cms,
                                 GMimeStream *content,
                                 const char *from_address, GError **error);

/* Appends to SEEN (a GArray of GsmimeSignatureSeen), for
 * gsmime_verdict_for_message, what the verification of the signed part
 * numbered PART (or NULL) gave: every one of SIGNERS, or, when SIGNERS is
 * NULL, the part as malformed because of WHY (NULL: not known).  The
 * entries point into SIGNERS, PART and WHY, which must outlive SEEN.  */
void gsmime_signatures_seen (GArray *seen, const char *part,
                             const GPtrArray *signers, const char *why);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeSigner, gsmime_signer_free)

#endif
