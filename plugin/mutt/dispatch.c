/* dispatch.c - "gsmime mutt COMMAND": the table of the commands behind
 * mutt's smime_*_command variables (plugin/mutt/gsmime.muttrc names
 * them), and where each call runs: in the session process, or here. */
#include <config.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "host.h"
#include "session-process.h"
#include "session-wire.h"
#include "gsmime.h"
#include "i18n.h"

const MuttCommand mutt_commands[] = {
  { "verify", mutt_cmd_verify, 2, 2, "SIGNATURE SIGNED-PART" },
  { "verify-opaque", mutt_cmd_verify_opaque, 1, 1, "SIGNED-DATA" },
  { "decrypt", mutt_cmd_decrypt, 1, 2, "ENVELOPED-DATA [KEY]" },
  { "sign", mutt_cmd_sign, 2, 3, "ENTITY KEY [DIGEST]" },
  { "encrypt", mutt_cmd_encrypt, 2, -1, "ENTITY CERTIFICATE..." },
  { "pk7out", mutt_cmd_pk7out, 1, 1, "MESSAGE" },
  { "get-cert", mutt_cmd_get_cert, 1, 1, "PKCS7" },
  { "get-signer-cert", mutt_cmd_get_signer_cert, 2, 2,
    "MESSAGE OUTPUT" },
  { "get-cert-email", mutt_cmd_get_cert_email, 1, 1, "CERTIFICATE" },
  { "import-cert", mutt_cmd_import_cert, 1, 1, "CERTIFICATES" },
  { "sync", mutt_cmd_sync, 0, 0, "" },
  { "settings", mutt_cmd_settings, 0, 0, "" },
  { NULL }
};

const MuttCommand *
mutt_command_find (const char *name)
{
  const MuttCommand *c;

  for (c = mutt_commands; c->name; c++)
    if (!strcmp (c->name, name))
      return c;
  return NULL;
}

static int
usage (GOptionContext *context, const char *message)
{
  g_autoptr (GString) text = g_string_new (message);
  const MuttCommand *c;

  g_string_append (text, _("\nCommands (mutt runs them; see "
                           "plugin/mutt/gsmime.muttrc):"));
  for (c = mutt_commands; c->name; c++)
    g_string_append_printf (text, "\n  gsmime mutt %s %s", c->name, c->usage);
  g_string_append (text, _("\nOnce, to leave a store of smime_keys "
                           "(~/.smime):\n  gsmime mutt migrate "
                           "[--passphrase-fd N] [DIR]"));
  return cli_usage (context, text->str);
}

/* The passphrase mutt passed on standard input lives only in memory and
 * is wiped as soon as the command is done.  */
static void
wipe_bytes (GBytes *bytes)
{
  gsize size;
  const void *data;

  if (!bytes)
    return;
  data = g_bytes_get_data (bytes, &size);
  if (size)
    explicit_bzero ((void *) data, size);
  g_bytes_unref (bytes);
}

/* The options of gsmime mutt before the command's name, into COMMON
 * and LOCAL.  */
static GOptionContext *
main_options (CliCommon *common, gboolean *local)
{
  GOptionEntry entries[] = {
    { "no-server", 0, 0, G_OPTION_ARG_NONE, local,
      N_("Do the work in this process instead of the per-user gsmime "
         "session process"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (
    _("COMMAND [ARGUMENT...] - the commands behind mutt's S/MIME "
      "variables"));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  cli_add_common (context, common);
  /* Options end at the command's name: what follows are mutt's files.  */
  g_option_context_set_strict_posix (context, TRUE);
  return context;
}

/* Runs COMMAND with the ARGS mutt gave it, in the session process
 * unless LOCAL, and writes its output.  */
static int
run_command (const MuttCommand *command, const CliCommon *common,
             gboolean local, char **args, int nargs)
{
  MuttCall call = { 0 };
  int status;

  /* A result is written at the end, or by a command that streams it
   * as it goes; a reader that left early must not kill the process
   * before it tidies up.  */
  signal (SIGPIPE, SIG_IGN);
  call.common = common;
  call.args = args;
  call.nargs = nargs;
  call.input = mutt_wire_reads_input (command->name)
                 ? mutt_wire_read_stdin () : NULL;
  call.out = g_byte_array_new ();
  call.out_fd = STDOUT_FILENO;
  call.err = g_string_new (NULL);
  if (local || !mutt_server_call (command, &call, &status))
    status = mutt_call_run (command, &call);
  wipe_bytes (call.input);

  mutt_wire_write_all (STDOUT_FILENO, call.out->data, call.out->len);
  mutt_wire_write_all (STDERR_FILENO, call.err->str, call.err->len);
  /* Decrypted text lives in memory only as long as it must.  */
  gsmime_wipe (call.out->data, call.out->len);
  g_byte_array_unref (call.out);
  g_string_free (call.err, TRUE);
  return status;
}

int
mutt_main (int argc, char **argv)
{
  g_auto (CliCommon) common = { 0 };
  gboolean local = FALSE;
  g_autoptr (GOptionContext) context = main_options (&common, &local);
  g_autoptr (GError) error = NULL;
  const MuttCommand *command;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, error->message);
  if (argc < 2)
    return usage (context, _("Name a command."));
  if (!strcmp (argv[1], "migrate"))
    return mutt_migrate (&common, argc - 1, argv + 1);
  command = mutt_command_find (argv[1]);
  if (!command)
    return usage (context, _("Unknown command."));
  if (argc - 2 < command->min_args
      || (command->max_args >= 0 && argc - 2 > command->max_args))
    return usage (context, _("Wrong number of arguments."));
  return run_command (command, &common, local, argv + 2, argc - 2);
}
