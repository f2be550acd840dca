/* test-trustlist.c - gpg-agent's trustlist.txt as gsmime reads and
 * edits it: fingerprints with or without colons, "!" for a distrusted
 * root, comments passed over, and a change that replaces every earlier
 * line for the root (with gsmime's comment above it) and keeps the
 * rest of the file.  The agent is not asked to reload here; the real
 * one reads the file in tests/integration/certificates.sh.  */
#include <string.h>
#include <glib/gstdio.h>
#include "call-agent-trustlist.h"

#define ROOT "0123456789ABCDEF0123456789ABCDEF01234567"
#define OTHER "89ABCDEF0123456789ABCDEF0123456789ABCDEF"

typedef struct
{
  char *home;
  char *list;   /* HOME/trustlist.txt */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->home = g_dir_make_tmp ("gsmime-trustlist-XXXXXX", NULL);
  g_assert_nonnull (f->home);
  f->list = g_build_filename (f->home, "trustlist.txt", NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_unlink (f->list);
  g_rmdir (f->home);
  g_free (f->list);
  g_free (f->home);
}

static void
write_list (Fixture *f, const char *text)
{
  g_assert_true (g_file_set_contents (f->list, text, -1, NULL));
}

static char *
read_list (Fixture *f)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (f->list, &text, NULL, NULL));
  return text;
}

static void
test_missing_file (Fixture *f, gconstpointer data)
{
  g_assert_false (gsmime_trustlist_is_trusted (f->home, ROOT));
}

/* Colons, lower case and leading blanks are how people write the file;
 * a comment that names the root trusts nothing.  */
static void
test_read_forms (Fixture *f, gconstpointer data)
{
  write_list (f, "# " ROOT " S\n"
                 "  01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:"
                 "45:67 S relax\n"
                 "!" OTHER " S\n");
  g_assert_true (gsmime_trustlist_is_trusted (f->home, ROOT));
  g_assert_false (gsmime_trustlist_is_trusted (f->home, OTHER));
  g_assert_false (gsmime_trustlist_is_trusted (
    f->home, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"));
}

static void
test_write_new (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (gsmime_trustlist_write (f->home, ROOT, "CN=Test Root", TRUE,
                                         &error));
  g_assert_no_error (error);
  text = read_list (f);
  g_assert_true (g_str_has_prefix (text, "# trusted: CN=Test Root (gsmime, "));
  g_assert_true (g_str_has_suffix (text, ")\n" ROOT " S\n"));
  g_assert_true (gsmime_trustlist_is_trusted (f->home, ROOT));
}

/* Distrusting replaces the earlier line and gsmime's comment on it;
 * the other root, its comment and the user's own comment stay.  */
static void
test_replace (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  write_list (f, "# my own note\n"
                 OTHER " S\n"
                 "# trusted: CN=Test Root (gsmime, 2020-01-01)\n"
                 "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:"
                 "45:67 S\n");
  g_assert_true (gsmime_trustlist_write (f->home, ROOT, "CN=Test Root",
                                         FALSE, &error));
  g_assert_no_error (error);
  text = read_list (f);
  g_assert_true (g_str_has_prefix (text, "# my own note\n" OTHER " S\n"
                                   "# distrusted: CN=Test Root (gsmime, "));
  g_assert_true (g_str_has_suffix (text, ")\n!" ROOT " S\n"));
  g_assert_null (strstr (text, "2020-01-01"));
  g_assert_false (gsmime_trustlist_is_trusted (f->home, ROOT));
  g_assert_true (gsmime_trustlist_is_trusted (f->home, OTHER));
}

static void
test_unwritable (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *gone = g_build_filename (f->home, "gone", NULL);

  g_assert_false (gsmime_trustlist_write (gone, ROOT, "CN=Test Root", TRUE,
                                          &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "trustlist.txt"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/trustlist/missing-file", Fixture, NULL, setup,
              test_missing_file, teardown);
  g_test_add ("/trustlist/read-forms", Fixture, NULL, setup, test_read_forms,
              teardown);
  g_test_add ("/trustlist/write-new", Fixture, NULL, setup, test_write_new,
              teardown);
  g_test_add ("/trustlist/replace", Fixture, NULL, setup, test_replace,
              teardown);
  g_test_add ("/trustlist/unwritable", Fixture, NULL, setup, test_unwritable,
              teardown);
  return g_test_run ();
}
