/* session-wire.h - how a mutt command and the session process talk.
 *
 * Over a Unix socket in the GnuPG home ($GNUPGHOME/gsmime/S.mutt), the
 * command first hands over its standard output itself (one byte carrying
 * the descriptor, SCM_RIGHTS), so that the session process writes a
 * large decrypted message straight to mutt instead of through the
 * socket and two buffers.  Then each side sends one message: a count of
 * fields, then each field as a 32-bit length and its bytes.  The request
 * holds the protocol version, the settings the session must have, the
 * command, what mutt wrote on standard input and the command's
 * arguments; the answer holds the exit status (-1: "do it yourself"),
 * what the command wrote to standard output through the buffer (small
 * output: certificates, a signature) and standard error.
 *
 * This file needs nothing but GLib, so that the small gsmime-mutt
 * program (gsmime-mutt.c) can speak it without loading the core.
 */
#ifndef GSMIME_MUTT_SESSION_WIRE_H
#define GSMIME_MUTT_SESSION_WIRE_H

#include <glib.h>
#include <sys/socket.h>
#include <sys/un.h>

#define MUTT_WIRE_VERSION "gsmime-mutt-2"
/* No field and no message is larger: mail that size does not come
 * through mutt's S/MIME commands.  */
#define MUTT_WIRE_MAX (256 * 1024 * 1024)

/* Fields of a request.  */
enum { MUTT_F_VERSION, MUTT_F_HOME, MUTT_F_REVOCATION, MUTT_F_BUDGET,
       MUTT_F_HARVEST, MUTT_F_COMMAND, MUTT_F_INPUT, MUTT_F_ARGS };

/* The settings a session must have to serve a caller; the session
 * process compares them as they are.  */
typedef struct
{
  const char *homedir;      /* --homedir, or NULL */
  const char *revocation;   /* --revocation, or NULL */
  int budget_ms;            /* --revocation-budget, or 0 */
  gboolean no_harvest;
} MuttWireSettings;

/* Whether mutt writes to the standard input of the command NAME (the
 * passphrase for decrypt and sign, a label for import-cert).  The others
 * inherit mutt's terminal there and must not read it.  */
gboolean mutt_wire_reads_input (const char *name);

/* The GnuPG home HOMEDIR (NULL: $GNUPGHOME, else ~/.gnupg) as an
 * absolute path, worked out without GPGME, whose start-up is what the
 * session process saves.  */
char *mutt_wire_home (const char *homedir);

/* The socket address of the session process for HOME, and the folder it
 * lives in; FALSE when the path is too long for a socket.  */
gboolean mutt_wire_address (const char *home, struct sockaddr_un *addr,
                            char **dir);

/* Appends the settings fields (home to harvest) for SETTINGS.  */
void mutt_wire_add_settings (GPtrArray *fields, const char *home,
                             const MuttWireSettings *settings);

/* A whole request for the command NAME with ARGS; INPUT may be NULL.  */
GPtrArray *mutt_wire_request (const char *home,
                              const MuttWireSettings *settings,
                              const char *name, GBytes *input,
                              char **args, int nargs);

/* Connects to ADDR; -1 when nothing listens there.  */
int mutt_wire_connect (struct sockaddr_un *addr);

/* Makes reads and writes on FD give up after SECONDS.  */
void mutt_wire_limit_wait (int fd, int seconds);

/* Hands OUT_FD (the command's standard output) over on FD, sends
 * REQUEST and reads the answer into OUT and ERR.  Returns the exit
 * status, or -1 when the session process cannot serve it (and then wrote
 * nothing to OUT_FD).  */
int mutt_wire_exchange (int fd, int out_fd, GPtrArray *request,
                        GByteArray *out, GString *err);

/* All of standard input, as mutt passes a passphrase or a label.  */
GBytes *mutt_wire_read_stdin (void);

/* Writes all of DATA to FD; FALSE when the reader went away (mutt closes
 * the pipe of a detached verification at once), which callers writing
 * mutt's output do not count as an error.  */
gboolean mutt_wire_write_all (int fd, const void *data, gsize size);

/* Hands the descriptor PASSED to the peer on the socket FD; FALSE when
 * that fails.  */
gboolean mutt_wire_send_fd (int fd, int passed);

/* The descriptor the peer on the socket FD handed over (close-on-exec),
 * or -1 when it sent none.  */
int mutt_wire_receive_fd (int fd);

/* Sends FIELDS (GBytes*) on FD.  */
gboolean mutt_wire_send (int fd, GPtrArray *fields);

/* Receives a message from FD; NULL when the peer broke off or sent
 * something malformed.  */
GPtrArray *mutt_wire_receive (int fd);

/* A field holding the string TEXT (NULL: empty).  */
GBytes *mutt_wire_string (const char *text);

/* Field I of FIELDS as a new NUL-terminated string.  */
char *mutt_wire_get_string (GPtrArray *fields, guint i);

#endif
