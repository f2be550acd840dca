/* settings.c - default user choices. */
#include "settings.h"

void
gsmime_settings_init (GsmimeSettings *settings)
{
  settings->weak_digest = GSMIME_WEAK_DIGEST_ORANGE;
  settings->revocation = GSMIME_REVOCATION_CRL;
  settings->revocation_budget_ms = 5000;
  settings->no_ocsp = FALSE;
  settings->harvest = TRUE;
  settings->future_tolerance_seconds = 300;
}
