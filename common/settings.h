/* settings.h - what a host tells the core about the user's choices.
 *
 * The core never reads a host's configuration file: Claws reads its rc
 * files, the gsmime command its options, and each passes a GsmimeSettings
 * into the session.  gsmime_settings_init gives the defaults.
 */
#ifndef GSMIME_SETTINGS_H
#define GSMIME_SETTINGS_H

#include <glib.h>

typedef enum
{
  GSMIME_WEAK_DIGEST_ORANGE,    /* SHA-1 or MD5 signatures shown orange.  */
  GSMIME_WEAK_DIGEST_RED        /* ... or red, for stricter sites.  */
} GsmimeWeakDigestPolicy;

typedef struct
{
  GsmimeWeakDigestPolicy weak_digest;
  /* How far in the future a signing time may lie before it is suspicious:
   * clocks drift, so a few minutes are forgiven.  */
  guint future_tolerance_seconds;
} GsmimeSettings;

void gsmime_settings_init (GsmimeSettings *settings);

#endif
