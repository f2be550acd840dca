/* mimeinfo.h - Claws' MimeInfo trees and GMime streams and objects. */
#ifndef GSMIME_CLAWS_MIMEINFO_H
#define GSMIME_CLAWS_MIMEINFO_H

#include "common/gsmime.h"
#include <procmime.h>

/* The bytes of MIMEINFO as Claws holds them: for a part that is a whole
 * file (a message, or a part Claws has decoded into a file of its own),
 * that file, opened now so that it stays readable from another thread
 * even after Claws removes it; for a part inside a file (offset and
 * length), a copy of those bytes in memory; for a part held in memory, a
 * view of that string.  Errors: G_FILE_ERROR codes when the file cannot
 * be opened, GPG_ERR_NO_DATA for an empty or short part.  */
GMimeStream *gsmime_claws_mimeinfo_stream (MimeInfo *mimeinfo,
                                           GError **error);

/* How many MimeInfo levels lie above MIMEINFO.  */
guint gsmime_claws_mimeinfo_depth (MimeInfo *mimeinfo);

/* Builds a MimeInfo tree for OBJECT, typically the content of a
 * decrypted layer, as Claws' own parser would have built it from a file.
 * Text parts stay in memory (MIMECONTENT_MEM); parts that may hold
 * binary data are written to a file of their own in Claws' MIME
 * temporary directory, readable by the user only, because Claws reads
 * such parts only from files (procmime_get_part opens data.filename) and
 * keeps memory content as NUL-terminated strings.  Claws removes the
 * files when it frees the tree (tmp is set).  Errors: G_FILE_ERROR codes
 * when such a file cannot be written.  */
MimeInfo *gsmime_claws_mimeinfo_from_gmime (GMimeObject *object,
                                            GError **error);

#endif
