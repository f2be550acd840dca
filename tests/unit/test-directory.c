/* test-directory.c - the directory servers gsmime reads from and writes
 * to dirmngr.conf: every form dirmngr accepts is read, lines are replaced
 * and removed by host and port without touching the rest of the file,
 * and what dirmngr's syntax cannot hold is refused.  */
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include "directory.h"
#include "error.h"
#include "conf-home.h"

typedef ConfHome Fixture;

static GsmimeDirectoryServer *
nth (GPtrArray *servers, guint i)
{
  return g_ptr_array_index (servers, i);
}

/* The colon form with and without "ldap:", the URL form, and lines that
 * only look like the option.  */
static void
test_list_forms (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) servers = NULL;

  conf_home_write (f, "# ldapserver commented.example.org\n"
                 "ldapserverlist-file other.conf\n"
                 "ldapserver ldap:a.example.org:1389:cn=r,o=x:pw:o=x:starttls\n"
                 "  ldapserver b.example.org\n"
                 "ldapserver ldap://c.example.org:3268/dc=c,dc=org\n");
  servers = gsmime_directory_list (f->home, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, 3);
  g_assert_cmpstr (nth (servers, 0)->host, ==, "a.example.org");
  g_assert_cmpuint (nth (servers, 0)->port, ==, 1389);
  g_assert_cmpstr (nth (servers, 0)->bind_dn, ==, "cn=r,o=x");
  g_assert_cmpstr (nth (servers, 0)->password, ==, "pw");
  g_assert_cmpstr (nth (servers, 0)->base, ==, "o=x");
  g_assert_cmpint (nth (servers, 0)->tls, ==, GSMIME_DIRECTORY_STARTTLS);
  g_assert_cmpstr (nth (servers, 1)->host, ==, "b.example.org");
  g_assert_cmpuint (gsmime_directory_server_port (nth (servers, 1)), ==, 389);
  g_assert_null (nth (servers, 1)->bind_dn);
  g_assert_cmpstr (nth (servers, 2)->host, ==, "c.example.org");
  g_assert_cmpuint (nth (servers, 2)->port, ==, 3268);
  g_assert_cmpstr (nth (servers, 2)->base, ==, "dc=c,dc=org");
}

static void
test_list_no_file (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) servers = gsmime_directory_list (f->home, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, 0);
}

/* Adding the same host and port twice replaces the line; the rest of the
 * file stays, disable-ldap is commented out, the mode is 600.  */
static void
test_add_replace (Fixture *f, gconstpointer data)
{
  GsmimeDirectoryServer s = { (char *) "ldap.example.org", 0,
                              (char *) "o=x", NULL, NULL,
                              GSMIME_DIRECTORY_PLAIN };
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GStatBuf st;

  conf_home_write (f, "verbose\ndisable-ldap\n");
  g_assert_true (gsmime_directory_add (f->home, &s, &error));
  g_assert_no_error (error);
  first = conf_home_read (f);
  g_assert_nonnull (strstr (first, "verbose\n"));
  g_assert_nonnull (strstr (first, "# disable-ldap"));
  g_assert_nonnull (strstr (first,
                            "\nldapserver ldap.example.org:389:::o=x:plain\n"));
  s.tls = GSMIME_DIRECTORY_LDAPS;
  s.port = 389;
  s.bind_dn = (char *) "cn=r,o=x";
  s.password = g_strdup ("pw");
  g_assert_true (gsmime_directory_add (f->home, &s, &error));
  g_free (s.password);
  second = conf_home_read (f);
  g_assert_null (strstr (second, ":plain"));
  g_assert_nonnull (strstr (second,
    "# Added by gsmime directory add.\n"
    "ldapserver ldap.example.org:389:cn=r,o=x:pw:o=x:ldaptls\n"));
  g_assert_null (strstr (strstr (second, "# Added") + 1, "# Added"));
  g_assert_cmpint (g_stat (f->conf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* Removing by host, or by host and port; an unknown server is an error
 * and leaves the file alone.  */
static void
test_remove (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  conf_home_write (f, "# keep me\n"
                 "ldapserver a.example.org:389::::plain\n"
                 "ldapserver a.example.org:636::::ldaptls\n"
                 "ldapserver b.example.org\n");
  g_assert_false (gsmime_directory_remove (f->home, "z.example.org", 0,
                                           &error));
  g_assert_error (error, GSMIME_ERROR, GPG_ERR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (gsmime_directory_remove (f->home, "a.example.org", 636,
                                          &error));
  text = conf_home_read (f);
  g_assert_nonnull (strstr (text, "a.example.org:389"));
  g_assert_null (strstr (text, "a.example.org:636"));
  g_free (text);
  g_assert_true (gsmime_directory_remove (f->home, "A.example.org", 0,
                                          &error));
  text = conf_home_read (f);
  g_assert_cmpstr (text, ==, "# keep me\nldapserver b.example.org\n");
}

/* What dirmngr's colon-separated line cannot carry.  */
static void
test_refused (Fixture *f, gconstpointer data)
{
  GsmimeDirectoryServer bad[] = {
    { (char *) "", 0, NULL, NULL, NULL, GSMIME_DIRECTORY_PLAIN },
    { (char *) "two words", 0, NULL, NULL, NULL, GSMIME_DIRECTORY_PLAIN },
    { (char *) "h", 0, (char *) "o=a:b", NULL, NULL, GSMIME_DIRECTORY_PLAIN },
    { (char *) "h", 0, NULL, (char *) "cn=x", (char *) "p:w",
      GSMIME_DIRECTORY_PLAIN },
    { (char *) "h", 0, NULL, NULL, (char *) "pw", GSMIME_DIRECTORY_PLAIN },
    { (char *) "h", 70000, NULL, NULL, NULL, GSMIME_DIRECTORY_PLAIN },
    { (char *) "h", 0, (char *) "o=a\nverbose", NULL, NULL,
      GSMIME_DIRECTORY_PLAIN },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (gsmime_directory_add (f->home, &bad[i], &error));
      g_assert_error (error, GSMIME_ERROR, GPG_ERR_INV_VALUE);
    }
  g_assert_false (g_file_test (f->conf, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/directory/list/forms", Fixture, NULL, conf_home_setup,
              test_list_forms, conf_home_teardown);
  g_test_add ("/directory/list/no-file", Fixture, NULL, conf_home_setup,
              test_list_no_file, conf_home_teardown);
  g_test_add ("/directory/add/replace", Fixture, NULL, conf_home_setup,
              test_add_replace, conf_home_teardown);
  g_test_add ("/directory/remove", Fixture, NULL, conf_home_setup,
              test_remove, conf_home_teardown);
  g_test_add ("/directory/add/refused", Fixture, NULL, conf_home_setup,
              test_refused, conf_home_teardown);
  return g_test_run ();
}
