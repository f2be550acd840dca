/* call-gpgsm.c - the few things said to gpgsm as a program. */
#include <config.h>
#include <errno.h>
#include <gio/gio.h>
#include <gpgme.h>
#include <string.h>
#include <unistd.h>
#include "call-gpgsm.h"
#include "error.h"
#include "i18n.h"

static void
import_free (gpointer data)
{
  GsmimeGpgsmImport *imp = data;

  g_free (imp->fingerprint);
  g_free (imp);
}

/* A pipe whose read end carries PASSPHRASE and a newline; the write end
 * is closed at once, the text being far smaller than a pipe's buffer.  */
static int
passphrase_pipe (const char *passphrase, GError **error)
{
  int fds[2];
  size_t len = strlen (passphrase);

  if (len > 4000 || pipe (fds) < 0)
    {
      gsmime_set_error (error, GPG_ERR_GENERAL,
                        _("Could not pass the passphrase to gpgsm"));
      return -1;
    }
  if (write (fds[1], passphrase, len) != (ssize_t) len
      || write (fds[1], "\n", 1) != 1)
    {
      close (fds[0]);
      fds[0] = -1;
    }
  close (fds[1]);
  return fds[0];
}

/* "[GNUPG:] IMPORT_OK FLAGS FPR": bit 1 new, bit 16 secret key.  */
static GPtrArray *
parse_status (const char *status)
{
  g_auto (GStrv) lines = g_strsplit (status, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (import_free);
  char **l;

  for (l = lines; *l; l++)
    {
      g_auto (GStrv) f = NULL;
      GsmimeGpgsmImport *imp;
      int flags;

      if (!g_str_has_prefix (*l, "[GNUPG:] IMPORT_OK "))
        continue;
      f = g_strsplit (*l + strlen ("[GNUPG:] IMPORT_OK "), " ", 3);
      if (!f[0] || !f[1])
        continue;
      flags = atoi (f[0]);
      imp = g_new0 (GsmimeGpgsmImport, 1);
      imp->fingerprint = g_strdup (g_strstrip (f[1]));
      imp->is_new = (flags & 1) != 0;
      imp->secret = (flags & 16) != 0;
      g_ptr_array_add (out, imp);
    }
  return out;
}

static GPtrArray *
judge_run (const char *out, const char *err, int status, GError **error)
{
  GPtrArray *imports = parse_status (out);

  if (status == 0 && imports->len)
    return imports;
  g_ptr_array_unref (imports);
  if (strstr (err, "Bad passphrase") || strstr (err, "bad passphrase")
      || strstr (out, "BAD_PASSPHRASE"))
    gsmime_set_error (error, GPG_ERR_BAD_PASSPHRASE,
                      _("The passphrase does not open the PKCS#12 file"));
  else
    gsmime_set_error (error, GPG_ERR_INV_DATA,
                      _("gpgsm could not import the PKCS#12 file: %s"),
                      *err ? g_strstrip ((char *) err) : _("no details"));
  return NULL;
}

/* Runs gpgsm's import of DATA in HOMEDIR with the passphrase on the
 * file descriptor FD (taken), its status lines into *OUT and its
 * standard error into *ERR.  Returns its exit status, or -1 with ERROR
 * set to GPG_ERR_GENERAL when gpgsm could not be run.  */
static int
run_import (const char *homedir, GBytes *data, int fd, char **out,
            char **err, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                               | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) out_bytes = NULL;
  g_autoptr (GBytes) err_bytes = NULL;
  g_autoptr (GError) spawn = NULL;

  g_subprocess_launcher_take_fd (launcher, fd, 3);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &spawn, GPGSM_PATH,
                                      "--homedir", homedir, "--batch",
                                      "--status-fd", "1", "--pinentry-mode",
                                      "loopback", "--passphrase-fd", "3",
                                      "--import", NULL);
  if (!proc || !g_subprocess_communicate (proc, data, NULL, &out_bytes,
                                          &err_bytes, &spawn))
    {
      gsmime_set_error (error, GPG_ERR_GENERAL, _("Could not run gpgsm: %s"),
                        spawn->message);
      return -1;
    }
  *out = g_strndup (g_bytes_get_data (out_bytes, NULL),
                    g_bytes_get_size (out_bytes));
  *err = g_strndup (g_bytes_get_data (err_bytes, NULL),
                    g_bytes_get_size (err_bytes));
  return g_subprocess_get_exit_status (proc);
}

GPtrArray *
gsmime_gpgsm_import_pkcs12 (const char *homedir, GBytes *data,
                            const char *passphrase, GError **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int fd = passphrase_pipe (passphrase, error);
  int status = fd < 0 ? -1 : run_import (homedir, data, fd, &out, &err,
                                         error);

  if (status < 0)
    return NULL;
  return judge_run (out, err, status, error);
}
