/* compose-sign.h - signing the mail Claws sends. */
#ifndef GSMIME_CLAWS_COMPOSE_SIGN_H
#define GSMIME_CLAWS_COMPOSE_SIGN_H

#include <glib.h>
#include <procmime.h>

struct _PrefsAccount;

/* The PrivacySystem's sign(): replaces the body of MESSAGE (the
 * message/rfc822 node Claws builds for sending) with its S/MIME signed
 * form, multipart/signed or, when the preferences say opaque,
 * application/pkcs7-mime signed-data; SHA-256, chain included.  The key
 * is the one chosen for ACCOUNT in its S/MIME preferences, else the
 * user's own newest signing key for FROM_ADDR (the address in the From
 * field, NULL when Claws could not take it apart), else for the account's
 * address.  Returns FALSE on failure with Claws' privacy error set, which
 * Claws shows; FALSE without it when the user declined to give the key's
 * passphrase, which Claws takes as cancelled.  */
gboolean gsmime_claws_sign (MimeInfo *message, struct _PrefsAccount *account,
                            const gchar *from_addr);

#endif
