/* reasons.c - every reason a verdict can give, in one table.
 *
 * tests/unit/test-reasons.c walks the table: every code has a row, a
 * unique name, a headline and a trust letter, and every red one refuses
 * harvesting.
 */
#include <string.h>
#include "reasons.h"
#include "i18n.h"

static const GsmimeReasonInfo reasons[GSMIME_REASON_COUNT] = {
  [GSMIME_REASON_VALID] = { GSMIME_REASON_VALID, "valid", GSMIME_GREEN,
    N_("Good signature from %s"), FALSE, 't' },
  [GSMIME_REASON_BAD_SIGNATURE] = { GSMIME_REASON_BAD_SIGNATURE,
    "bad-signature", GSMIME_RED,
    N_("BAD signature from %s: the message was altered"), TRUE, 'i' },
  [GSMIME_REASON_SIGNER_UNKNOWN] = { GSMIME_REASON_SIGNER_UNKNOWN,
    "signer-unknown", GSMIME_RED,
    N_("Signature cannot be checked: the signer's certificate is missing"),
    TRUE, 'i' },
  [GSMIME_REASON_SIGNATURE_ERROR] = { GSMIME_REASON_SIGNATURE_ERROR,
    "signature-error", GSMIME_RED,
    N_("Signature from %s cannot be checked"), TRUE, 'i' },
  /* Orange: nothing is known to be wrong with the signature, but nothing
   * is proven either; its certificates are not kept, as nothing vouched
   * for them.  */
  [GSMIME_REASON_UNSUPPORTED_ALGORITHM] = {
    GSMIME_REASON_UNSUPPORTED_ALGORITHM, "unsupported-algorithm",
    GSMIME_ORANGE,
    N_("Signature from %s uses an algorithm this GnuPG cannot check"), TRUE,
    'u', TRUE },
  [GSMIME_REASON_REVOKED] = { GSMIME_REASON_REVOKED, "revoked", GSMIME_RED,
    N_("Certificate of %s is REVOKED: do not trust this message"),
    TRUE, 'r' },
  [GSMIME_REASON_NOT_YET_VALID] = { GSMIME_REASON_NOT_YET_VALID,
    "not-yet-valid", GSMIME_RED,
    N_("Certificate of %s was not yet valid when the message was signed"),
    TRUE, 'e' },
  [GSMIME_REASON_EXPIRED] = { GSMIME_REASON_EXPIRED, "expired", GSMIME_RED,
    N_("Certificate of %s had expired when the message was signed"),
    TRUE, 'e' },
  [GSMIME_REASON_EXPIRED_SINCE_SIGNING] = {
    GSMIME_REASON_EXPIRED_SINCE_SIGNING, "expired-since-signing",
    GSMIME_ORANGE,
    N_("Signature from %s is valid; the certificate has expired since"),
    FALSE, 'u' },
  [GSMIME_REASON_UNTRUSTED_CHAIN] = { GSMIME_REASON_UNTRUSTED_CHAIN,
    "untrusted-chain", GSMIME_RED,
    N_("Signature from %s does not lead to a trusted root"),
    TRUE, 'i' },
  [GSMIME_REASON_WRONG_KEY_USAGE] = { GSMIME_REASON_WRONG_KEY_USAGE,
    "wrong-key-usage", GSMIME_RED,
    N_("Certificate of %s is not meant for signing mail"), TRUE,
    'i' },
  [GSMIME_REASON_REVOCATION_UNKNOWN] = { GSMIME_REASON_REVOCATION_UNKNOWN,
    "revocation-unknown", GSMIME_ORANGE,
    N_("Signature from %s is valid, but its revocation status is unknown"),
    FALSE, 'u' },
  [GSMIME_REASON_CHAIN_ERROR] = { GSMIME_REASON_CHAIN_ERROR, "chain-error",
    GSMIME_RED, N_("Certificate of %s could not be validated"),
    TRUE, 'i' },
  [GSMIME_REASON_TRUST_UNKNOWN] = { GSMIME_REASON_TRUST_UNKNOWN,
    "trust-unknown", GSMIME_ORANGE,
    N_("Signature from %s is valid, but its certificate could not be fully "
       "checked"), TRUE, 'u' },
  [GSMIME_REASON_WEAK_DIGEST] = { GSMIME_REASON_WEAK_DIGEST, "weak-digest",
    GSMIME_ORANGE, N_("Signature from %s uses a weak digest"), FALSE, 'u' },
  [GSMIME_REASON_FUTURE_SIGNING_TIME] = { GSMIME_REASON_FUTURE_SIGNING_TIME,
    "future-signing-time", GSMIME_ORANGE,
    N_("Signature from %s claims a signing time in the future"), FALSE,
    'u' },
  [GSMIME_REASON_FROM_MISMATCH] = { GSMIME_REASON_FROM_MISMATCH,
    "from-mismatch", GSMIME_ORANGE,
    N_("Signed by %s, who is not the sender"), FALSE, 'u' },
  [GSMIME_REASON_MALFORMED] = { GSMIME_REASON_MALFORMED, "malformed",
    GSMIME_RED, N_("Malformed signature: treat the message as unsigned"),
    TRUE, 'i' },
  [GSMIME_REASON_PARTIAL_SIGNATURE] = { GSMIME_REASON_PARTIAL_SIGNATURE,
    "partial-signature", GSMIME_ORANGE,
    N_("Only part of the message is signed by %s"), FALSE, 'u' },
  /* The grey reasons speak of messages, never of a certificate; their
   * letter is there for completeness, and is the cautious one.  */
  [GSMIME_REASON_NOT_SIGNED] = { GSMIME_REASON_NOT_SIGNED, "not-signed",
    GSMIME_GREY, N_("Not signed"), FALSE, 'u' },
  [GSMIME_REASON_ENCRYPTED] = { GSMIME_REASON_ENCRYPTED, "encrypted",
    GSMIME_GREY, N_("Encrypted, not signed"), FALSE, 'u' },
  [GSMIME_REASON_COMPRESSED] = { GSMIME_REASON_COMPRESSED, "compressed",
    GSMIME_GREY, N_("Compressed"), FALSE, 'u' },
  /* Of a certificate only (gsmime certs), never of a signature.  */
  [GSMIME_REASON_EXPIRING_SOON] = { GSMIME_REASON_EXPIRING_SOON,
    "expiring-soon", GSMIME_ORANGE, N_("Certificate of %s expires soon"),
    FALSE, 'u' },
  [GSMIME_REASON_PROTECTED_HEADERS_MALFORMED] = {
    GSMIME_REASON_PROTECTED_HEADERS_MALFORMED, "protected-headers-malformed",
    GSMIME_ORANGE,
    N_("The protected header fields cannot be used: the header shown is "
       "unprotected"), FALSE, 'u' },
  [GSMIME_REASON_PROTECTED_FROM_MISMATCH] = {
    GSMIME_REASON_PROTECTED_FROM_MISMATCH, "protected-from-mismatch",
    GSMIME_ORANGE,
    N_("Signed by %s, but the outer From names another sender"), FALSE,
    'u' },
  [GSMIME_REASON_PROTECTED_FROM_UNVERIFIED] = {
    GSMIME_REASON_PROTECTED_FROM_UNVERIFIED, "protected-from-unverified",
    GSMIME_RED,
    N_("The message names two different senders and no signature vouches "
       "for the hidden one: do not trust it"), TRUE, 'i' },
};

const GsmimeReasonInfo *
gsmime_reason_info (GsmimeReasonCode code)
{
  g_return_val_if_fail ((guint) code < GSMIME_REASON_COUNT, NULL);
  return &reasons[code];
}

const char *
gsmime_reason_name (GsmimeReasonCode code)
{
  g_return_val_if_fail ((guint) code < GSMIME_REASON_COUNT, "?");
  return reasons[code].name;
}

gboolean
gsmime_reason_from_name (const char *name, GsmimeReasonCode *code)
{
  guint i;

  for (i = 0; name && i < GSMIME_REASON_COUNT; i++)
    if (reasons[i].name && !strcmp (reasons[i].name, name))
      {
        *code = reasons[i].code;
        return TRUE;
      }
  return FALSE;
}
