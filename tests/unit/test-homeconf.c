/* test-homeconf.c - the OCSP responder gsmime writes to dirmngr.conf:
 * added, replaced and removed again without touching the rest of the
 * file, and never over a responder the administrator set.  */
#include <string.h>
#include <glib/gstdio.h>
#include "error.h"
#include "homeconf.h"

typedef struct
{
  char *home;
  char *conf;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->home = g_dir_make_tmp ("gsmime-homeconf-XXXXXX", NULL);
  g_assert_nonnull (f->home);
  f->conf = g_build_filename (f->home, "dirmngr.conf", NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_unlink (f->conf);
  g_rmdir (f->home);
  g_free (f->conf);
  g_free (f->home);
}

static char *
read_conf (Fixture *f)
{
  char *text = NULL;

  if (!g_file_get_contents (f->conf, &text, NULL, NULL))
    return g_strdup ("<none>");
  return text;
}

static void
write_conf (Fixture *f, const char *text)
{
  g_assert_true (g_file_set_contents (f->conf, text, -1, NULL));
}

/* The lines of the file that are not comments.  */
static char *
options (Fixture *f)
{
  g_autofree char *text = read_conf (f);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  char **l;

  for (l = lines; *l; l++)
    if (**l && **l != '#')
      g_string_append_printf (out, "%s\n", *l);
  return g_string_free (out, FALSE);
}

static void
test_add_replace_remove (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  write_conf (f, "disable-ldap\nallow-ocsp\n");
  g_assert_true (gsmime_home_set_ocsp_responder (f->home,
                                                 "http://ocsp.example.org/",
                                                 &error));
  g_assert_no_error (error);
  a = options (f);
  g_assert_cmpstr (a, ==, "disable-ldap\nallow-ocsp\n"
                          "ocsp-responder http://ocsp.example.org/\n");

  g_assert_true (gsmime_home_set_ocsp_responder (f->home,
                                                 "https://other.example/",
                                                 &error));
  b = options (f);
  g_assert_cmpstr (b, ==, "disable-ldap\nallow-ocsp\n"
                          "ocsp-responder https://other.example/\n");

  g_assert_true (gsmime_home_set_ocsp_responder (f->home, "", &error));
  c = read_conf (f);
  g_assert_cmpstr (c, ==, "disable-ldap\nallow-ocsp\n");
}

static void
test_no_file (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL;

  g_assert_true (gsmime_home_set_ocsp_responder (f->home, NULL, &error));
  g_assert_false (g_file_test (f->conf, G_FILE_TEST_EXISTS));
  g_assert_true (gsmime_home_set_ocsp_responder (f->home,
                                                 "http://127.0.0.1:9/",
                                                 &error));
  a = options (f);
  g_assert_cmpstr (a, ==, "ocsp-responder http://127.0.0.1:9/\n");
}

static void
test_administrator_wins (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL;
  const char *theirs = "ocsp-responder http://admin.example/\n";

  write_conf (f, theirs);
  g_assert_false (gsmime_home_set_ocsp_responder (f->home,
                                                  "http://mine.example/",
                                                  &error));
  g_assert_error (error, GSMIME_ERROR, GPG_ERR_CONFLICT);
  a = read_conf (f);
  g_assert_cmpstr (a, ==, theirs);
  /* Clearing gsmime's own leaves theirs alone.  */
  g_clear_error (&error);
  g_assert_true (gsmime_home_set_ocsp_responder (f->home, NULL, &error));
  g_free (a);
  a = read_conf (f);
  g_assert_cmpstr (a, ==, theirs);
}

static void
test_bad_url (Fixture *f, gconstpointer data)
{
  const char *bad[] = { "ocsp.example.org", "ldap://x/", "http://a b/",
                        "http://a\nallow-mark-trusted", NULL };
  const char **u;

  for (u = bad; *u; u++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (gsmime_home_set_ocsp_responder (f->home, *u, &error));
      g_assert_error (error, GSMIME_ERROR, GPG_ERR_INV_VALUE);
    }
  g_assert_false (g_file_test (f->conf, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/homeconf/ocsp-responder/add-replace-remove", Fixture, NULL,
              setup, test_add_replace_remove, teardown);
  g_test_add ("/homeconf/ocsp-responder/no-file", Fixture, NULL, setup,
              test_no_file, teardown);
  g_test_add ("/homeconf/ocsp-responder/administrator-wins", Fixture, NULL,
              setup, test_administrator_wins, teardown);
  g_test_add ("/homeconf/ocsp-responder/bad-url", Fixture, NULL, setup,
              test_bad_url, teardown);
  return g_test_run ();
}
