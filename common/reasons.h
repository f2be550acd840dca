/* reasons.h - every reason a verdict can give, in one table.
 *
 * A reason has a stable string code that scripts read ("untrusted-chain"
 * in gsmime show --json, in gsmime certs, in gsmime harvest's summary),
 * and everything else gsmime needs to know about it: the colour it gives,
 * the headline a status bar shows when it is the main reason, whether it
 * refuses harvesting, and mutt's trust letter.  Code that needs to know
 * about a reason reads this table, so that a new reason is described once
 * and cannot be forgotten by harvesting or a host.  doc/verdicts.md says
 * when each reason is given.
 */
#ifndef GSMIME_REASONS_H
#define GSMIME_REASONS_H

#include <glib.h>

/* Ordered from best to worst, except grey ("not signed"), which is not
 * better or worse than a colour but simply the absence of one.  */
typedef enum
{
  GSMIME_GREY = 0,
  GSMIME_GREEN,
  GSMIME_ORANGE,
  GSMIME_RED
} GsmimeColour;

/* In the order of doc/verdicts.md's list of reason codes.  */
typedef enum
{
  GSMIME_REASON_VALID,
  GSMIME_REASON_BAD_SIGNATURE,
  GSMIME_REASON_SIGNER_UNKNOWN,
  GSMIME_REASON_SIGNATURE_ERROR,
  GSMIME_REASON_UNSUPPORTED_ALGORITHM,
  GSMIME_REASON_REVOKED,
  GSMIME_REASON_NOT_YET_VALID,
  GSMIME_REASON_EXPIRED,
  GSMIME_REASON_EXPIRED_SINCE_SIGNING,
  GSMIME_REASON_UNTRUSTED_CHAIN,
  GSMIME_REASON_WRONG_KEY_USAGE,
  GSMIME_REASON_REVOCATION_UNKNOWN,
  GSMIME_REASON_CHAIN_ERROR,
  GSMIME_REASON_TRUST_UNKNOWN,
  GSMIME_REASON_WEAK_DIGEST,
  GSMIME_REASON_FUTURE_SIGNING_TIME,
  GSMIME_REASON_FROM_MISMATCH,
  GSMIME_REASON_MALFORMED,
  GSMIME_REASON_PARTIAL_SIGNATURE,
  GSMIME_REASON_NOT_SIGNED,
  GSMIME_REASON_ENCRYPTED,
  GSMIME_REASON_COMPRESSED,
  GSMIME_REASON_EXPIRING_SOON,
  /* Of protected header fields (RFC 9788), rules H1-H3.  */
  GSMIME_REASON_PROTECTED_HEADERS_MALFORMED,
  GSMIME_REASON_PROTECTED_FROM_MISMATCH,
  GSMIME_REASON_PROTECTED_FROM_UNVERIFIED,
  GSMIME_REASON_COUNT
} GsmimeReasonCode;

typedef struct
{
  GsmimeReasonCode code;
  const char *name;         /* the stable string code, never translated */
  /* The colour the reason gives.  weak-digest is orange unless the
   * settings make it red, which says nothing against the certificate.  */
  GsmimeColour colour;
  const char *headline;     /* untranslated (N_()); %s, if any: the signer */
  /* Certificates that came with a signature given this reason are not
   * kept.  Every red reason does; so does trust-unknown, since gpgsm did
   * not vouch for the certificate.  */
  gboolean refuses_harvest;
  /* mutt's .index letter for a certificate whose main reason this is:
   * t(rusted), u(nverified: mutt asks before using it), e(xpired),
   * r(evoked), i(nvalid).  A certificate that is not red and not the one
   * gsmime would choose for its address is written v instead.  */
  char mutt_trust;
  /* The signature itself was not checked: the engine cannot check its
   * algorithm.  Such a reason is not red, since nothing is known to be
   * wrong, but a host that tells a verified signature from one that is
   * not (mutt's "Verification successful") must not call it verified
   * (gsmime_verdict_verified).  */
  gboolean unchecked;
} GsmimeReasonInfo;

/* The table's row for CODE.  */
const GsmimeReasonInfo *gsmime_reason_info (GsmimeReasonCode code);

/* CODE's stable string, for output and for scripts.  */
const char *gsmime_reason_name (GsmimeReasonCode code);

/* The code whose stable string is NAME, into CODE; FALSE when no reason
 * has that name.  */
gboolean gsmime_reason_from_name (const char *name, GsmimeReasonCode *code);

#endif
