/* cli.h - what the subcommands of the gsmime command share. */
#ifndef GSMIME_CLI_H
#define GSMIME_CLI_H

#include <glib.h>
#include "gsmime.h"
#include "exit-codes.h"

/* Options every subcommand takes.  */
typedef struct
{
  char *homedir;
  char *revocation;       /* "off", "crl" or "ocsp" */
  int budget_ms;
  gboolean no_harvest;
} CliCommon;

/* Adds --homedir to an option context.  */
void cli_add_common (GOptionContext *context, CliCommon *common);

/* Prints "gsmime: MESSAGE" on standard error and returns the exit code
 * that fits ERROR's code.  */
int cli_fail (const GError *error);

/* Prints a usage error and returns EXIT_USAGE.  */
int cli_usage (GOptionContext *context, const char *message);

/* Opens a session with the common options.  */
GsmimeSession *cli_session (const CliCommon *common, GError **error);

/* Reads and parses the message named NAME ("-": standard input).  */
GMimeMessage *cli_read_message (const char *name, GError **error);

/* Writes MESSAGE to standard output.  */
gboolean cli_write_message (GMimeMessage *message, GError **error);

int cmd_show (int argc, char **argv);
int cmd_sign (int argc, char **argv);
int cmd_encrypt (int argc, char **argv);
int cmd_import (int argc, char **argv);
int cmd_certs (int argc, char **argv);
int cmd_harvest (int argc, char **argv);
int cmd_trust_root (int argc, char **argv);
int cmd_distrust_root (int argc, char **argv);

#endif
