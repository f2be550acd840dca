/* headline.c - the one line a status bar shows for a verdict.
 *
 * The verdict's reasons carry full sentences with advice; a status bar has
 * room for one short line: the headline of the main reason, from the
 * table of reasons (reasons.c).
 */
#include <string.h>
#include "headline.h"
#include "i18n.h"

/* REASON's headline, translated, about WHO: the host's WORDING for it
 * if it has one, else the table's.  */
static char *
headline_of (GsmimeReasonCode reason, const char *who,
             const char *const *wording)
{
  const char *own = wording ? wording[reason] : NULL;
  const char *format = _(own ? own : gsmime_reason_info (reason)->headline);

  if (!strstr (format, "%s"))
    return g_strdup (format);
  return g_strdup_printf (format, who);
}

char *
gsmime_headline_worded (const GsmimeVerdict *verdict, const char *signer,
                        gboolean encrypted, const char *const *wording)
{
  const GsmimeReason *main_reason = gsmime_verdict_main_reason (verdict);
  const char *who = signer && *signer ? signer : _("an unknown signer");

  /* Grey speaks of the message, whichever grey reason came first.  */
  if (verdict->colour == GSMIME_GREY)
    return headline_of (encrypted ? GSMIME_REASON_ENCRYPTED
                                  : GSMIME_REASON_NOT_SIGNED, who, wording);
  /* A colour with no reason is set by hand, not by gsmime_verdict_add.  */
  if (!main_reason)
    return g_strdup_printf (_("Signature from %s"), who);
  return headline_of (main_reason->reason, who, wording);
}

char *
gsmime_headline (const GsmimeVerdict *verdict, const char *signer,
                 gboolean encrypted)
{
  return gsmime_headline_worded (verdict, signer, encrypted, NULL);
}
