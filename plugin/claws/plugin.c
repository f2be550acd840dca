/* plugin.c - the entry points Claws Mail looks up in a plugin, and
 * nothing else; the privacy system lives in privacy-system.c.  */
#include <config.h>
#include "common/i18n.h"
#include "cert-import.h"
#include "expiry-warning.h"
#include "page-load.h"
#include "prefs.h"
#include "privacy-system.h"

#include <plugin.h>
/* Claws' version.h defines PACKAGE and VERSION as its own; only its
 * VERSION_NUMERIC is wanted here, and gsmime's names are PACKAGE_VERSION
 * and GETTEXT_PACKAGE, which it leaves alone.  */
#undef PACKAGE
#undef VERSION
#include <version.h>

gint
plugin_init (gchar **error)
{
  /* 4.0 made signature checks asynchronous; the PrivacySystem and
   * MimeInfo layouts used here are those of Claws 4.  */
  if (!check_plugin_version (MAKE_NUMERIC_VERSION (4, 0, 0, 0),
                             VERSION_NUMERIC, plugin_name (), error))
    return -1;
  gsmime_claws_prefs_init ();
  gsmime_claws_privacy_init ();
  gsmime_claws_expiry_init ();
  return 0;
}

gboolean
plugin_done (void)
{
  /* Threads that are still running would come back into code that is
   * gone; Claws asks again later.  */
  if (!gsmime_claws_expiry_done () || gsmime_claws_cert_import_running ()
      || gsmime_claws_page_loads ())
    return FALSE;
  if (!gsmime_claws_privacy_done ())
    return FALSE;
  gsmime_claws_prefs_done ();
  return TRUE;
}

const gchar *
plugin_name (void)
{
  return _("S/MIME (gpgsm)");
}

const gchar *
plugin_desc (void)
{
  return _("Verifies and decrypts S/MIME mail through GnuPG's gpgsm and "
           "shows each signed message as green, orange or red, with the "
           "reason in words: revoked signers, unreachable revocation "
           "servers, altered content, weak digests and senders who are "
           "not the signer are told apart.\n\n"
           "It registers the privacy system \"S/MIME (gpgsm)\" and needs "
           "no other plugin.");
}

const gchar *
plugin_type (void)
{
  return "GTK3";
}

const gchar *
plugin_licence (void)
{
  return "GPL3+";
}

const gchar *
plugin_version (void)
{
  return PACKAGE_VERSION;
}

struct PluginFeature *
plugin_provides (void)
{
  static struct PluginFeature features[] = {
    { PLUGIN_PRIVACY, NULL },
    { PLUGIN_NOTHING, NULL }
  };

  /* Claws shows the subtype in its plugin window.  */
  if (!features[0].subtype)
    features[0].subtype = _("S/MIME (gpgsm)");
  return features;
}
