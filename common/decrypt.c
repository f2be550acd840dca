/* decrypt.c - opening CMS enveloped-data with the user's own keys. */
#include "decrypt.h"
#include "cms-shape.h"
#include "data.h"
#include "error.h"
#include "i18n.h"

static void
set_decrypt_error (GError **error, gpgme_error_t err)
{
  switch (gpgme_err_code (err))
    {
    case GPG_ERR_NO_SECKEY:
      gsmime_set_gpgme_error (error, err,
                              _("The message is not encrypted to any of "
                                "your certificates; ask the sender to "
                                "encrypt it to your current certificate"));
      break;
    case GPG_ERR_CANCELED:
    case GPG_ERR_BAD_PASSPHRASE:
      gsmime_set_gpgme_error (error, err,
                              _("Your key could not be unlocked; try again "
                                "and enter its passphrase"));
      break;
    default:
      gsmime_set_gpgme_error (error, err,
                              _("The encrypted part is damaged and cannot "
                                "be decrypted"));
      break;
    }
}

gboolean
gsmime_decrypt (GsmimeSession *session, GMimeStream *cms, GMimeStream *out,
                GError **error)
{
  gpgme_ctx_t ctx = gsmime_session_crypto_ctx (session);
  gpgme_data_t in_data, out_data = NULL;
  gpgme_error_t err;
  gboolean ok = FALSE;

  if (!gsmime_cms_check_shape (cms, GSMIME_CMS_ENVELOPED, error))
    return FALSE;
  in_data = gsmime_data_from_stream (cms, error);
  if (in_data)
    out_data = gsmime_data_from_stream (out, error);
  if (!out_data)
    goto leave;

  err = gpgme_op_decrypt (ctx, in_data, out_data);
  if (err)
    {
      set_decrypt_error (error, err);
      /* As after a failed verification (verify.c): gpgsm may be gone.  */
      gsmime_session_reset (session, NULL);
      goto leave;
    }
  ok = TRUE;

leave:
  gpgme_data_release (in_data);
  gpgme_data_release (out_data);
  return ok;
}
