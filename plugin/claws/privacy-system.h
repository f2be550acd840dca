/* privacy-system.h - gsmime as one of Claws' privacy systems. */
#ifndef GSMIME_CLAWS_PRIVACY_SYSTEM_H
#define GSMIME_CLAWS_PRIVACY_SYSTEM_H

#include <glib.h>

/* Registers the privacy system "gsmime" with Claws.  */
void gsmime_claws_privacy_init (void);

/* Unregisters it.  Returns FALSE while a signature check is still
 * running or its answer has not reached Claws yet: the plugin's code must
 * then stay loaded (Claws keeps a plugin whose plugin_done says FALSE).  */
gboolean gsmime_claws_privacy_done (void);

#endif
