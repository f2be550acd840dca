/* passphrase.c - the passphrase mutt asked for, handed to gpg-agent.
 *
 * mutt asks "Enter S/MIME passphrase:" before every signing and
 * decryption and writes the answer to the command's standard input.
 * GPGME 1.18 cannot give gpgsm a passphrase, and a pinentry started now
 * would fight mutt for the terminal; so a locked key is unlocked in the
 * agent through loopback first (gsmime_agent_unlock_key).  A key without
 * a passphrase, or one the agent holds already, needs nothing.  */
#include <config.h>
#include "commands.h"
#include "gsmime.h"
#include "i18n.h"

static gboolean
unlock_key (MuttCall *call, gpgme_key_t key, const char *passphrase,
            GError **error)
{
  if (!key->subkeys || !key->subkeys->keygrip)
    return TRUE;
  return gsmime_agent_unlock_key (gsmime_session_get_homedir (call->session),
                                  key->subkeys->keygrip, passphrase, error);
}

gboolean
mutt_unlock_for (MuttCall *call, const char *key_path, GError **error)
{
  g_autofree char *fpr = key_path ? mutt_path_fingerprint (key_path, NULL)
                                  : NULL;
  char *passphrase = mutt_input_line (call);
  g_autoptr (GPtrArray) keys = NULL;
  gboolean ok = TRUE;
  guint i;

  keys = gsmime_keys_list (call->session, fpr, TRUE, error);
  if (!keys)
    ok = FALSE;
  else if (fpr && keys->len)
    ok = unlock_key (call, g_ptr_array_index (keys, 0), passphrase, error);
  else
    /* No key named: any of the user's keys may be the one needed, and
     * a key the passphrase does not fit is simply not unlocked.  */
    for (i = 0; i < keys->len; i++)
      unlock_key (call, g_ptr_array_index (keys, i), passphrase, NULL);
  gsmime_agent_passphrase_free (passphrase);
  return ok;
}
