/* status.c - the core's verdict in the terms of Claws' notice line.
 *
 * Claws draws a signature as a SignatureStatus (the icon) and two texts:
 * a short line beside the icon and a full text behind the "View full
 * information" button.  The colour and every word come from common/; this
 * file only chooses Claws' icon for the colour and lays the texts out.
 */
#include <config.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "advice.h"
#include "status.h"

SignatureStatus
gsmime_claws_status_for_verdict (const GsmimeVerdict *verdict)
{
  const GsmimeReason *main_reason = gsmime_verdict_main_reason (verdict);

  switch (verdict->colour)
    {
    case GSMIME_GREEN:
      return SIGNATURE_OK;
    case GSMIME_ORANGE:
      return SIGNATURE_WARN;
    case GSMIME_RED:
      /* Claws has an icon of its own for an expired signer.  */
      if (main_reason && main_reason->reason == GSMIME_REASON_EXPIRED)
        return SIGNATURE_KEY_EXPIRED;
      return SIGNATURE_INVALID;
    case GSMIME_GREY:
      break;
    }
  return SIGNATURE_CHECK_FAILED;
}

const char *
gsmime_claws_status_name (SignatureStatus status)
{
  switch (status)
    {
    case SIGNATURE_UNCHECKED: return "SIGNATURE_UNCHECKED";
    case SIGNATURE_OK: return "SIGNATURE_OK";
    case SIGNATURE_WARN: return "SIGNATURE_WARN";
    case SIGNATURE_KEY_EXPIRED: return "SIGNATURE_KEY_EXPIRED";
    case SIGNATURE_INVALID: return "SIGNATURE_INVALID";
    case SIGNATURE_CHECK_FAILED: return "SIGNATURE_CHECK_FAILED";
    case SIGNATURE_CHECK_TIMEOUT: return "SIGNATURE_CHECK_TIMEOUT";
    case SIGNATURE_CHECK_ERROR: return "SIGNATURE_CHECK_ERROR";
    }
  return "?";
}

static char *
format_time (gint64 when)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (when);

  return t ? g_date_time_format (t, "%Y-%m-%d %H:%M:%S %Z") : g_strdup ("?");
}

static void
append_revocation (GString *out, const GsmimeRevocation *rev)
{
  g_autofree char *done = NULL;

  if (!rev)
    {
      g_string_append (out, _("not asked: the signature or its chain "
                              "failed before it"));
      return;
    }
  /* What the core's check did: its source and when.  */
  done = gsmime_revocation_explain (rev);
  switch (rev->state)
    {
    case GSMIME_REVOKED_NO:
      if (rev->source == GSMIME_REVOCATION_SOURCE_NONE)
        g_string_append (out, done);
      else
        g_string_append_printf (out, _("not revoked (%s)"), done);
      break;
    case GSMIME_REVOKED_YES:
      g_string_append_printf (out, _("REVOKED (%s)"), done);
      break;
    case GSMIME_REVOKED_UNKNOWN:
      g_string_append_printf (out, _("unknown (%s)"), done);
      break;
    case GSMIME_REVOKED_UNCHECKED:
      g_string_append (out, _("not checked: revocation checks are "
                              "switched off"));
      break;
    }
  if (rev->cached && rev->state != GSMIME_REVOKED_UNCHECKED)
    g_string_append (out, _(", remembered from an earlier check"));
}

static void
append_reasons (GString *out, const GsmimeVerdict *verdict,
                const char *indent)
{
  guint i;

  for (i = 0; i < verdict->reasons->len; i++)
    {
      const GsmimeReason *r = g_ptr_array_index (verdict->reasons, i);
      g_autofree char *text = gsmime_claws_reason_text (r);
      g_string_append_printf (out, "%s[%s] %s\n%s    (%s)\n", indent,
                              gsmime_colour_name (r->colour), text,
                              indent, r->code);
    }
}

static void
append_signer (GString *out, const GsmimeSigner *s, guint n)
{
  g_string_append_printf (out, _("Signer %u: %s\n"), n,
                          s->email ? s->email : _("no address"));
  if (s->subject)
    g_string_append_printf (out, _("  Subject: %s\n"), s->subject);
  g_string_append_printf (out, _("  Fingerprint: %s\n"),
                          s->fingerprint ? s->fingerprint : _("unknown"));
  if (s->signing_time)
    {
      g_autofree char *when = format_time (s->signing_time);
      g_string_append_printf (out, _("  Signed: %s\n"), when);
    }
  if (s->hash_algo)
    g_string_append_printf (out, _("  Digest: %s\n"),
                            gpgme_hash_algo_name (s->hash_algo));
  g_string_append (out, _("  Revocation: "));
  append_revocation (out, s->revocation);
  /* The signer's reasons are among the message's, listed above.  */
  g_string_append_printf (out, _("\n  Verdict: %s\n"),
                          gsmime_colour_name (s->verdict->colour));
}

static char *
full_info (const GsmimeReport *report, const char *headline)
{
  GString *out = g_string_new (NULL);
  guint i;

  g_string_append_printf (out, "[%s] %s\n\n",
                          gsmime_colour_name (report->verdict->colour),
                          headline);
  g_string_append (out, _("Why:\n"));
  append_reasons (out, report->verdict, "  ");
  for (i = 0; i < report->signers->len; i++)
    {
      g_string_append_c (out, '\n');
      append_signer (out, g_ptr_array_index (report->signers, i), i + 1);
    }
  if (report->harvested->len)
    {
      g_string_append (out, _("\nCertificates kept from this message:\n"));
      for (i = 0; i < report->harvested->len; i++)
        g_string_append_printf (out, "  %s\n",
                                (char *) g_ptr_array_index (report->harvested,
                                                            i));
    }
  if (report->refused->len)
    {
      g_string_append (out, _("\nCertificates not kept:\n"));
      for (i = 0; i < report->refused->len; i++)
        {
          g_autofree char *line = gsmime_claws_refusal_line (
            g_ptr_array_index (report->refused, i));
          g_string_append_printf (out, "  %s\n", line);
        }
    }
  return g_string_free (out, FALSE);
}

char *
gsmime_claws_refusal_line (const GsmimeRefusal *refusal)
{
  return g_strdup_printf ("%s: %s", refusal->fingerprint,
                          gsmime_refusal_code (refusal));
}

SignatureData *
gsmime_claws_signature_data (const GsmimeReport *report)
{
  SignatureData *sig = g_new0 (SignatureData, 1);

  sig->status = gsmime_claws_status_for_verdict (report->verdict);
  sig->info_short = gsmime_report_headline (report);
  sig->info_full = full_info (report, sig->info_short);
  return sig;
}

SignatureData *
gsmime_claws_signature_failure (const GError *error)
{
  SignatureData *sig = g_new0 (SignatureData, 1);

  sig->status = SIGNATURE_CHECK_FAILED;
  sig->info_short = g_strdup_printf (_("The signature could not be checked: "
                                       "%s"), error->message);
  sig->info_full = g_strdup (sig->info_short);
  return sig;
}
