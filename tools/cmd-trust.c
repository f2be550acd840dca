/* cmd-trust.c - "gsmime trust-root" and "gsmime distrust-root". */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "i18n.h"
#include "gsmime.h"

/* A file is imported first; the certificate it holds is the one meant
 * (gpgsm also reports the issuers it already had, after it).  */
static char *
resolve_root (GsmimeSession *session, const char *arg, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr (GBytes) data = NULL;
  g_autoptr (GPtrArray) imported = NULL;

  if (!g_file_test (arg, G_FILE_TEST_IS_REGULAR)
      || !g_file_get_contents (arg, &contents, &len, NULL))
    return g_strdup (arg);
  data = g_bytes_new_take (g_steal_pointer (&contents), len);
  imported = gsmime_import (session, data, NULL, error);
  if (!imported)
    return NULL;
  return g_strdup (((GsmimeImported *) imported->pdata[0])->fingerprint);
}

static void
describe_root (const GsmimeRootInfo *info)
{
  printf (_("Root certificate: %s\n  SHA-256: %s\n  SHA-1:   %s\n"),
          info->subject, info->sha256 ? info->sha256 : "?", info->sha1);
}

static gboolean
confirm (const GsmimeRootInfo *info, gboolean trust)
{
  char answer[16] = "";

  if (trust)
    printf (_("Compare these fingerprints with the ones your CA publishes.\n"
              "Trust this root for S/MIME? [y/N] "));
  else
    printf (_("Stop trusting this root for S/MIME? [y/N] "));
  fflush (stdout);
  if (!isatty (STDIN_FILENO) || !fgets (answer, sizeof answer, stdin))
    return FALSE;
  return answer[0] == 'y' || answer[0] == 'Y' || !strncmp (answer, _("y"), 1);
}

static int
run (int argc, char **argv, gboolean trust)
{
  g_auto (CliCommon) common = { 0 };
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes,
      N_("Do not ask for confirmation (for scripts)"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("FILE|FINGERPRINT - change whether a root certificate is trusted"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  g_autofree char *fpr = NULL;
  g_autoptr (GsmimeRootInfo) info = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  cli_add_common (context, &common);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc != 2)
    return cli_usage (context, _("Name one certificate file or fingerprint."));
  session = cli_session (&common, &error);
  if (session)
    fpr = resolve_root (session, argv[1], &error);
  if (fpr)
    info = gsmime_root_describe (session, fpr, &error);
  if (!info)
    return cli_fail (error);
  describe_root (info);
  if (!yes && !confirm (info, trust))
    {
      fprintf (stderr, _("gsmime: the root's trust was not changed; answer "
                         "\"y\", or give --yes in scripts\n"));
      return EXIT_KEYS;
    }
  if (!gsmime_root_set_trusted (session, fpr, trust, &error))
    return cli_fail (error);
  printf (trust ? _("Trusted for S/MIME: %s\n")
                : _("No longer trusted: %s\n"), info->subject);
  return EXIT_OK;
}

int
cmd_trust_root (int argc, char **argv)
{
  return run (argc, argv, TRUE);
}

int
cmd_distrust_root (int argc, char **argv)
{
  return run (argc, argv, FALSE);
}
