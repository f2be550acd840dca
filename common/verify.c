/* verify.c - checking CMS signatures and judging each signer. */
#include "verify.h"
#include "cms-shape.h"
#include "data.h"
#include "error.h"
#include "i18n.h"
#include "keys.h"

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

static GsmimeSigner *
judge_signature (GsmimeSession *session, gpgme_signature_t sig,
                 const char *from_address)
{
  GsmimeSigner *signer = g_new0 (GsmimeSigner, 1);
  GsmimeSignatureFacts facts = { 0 };
  gpgme_key_t key = NULL;

  signer->fingerprint = g_strdup (sig->fpr);
  signer->signing_time = sig->timestamp;
  signer->hash_algo = sig->hash_algo;
  /* A signer whose certificate is missing has no key to look up; the
   * verdict then rests on the status alone.  */
  if (sig->fpr && gpgme_err_code (sig->status) != GPG_ERR_NO_PUBKEY)
    key = gsmime_key_cached (session, sig->fpr, NULL);
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
  facts.from_address = from_address;
  if (chain_is_good (sig))
    {
      signer->revocation = gsmime_revocation_check (session, sig->fpr);
      facts.revocation = signer->revocation;
    }
  signer->verdict = gsmime_verdict_for_signature (
    &facts, gsmime_session_get_settings (session));
  return signer;
}

static GPtrArray *
collect_signers (GsmimeSession *session, gpgme_ctx_t ctx,
                 const char *from_address, GError **error)
{
  gpgme_verify_result_t result = gpgme_op_verify_result (ctx);
  GPtrArray *signers;
  gpgme_signature_t sig;

  if (!result || !result->signatures)
    {
      gsmime_set_error (error, GPG_ERR_NO_DATA,
                        _("The signature contains no signer"));
      return NULL;
    }
  signers = g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_signer_free);
  for (sig = result->signatures; sig; sig = sig->next)
    g_ptr_array_add (signers, judge_signature (session, sig, from_address));
  return signers;
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
 * a new gpgsm, and the signature one more try on it.  */
static GPtrArray *
run_verify (GsmimeSession *session, GMimeStream *sig_stream,
            GMimeStream *signed_stream, GMimeStream *out_stream,
            const char *from_address, GError **error)
{
  gpgme_error_t err;

  if (!gsmime_cms_check_shape (sig_stream, GSMIME_CMS_SIGNED, error))
    return NULL;
  err = verify_streams (gsmime_session_crypto_ctx (session), sig_stream,
                        signed_stream, out_stream, error);
  if (err && gsmime_session_reset (session, NULL)
      && rewind_streams (sig_stream, signed_stream, out_stream))
    {
      g_clear_error (error);
      err = verify_streams (gsmime_session_crypto_ctx (session), sig_stream,
                            signed_stream, out_stream, error);
      if (err)
        gsmime_session_reset (session, NULL);
    }
  if (err)
    {
      if (error && !*error)
        gsmime_set_gpgme_error (error, err,
                                _("gpgsm could not parse the signature"));
      return NULL;
    }
  return collect_signers (session, gsmime_session_crypto_ctx (session),
                          from_address, error);
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
