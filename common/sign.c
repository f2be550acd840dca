/* sign.c - making CMS signatures with the user's key. */
#include "sign.h"
#include "data.h"
#include "error.h"
#include "i18n.h"

/* RFC 5751 names digests in lower case with a dash ("sha-256").  */
static char *
micalg_name (gpgme_hash_algo_t algo)
{
  const char *name = gpgme_hash_algo_name (algo);
  g_autofree char *lower = g_ascii_strdown (name ? name : "sha256", -1);

  if (g_str_has_prefix (lower, "sha") && lower[3] != '-')
    return g_strdup_printf ("sha-%s", lower + 3);
  return g_steal_pointer (&lower);
}

gboolean
gsmime_sign (GsmimeSession *session, gpgme_key_t signer, GMimeStream *in,
             GMimeStream *out, gboolean detached, char **micalg,
             GError **error)
{
  gpgme_ctx_t ctx = gsmime_session_crypto_ctx (session);
  gpgme_data_t in_data, out_data = NULL;
  gpgme_sign_result_t result;
  gpgme_error_t err = 0;
  gboolean ok = FALSE;

  gpgme_set_armor (ctx, 0);
  gpgme_set_include_certs (ctx, -2);
  err = gpgme_signers_add (ctx, signer);
  if (err)
    {
      gsmime_set_gpgme_error (error, err, _("Your signing key cannot be used"));
      return FALSE;
    }
  in_data = gsmime_data_from_stream (in, error);
  if (in_data)
    out_data = gsmime_data_from_stream (out, error);
  if (!out_data)
    goto leave;

  err = gpgme_op_sign (ctx, in_data, out_data,
                       detached ? GPGME_SIG_MODE_DETACH : GPGME_SIG_MODE_NORMAL);
  if (err)
    {
      gsmime_set_gpgme_error (error, err,
                              _("The message could not be signed; check that "
                                "your certificate is valid and its key "
                                "unlocked"));
      goto leave;
    }
  result = gpgme_op_sign_result (ctx);
  if (micalg)
    *micalg = micalg_name (result && result->signatures
                           ? result->signatures->hash_algo : GPGME_MD_SHA256);
  ok = TRUE;

leave:
  gpgme_signers_clear (ctx);
  gpgme_data_release (in_data);
  gpgme_data_release (out_data);
  /* After a failed operation the next one gets a gpgsm that surely runs
   * (see verify.c).  */
  if (err)
    gsmime_session_reset (session, NULL);
  return ok;
}
