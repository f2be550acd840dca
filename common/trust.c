/* trust.c - trusting a root certificate, as one deliberate step. */
#include <config.h>
#include "trust.h"
#include "call-agent-trustlist.h"
#include "error.h"
#include "export.h"
#include "i18n.h"
#include "keys.h"

void
gsmime_root_info_free (GsmimeRootInfo *info)
{
  if (!info)
    return;
  g_free (info->fingerprint);
  g_free (info->sha256);
  g_free (info->sha1);
  g_free (info->subject);
  g_free (info);
}

/* "AB:CD:..." from a hex digest, as fingerprints are read aloud.  */
static char *
colon_hex (const char *hex)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = hex; p[0] && p[1]; p += 2)
    g_string_append_printf (out, "%s%c%c", out->len ? ":" : "",
                            g_ascii_toupper (p[0]), g_ascii_toupper (p[1]));
  return g_string_free (out, FALSE);
}

static char *
sha256_of_cert (GsmimeSession *session, const char *fpr)
{
  g_autoptr (GBytes) der = gsmime_export_certificate (session, fpr, NULL);
  g_autofree char *hex = NULL;

  if (!der)
    return NULL;
  hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
  return colon_hex (hex);
}

static gboolean
check_is_root (gpgme_key_t key, GError **error)
{
  gboolean self_signed = key->chain_id && !g_ascii_strcasecmp (key->chain_id,
                                                               key->fpr);
  if (self_signed && key->can_certify)
    return TRUE;
  gsmime_set_error (error, GPG_ERR_WRONG_KEY_USAGE,
                    key->can_certify
                    ? _("%s is an intermediate certificate, not a root; trust "
                        "the root it was issued by instead")
                    : _("%s is not a root certificate but one issued to a "
                        "person or service; trust the root of its chain "
                        "instead"),
                    key->uids && key->uids->uid ? key->uids->uid : key->fpr);
  return FALSE;
}

GsmimeRootInfo *
gsmime_root_describe (GsmimeSession *session, const char *fpr, GError **error)
{
  gpgme_key_t key = gsmime_key_by_fingerprint (session, fpr, error);
  GsmimeRootInfo *info;

  if (!key)
    return NULL;
  if (!check_is_root (key, error))
    {
      gpgme_key_unref (key);
      return NULL;
    }
  info = g_new0 (GsmimeRootInfo, 1);
  info->fingerprint = g_strdup (key->fpr);
  info->sha1 = colon_hex (key->fpr);
  info->sha256 = sha256_of_cert (session, key->fpr);
  info->subject = g_strdup (key->uids ? key->uids->uid : "");
  info->trusted = gsmime_trustlist_is_trusted (
    gsmime_session_get_homedir (session), key->fpr);
  gpgme_key_unref (key);
  return info;
}

gboolean
gsmime_root_set_trusted (GsmimeSession *session, const char *fpr,
                         gboolean trusted, GError **error)
{
  g_autoptr (GsmimeRootInfo) info = gsmime_root_describe (session, fpr, error);

  return info && gsmime_trustlist_set (gsmime_session_get_homedir (session),
                                       info->fingerprint, info->subject,
                                       trusted, error);
}
