/* headline.c - the one line a status bar shows for a verdict.
 *
 * The verdict's reasons carry full sentences with advice; a status bar has
 * room for one short line, so each reason code has its headline here.
 */
#include <string.h>
#include "headline.h"
#include "i18n.h"

typedef struct
{
  const char *code;
  const char *format;   /* %s: the signer */
} Headline;

static const Headline headlines[] = {
  { "valid", N_("Good signature from %s") },
  { "bad-signature", N_("BAD signature from %s: the message was altered") },
  { "signer-unknown", N_("Signature cannot be checked: the signer's "
                         "certificate is missing") },
  { "signature-error", N_("Signature from %s cannot be checked") },
  { "malformed", N_("Malformed signature: treat the message as unsigned") },
  { "revoked", N_("Certificate of %s is REVOKED: do not trust this message") },
  { "expired", N_("Certificate of %s had expired when the message was "
                  "signed") },
  { "not-yet-valid", N_("Certificate of %s was not yet valid when the "
                        "message was signed") },
  { "untrusted-chain", N_("Signature from %s does not lead to a trusted "
                          "root") },
  { "wrong-key-usage", N_("Certificate of %s is not meant for signing "
                          "mail") },
  { "chain-error", N_("Certificate of %s could not be validated") },
  { "revocation-unknown", N_("Signature from %s is valid, but its "
                             "revocation status is unknown") },
  { "trust-unknown", N_("Signature from %s is valid, but its certificate "
                        "could not be fully checked") },
  { "expired-since-signing", N_("Signature from %s is valid; the "
                                "certificate has expired since") },
  { "weak-digest", N_("Signature from %s uses a weak digest") },
  { "future-signing-time", N_("Signature from %s claims a signing time in "
                              "the future") },
  { "from-mismatch", N_("Signed by %s, who is not the sender") },
  { "partial-signature", N_("Only part of the message is signed by %s") },
};

char *
gsmime_headline (const GsmimeVerdict *verdict, const char *signer,
                 gboolean encrypted)
{
  const GsmimeReason *main_reason = gsmime_verdict_main_reason (verdict);
  const char *who = signer && *signer ? signer : _("an unknown signer");
  guint i;

  if (verdict->colour == GSMIME_GREY)
    return g_strdup (encrypted ? _("Encrypted, not signed") : _("Not signed"));
  for (i = 0; main_reason && i < G_N_ELEMENTS (headlines); i++)
    if (!strcmp (headlines[i].code, main_reason->code))
      {
        const char *format = _(headlines[i].format);
        if (!strstr (format, "%s"))
          return g_strdup (format);
        return g_strdup_printf (format, who);
      }
  return g_strdup_printf (_("Signature from %s"), who);
}
