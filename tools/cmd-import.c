/* cmd-import.c - "gsmime import": certificates and keys into the keybox. */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "i18n.h"
#include "gsmime.h"

static void
print_imported (const char *file, GPtrArray *imported)
{
  guint i;

  for (i = 0; i < imported->len; i++)
    {
      GsmimeImported *imp = g_ptr_array_index (imported, i);
      g_autofree char *state = imp->refused
        ? g_strdup_printf (_("refused (%s)"), imp->refused)
        : g_strdup (imp->is_new ? _("imported") : _("already present"));

      printf ("%s: %s%s%s%s\n  %s\n  %s\n", file, state,
              imp->email ? " " : "", imp->email ? imp->email : "",
              imp->has_secret ? _(" (with secret key)") : "",
              imp->subject ? imp->subject : "", imp->fingerprint);
    }
}

/* The parts of FILE that were not certificates, one line each.  */
static void
print_passed_over (const char *file, char **passed_over)
{
  char **p;

  for (p = passed_over; p && *p; p++)
    printf (_("%s: not imported: %s\n"), file, *p);
}

static gboolean
import_file (GsmimeSession *session, const char *file, const char *passphrase,
             GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GError) io = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autoptr (GPtrArray) imported = NULL;
  g_auto (GStrv) passed_over = NULL;

  if (!g_file_get_contents (file, &contents, &len, &io))
    {
      gsmime_set_error (error, GPG_ERR_ENOENT, "%s", io->message);
      return FALSE;
    }
  data = g_bytes_new_take (g_steal_pointer (&contents), len);
  imported = gsmime_import_full (session, data, passphrase, &passed_over,
                                 error);
  if (!imported)
    {
      g_prefix_error (error, "%s: ", file);
      return FALSE;
    }
  print_imported (file, imported);
  print_passed_over (file, passed_over);
  return TRUE;
}

int
cmd_import (int argc, char **argv)
{
  g_auto (CliCommon) common = { 0 };
  int fd = -1, i, status = EXIT_OK;
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("FILE... - import certificates (PEM, DER, PKCS#7) and keys (PKCS#12)"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  char *passphrase = NULL;

  cli_add_passphrase_fd (context, &fd,
                         N_("Read the PKCS#12 passphrase from this file "
                            "descriptor instead of asking through "
                            "gpg-agent"));
  cli_add_common (context, &common);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc < 2)
    return cli_usage (context, _("Name at least one file to import."));
  if (fd >= 0 && !(passphrase = cli_read_passphrase (fd, &error)))
    return cli_fail (error);
  session = cli_session (&common, &error);
  if (!session)
    status = cli_fail (error);
  for (i = 1; session && i < argc; i++)
    if (!import_file (session, argv[i], passphrase, &error))
      {
        status = cli_fail (error);
        g_clear_error (&error);
      }
  if (passphrase)
    explicit_bzero (passphrase, strlen (passphrase));
  g_free (passphrase);
  return status;
}
