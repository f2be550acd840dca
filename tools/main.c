/* main.c - the gsmime command: dispatch to a subcommand. */
#include <config.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "cmd-directory.h"
#include "i18n.h"
#include "plugin/mutt/host.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
  gboolean changes_keybox;   /* the hosts' own files follow the keybox:
                                it changed, or which certificate an
                                address gets did */
} Command;

static const Command commands[] = {
  { "show", cmd_show, N_("decrypt and verify a message, print its status "
                         "and text") },
  { "sign", cmd_sign, N_("sign a message (and encrypt it with --encrypt)") },
  { "encrypt", cmd_encrypt, N_("encrypt a message (and sign it with "
                               "--sign)") },
  { "import", cmd_import, N_("import certificates and keys (PEM, DER, "
                             "PKCS#7, PKCS#12)"), TRUE },
  { "harvest", cmd_harvest, N_("keep the certificates of signed mail in "
                               "files, Maildirs and mbox files"), TRUE },
  { "certs", cmd_certs, N_("list certificates with their status") },
  { "trust-root", cmd_trust_root, N_("trust a root certificate for "
                                     "S/MIME") },
  { "distrust-root", cmd_distrust_root, N_("stop trusting a root "
                                           "certificate") },
  { "directory", cmd_directory, N_("add, list or remove the directory "
                                   "servers certificates are looked up in") },
  { "lookup", cmd_lookup, N_("find recipients' certificates in the "
                             "directory"), TRUE },
  { "pin", cmd_pin, N_("always encrypt to this certificate for an "
                       "address"), TRUE },
  { "unpin", cmd_unpin, N_("forget the certificate pinned for an "
                           "address"), TRUE },
  { "doctor", cmd_doctor, N_("print the versions of gpgsm, dirmngr and "
                             "libksba and what they can do") },
  { "mutt", mutt_main, N_("the commands behind mutt's S/MIME variables "
                          "(gsmime.muttrc)") },
};

/* The value of --homedir in ARGV, looked up before the command's own
 * parsing takes the options out.  */
static const char *
homedir_option (int argc, char **argv)
{
  int i;

  for (i = 2; i < argc; i++)
    if (!strcmp (argv[i], "--homedir") && i + 1 < argc)
      return argv[i + 1];
    else if (g_str_has_prefix (argv[i], "--homedir="))
      return argv[i] + strlen ("--homedir=");
  return NULL;
}

/* Runs COMMAND.  After one that changed the keybox, the files a host
 * keeps beside it follow: this is the one place the gsmime command tells
 * the hosts (today mutt's .index files; Claws reads the keybox itself).  */
static int
run_command (const Command *command, int argc, char **argv)
{
  g_autofree char *homedir = g_strdup (homedir_option (argc, argv));
  int status = command->run (argc - 1, argv + 1);

  if (status == EXIT_OK && command->changes_keybox)
    mutt_keybox_changed (homedir);
  return status;
}

static int
usage (FILE *out)
{
  guint i;

  fprintf (out, _("Usage: gsmime COMMAND [OPTIONS] [ARGUMENTS]\n\n"
                  "Commands:\n"));
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, _("\n\"gsmime COMMAND --help\" describes a command's "
                  "options; man gsmime has the rest.\n"));
  return out == stdout ? EXIT_OK : EXIT_USAGE;
}

int
main (int argc, char **argv)
{
  guint i;

  setlocale (LC_ALL, "");
  gsmime_init ();
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return usage (stderr);
  if (!strcmp (argv[1], "--help") || !strcmp (argv[1], "-h"))
    return usage (stdout);
  if (!strcmp (argv[1], "--version"))
    {
      printf ("gsmime %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    if (!strcmp (argv[1], commands[i].name))
      return run_command (&commands[i], argc, argv);
  fprintf (stderr, _("gsmime: unknown command \"%s\"\n"), argv[1]);
  return usage (stderr);
}
