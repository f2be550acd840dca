/* conf-home.c - a throwaway GnuPG home for configuration-file tests. */
#include <glib/gstdio.h>
#include "conf-home.h"

void
conf_home_setup (ConfHome *f, gconstpointer data)
{
  f->home = g_dir_make_tmp ("gsmime-conf-XXXXXX", NULL);
  g_assert_nonnull (f->home);
  f->conf = g_build_filename (f->home, "dirmngr.conf", NULL);
}

void
conf_home_teardown (ConfHome *f, gconstpointer data)
{
  g_unlink (f->conf);
  g_rmdir (f->home);
  g_free (f->conf);
  g_free (f->home);
}

void
conf_home_write (ConfHome *f, const char *text)
{
  g_assert_true (g_file_set_contents (f->conf, text, -1, NULL));
}

char *
conf_home_read (ConfHome *f)
{
  char *text = NULL;

  if (!g_file_get_contents (f->conf, &text, NULL, NULL))
    return g_strdup ("<none>");
  return text;
}
