/* commands-write.c - sending mail from mutt: smime_sign_command and
 * smime_encrypt_command.
 *
 * mutt writes the MIME entity with bare LF line ends and reads DER from
 * standard output.  Anything on standard error, even on success, makes
 * mutt stop with "Press any key to continue", so these commands say
 * nothing there unless they fail.  */
#include <config.h>
#include <string.h>
#include "commands.h"
#include "i18n.h"

/* The entity in canonical form: signatures and the encrypted content
 * cover CRLF lines, as every S/MIME reader expects.  */
static GMimeStream *
canonical_entity (const char *path, GError **error)
{
  g_autoptr (GBytes) raw = mutt_read_file (path, error);
  g_autoptr (GBytes) crlf = NULL;

  if (!raw)
    return NULL;
  crlf = mutt_to_crlf (raw);
  return mutt_stream_for (crlf);
}

/* mutt writes micalg from $smime_sign_digest_alg ("sha256" becomes
 * "sha-256") whatever the command did; a different digest would make the
 * header lie.  */
static gboolean
check_digest (const char *wanted, const char *micalg, GError **error)
{
  g_autofree char *expected = NULL;

  if (!wanted || !*wanted)
    return TRUE;
  expected = g_str_has_prefix (wanted, "sha") && wanted[3] != '-'
             ? g_strdup_printf ("sha-%s", wanted + 3) : g_strdup (wanted);
  if (!g_ascii_strcasecmp (expected, micalg))
    return TRUE;
  gsmime_set_error (error, GPG_ERR_DIGEST_ALGO,
                    _("gpgsm signed with %s, but mutt announces %s; set "
                      "smime_sign_digest_alg to match (gsmime.muttrc sets "
                      "sha256)"), micalg, expected);
  return FALSE;
}

int
mutt_cmd_sign (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *fpr = mutt_path_fingerprint (call->args[1], &error);
  g_autoptr (GMimeStream) in = NULL;
  g_autoptr (GMimeStream) out = g_mime_stream_mem_new ();
  g_autofree char *micalg = NULL;
  gpgme_key_t key = NULL;
  GByteArray *bytes;
  gboolean ok;

  if (fpr)
    in = canonical_entity (call->args[0], &error);
  if (!in || !mutt_session (call, &error)
      || !(key = gsmime_choose_signing_key (call->session, fpr, &error)))
    return mutt_fail (call, error);
  ok = mutt_unlock_for (call, call->args[1], &error)
       && gsmime_sign (call->session, key, in, out, TRUE, &micalg, &error)
       && check_digest (call->nargs > 2 ? call->args[2] : NULL, micalg,
                        &error);
  gpgme_key_unref (key);
  if (!ok)
    return mutt_fail (call, error);
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (out));
  g_byte_array_append (call->out, bytes->data, bytes->len);
  return EXIT_OK;
}

/* The certificates the %c paths name, with an address each for the
 * messages about them.  A certificate known to be revoked is refused
 * even though mutt offered it.  */
static gboolean
recipients (MuttCall *call, GPtrArray *keys, GPtrArray *addresses,
            GPtrArray *problems, GError **error)
{
  int i;

  for (i = 1; i < call->nargs; i++)
    {
      g_autofree char *fpr = mutt_path_fingerprint (call->args[i], error);
      g_autoptr (GsmimeRevocation) r = NULL;
      g_auto (GStrv) emails = NULL;
      GsmimeRecipientProblem *engine;
      gpgme_key_t key;

      if (!fpr || !(key = gsmime_key_by_fingerprint (call->session, fpr,
                                                     error)))
        return FALSE;
      emails = gsmime_key_emails (key);
      g_ptr_array_add (keys, key);
      g_ptr_array_add (addresses, g_strdup (emails[0] ? emails[0] : fpr));
      /* The index lists elliptic-curve certificates for encryption so
       * that this sentence reaches mutt's user.  */
      engine = gsmime_recipient_engine_problem (emails[0] ? emails[0] : fpr,
                                                key);
      if (engine)
        {
          g_ptr_array_add (problems, engine);
          continue;
        }
      r = gsmime_revocation_check (call->session, fpr);
      if (r->state == GSMIME_REVOKED_YES)
        g_ptr_array_add (problems, gsmime_recipient_problem_from_gpgsm (
                                     emails[0] ? emails[0] : fpr,
                                     gpg_error (GPG_ERR_CERT_REVOKED)));
    }
  if (problems->len)
    {
      gsmime_set_recipient_error (error, problems);
      return FALSE;
    }
  return TRUE;
}

int
mutt_cmd_encrypt (MuttCall *call)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMimeStream) in = canonical_entity (call->args[0], &error);
  g_autoptr (GMimeStream) out = g_mime_stream_mem_new ();
  g_autoptr (GPtrArray) keys =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gpgme_key_unref);
  g_autoptr (GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) gsmime_recipient_problem_free);
  GByteArray *bytes;

  if (!in || !mutt_session (call, &error)
      || !recipients (call, keys, addresses, problems, &error))
    return mutt_fail_recipients (call, error, problems);
  g_ptr_array_add (addresses, NULL);
  if (!gsmime_encrypt (call->session, keys,
                       (const char *const *) addresses->pdata, in, out,
                       problems, &error))
    return mutt_fail_recipients (call, error, problems);
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (out));
  g_byte_array_append (call->out, bytes->data, bytes->len);
  return EXIT_OK;
}
