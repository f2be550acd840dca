/* prefs.c - the plugin's preferences: stored in Claws' rc files, edited
 * on a page under Preferences -> Plugins.  */
#include <config.h>
#include "prefs.h"

static GsmimeSettings current;
static guint generation;

void
gsmime_claws_prefs_init (void)
{
  gsmime_settings_init (&current);
}

void
gsmime_claws_prefs_done (void)
{
}

void
gsmime_claws_prefs_settings (GsmimeSettings *settings)
{
  *settings = current;
}

guint
gsmime_claws_prefs_generation (void)
{
  return generation;
}

gboolean
gsmime_claws_prefs_opaque_signing (void)
{
  return FALSE;
}

gboolean
gsmime_claws_prefs_auto_encrypt (void)
{
  return FALSE;
}

const char *
gsmime_claws_prefs_ocsp_responder (void)
{
  return NULL;
}

const char *
gsmime_claws_account_signing_cert (struct _PrefsAccount *account)
{
  (void) account;
  return NULL;
}

const char *
gsmime_claws_account_encryption_cert (struct _PrefsAccount *account)
{
  (void) account;
  return NULL;
}
