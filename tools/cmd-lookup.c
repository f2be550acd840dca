/* cmd-lookup.c - "gsmime lookup ADDR...": recipients' certificates from
 * the directory, without sending anything (for scripts, and for mutt). */
#include <config.h>
#include <stdio.h>
#include "cli.h"
#include "cmd-directory.h"
#include "i18n.h"
#include "gsmime.h"

/* Found: "ADDRESS FINGERPRINT" on standard output, one line per
 * certificate kept, for scripts.  Anything else: the reason on standard
 * error.  Returns whether a certificate was kept.  */
static gboolean
report (const GsmimeLookup *l)
{
  g_autofree char *said = gsmime_lookup_describe (l);
  g_autofree char *text = cli_advised_message (said, gsmime_lookup_advice (l),
                                               NULL);
  guint i;

  for (i = 0; i < l->kept->len; i++)
    printf ("%s %s\n", l->address, (char *) l->kept->pdata[i]);
  if (l->state != GSMIME_LOOKUP_FOUND)
    fprintf (stderr, "gsmime: %s\n", text);
  return l->state == GSMIME_LOOKUP_FOUND;
}

int
cmd_lookup (int argc, char **argv)
{
  g_auto (CliCommon) common = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("ADDRESS... - find recipients' certificates in the directory and "
      "keep those that can be used"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  gboolean all = TRUE;
  int i;

  cli_add_common (context, &common);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc < 2)
    return cli_usage (context, _("Name at least one e-mail address."));
  session = cli_session (&common, &error);
  if (!session)
    return cli_fail (error);
  for (i = 1; i < argc; i++)
    {
      g_autoptr (GsmimeLookup) l = gsmime_directory_lookup (session, argv[i],
                                                            &error);
      if (!l)
        return cli_fail (error);
      all &= report (l);
    }
  return all ? EXIT_OK : EXIT_KEYS;
}
