/* sign.c - making CMS signatures with the user's key. */
#include "sign.h"
#include "data.h"
#include "engine.h"
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

/* Whether ERR, a failed signature by SIGNER, is gpg-agent refusing a
 * digest shorter than SIGNER's elliptic curve; if so, ERROR says why
 * and what would sign.  gpgsm before 2.2.42 signs with the digest the
 * CA used for the certificate (ksba_cert_get_digest_algo in sm/sign.c),
 * and gpg-agent takes no ECDSA digest shorter than the curve (agent's
 * pksign.c: "a 256 bit hash is not valid for a 384 bit ECDSA key").  */
static gboolean
digest_too_short (gpgme_key_t signer, gpgme_error_t err, GError **error)
{
  gpgme_subkey_t key = signer->subkeys;
  const char *version = gsmime_engine_versions ()->gpgsm;
  const char *needs;

  if (gpgme_err_code (err) != GPG_ERR_INV_LENGTH || !key
      || (key->pubkey_algo != GPGME_PK_ECC
          && key->pubkey_algo != GPGME_PK_ECDSA)
      || gsmime_engine_can (GSMIME_CAN_ECDSA_DIGEST_BY_CURVE))
    return FALSE;
  needs = key->length <= 256 ? "SHA-256" : key->length <= 384 ? "SHA-384"
                                                               : "SHA-512";
  gsmime_set_error (error, GPG_ERR_DIGEST_ALGO,
                    _("Your %u-bit elliptic-curve key needs a digest of "
                      "at least %s, but gpgsm %s signs with the shorter "
                      "one your certificate was issued with, and "
                      "gpg-agent refuses that; GnuPG 2.2.42 or 2.4 chooses "
                      "the digest by the curve, or ask your CA for a "
                      "certificate issued with %s"), key->length, needs,
                    version ? version : "?", needs);
  return TRUE;
}

gboolean
gsmime_sign_data (GsmimeSession *session, gpgme_key_t signer,
                  gpgme_data_t in, gpgme_data_t out, gboolean detached,
                  char **micalg, GError **error)
{
  gpgme_ctx_t ctx = gsmime_session_crypto_ctx (session);
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
  err = gpgme_op_sign (ctx, in, out,
                       detached ? GPGME_SIG_MODE_DETACH : GPGME_SIG_MODE_NORMAL);
  if (err && digest_too_short (signer, err, error))
    goto leave;
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
  /* After a failed operation the next one gets a gpgsm that surely runs
   * (see verify.c).  */
  if (err)
    gsmime_session_reset (session, NULL);
  return ok;
}

gboolean
gsmime_sign (GsmimeSession *session, gpgme_key_t signer, GMimeStream *in,
             GMimeStream *out, gboolean detached, char **micalg,
             GError **error)
{
  gpgme_data_t in_data, out_data;
  gboolean ok = gsmime_data_pair (in, out, &in_data, &out_data, error)
                && gsmime_sign_data (session, signer, in_data, out_data,
                                     detached, micalg, error);

  gpgme_data_release (in_data);
  gpgme_data_release (out_data);
  return ok;
}
