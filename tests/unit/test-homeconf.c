/* test-homeconf.c - the OCSP responder gsmime writes to dirmngr.conf:
 * added, replaced and removed again without touching the rest of the
 * file, and never over a responder the administrator set.  */
#include <string.h>
#include <glib/gstdio.h>
#include "error.h"
#include "conf-home.h"
#include "homeconf.h"

typedef ConfHome Fixture;

/* The lines of the file that are not comments.  */
static char *
options (Fixture *f)
{
  g_autofree char *text = conf_home_read (f);
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

  conf_home_write (f, "disable-ldap\nallow-ocsp\n");
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
  c = conf_home_read (f);
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

  conf_home_write (f, theirs);
  g_assert_false (gsmime_home_set_ocsp_responder (f->home,
                                                  "http://mine.example/",
                                                  &error));
  g_assert_error (error, GSMIME_ERROR, GPG_ERR_CONFLICT);
  a = conf_home_read (f);
  g_assert_cmpstr (a, ==, theirs);
  /* Clearing gsmime's own leaves theirs alone.  */
  g_clear_error (&error);
  g_assert_true (gsmime_home_set_ocsp_responder (f->home, NULL, &error));
  g_free (a);
  a = conf_home_read (f);
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
  g_test_add ("/homeconf/ocsp-responder/add-replace-remove", Fixture, NULL, conf_home_setup,
              test_add_replace_remove, conf_home_teardown);
  g_test_add ("/homeconf/ocsp-responder/no-file", Fixture, NULL, conf_home_setup,
              test_no_file, conf_home_teardown);
  g_test_add ("/homeconf/ocsp-responder/administrator-wins", Fixture, NULL, conf_home_setup,
              test_administrator_wins, conf_home_teardown);
  g_test_add ("/homeconf/ocsp-responder/bad-url", Fixture, NULL, conf_home_setup,
              test_bad_url, conf_home_teardown);
  return g_test_run ();
}
