/* report-text.c - the reader's view of a message, for a terminal. */
#include <stdio.h>
#include "report.h"
#include "cli.h"
#include "i18n.h"

/* The status bar: colour first, so that it can be read at a glance and
 * matched by scripts.  */
void
report_print_text (const GsmimeReport *report, const char *headline,
                   FILE *out)
{
  const char *subject;
  guint i;

  fprintf (out, "[%s] %s\n", gsmime_colour_name (report->verdict->colour),
           headline);
  for (i = 0; i < report->verdict->reasons->len; i++)
    {
      const GsmimeReason *r = g_ptr_array_index (report->verdict->reasons, i);
      g_autofree char *text = cli_reason_text (r, FALSE);
      fprintf (out, "  %s: %s\n", r->code, text);
    }
  for (i = 0; i < report->signers->len; i++)
    {
      const GsmimeSigner *s = g_ptr_array_index (report->signers, i);
      fprintf (out, _("  signer: %s (%s), %s\n"),
               s->email ? s->email : _("no address"),
               s->fingerprint ? s->fingerprint : "?",
               gsmime_colour_name (s->verdict->colour));
    }
  /* The protected Subject, the one the sender wrote, where an encrypted
   * message's outer header says "[...]"; the field name is the header
   * field's own and is not translated.  */
  subject = gsmime_protected_header_shown (report->protected_headers,
                                           "Subject");
  if (subject)
    fprintf (out, "Subject: %s\n", subject);
  fprintf (out, "\n%s", report->body);
  if (*report->body && !g_str_has_suffix (report->body, "\n"))
    fputc ('\n', out);
}
