/* pin.c - the certificate a user chose for an address. */
#include <config.h>
#include <string.h>
#include "pin.h"
#include "error.h"
#include "i18n.h"
#include "keys.h"

static const char group[] = "pins";

/* Reads pins.ini (*PATH); a file that is not there holds no pins.  A
 * file that cannot be read whole (a line that is no key, bytes that are
 * not UTF-8) gives a reader what came before the damage; for a writer
 * (WHOLE) it is an error, since saving that part would lose every pin
 * after it.  */
static GKeyFile *
load (GsmimeSession *session, char **path, gboolean whole, GError **error)
{
  GKeyFile *kf = g_key_file_new ();
  g_autoptr (GError) io = NULL;

  *path = gsmime_session_state_file (session, "pins.ini");
  if (g_key_file_load_from_file (kf, *path, G_KEY_FILE_KEEP_COMMENTS, &io)
      || g_error_matches (io, G_FILE_ERROR, G_FILE_ERROR_NOENT) || !whole)
    return kf;
  gsmime_set_error (error, GPG_ERR_BAD_DATA,
                    _("Could not read %s: %s; correct the file or remove "
                      "it, then try again"), *path, io->message);
  g_key_file_unref (kf);
  return NULL;
}

static gboolean
save (GKeyFile *kf, const char *path, GError **error)
{
  g_autoptr (GError) io = NULL;

  if (g_key_file_save_to_file (kf, path, &io))
    return TRUE;
  gsmime_set_error (error, GPG_ERR_EIO, _("Could not write %s: %s"), path,
                    io->message);
  return FALSE;
}

/* Addresses are keys of the file: lower case, and nothing that would
 * break its syntax.  */
static char *
key_for (const char *address, GError **error)
{
  if (address && strchr (address, '@') && !strpbrk (address, "=[]\n\r \t"))
    return g_ascii_strdown (address, -1);
  gsmime_set_error (error, GPG_ERR_INV_ARG,
                    _("\"%s\" is not an e-mail address"),
                    address ? address : "");
  return NULL;
}

/* Pins the certificate FPR for ADDRESS (its key KEY in the file), or,
 * with FPR NULL, removes its pin.  Errors: those of load and save,
 * GPG_ERR_NOT_FOUND when there is no pin to remove.  */
static gboolean
write_pin (GsmimeSession *session, const char *address, const char *key,
           const char *fpr, GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr (GKeyFile) kf = load (session, &path, TRUE, error);

  if (!kf)
    return FALSE;
  if (fpr)
    g_key_file_set_string (kf, group, key, fpr);
  else if (!g_key_file_remove_key (kf, group, key, NULL))
    {
      gsmime_set_error (error, GPG_ERR_NOT_FOUND,
                        _("No certificate is pinned for %s"), address);
      return FALSE;
    }
  return save (kf, path, error);
}

char *
gsmime_pin_get (GsmimeSession *session, const char *address)
{
  g_autofree char *path = NULL;
  g_autoptr (GKeyFile) kf = load (session, &path, FALSE, NULL);
  g_autofree char *key = key_for (address, NULL);

  return key ? g_key_file_get_string (kf, group, key, NULL) : NULL;
}

gboolean
gsmime_pin_set (GsmimeSession *session, const char *address, const char *fpr,
                GError **error)
{
  g_autofree char *key = key_for (address, error);
  g_autofree char *canonical = NULL;
  gpgme_key_t cert;
  gboolean mine;

  if (!key)
    return FALSE;
  cert = gsmime_key_by_fingerprint (session, fpr, error);
  if (!cert)
    return FALSE;
  mine = gsmime_key_has_email (cert, address);
  canonical = g_strdup (cert->fpr);
  gpgme_key_unref (cert);
  if (!mine)
    {
      gsmime_set_error (error, GPG_ERR_NO_USER_ID,
                        _("The certificate %s is not for %s; pin one that "
                          "carries the address"), fpr, address);
      return FALSE;
    }
  return write_pin (session, address, key, canonical, error);
}

GsmimeAdvice
gsmime_pin_advice (const GError *error)
{
  return g_error_matches (error, GSMIME_ERROR, GPG_ERR_NO_USER_ID)
         ? GSMIME_ADVICE_LIST_CERTIFICATES : GSMIME_ADVICE_NONE;
}

gboolean
gsmime_pin_remove (GsmimeSession *session, const char *address,
                   GError **error)
{
  g_autofree char *key = key_for (address, error);

  return key && write_pin (session, address, key, NULL, error);
}
