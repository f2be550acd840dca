/* compose-mime.h - the body of a message Claws is sending, as GMime sees
 * it, and back. */
#ifndef GSMIME_CLAWS_COMPOSE_MIME_H
#define GSMIME_CLAWS_COMPOSE_MIME_H

#include "common/gsmime.h"
#include <procmime.h>

/* The body of MESSAGE, the message/rfc822 node Claws hands to sign() and
 * encrypt() (its content the header, its one child the body), parsed
 * into a GMime entity from exactly the bytes Claws would write for it.
 * The bytes are written to memory, never to a file; *BACKING receives the
 * memory stream the entity's parts point into, for
 * gsmime_claws_compose_wipe once the entity is no longer needed.
 * Errors: GPG_ERR_NO_DATA when MESSAGE has no body or Claws cannot write
 * it, those of gsmime_entity_parse.  */
GMimeObject *gsmime_claws_compose_body (MimeInfo *message,
                                        GMimeStream **backing,
                                        GError **error);

/* Replaces the body of MESSAGE with ENTITY: one MimeInfo node whose
 * header fields are ENTITY's and whose content, held in memory, is
 * ENTITY's content exactly as GMime writes it, so that Claws writes out
 * the bytes that were signed.  The old body is wiped (what Claws holds in
 * memory) and freed.  Errors: GPG_ERR_INV_DATA when ENTITY's content is
 * not text (a NUL byte), which never happens for the 7-bit entities the
 * core makes.  */
gboolean gsmime_claws_compose_replace_body (MimeInfo *message,
                                            GMimeObject *entity,
                                            GError **error);

/* Overwrites the bytes of the memory stream STREAM (may be NULL).  */
void gsmime_claws_compose_wipe (GMimeStream *stream);

#endif
