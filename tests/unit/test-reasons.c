/* test-reasons.c - the table of reasons (common/reasons.c) is whole and
 * keeps its promises: one row per code, names that scripts can tell
 * apart, a headline and a trust letter for each, and no red reason that
 * would let a certificate be harvested.  */
#include <string.h>
#include "verdict.h"

/* Every code has its own row, and each name is used once.  */
static void
test_rows (void)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint i;

  for (i = 0; i < GSMIME_REASON_COUNT; i++)
    {
      const GsmimeReasonInfo *info = gsmime_reason_info (i);
      GsmimeReasonCode back;

      g_assert_cmpuint (info->code, ==, i);
      g_assert_nonnull (info->name);
      g_test_message ("%s", info->name);
      g_assert_false (g_hash_table_contains (names, info->name));
      g_hash_table_add (names, (char *) info->name);
      g_assert_cmpstr (gsmime_reason_name (i), ==, info->name);
      g_assert_true (gsmime_reason_from_name (info->name, &back));
      g_assert_cmpuint (back, ==, i);
    }
}

/* A red reason means "do not trust this": its certificates are never
 * kept.  */
static void
test_red_refuses_harvest (void)
{
  guint i;

  for (i = 0; i < GSMIME_REASON_COUNT; i++)
    {
      const GsmimeReasonInfo *info = gsmime_reason_info (i);

      if (info->colour == GSMIME_RED)
        g_assert_true (info->refuses_harvest);
      /* Green and grey say nothing against a certificate.  */
      if (info->colour == GSMIME_GREEN || info->colour == GSMIME_GREY)
        g_assert_false (info->refuses_harvest);
    }
}

/* Every reason can be a status line.  */
static void
test_headlines (void)
{
  guint i;

  for (i = 0; i < GSMIME_REASON_COUNT; i++)
    {
      const char *headline = gsmime_reason_info (i)->headline;
      const char *conversion;

      g_assert_nonnull (headline);
      g_assert_cmpuint (strlen (headline), >, 0);
      /* At most the signer is filled in.  */
      conversion = strchr (headline, '%');
      g_assert_true (!conversion || (conversion[1] == 's'
                                     && !strchr (conversion + 1, '%')));
    }
}

/* Every reason has one of mutt's letters, and it agrees with the
 * colour: red is never trusted, and only green is.  */
static void
test_mutt_letters (void)
{
  guint i;

  for (i = 0; i < GSMIME_REASON_COUNT; i++)
    {
      const GsmimeReasonInfo *info = gsmime_reason_info (i);

      g_assert_nonnull (strchr ("tueri", info->mutt_trust));
      g_assert_cmpint (info->mutt_trust != 't', ==,
                       info->colour != GSMIME_GREEN);
      if (info->colour == GSMIME_RED)
        g_assert_nonnull (strchr ("eri", info->mutt_trust));
    }
}

/* The stable strings are what scripts match: a verdict built from codes
 * carries them, and names the table does not know are not reasons.  */
static void
test_names_are_stable (void)
{
  g_autoptr (GsmimeVerdict) v = gsmime_verdict_new ();
  GsmimeReasonCode code;

  gsmime_verdict_add_reason (v, GSMIME_REASON_UNTRUSTED_CHAIN,
                             g_strdup ("a"));
  g_assert_cmpstr (gsmime_verdict_main_reason (v)->code, ==,
                   "untrusted-chain");
  g_assert_cmpint (v->colour, ==, GSMIME_RED);
  g_assert_true (gsmime_verdict_has_reason (v,
                                            GSMIME_REASON_UNTRUSTED_CHAIN));
  g_assert_true (gsmime_verdict_has (v, "untrusted-chain"));
  g_assert_false (gsmime_verdict_has (v, "no-such-reason"));
  g_assert_false (gsmime_reason_from_name ("harvesting-off", &code));
  g_assert_false (gsmime_reason_from_name (NULL, &code));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reasons/rows", test_rows);
  g_test_add_func ("/reasons/red-refuses-harvest", test_red_refuses_harvest);
  g_test_add_func ("/reasons/headlines", test_headlines);
  g_test_add_func ("/reasons/mutt-letters", test_mutt_letters);
  g_test_add_func ("/reasons/names-are-stable", test_names_are_stable);
  return g_test_run ();
}
