/* export.c - a certificate of the keybox, exported as DER. */
#include <config.h>
#include <gpgme.h>
#include "export.h"
#include "error.h"
#include "i18n.h"

GBytes *
gsmime_export_certificate (GsmimeSession *session, const char *fpr,
                           GError **error)
{
  gpgme_ctx_t ctx = gsmime_session_keylist_ctx (session);
  gpgme_data_t der = NULL;
  gpgme_error_t err;
  size_t len = 0;
  char *buf;
  GBytes *out;

  err = gpgme_data_new (&der);
  if (!err)
    {
      gpgme_set_armor (ctx, 0);
      err = gpgme_op_export (ctx, fpr, 0, der);
    }
  if (err)
    {
      gpgme_data_release (der);
      gsmime_set_gpgme_error (error, err,
                              _("gpgsm could not export the certificate"));
      return NULL;
    }
  buf = gpgme_data_release_and_get_mem (der, &len);
  out = buf && len ? g_bytes_new (buf, len) : NULL;
  gpgme_free (buf);
  /* gpgsm exports nothing, and says nothing, for a certificate it does
   * not have.  */
  if (!out)
    gsmime_set_error (error, GPG_ERR_NOT_FOUND,
                      _("The certificate %s is not in the keybox"), fpr);
  return out;
}
