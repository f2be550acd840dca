/* verify.c - checking CMS signatures and judging each signer. */
#include "verify.h"
#include "cms-shape.h"
#include "data.h"
#include "error.h"
#include "i18n.h"
#include "keys.h"
#include "unsupported.h"

void
gsmime_signer_free (GsmimeSigner *signer)
{
  if (!signer)
    return;
  g_free (signer->fingerprint);
  g_free (signer->email);
  g_strfreev (signer->emails);
  g_free (signer->subject);
  gsmime_revocation_free (signer->revocation);
  gsmime_verdict_free (signer->verdict);
  g_free (signer);
}

void
gsmime_signatures_seen (GArray *seen, const char *part,
                        const GPtrArray *signers, const char *why)
{
  GsmimeSignatureSeen entry = { part, NULL, NULL, NULL };
  guint i;

  if (!signers)
    {
      entry.malformed = why ? why : "?";
      g_array_append_val (seen, entry);
      return;
    }
  for (i = 0; i < signers->len; i++)
    {
      const GsmimeSigner *s = g_ptr_array_index (signers, i);
      entry.signer = s->email ? s->email : s->fingerprint;
      entry.verdict = s->verdict;
      g_array_append_val (seen, entry);
    }
}

/* What judging the signers of one signature needs.  The outline of its
 * CMS object is read only when gpgsm's answer needs explaining: a
 * signature gpgsm found good is never second-guessed, so an engine newer
 * than the table of engine.c is never stood in the way of.  */
typedef struct
{
  GsmimeSession *session;
  GMimeStream *cms;
  const char *from;
  GsmimeCmsOutline *outline;    /* NULL until needed */
} Judging;

static const GsmimeCmsOutline *
outline_of (Judging *j)
{
  if (!j->outline)
    j->outline = gsmime_cms_outline_read (j->cms);
  return j->outline;
}

/* Revocation is worth asking only about a good signature whose chain
 * gpgsm accepted (an expired certificate still counts: when it was
 * revoked matters for orange or red).  */
static gboolean
chain_is_good (gpgme_signature_t sig)
{
  gpg_err_code_t status = gpgme_err_code (sig->status);

  return sig->fpr
         && (status == GPG_ERR_NO_ERROR || status == GPG_ERR_KEY_EXPIRED)
         && (sig->validity == GPGME_VALIDITY_FULL
             || sig->validity == GPGME_VALIDITY_ULTIMATE);
}

/* Whether the check of SIG itself failed (a bad signature, or gpgsm
 * could not check it), which the engine's limits may explain; a missing
 * certificate or an expired or revoked one they do not.  */
static gboolean
check_failed (gpgme_signature_t sig)
{
  switch (gpgme_err_code (sig->status))
    {
    case GPG_ERR_NO_ERROR:
    case GPG_ERR_KEY_EXPIRED:
    case GPG_ERR_CERT_EXPIRED:
    case GPG_ERR_SIG_EXPIRED:
    case GPG_ERR_CERT_REVOKED:
    case GPG_ERR_NO_PUBKEY:
      return FALSE;
    default:
      return TRUE;
    }
}

/* Fills U, and *ALGORITHM with the name it points to, when this engine
 * cannot check the algorithm of the outline's signer OS (NULL: none).  */
static gboolean
unsupported_of (const GsmimeCmsSigner *os, GsmimeUnsupportedSignature *u,
                char **algorithm)
{
  const GsmimeEngineVersions *versions = gsmime_engine_versions ();

  if (!os || !gsmime_signer_unsupported (versions, os, &u->missing,
                                         algorithm))
    return FALSE;
  u->algorithm = *algorithm;
  u->engine = versions->gpgsm;
  return TRUE;
}

/* Judges SIG; OS is the outline's signer for it when gpgsm's check
 * failed, so that the engine's limits are told from the sender's
 * faults.  */
static GsmimeSigner *
judge_signature (Judging *j, gpgme_signature_t sig,
                 const GsmimeCmsSigner *os)
{
  GsmimeSigner *signer = g_new0 (GsmimeSigner, 1);
  GsmimeSignatureFacts facts = { 0 };
  GsmimeUnsupportedSignature unsupported;
  g_autofree char *algorithm = NULL;
  gpgme_key_t key = NULL;

  signer->fingerprint = g_strdup (sig->fpr);
  signer->signing_time = sig->timestamp;
  signer->hash_algo = sig->hash_algo;
  /* A signer whose certificate is missing has no key to look up; the
   * verdict then rests on the status alone.  */
  if (sig->fpr && gpgme_err_code (sig->status) != GPG_ERR_NO_PUBKEY)
    key = gsmime_key_cached (j->session, sig->fpr, NULL);
  signer->emails = gsmime_key_emails (key);
  signer->email = g_strdup (signer->emails[0]);
  if (key && key->uids)
    signer->subject = g_strdup (key->uids->uid);

  facts.status = sig->status;
  facts.summary = sig->summary;
  facts.validity = sig->validity;
  facts.validity_reason = sig->validity_reason;
  facts.hash_algo = sig->hash_algo;
  facts.signing_time = sig->timestamp;
  facts.now = g_get_real_time () / G_USEC_PER_SEC;
  facts.cert_not_before = key ? gsmime_key_not_before (key) : 0;
  facts.cert_expires = key ? gsmime_key_expires (key) : 0;
  facts.signer_emails = (const char *const *) signer->emails;
  facts.from_address = j->from;
  if (unsupported_of (os, &unsupported, &algorithm))
    facts.unsupported = &unsupported;
  if (chain_is_good (sig))
    {
      signer->revocation = gsmime_revocation_check (j->session, sig->fpr);
      facts.revocation = signer->revocation;
    }
  signer->verdict = gsmime_verdict_for_signature (
    &facts, gsmime_session_get_settings (j->session));
  return signer;
}

/* The outline's signer that SIG, the INDEX-th of the COUNT signatures
 * gpgsm reported, speaks of: the one that names its certificate, else,
 * when gpgsm reported as many as the outline holds, the one in its
 * place.  Marks it in *SEEN.  */
static const GsmimeCmsSigner *
outline_signer (Judging *j, gpgme_signature_t sig, guint index, guint count,
                guint32 *seen)
{
  const GPtrArray *all = outline_of (j)->signers;
  gpgme_key_t key = sig->fpr ? gsmime_key_cached (j->session, sig->fpr, NULL)
                             : NULL;
  guint i;

  for (i = 0; key && i < all->len; i++)
    if (gsmime_cert_id_is_key (
          &((const GsmimeCmsSigner *) g_ptr_array_index (all, i))->cert, key))
      break;
  if (i == all->len || !key)
    i = count == all->len ? index : all->len;
  if (i == all->len)
    return NULL;
  *seen |= 1u << i;
  return g_ptr_array_index (all, i);
}

/* A signer gpgsm could not tell about (it left it out, or it stopped),
 * named by the outline's signer OS, judged with STATUS unless the
 * engine's limits explain it.  */
static GsmimeSigner *
judge_unreported (Judging *j, const GsmimeCmsSigner *os,
                  gpgme_error_t status)
{
  struct _gpgme_signature sig = { 0 };
  g_autofree char *pattern = gsmime_cert_id_pattern (&os->cert);
  g_autoptr (GPtrArray) keys = NULL;

  if (pattern)
    keys = gsmime_keys_list (j->session, pattern, FALSE, NULL);
  if (keys && keys->len)
    sig.fpr = ((gpgme_key_t) g_ptr_array_index (keys, 0))->subkeys->fpr;
  sig.status = status;
  sig.validity = GPGME_VALIDITY_UNKNOWN;
  return judge_signature (j, &sig, os);
}

/* Whether the engine cannot check one of the outline's signers, those
 * in SEEN left aside.  */
static gboolean
engine_limited (Judging *j, guint32 seen)
{
  const GPtrArray *all = outline_of (j)->signers;
  GsmimeCapability missing;
  guint i;

  for (i = 0; i < all->len; i++)
    if (!(seen & (1u << i))
        && gsmime_signer_unsupported (gsmime_engine_versions (),
                                      g_ptr_array_index (all, i), &missing,
                                      NULL))
      return TRUE;
  return FALSE;
}

/* Adds the outline's signers that gpgsm did not report (those not in
 * SEEN) when the engine's limits explain why: after gpgsm left out a
 * signer it could not check, or stopped with ERR.  The others are added
 * too when gpgsm stopped, judged by ERR, so that no signer goes
 * unmentioned.  */
static void
add_unreported (Judging *j, GPtrArray *signers, guint32 seen,
                gpgme_error_t err)
{
  const GPtrArray *all = outline_of (j)->signers;
  GsmimeCapability missing;
  guint i;

  if (!engine_limited (j, seen))
    return;
  for (i = 0; i < all->len; i++)
    {
      const GsmimeCmsSigner *os = g_ptr_array_index (all, i);
      if (!(seen & (1u << i))
          && (err || gsmime_signer_unsupported (gsmime_engine_versions (),
                                                os, &missing, NULL)))
        g_ptr_array_add (signers, judge_unreported (
          j, os, err ? err : gpg_error (GPG_ERR_NO_DATA)));
    }
}

/* The signers of the verification that ended with ERR in CTX, each
 * judged; when gpgsm failed, or reported no signer, only those the
 * engine's limits explain.  */
static GPtrArray *
collect_signers (Judging *j, gpgme_ctx_t ctx, gpgme_error_t err,
                 GError **error)
{
  gpgme_verify_result_t result = err ? NULL : gpgme_op_verify_result (ctx);
  gpgme_signature_t first = result ? result->signatures : NULL, sig;
  g_autoptr (GPtrArray) signers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_signer_free);
  gboolean explain = !first;
  guint32 seen = 0;
  guint count = 0, i = 0;

  for (sig = first; sig; sig = sig->next, count++)
    explain = explain || check_failed (sig);
  for (sig = first; sig; sig = sig->next, i++)
    {
      const GsmimeCmsSigner *os =
        explain ? outline_signer (j, sig, i, count, &seen) : NULL;
      g_ptr_array_add (signers, judge_signature (j, sig, check_failed (sig)
                                                            ? os : NULL));
    }
  if (explain)
    add_unreported (j, signers, seen, err);
  if (!signers->len && !err)
    gsmime_set_error (error, GPG_ERR_NO_DATA,
                      _("The signature contains no signer"));
  return signers->len ? g_steal_pointer (&signers) : NULL;
}

/* One gpgme_op_verify over the three streams, from where they stand.  */
static gpgme_error_t
verify_streams (gpgme_ctx_t ctx, GMimeStream *sig_stream,
                GMimeStream *signed_stream, GMimeStream *out_stream,
                GError **error)
{
  gpgme_data_t sig = NULL, text = NULL, out = NULL;
  gpgme_error_t err = gpg_error (GPG_ERR_ENOMEM);

  sig = gsmime_data_from_stream (sig_stream, error);
  if (sig && signed_stream)
    text = gsmime_data_from_stream (signed_stream, error);
  if (sig && out_stream)
    out = gsmime_data_from_stream (out_stream, error);
  if (sig && (!signed_stream || text) && (!out_stream || out))
    err = gpgme_op_verify (ctx, sig, text, out);
  gpgme_data_release (sig);
  gpgme_data_release (text);
  gpgme_data_release (out);
  return err;
}

/* Puts the streams back to their start for a second attempt; the
 * content of an opaque signature is written afresh.  */
static gboolean
rewind_streams (GMimeStream *sig, GMimeStream *signed_data, GMimeStream *out)
{
  if (g_mime_stream_reset (sig) < 0
      || (signed_data && g_mime_stream_reset (signed_data) < 0))
    return FALSE;
  if (!out)
    return TRUE;
  if (!GMIME_IS_STREAM_MEM (out) || out->bound_start != 0)
    return FALSE;
  g_byte_array_set_size (g_mime_stream_mem_get_byte_array (
                           GMIME_STREAM_MEM (out)), 0);
  return g_mime_stream_reset (out) == 0;
}

/* Runs one verification.  Reading mail never asks the user anything:
 * gpg-agent's "Do you ultimately trust this root?" is switched off in
 * gpg-agent.conf by homeconf.c, because GPGME 1.18 cannot switch the
 * pinentry off for gpgsm per operation.
 *
 * gpgsm --server ends itself on a signature it cannot parse, and a
 * long-lived session (Claws', mutt's session process) finds its gpgsm
 * gone after `gpgconf --kill all`.  So after a failure the session gets
 * a new gpgsm, and the signature one more try on it, unless the
 * signature's algorithm explains the failure (gpgsm 2.2.40 aborts on an
 * RSA-PSS salt it does not take, and would only abort again).  */
static GPtrArray *
run_verify (GsmimeSession *session, GMimeStream *sig_stream,
            GMimeStream *signed_stream, GMimeStream *out_stream,
            const char *from_address, GError **error)
{
  Judging j = { session, sig_stream, from_address, NULL };
  GPtrArray *signers;
  gpgme_error_t err;

  if (!gsmime_cms_check_shape (sig_stream, GSMIME_CMS_SIGNED, error))
    return NULL;
  err = verify_streams (gsmime_session_crypto_ctx (session), sig_stream,
                        signed_stream, out_stream, error);
  if (err && engine_limited (&j, 0))
    gsmime_session_reset (session, NULL);
  else if (err && gsmime_session_reset (session, NULL)
           && rewind_streams (sig_stream, signed_stream, out_stream))
    {
      g_clear_error (error);
      err = verify_streams (gsmime_session_crypto_ctx (session), sig_stream,
                            signed_stream, out_stream, error);
      if (err)
        gsmime_session_reset (session, NULL);
    }
  signers = collect_signers (&j, gsmime_session_crypto_ctx (session), err,
                             error);
  if (signers && err)
    {
      /* gpgsm stopped before it wrote the content; libksba reads it.  */
      g_clear_error (error);
      if (out_stream && rewind_streams (sig_stream, NULL, out_stream))
        gsmime_cms_signed_content (sig_stream, out_stream);
    }
  else if (err && error && !*error)
    gsmime_set_gpgme_error (error, err,
                            _("gpgsm could not parse the signature"));
  gsmime_cms_outline_free (j.outline);
  return signers;
}

GPtrArray *
gsmime_verify_detached (GsmimeSession *session, GMimeStream *signed_data,
                        GMimeStream *signature, const char *from_address,
                        GError **error)
{
  return run_verify (session, signature, signed_data, NULL, from_address,
                     error);
}

GPtrArray *
gsmime_verify_opaque (GsmimeSession *session, GMimeStream *cms,
                      GMimeStream *content, const char *from_address,
                      GError **error)
{
  return run_verify (session, cms, NULL, content, from_address, error);
}
