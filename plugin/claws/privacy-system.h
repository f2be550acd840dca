/* privacy-system.h - gsmime as one of Claws' privacy systems. */
#ifndef GSMIME_CLAWS_PRIVACY_SYSTEM_H
#define GSMIME_CLAWS_PRIVACY_SYSTEM_H

#include <glib.h>
#include <procmime.h>

/* Registers the privacy system "gsmime" with Claws.  */
void gsmime_claws_privacy_init (void);

/* Unregisters it.  Returns FALSE while a signature check is still
 * running or its answer has not reached Claws yet: the plugin's code must
 * then stay loaded (Claws keeps a plugin whose plugin_done says FALSE).  */
gboolean gsmime_claws_privacy_done (void);

/* The protected Subject (RFC 9788) of the message whose MimeInfo tree
 * MESSAGE is, as found when the plugin opened the layer that carries it
 * (decrypted, or the content of opaque signed-data), or NULL.  Only the
 * layers that wrap the whole body count: an attached message's protected
 * Subject is not this message's.  */
const char *gsmime_claws_protected_subject (MimeInfo *message);

#endif
