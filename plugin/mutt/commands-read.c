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
mutt_verify_harvesting (MuttCall *call, GBytes *sig, GBytes *signed_data,
                        GMimeStream *content, GError **error)
{
  g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GMimeStream) data = signed_data ? mutt_stream_for (signed_data)
                                             : NULL;
  GsmimeHarvesting how = { NULL, FALSE, added, NULL };
  GPtrArray *signers;

  /* A gpgsm gone meanwhile is the core's to replace (verify.c).  */
  signers = gsmime_verify_harvesting (call->session, sig, data, content,
                                      NULL, &how, error);
  if (added->len)
    mutt_index_sync (call->session, NULL);
  return signers;
}

int
mutt_cmd_verify (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sig = mutt_read_file (call->args[0], &error);
  g_autoptr (GBytes) data = NULL;
  g_autoptr (GBytes) canonical = NULL;
  g_autoptr (GPtrArray) signers = NULL;
  g_autoptr (GError) why = NULL;

  if (sig)
    data = mutt_read_file (call->args[1], &error);
  if (!data || !mutt_session (call, &error))
    {
      mutt_fail (call, error);
      return EXIT_RED;
    }
  /* mutt writes the signed part with CRLF already; a hand-made file
   * with bare LF is made canonical the same way.  */
  canonical = mutt_to_crlf (data);
  signers = mutt_verify_harvesting (call, sig, canonical, NULL, &why);
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
  g_autoptr (GPtrArray) signers = NULL;
  g_autoptr (GError) why = NULL;
  g_autoptr (GBytes) inner = NULL;
  g_autoptr (GBytes) shown = NULL;
  const guint8 *data;
  gsize size;
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
  g_mime_stream_reset (content);
  inner = gsmime_stream_to_bytes (content);
  shown = mutt_present_verified (cms, inner, signers);
  data = g_bytes_get_data (shown, &size);
  g_byte_array_append (call->out, data, size);
  return status;
}

int
mutt_cmd_decrypt (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cms = mutt_read_file (call->args[0], &error);
  g_autoptr (GMimeStream) in = NULL;
  g_autoptr (GMimeStream) plain = g_mime_stream_mem_new ();
  g_autoptr (GBytes) entity = NULL;
  g_autoptr (GBytes) shown = NULL;
  GByteArray *bytes;
  const guint8 *data;
  gsize size;

  if (!cms || !mutt_session (call, &error)
      || !mutt_unlock_for (call, call->nargs > 1 ? call->args[1] : NULL,
                           &error))
    return mutt_fail (call, error);
  in = mutt_stream_for (cms);
  if (!gsmime_decrypt (call->session, in, plain, &error))
    return mutt_fail (call, error);
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (plain));
  entity = g_bytes_new_static (bytes->data, bytes->len);
  shown = mutt_present_decrypted (call, entity);
  data = g_bytes_get_data (shown, &size);
  g_byte_array_append (call->out, data, size);
  /* The plaintext stays in memory only until it is handed over.  */
  if (shown != entity)
    gsmime_wipe ((void *) data, size);
  gsmime_wipe (bytes->data, bytes->len);
  return EXIT_OK;
}
