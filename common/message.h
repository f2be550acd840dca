/* message.h - turning bytes into a GMime message, within sane limits.
 *
 * Mail is hostile input.  GMime parses anything; these functions add the
 * limits that keep a crafted message from exhausting the reader: how deep
 * parts may nest and how long one header may be.
 */
#ifndef GSMIME_MESSAGE_H
#define GSMIME_MESSAGE_H

#include "gmime-autoptr.h"

/* Deeper nesting than this is refused: no real mail client nests
 * multiparts or S/MIME layers anywhere near it.  */
#define GSMIME_MAX_DEPTH 64
/* Longer header values are refused (RFC 5322 allows 998 octets a line;
 * folded address lists can legitimately run to some hundred KiB).  */
#define GSMIME_MAX_HEADER_LENGTH (1024 * 1024)

/* TRUE when a part DEPTH levels down is within GSMIME_MAX_DEPTH; else
 * FALSE with ERROR set to GPG_ERR_TOO_LARGE.  */
gboolean gsmime_depth_ok (guint depth, GError **error);

/* Whether OBJECT's Content-Type is TYPE/SUBTYPE, without regard to
 * case.  */
gboolean gsmime_object_is_type (GMimeObject *object, const char *type,
                                const char *subtype);

/* Whether OBJECT is a leaf part of type application/NAME or of the
 * older application/x-NAME that S/MIME agents still send (NAME:
 * "pkcs7-mime", "pkcs7-signature").  */
gboolean gsmime_part_is_pkcs7 (GMimeObject *object, const char *name);

/* Parses a whole RFC 5322 message from STREAM (a reference is taken; a
 * seekable stream lets large bodies stay where they are).  Errors:
 * GPG_ERR_NO_DATA for empty input, GPG_ERR_INV_DATA for input that is not
 * a message, GPG_ERR_TOO_LARGE for over-long headers or too deep nesting. */
GMimeMessage *gsmime_message_parse (GMimeStream *stream, GError **error);

/* Parses a MIME entity (headers and body, as found inside an S/MIME
 * layer), with the same limits; DEPTH is how deep it sits already.  */
GMimeObject *gsmime_entity_parse (GMimeStream *stream, guint depth,
                                  GError **error);

/* Makes a stream for a file name, or standard input for "-".  Standard
 * input from a pipe is parked in an anonymous memory file (parking.h)
 * because a pipe cannot be re-read; its header is checked as it arrives
 * (errors: those of gsmime_message_parse for a header, and the errno
 * code when it cannot be read).  */
GMimeStream *gsmime_stream_for_input (const char *name, GError **error);

/* The bare address of the first mailbox in the header NAME of MESSAGE
 * (lower case), or NULL.  */
char *gsmime_message_first_address (GMimeMessage *message, const char *name);

/* Every mailbox address of the headers NAMES (e.g. To and Cc), lower case,
 * without duplicates; NULL-terminated, free with g_strfreev.  */
char **gsmime_message_addresses (GMimeMessage *message,
                                 const char *const *names);

#endif
