/* compose-encrypt.h - encrypting the mail Claws sends. */
#ifndef GSMIME_CLAWS_COMPOSE_ENCRYPT_H
#define GSMIME_CLAWS_COMPOSE_ENCRYPT_H

#include <glib.h>
#include <procmime.h>

/* The PrivacySystem's get_encrypt_data(): chooses a certificate for every
 * address of RECP_NAMES (the To, Cc and Bcc addresses of the message
 * being queued) and for the sender, checking revocation within the
 * user's budget.  When any of them cannot be encrypted to, a dialog names
 * each such address and why, and the user chooses.  Returns the
 * certificates for gsmime_claws_encrypt as one line of text; the string
 * "_DONT_ENCRYPT_" when the user chose to send unencrypted; NULL when the
 * user cancelled or the certificates could not be looked up, whereupon
 * Claws queues nothing and says so.  */
gchar *gsmime_claws_get_encrypt_data (GSList *recp_names);

/* The PrivacySystem's encrypt(): replaces the body of MESSAGE (the
 * message/rfc822 node Claws builds for sending, perhaps signed already)
 * with application/pkcs7-mime enveloped-data for the certificates of
 * ENCRYPT_DATA, as gsmime_claws_get_encrypt_data gave it.  Returns FALSE
 * with Claws' privacy error set when that fails.  */
gboolean gsmime_claws_encrypt (MimeInfo *message, const gchar *encrypt_data);

struct _Compose;

/* Whether the message in COMPOSE can be encrypted to every recipient and
 * to the sender without asking the user anything: each has a usable
 * certificate, checked not revoked within the user's budget (in a
 * thread, while the main loop runs).  When not, *WHY (to be freed) gives
 * the first reason: "CODE ADDRESS" with the core's problem code,
 * "no-recipients", "closed" when COMPOSE was closed meanwhile, or
 * "error: TEXT".  */
gboolean gsmime_claws_compose_can_encrypt (struct _Compose *compose,
                                           char **why);

#endif
