/* encrypt.c - CMS enveloped-data for a set of recipients. */
#include <string.h>
#include "encrypt.h"
#include "data.h"
#include "error.h"
#include "i18n.h"
#include "keyselect.h"

static const char *
address_of (GPtrArray *keys, const char *const *addresses, const char *fpr)
{
  guint i;

  for (i = 0; fpr && i < keys->len && addresses[i]; i++)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      if (key->fpr && !g_ascii_strcasecmp (key->fpr, fpr))
        return addresses[i];
    }
  return fpr ? fpr : "?";
}

/* gpgsm validates each recipient's chain itself and names those it
 * refuses; turn them into problems said per address.  */
static void
report_refused (gpgme_ctx_t ctx, GPtrArray *keys, const char *const *addresses,
                GPtrArray *problems, GError **error)
{
  gpgme_encrypt_result_t result = gpgme_op_encrypt_result (ctx);
  g_autoptr (GPtrArray) mine =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_recipient_problem_free);
  gpgme_invalid_key_t inv;

  for (inv = result ? result->invalid_recipients : NULL; inv; inv = inv->next)
    g_ptr_array_add (mine, gsmime_recipient_problem_from_gpgsm (
                             address_of (keys, addresses, inv->fpr),
                             inv->reason));
  gsmime_set_recipient_error (error, mine);
  if (problems)
    {
      g_ptr_array_extend_and_steal (problems, g_steal_pointer (&mine));
    }
}

gboolean
gsmime_encrypt_data (GsmimeSession *session, GPtrArray *keys,
                     const char *const *addresses, gpgme_data_t in,
                     gpgme_data_t out, GPtrArray *problems, GError **error)
{
  gpgme_ctx_t ctx = gsmime_session_crypto_ctx (session);
  g_autofree gpgme_key_t *recp = g_new0 (gpgme_key_t, keys->len + 1);
  gpgme_error_t err;

  memcpy (recp, keys->pdata, keys->len * sizeof *recp);
  gpgme_set_armor (ctx, 0);
  err = gpgme_op_encrypt (ctx, recp, 0, in, out);
  if (!err)
    return TRUE;
  /* gpgsm may fail with its own reason (a revoked certificate, say)
   * rather than "unusable public key"; the refused recipients are in the
   * result either way.  */
  if (gpgme_op_encrypt_result (ctx)
      && gpgme_op_encrypt_result (ctx)->invalid_recipients)
    report_refused (ctx, keys, addresses, problems, error);
  else
    gsmime_set_gpgme_error (error, err, _("The message could not be "
                                          "encrypted"));
  /* The next operation gets a gpgsm that surely runs (verify.c).  */
  gsmime_session_reset (session, NULL);
  return FALSE;
}

gboolean
gsmime_encrypt (GsmimeSession *session, GPtrArray *keys,
                const char *const *addresses, GMimeStream *in,
                GMimeStream *out, GPtrArray *problems, GError **error)
{
  gpgme_data_t in_data, out_data;
  gboolean ok = gsmime_data_pair (in, out, &in_data, &out_data, error)
                && gsmime_encrypt_data (session, keys, addresses, in_data,
                                        out_data, problems, error);

  gpgme_data_release (in_data);
  gpgme_data_release (out_data);
  return ok;
}
