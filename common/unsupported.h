/* unsupported.h - what this engine cannot check or open, as the outline
 * of a CMS object shows it.
 *
 * gpgsm words its own limits as faults of the message: an Ed25519
 * signature is "bad", an RSA-PSS signature with a long salt makes gpgsm
 * 2.2.40 abort, a message encrypted with RSA-OAEP is "not for you".  When
 * gpgsm fails, the outline (cms-shape.h) and the engine's capabilities
 * (engine.h) say whether its limits explain the failure, so that the
 * user hears what the message uses and what would read it, and never
 * that the sender's message was altered or damaged.
 */
#ifndef GSMIME_UNSUPPORTED_H
#define GSMIME_UNSUPPORTED_H

#include <gpgme.h>
#include "cms-shape.h"
#include "engine.h"

/* Whether an engine of VERSIONS cannot check SIGNER's signature because
 * of its algorithm.  Then *MISSING is the capability it lacks and
 * *ALGORITHM (when ALGORITHM is not NULL) a translated name of the
 * algorithm ("Ed25519", "RSA-PSS with a 222-byte salt"), to be freed.  A
 * signer whose algorithm is not known is not called unsupported: its
 * failure is gpgsm's to word.  */
gboolean gsmime_signer_unsupported (const GsmimeEngineVersions *versions,
                                    const GsmimeCmsSigner *signer,
                                    GsmimeCapability *missing,
                                    char **algorithm);

/* Why an enveloped object could not be decrypted, as its outline and
 * the engine's capabilities tell.  */
typedef enum
{
  /* Damaged: it cannot be read, or it names one of the user's
   * certificates with what the engine can decrypt and still failed, or it
   * names a certificate that differs from one of theirs only by its
   * issuer (the same serial number).  */
  GSMIME_UNREADABLE_DAMAGED,
  /* No recipient names one of the user's certificates.  */
  GSMIME_UNREADABLE_NOT_FOR_YOU,
  /* It names one of theirs, but transports the key with what the engine
   * lacks (RSA-OAEP, ECDH): MISSING says which.  */
  GSMIME_UNREADABLE_KEY_WRAP,
  /* It names one of theirs, but its content cipher is beyond the engine
   * (AES-GCM, or its 16-byte tag): MISSING says which.  */
  GSMIME_UNREADABLE_CIPHER,
  /* It names one of theirs, but with a content cipher nobody here
   * knows.  */
  GSMIME_UNREADABLE_UNKNOWN_CIPHER
} GsmimeUnreadable;

typedef struct
{
  GsmimeUnreadable why;
  GsmimeCapability missing;   /* for KEY_WRAP and CIPHER */
  gpgme_key_t key;            /* the user's certificate it names, or NULL */
} GsmimeDecryptFailure;

/* Why an engine of VERSIONS could not decrypt the enveloped object of
 * OUTLINE for a user whose certificates with a secret key are OWN
 * (gpgme_key_t), into FAILURE (its key is borrowed from OWN).  TAG_FAILED
 * says that gpgsm checked an authentication tag and found it wrong
 * (GPG_ERR_CHECKSUM).  */
void gsmime_decrypt_failure_explain (const GsmimeEngineVersions *versions,
                                     const GsmimeCmsOutline *outline,
                                     const GPtrArray *own,
                                     gboolean tag_failed,
                                     GsmimeDecryptFailure *failure);

/* Whether ID (a signer's or recipient's issuer and serial number) names
 * the certificate KEY.  */
gboolean gsmime_cert_id_is_key (const GsmimeCmsCertId *id, gpgme_key_t key);

/* The gpgsm search pattern for the certificate ID names
 * ("#SERIAL/ISSUER"), or NULL when ID is not whole.  */
char *gsmime_cert_id_pattern (const GsmimeCmsCertId *id);

#endif
