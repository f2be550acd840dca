/* gsmime-mutt.c - gsmime-mutt, the program mutt runs for every message.
 *
 *   gsmime-mutt [OPTIONS] COMMAND [ARGUMENT...]
 *
 * does what "gsmime mutt COMMAND ..." does, but hands the work to the
 * per-user session process (session-process.h) without loading the core:
 * mutt starts one command per message it shows, so the cost of starting
 * this process is the cost of a message.  When no session process runs,
 * or it cannot serve the request, this program becomes "gsmime mutt"
 * (exec), which does the work and starts the session process for the
 * next message.  The options are those of "gsmime mutt".
 */
#include <config.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "session-wire.h"
#include "gsmime.h"

/* The gsmime beside this program (the build tree, or the same bin
 * folder), else the installed one.  */
static char *
full_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  char *beside = dir ? g_build_filename (dir, "gsmime", NULL) : NULL;

  if (beside && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    return beside;
  g_free (beside);
  return g_strdup (BINDIR "/gsmime");
}

/* Becomes "gsmime mutt ARGS...".  INPUT, what was read from standard
 * input already, is handed on through a pipe (a passphrase or a label:
 * far less than a pipe holds).  */
static int G_GNUC_NORETURN
become_gsmime (int argc, char **argv, GBytes *input)
{
  g_autofree char *program = full_program ();
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  int i, fds[2];

  if (input && pipe (fds) == 0)
    {
      gsize size;
      const char *data = g_bytes_get_data (input, &size);
      if (write (fds[1], data, size) < 0)
        size = 0;
      gsmime_wipe ((void *) data, size);
      close (fds[1]);
      dup2 (fds[0], STDIN_FILENO);
      close (fds[0]);
    }
  g_ptr_array_add (args, program);
  g_ptr_array_add (args, (char *) "mutt");
  for (i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  execv (program, (char **) args->pdata);
  _exit (5);
}

/* Reads the options before the command's name; returns the index of the
 * name, or -1 when the request is one for "gsmime mutt" itself (help,
 * --no-server, an option it does not know).  */
static int
parse_options (int argc, char **argv, MuttWireSettings *settings)
{
  int i;

  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      const char *o = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;

      if (!strcmp (o, "--no-harvest"))
        settings->no_harvest = TRUE;
      else if (!strcmp (o, "--homedir") && v)
        settings->homedir = argv[++i];
      else if (!strcmp (o, "--revocation") && v)
        settings->revocation = argv[++i];
      else if (!strcmp (o, "--revocation-budget") && v)
        settings->budget_ms = atoi (argv[++i]);
      else
        return -1;
    }
  return i < argc ? i : -1;
}

int
main (int argc, char **argv)
{
  MuttWireSettings settings = { 0 };
  g_autofree char *home = NULL, *dir = NULL;
  g_autoptr (GPtrArray) request = NULL;
  g_autoptr (GBytes) input = NULL;
  GByteArray *out;
  GString *err;
  struct sockaddr_un addr;
  int cmd, fd, status;

  cmd = parse_options (argc, argv, &settings);
  if (cmd < 0 || g_getenv ("GSMIME_MUTT_NO_SERVER"))
    become_gsmime (argc, argv, NULL);
  home = mutt_wire_home (settings.homedir);
  if (!mutt_wire_address (home, &addr, &dir)
      || (fd = mutt_wire_connect (&addr)) < 0)
    become_gsmime (argc, argv, NULL);

  signal (SIGPIPE, SIG_IGN);
  if (mutt_wire_reads_input (argv[cmd]))
    input = mutt_wire_read_stdin ();
  request = mutt_wire_request (home, &settings, argv[cmd], input,
                               argv + cmd + 1, argc - cmd - 1);
  out = g_byte_array_new ();
  err = g_string_new (NULL);
  status = mutt_wire_exchange (fd, STDOUT_FILENO, request, out, err);
  close (fd);
  if (status < 0)
    become_gsmime (argc, argv, input);
  if (input)
    gsmime_wipe ((void *) g_bytes_get_data (input, NULL),
                 g_bytes_get_size (input));
  mutt_wire_write_all (STDOUT_FILENO, out->data, out->len);
  mutt_wire_write_all (STDERR_FILENO, err->str, err->len);
  gsmime_wipe (out->data, out->len);
  g_byte_array_unref (out);
  g_string_free (err, TRUE);
  return status;
}
