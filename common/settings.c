/* settings.c - default user choices. */
#include "settings.h"

void
gsmime_settings_init (GsmimeSettings *settings)
{
  settings->weak_digest = GSMIME_WEAK_DIGEST_ORANGE;
  settings->future_tolerance_seconds = 300;
}
