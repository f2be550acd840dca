/* header-protection-entity.h - protected header fields for hosts that
 * are handed one layer's content and never the message around it.
 *
 * mutt runs one command per layer: the decrypt command gets the
 * enveloped-data alone, the verify command the signed-data alone.  Such
 * a host cannot run the core's reader over the whole message, so these
 * functions apply the reader's rules (header-protection.h) to the entity
 * the command is about to hand back: what its header section may be
 * trusted for, and which parts carry a Legacy Display Element.
 */
#ifndef GSMIME_HEADER_PROTECTION_ENTITY_H
#define GSMIME_HEADER_PROTECTION_ENTITY_H

#include "gmime-autoptr.h"
#include "header-protection.h"

/* The protected header section of PAYLOAD, the root of a cryptographic
 * payload that a decrypted layer (ENCRYPTED) and/or signature layers
 * (COVERED, with their SIGNERS, GsmimeSigner*, or NULL) wrap, read by
 * the reader's rules; NULL when there is none that can be trusted, or
 * when it cannot be used (*MALFORMED, when not NULL, then says why).
 * The outer header is unknown here: DIFFERING lists every field, and a
 * From is never judged against an outer one.  */
GsmimeProtectedHeaders *gsmime_entity_protected_headers (
  GMimeObject *payload, gboolean covered, gboolean encrypted,
  const GPtrArray *signers, char **malformed);

/* Removes the Legacy Display Element from every text/plain and text/html
 * part of PAYLOAD marked hp-legacy-display="1" that is not an
 * attachment, through multiparts but not into attached messages or
 * further cryptographic layers; only for a payload whose protected
 * header section (HEADERS) was encrypted, as the reader does (RFC 9788,
 * 4.5.3).  Returns how many parts changed.  */
guint gsmime_entity_strip_legacy_display (
  GMimeObject *payload, const GsmimeProtectedHeaders *headers);

#endif
