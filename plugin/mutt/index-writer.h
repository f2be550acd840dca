/* index-writer.h - mutt's .index files, written from the keybox and
 * kept in step with it.
 *
 * mutt looks certificates up in $smime_certificates/.index and the
 * user's own keys in $smime_keys/.index, lines of
 * "mailbox hash label issuer trust purpose", and hands the chosen
 * "$smime_certificates/HASH" and "$smime_keys/HASH" to the commands.
 * gsmime writes those files from the keybox: HASH is the gpgsm
 * fingerprint, the trust letter comes from the verdict model, the purpose
 * from the key usage.  The folders hold the .index files only: no
 * certificate and never a private key is exported into them.
 */
#ifndef GSMIME_MUTT_INDEX_WRITER_H
#define GSMIME_MUTT_INDEX_WRITER_H

#include "gsmime.h"

/* The folder for $smime_certificates (WHICH "certificates") or
 * $smime_keys ("keys"), made on first use: $GNUPGHOME/gsmime/mutt/WHICH. */
char *mutt_index_dir (GsmimeSession *session, const char *which);

/* Rewrites both .index files from the keybox.  Errors: those of listing
 * the keybox, and I/O errors.  */
gboolean mutt_index_sync (GsmimeSession *session, GError **error);

/* The fingerprint of the user's own key for $smime_default_key: the
 * newest usable signing key that can also encrypt, or NULL.  */
char *mutt_index_default_key (GsmimeSession *session);

#endif
