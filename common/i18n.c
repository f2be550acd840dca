/* i18n.c - binding the gsmime message catalogue. */
#include "i18n.h"

void
gsmime_i18n_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* GSMIME_LOCALEDIR: a catalogue that is not installed (tests).  */
      const char *dir = g_getenv ("GSMIME_LOCALEDIR");

      bindtextdomain (GETTEXT_PACKAGE, dir && *dir ? dir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&done, 1);
    }
}
