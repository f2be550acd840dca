/* commands.h - the commands behind mutt's smime_*_command variables.
 *
 * mutt runs one command per message through /bin/sh, hands it file names
 * (%f, %s, %c, %k) and reads what it writes: standard output is the
 * result (a signature, a MIME entity, certificates), standard error is
 * shown to the user, and for verification the first line of standard
 * error decides whether mutt calls the signature good.  doc/mutt.md
 * describes the whole contract.
 *
 * Each command works on a MuttCall: its arguments, what mutt wrote on
 * standard input, two buffers for what goes back, and the descriptor of
 * mutt's standard output for a result too large to buffer (a decrypted
 * message: the session process gets it from the command, session-wire.h).
 * So the same code runs in the short-lived process mutt starts or in the
 * per-user session process (session-process.c) that keeps gpgsm running
 * between messages.
 */
#ifndef GSMIME_MUTT_COMMANDS_H
#define GSMIME_MUTT_COMMANDS_H

#include "tools/cli.h"

typedef struct
{
  const CliCommon *common;   /* --homedir and friends */
  GsmimeSession *session;    /* opened on first use, or lent by a server */
  gboolean own_session;      /* free SESSION when the call ends */
  char **args;               /* the command's arguments, NULL-terminated */
  int nargs;
  GBytes *input;             /* standard input, when the command reads it */
  GByteArray *out;           /* what goes to standard output, after the
                                command (small results) */
  int out_fd;                /* standard output itself, for what is
                                written as it comes (mutt_out_stream) */
  GString *err;              /* what goes to standard error */
} MuttCall;

typedef struct
{
  const char *name;
  int (*run) (MuttCall *call);
  int min_args;
  int max_args;              /* -1: no limit */
  const char *usage;
} MuttCommand;

/* "gsmime mutt migrate [--passphrase-fd N] [DIR]" (migrate.c): ARGV[0]
 * is "migrate".  Not one of the table's commands: it is typed by a
 * person, asks for passphrases and always runs in this process, never in
 * the session process.  */
int mutt_migrate (const CliCommon *common, int argc, char **argv);

/* The table of commands, ended by an entry whose name is NULL.  */
extern const MuttCommand mutt_commands[];

const MuttCommand *mutt_command_find (const char *name);

/* Runs COMMAND on CALL (arguments already counted) and frees the session
 * if it opened one.  Returns the exit status.  */
int mutt_call_run (const MuttCommand *command, MuttCall *call);

/* The session of CALL, opened with the common options on first use.  */
GsmimeSession *mutt_session (MuttCall *call, GError **error);


/* Appends "gsmime: MESSAGE" and a newline to what goes to standard error,
 * and returns the exit status for ERROR (tools/exit-codes.h).  */
int mutt_fail (MuttCall *call, const GError *error);

/* The same with the advice of each recipient problem in PROBLEMS
 * (GsmimeRecipientProblem*, or NULL) when ERROR names them.  */
int mutt_fail_recipients (MuttCall *call, const GError *error,
                          GPtrArray *problems);

/* Appends a line "gsmime: TEXT" to standard error.  */
void mutt_say (MuttCall *call, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Reads the file NAME whole.  Errors: the errno code.  */
GBytes *mutt_read_file (const char *name, GError **error);

/* The fingerprint a %k or %c path stands for: its last component, which
 * the .index files made it (index-writer.c).  NULL with ERROR
 * (GPG_ERR_INV_ARG) when it is not a fingerprint.  */
char *mutt_path_fingerprint (const char *path, GError **error);

/* The first line of what mutt wrote on standard input (the passphrase it
 * asked for), or "" when there was none.  Free with
 * gsmime_agent_passphrase_free, which wipes it.  */
char *mutt_input_line (MuttCall *call);

/* A stream writing to standard output as the command goes
 * (CALL->out_fd, not closed with the stream); a command uses it or
 * CALL->out, never both.  */
GMimeStream *mutt_out_stream (MuttCall *call);

/* A memory stream with a copy of BYTES.  */
GMimeStream *mutt_stream_for (GBytes *bytes);

/* Text with bare LF line ends turned into CRLF, the canonical form
 * (RFC 5751, 3.1.1); lines already ending in CRLF stay as they are.  */
GBytes *mutt_to_crlf (GBytes *text);

/* Before signing or decrypting with the key that the %k path KEY_PATH
 * names (NULL: each of the user's secret keys): when gpg-agent would need
 * its passphrase, hands it the one mutt asked for (passphrase.c), so
 * that no pinentry fights mutt for the terminal.  Errors: those of
 * gsmime_agent_unlock_key for the named key.  */
gboolean mutt_unlock_for (MuttCall *call, const char *key_path,
                          GError **error);

/* Verifies SIG (over SIGNED_DATA, or with the content written to CONTENT
 * when SIGNED_DATA is NULL) and harvests the carried certificates by the
 * policy of harvest.c; the .index files learn about what was kept.
 * Returns the signers, or NULL with ERROR when the signature could not
 * be parsed.  */
GPtrArray *mutt_verify_harvesting (MuttCall *call, GBytes *sig,
                                   GMimeStream *signed_data,
                                   GMimeStream *content, GError **error);

/* What the decrypt command hands mutt for the decrypted entity PLAIN,
 * and verify-opaque for the CONTENT of the signed-data DER that SIGNERS
 * signed, written to OUT as it is read: the same entity, its top header
 * made what mutt's $crypt_protected_headers_read shows (the trusted
 * protected Subject), without the Legacy Display Element where the
 * reader hides it (protected-entity.c).  */
void mutt_present_decrypted (MuttCall *call, GMimeStream *plain,
                             GMimeStream *out);
void mutt_present_verified (GBytes *der, GMimeStream *content,
                            const GPtrArray *signers, GMimeStream *out);

/* The commands, one per mutt variable.  */
int mutt_cmd_verify (MuttCall *call);
int mutt_cmd_verify_opaque (MuttCall *call);
int mutt_cmd_decrypt (MuttCall *call);
int mutt_cmd_sign (MuttCall *call);
int mutt_cmd_encrypt (MuttCall *call);
int mutt_cmd_pk7out (MuttCall *call);
int mutt_cmd_get_cert (MuttCall *call);
int mutt_cmd_get_signer_cert (MuttCall *call);
int mutt_cmd_get_cert_email (MuttCall *call);
int mutt_cmd_import_cert (MuttCall *call);
int mutt_cmd_sync (MuttCall *call);
int mutt_cmd_settings (MuttCall *call);

#endif
