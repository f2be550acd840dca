/* init.c - process-wide set-up of the libraries the core rests on. */
#include "gsmime.h"
#include "i18n.h"

void
gsmime_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_mime_init ();
      gsmime_i18n_init ();
      g_once_init_leave (&done, 1);
    }
}
