/* pkcs12-tool.c - the test driver of common/pkcs12.c.
 *
 * Usage: pkcs12-tool [--passphrase-fd N] [--transit-fd M] [--info] FILE
 *
 * Reads the PKCS#12 file FILE, its passphrase from the first line of file
 * descriptor N (none when not given) and the transit passphrase from the
 * first line of M (default "transit"), and writes the legacy form that
 * gpgsm 2.2 imports to standard output.  Passphrases come through
 * descriptors rather than arguments so that they never show in ps.
 * --info prints what the file held to standard error, one line:
 *   has_key=1 n_certs=3 legacy=0 gpgsm_native=0
 * On failure it prints "pkcs12-tool: error CODE (NAME): MESSAGE" with the
 * gpg_err_code_t of the GError, and exits with status 1; 2 is a usage
 * error.  tests/integration/pkcs12-bridge.sh drives it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "error.h"
#include "pkcs12.h"

/* Reads the first line of descriptor FD, without its line end.  The
 * passphrase is read byte by byte so that nothing after the first line
 * is consumed, and the buffer is wiped when it is freed.  */
static char *
read_line_fd (int fd)
{
  GString *line = g_string_new (NULL);
  char c;
  ssize_t n;

  while ((n = read (fd, &c, 1)) == 1 && c != '\n')
    g_string_append_c (line, c);
  if (n < 0)
    {
      fprintf (stderr, "pkcs12-tool: reading fd %d: %s\n", fd,
               g_strerror (errno));
      exit (2);
    }
  if (line->len && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  return g_string_free (line, FALSE);
}

static void
wipe_free (char *s)
{
  if (s)
    explicit_bzero (s, strlen (s));
  g_free (s);
}

static void
print_info (const GsmimePkcs12Info *info)
{
  fprintf (stderr, "has_key=%d n_certs=%u legacy=%d gpgsm_native=%d\n",
           info->has_key ? 1 : 0, info->n_certs, info->legacy ? 1 : 0,
           info->gpgsm_native ? 1 : 0);
}

int
main (int argc, char **argv)
{
  int pass_fd = -1, transit_fd = -1;
  gboolean want_info = FALSE;
  g_autofree char *file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = NULL;
  GsmimePkcs12Info info = { 0 };
  GOptionEntry entries[] = {
    { "passphrase-fd", 0, 0, G_OPTION_ARG_INT, &pass_fd,
      "read the passphrase from FD", "FD" },
    { "transit-fd", 0, 0, G_OPTION_ARG_INT, &transit_fd,
      "read the transit passphrase from FD", "FD" },
    { "info", 0, 0, G_OPTION_ARG_NONE, &want_info,
      "print what the file held", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE");
  char *data = NULL, *pass = NULL, *transit = NULL;
  gsize len = 0;
  int status = 1;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc != 2)
    {
      fprintf (stderr, "usage: pkcs12-tool [--passphrase-fd N] "
               "[--transit-fd M] [--info] FILE\n");
      return 2;
    }
  if (!g_file_get_contents (argv[1], &data, &len, &error))
    {
      fprintf (stderr, "pkcs12-tool: %s\n", error->message);
      return 2;
    }
  pass = pass_fd >= 0 ? read_line_fd (pass_fd) : NULL;
  transit = transit_fd >= 0 ? read_line_fd (transit_fd) : g_strdup ("transit");

  out = gsmime_pkcs12_to_legacy ((const guchar *) data, len, pass, transit,
                                 &info, &error);
  if (out)
    {
      gsize n;
      const void *p = g_bytes_get_data (out, &n);

      if (want_info)
        print_info (&info);
      status = fwrite (p, 1, n, stdout) == n && fflush (stdout) == 0 ? 0 : 1;
    }
  else
    fprintf (stderr, "pkcs12-tool: error %d (%s): %s\n", error->code,
             gpg_strerror (error->code), error->message);

  /* The input may hold a key in the clear (a file without encryption).  */
  explicit_bzero (data, len);
  g_free (data);
  wipe_free (pass);
  wipe_free (transit);
  return status;
}
