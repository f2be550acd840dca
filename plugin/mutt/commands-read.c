/* commands-read.c - reading mail in mutt: smime_verify_command,
 * smime_verify_opaque_command and smime_decrypt_command.
 *
 * mutt calls a signature good only when the command exits with 0 and the
 * first line on standard error is "Verification successful"; it then
 * shows all of standard error in the pager.  So verified verdicts (green
 * and orange, unless the engine could not check the signature) start
 * with that line and the others never do, and the lines after it say
 * what gsmime decided and why (doc/mutt.md).  */
#include <config.h>
#include <string.h>
#include "commands.h"
#include "index-writer.h"
#include "gsmime.h"
#include "i18n.h"

/* The exact line mutt looks for; never translated.  */
#define MUTT_GOOD_LINE "Verification successful\n"

/* mutt's own S/MIME says "GOOD signature", and users know that line.  */
static const char *const mutt_headlines[GSMIME_REASON_COUNT] = {
  [GSMIME_REASON_VALID] = N_("GOOD signature from %s"),
};

/* The lines mutt shows above the message: the headline with its colour,
 * then every reason that is not plain "valid", with its advice.  */
static void
tell_verdict (MuttCall *call, const GsmimeMessageVerdict *m)
{
  const GsmimeVerdict *verdict = m->verdict;
  g_autofree char *headline =
    gsmime_headline_worded (verdict, m->signer, FALSE, mutt_headlines);
  guint i;

  mutt_say (call, "%s (%s)", headline, gsmime_colour_name (verdict->colour));
  for (i = 0; i < verdict->reasons->len; i++)
    {
      GsmimeReason *r = g_ptr_array_index (verdict->reasons, i);
      g_autofree char *text = NULL;

      if (r->reason == GSMIME_REASON_VALID)
        continue;
      text = cli_reason_text (r, TRUE);
      mutt_say (call, verdict->colour == GSMIME_ORANGE ? _("WARNING: %s")
                                                       : "%s", text);
    }
}

/* Has the core judge SIGNERS (NULL: the signature could not be parsed,
 * WHY says why), writes the verdict for mutt and returns the exit
 * status.  */
static int
report (MuttCall *call, GPtrArray *signers, const GError *why)
{
  g_autoptr (GArray) seen = g_array_new (FALSE, FALSE,
                                         sizeof (GsmimeSignatureSeen));
  GsmimeMessageFacts facts = { seen, NULL, FALSE };
  g_autoptr (GsmimeMessageVerdict) m = NULL;

  gsmime_signatures_seen (seen, NULL, signers, why ? why->message : NULL);
  m = gsmime_verdict_for_message (&facts);
  /* A signature this engine cannot check is not red, but mutt must not
   * call it verified either.  */
  if (gsmime_verdict_verified (m->verdict))
    g_string_append (call->err, MUTT_GOOD_LINE);
  tell_verdict (call, m);
  return m->verdict->colour == GSMIME_RED ? EXIT_RED : EXIT_OK;
}

GPtrArray *
mutt_verify_harvesting (MuttCall *call, GBytes *sig, GMimeStream *signed_data,
                        GMimeStream *content, GError **error)
{
  g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  GsmimeHarvesting how = { NULL, FALSE, added, NULL };
  GPtrArray *signers;

  /* A gpgsm gone meanwhile is the core's to replace (verify.c).  */
  signers = gsmime_verify_harvesting (call->session, sig, signed_data,
                                      content, NULL, &how, error);
  if (added->len)
    mutt_index_sync (call->session, NULL);
  return signers;
}

/* The signed part mutt wrote to the file NAME, in canonical form as it
 * streams from the file: mutt writes it with CRLF already, and a
 * hand-made file with bare LF is made canonical the same way.  */
static GMimeStream *
canonical_file (const char *name, GError **error)
{
  g_autoptr (GMimeStream) file = gsmime_stream_for_input (name, error);
  g_autoptr (GMimeFilter) crlf = NULL;
  GMimeStream *canonical;

  if (!file)
    return NULL;
  canonical = g_mime_stream_filter_new (file);
  crlf = g_mime_filter_unix2dos_new (FALSE);
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (canonical), crlf);
  return canonical;
}

int
mutt_cmd_verify (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sig = mutt_read_file (call->args[0], &error);
  g_autoptr (GMimeStream) data = NULL;
  g_autoptr (GPtrArray) signers = NULL;
  g_autoptr (GError) why = NULL;

  if (sig)
    data = canonical_file (call->args[1], &error);
  if (!data || !mutt_session (call, &error))
    {
      mutt_fail (call, error);
      return EXIT_RED;
    }
  signers = mutt_verify_harvesting (call, sig, data, NULL, &why);
  return report (call, signers, why);
}

/* What mutt shows in place of content whose signature failed: it frames
 * whatever this command prints as "S/MIME signed" data, so the content
 * itself is withheld.  */
static void
withhold_content (MuttCall *call)
{
  g_autofree char *text = g_strdup_printf (
    "Content-Type: text/plain; charset=utf-8\n\n%s\n",
    _("gsmime: the content is not shown because its signature failed (see "
      "above). Save the message and run \"gsmime show\" on it to read it "
      "anyway, knowing that nothing in it can be trusted."));

  g_byte_array_append (call->out, (const guint8 *) text, strlen (text));
}

int
mutt_cmd_verify_opaque (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cms = mutt_read_file (call->args[0], &error);
  g_autoptr (GMimeStream) content = g_mime_stream_mem_new ();
  g_autoptr (GMimeStream) out = NULL;
  g_autoptr (GPtrArray) signers = NULL;
  g_autoptr (GError) why = NULL;
  int status;

  if (!cms || !mutt_session (call, &error))
    {
      mutt_fail (call, error);
      return EXIT_RED;
    }
  signers = mutt_verify_harvesting (call, cms, NULL, content, &why);
  status = report (call, signers, why);
  if (status != EXIT_OK)
    {
      withhold_content (call);
      return status;
    }
  out = mutt_out_stream (call);
  mutt_present_verified (cms, content, signers, out);
  return status;
}

int
mutt_cmd_decrypt (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMimeStream) in = gsmime_stream_for_input (call->args[0],
                                                        &error);
  g_autoptr (GMimeStream) plain = NULL;
  g_autoptr (GMimeStream) out = NULL;

  if (!in || !mutt_session (call, &error)
      || !mutt_unlock_for (call, call->nargs > 1 ? call->args[1] : NULL,
                           &error))
    return mutt_fail (call, error);
  /* The plaintext waits in memory, never on disk (parking.h), while it
   * is read for its protected header fields, and then streams to mutt
   * from there: it is never copied whole.  */
  plain = gsmime_parking_new ("gsmime-decrypted", &error);
  if (!plain || !gsmime_decrypt (call->session, in, plain, &error))
    return mutt_fail (call, error);
  out = mutt_out_stream (call);
  mutt_present_decrypted (call, plain, out);
  return EXIT_OK;
}
