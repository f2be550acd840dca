/* cli.h - what the subcommands of the gsmime command share, the mutt
 * host's commands (plugin/mutt/) too. */
#ifndef GSMIME_CLI_H
#define GSMIME_CLI_H

#include <glib.h>
#include "gsmime.h"
#include "exit-codes.h"

/* Options every subcommand takes.  */
typedef struct
{
  char *homedir;
  char *revocation;       /* "off", "crl", "crl-only" or "ocsp" */
  int budget_ms;
  gboolean no_harvest;
} CliCommon;

/* Adds --homedir to an option context.  */
void cli_add_common (GOptionContext *context, CliCommon *common);

/* Adds --passphrase-fd N to an option context, the number into *FD
 * (left alone when the option is not given); HELP, marked with N_(),
 * says whose passphrase is read from it.  */
void cli_add_passphrase_fd (GOptionContext *context, int *fd,
                            const char *help);

/* Frees the strings the option parser gave COMMON.  */
void cli_common_clear (CliCommon *common);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliCommon, cli_common_clear)

/* Prints "gsmime: MESSAGE" on standard error and returns the exit code
 * that fits ERROR's code.  */
int cli_fail (const GError *error);

/* The same, with ADVICE about SUBJECT (or NULL) after the message.  */
int cli_fail_advised (const GError *error, GsmimeAdvice advice,
                      const char *subject);

/* The same with the advice of each recipient problem in PROBLEMS
 * (GsmimeRecipientProblem*, or NULL) when ERROR names them.  */
int cli_fail_recipients (const GError *error, GPtrArray *problems);

/* Prints a usage error and returns EXIT_USAGE.  */
int cli_usage (GOptionContext *context, const char *message);

/* Opens a session with the common options.  */
GsmimeSession *cli_session (const CliCommon *common, GError **error);

/* REASON's sentence with its advice worded for a command line: gsmime's
 * subcommands, and its options as given to the gsmime command or, when
 * IN_MUTTRC, to the gsmime-mutt commands of a muttrc.  */
char *cli_reason_text (const GsmimeReason *reason, gboolean in_muttrc);

/* An error's MESSAGE continued by ADVICE about SUBJECT, worded for the
 * gsmime command (mutt's commands are run the same way).  */
char *cli_advised_message (const char *message, GsmimeAdvice advice,
                           const char *subject);

/* ERROR's message with its advice; when it names the recipient PROBLEMS
 * (GsmimeRecipientProblem*, or NULL), with the advice of each.  */
char *cli_recipient_error_text (const GError *error, GPtrArray *problems);

/* Reads a passphrase from FD up to the first newline, as gpg's
 * --passphrase-fd does; a CR before the newline is dropped.  Free it
 * with gsmime_agent_passphrase_free, which wipes it.  Errors: the errno
 * code of the failed read.  */
char *cli_read_passphrase (int fd, GError **error);

/* Reads and parses the message named NAME ("-": standard input).  */
GMimeMessage *cli_read_message (const char *name, GError **error);

/* A stream onto standard output, which it leaves open: unbuffered, so
 * what the core writes out as gpgsm makes it goes on at once.  */
GMimeStream *cli_stdout_stream (void);

int cmd_show (int argc, char **argv);
int cmd_doctor (int argc, char **argv);
int cmd_sign (int argc, char **argv);
int cmd_encrypt (int argc, char **argv);
int cmd_import (int argc, char **argv);
int cmd_certs (int argc, char **argv);
int cmd_harvest (int argc, char **argv);
int cmd_trust_root (int argc, char **argv);
int cmd_distrust_root (int argc, char **argv);

#endif
