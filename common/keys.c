/* keys.c - finding certificates and keys in the gpgsm keybox. */
#include <string.h>
#include "keys.h"
#include "error.h"
#include "i18n.h"

GPtrArray *
gsmime_keys_list (GsmimeSession *session, const char *pattern,
                  gboolean secret, GError **error)
{
  gpgme_ctx_t ctx = gsmime_session_keylist_ctx (session);
  g_autoptr (GPtrArray) keys =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gpgme_key_unref);
  const char *patterns[] = { pattern, NULL };
  gpgme_key_t key;
  gpgme_error_t err;

  /* As a list, a pattern keeps its spaces ("/CN=Some CA,O=Org"); as a
   * single string gpgsm would split it into words.  */
  err = gpgme_op_keylist_ext_start (ctx, pattern ? patterns : NULL, secret, 0);
  while (!err)
    {
      err = gpgme_op_keylist_next (ctx, &key);
      if (!err)
        g_ptr_array_add (keys, key);
    }
  if (gpgme_err_code (err) != GPG_ERR_EOF)
    {
      gpgme_op_keylist_end (ctx);
      gsmime_set_gpgme_error (error, err,
                              _("Could not list certificates in the keybox"));
      return NULL;
    }
  return g_steal_pointer (&keys);
}

gpgme_key_t
gsmime_key_by_fingerprint (GsmimeSession *session, const char *fpr,
                           GError **error)
{
  g_autoptr (GPtrArray) keys = NULL;

  if (!fpr || !*fpr)
    {
      gsmime_set_error (error, GPG_ERR_NOT_FOUND,
                        _("No certificate was named"));
      return NULL;
    }
  keys = gsmime_keys_list (session, fpr, FALSE, error);
  if (!keys)
    return NULL;
  if (!keys->len)
    {
      gsmime_set_error (error, GPG_ERR_NOT_FOUND,
                        _("The certificate %s is not in the keybox"), fpr);
      return NULL;
    }
  gpgme_key_ref (g_ptr_array_index (keys, 0));
  return g_ptr_array_index (keys, 0);
}

gpgme_key_t
gsmime_key_cached (GsmimeSession *session, const char *fpr, GError **error)
{
  GHashTable *cache = gsmime_session_key_cache (session);
  gpgme_key_t key = g_hash_table_lookup (cache, fpr);

  if (key)
    return key;
  key = gsmime_key_by_fingerprint (session, fpr, error);
  if (key)
    g_hash_table_insert (cache, g_strdup (fpr), key);
  return key;
}

char **
gsmime_key_emails (gpgme_key_t key)
{
  GPtrArray *emails = g_ptr_array_new ();
  gpgme_user_id_t uid;

  for (uid = key ? key->uids : NULL; uid; uid = uid->next)
    {
      g_autofree char *email = NULL;
      guint i;
      gboolean seen = FALSE;

      /* For CMS, uid->email keeps the angle brackets; address is bare.  */
      if (!uid->address || !*uid->address)
        continue;
      email = g_ascii_strdown (uid->address, -1);
      for (i = 0; i < emails->len && !seen; i++)
        seen = !strcmp (g_ptr_array_index (emails, i), email);
      if (!seen)
        g_ptr_array_add (emails, g_steal_pointer (&email));
    }
  g_ptr_array_add (emails, NULL);
  return (char **) g_ptr_array_free (emails, FALSE);
}

gboolean
gsmime_key_has_email (gpgme_key_t key, const char *address)
{
  gpgme_user_id_t uid;

  for (uid = key->uids; uid; uid = uid->next)
    if (uid->address && !g_ascii_strcasecmp (uid->address, address))
      return TRUE;
  return FALSE;
}

gint64
gsmime_key_not_before (gpgme_key_t key)
{
  return key->subkeys && key->subkeys->timestamp > 0
         ? key->subkeys->timestamp : 0;
}

gint64
gsmime_key_expires (gpgme_key_t key)
{
  return key->subkeys && key->subkeys->expires > 0
         ? key->subkeys->expires : 0;
}

gboolean
gsmime_key_has_secret (GsmimeSession *session, const char *fpr)
{
  g_autoptr (GPtrArray) keys = gsmime_keys_list (session, fpr, TRUE, NULL);

  return keys && keys->len;
}

void
gsmime_key_delete (GsmimeSession *session, const char *fpr)
{
  gpgme_key_t key = gsmime_key_by_fingerprint (session, fpr, NULL);

  if (key)
    gpgme_op_delete_ext (gsmime_session_crypto_ctx (session), key,
                         GPGME_DELETE_FORCE);
  gpgme_key_unref (key);
  g_hash_table_remove (gsmime_session_key_cache (session), fpr);
}
