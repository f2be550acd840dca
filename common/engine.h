/* engine.h - what the installed gpgsm, dirmngr and libksba can do.
 *
 * gsmime never blames a sender for what its engine lacks, and never
 * stands in the way of what a newer engine can do.  Both need to know
 * the engine: its versions are read once per process and mapped to
 * capabilities with the release notes of GnuPG (the NEWS file and the
 * release tags of the gpg/gnupg repository; doc/algorithms.md lists the
 * entries).  A capability that no release has yet is a row too, so the
 * day one has it, one line here changes.
 */
#ifndef GSMIME_ENGINE_H
#define GSMIME_ENGINE_H

#include <glib.h>

typedef enum
{
  /* Decrypting AuthEnvelopedData (AES-GCM) whose GCM parameters carry
   * RFC 5084's default 12-byte tag length, through GPGME: gpgsm decrypts
   * it from 2.2.28, but never reports the success (no DECRYPTION_OKAY
   * after the tag check), so GPGME calls it "No data".  */
  GSMIME_CAN_AES_GCM,
  /* Decrypting AES-GCM whose parameters name a 16-byte tag, as OpenSSL
   * writes them: libksba (up to 1.6.8 at least) strips the parameters to
   * the nonce only when they name no tag length, and gpgsm then fails
   * with "error getting IV: Buffer too short".  */
  GSMIME_CAN_AES_GCM_LONG_TAG,
  /* Decrypting to an elliptic-curve certificate (ECDH).  */
  GSMIME_CAN_ECDH_DECRYPT,
  /* Encrypting to an elliptic-curve certificate (ECDH), without a
   * compatibility flag.  */
  GSMIME_CAN_ECDH_ENCRYPT,
  /* The same with gpgsm's compatibility flag allow-ecc-encr.  */
  GSMIME_CAN_ECDH_ENCRYPT_FLAG,
  /* Importing a PKCS#12 file that holds an EC key.  */
  GSMIME_CAN_EC_PKCS12,
  /* Checking RSASSA-PSS signatures whose salt is not as long as the
   * digest.  */
  GSMIME_CAN_PSS_ANY_SALT,
  /* Refusing such a salt without aborting (a double free before).  */
  GSMIME_CAN_PSS_REFUSE_SAFELY,
  /* Decrypting a session key transported with RSAES-OAEP.  */
  GSMIME_CAN_RSA_OAEP,
  /* Checking Ed25519 and Ed448 message signatures.  */
  GSMIME_CAN_EDDSA_SIGNATURES,
  /* dirmngr checking CRLs and OCSP answers signed with ECDSA.  */
  GSMIME_CAN_ECDSA_REVOCATION,
  /* Signing with an ECDSA key with the digest its curve needs (SHA-384
   * for P-384).  gpgsm before 2.2.42 takes the digest its CA signed the
   * certificate with, which gpg-agent refuses when it is shorter than
   * the curve ("Invalid length").  */
  GSMIME_CAN_ECDSA_DIGEST_BY_CURVE,
  GSMIME_CAN_COUNT
} GsmimeCapability;

/* The versions capabilities are judged by, as "MAJOR.MINOR.MICRO" with
 * anything after it (a "-beta" suffix) ignored; NULL when unknown, and
 * then no capability that depends on it is granted.  */
typedef struct
{
  const char *gpgsm;
  const char *dirmngr;
  const char *ksba;
} GsmimeEngineVersions;

/* The versions of this process's engine: gpgsm's and, for dirmngr,
 * GnuPG's (gpgconf's) as GPGME reports them, libksba's as the library
 * says.  Read on the first call; the strings live as long as the
 * process.  */
const GsmimeEngineVersions *gsmime_engine_versions (void);

/* Whether this process's engine can do CAP.  */
gboolean gsmime_engine_can (GsmimeCapability cap);

/* Whether an engine of VERSIONS can do CAP: the mapping itself, for the
 * tests and for "gsmime doctor".  */
gboolean gsmime_engine_versions_can (const GsmimeEngineVersions *versions,
                                     GsmimeCapability cap);

/* A stable name for CAP ("aes-gcm"), for JSON and tests.  */
const char *gsmime_capability_name (GsmimeCapability cap);

/* A translated sentence that says what CAP is ("decrypt AES-GCM ...").  */
const char *gsmime_capability_describe (GsmimeCapability cap);

/* A translated sentence that says which release brings CAP, or that no
 * release has it yet.  */
const char *gsmime_capability_since (GsmimeCapability cap);

/* Whether some release of GnuPG has CAP, so that a newer GnuPG is worth
 * naming to a user whose engine lacks it.  */
gboolean gsmime_capability_released (GsmimeCapability cap);

/* Compares the versions A and B as MAJOR.MINOR.MICRO numbers: below
 * zero, zero or above zero as A is older than, as old as or newer than
 * B.  Returns 0 when either does not begin with a number.  */
int gsmime_version_compare (const char *a, const char *b);

#endif
