/* mutt-wire.h - how a mutt command and the session process talk.
 *
 * Over a Unix socket, each side sends one message: a count of fields,
 * then each field as a 32-bit length and its bytes.  The request holds
 * the protocol version, the settings the session must have, the command
 * and its arguments and standard input; the answer holds the exit
 * status, standard output and standard error.
 */
#ifndef GSMIME_MUTT_WIRE_H
#define GSMIME_MUTT_WIRE_H

#include <glib.h>

#define MUTT_WIRE_VERSION "gsmime-mutt-1"
/* No field and no message is larger: mail that size does not come
 * through mutt's S/MIME commands.  */
#define MUTT_WIRE_MAX (256 * 1024 * 1024)

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
