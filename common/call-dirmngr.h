/* call-dirmngr.h - what gsmime asks dirmngr itself.
 *
 * gpgsm runs without dirmngr in gsmime's long-lived session (see
 * revocation.h), and GPGME has no way to bound a request in time.  So
 * dirmngr is asked through gpg-connect-agent, in a process of its own
 * that is abandoned when the budget runs out (bounded.h); dirmngr is
 * started on demand, as gpgsm would start it.
 */
#ifndef GSMIME_CALL_DIRMNGR_H
#define GSMIME_CALL_DIRMNGR_H

#include <glib.h>

/* Asks the dirmngr of HOMEDIR (NULL: GnuPG's default home) for the
 * certificates of ADDRESS in its directory servers: "LOOKUP <ADDRESS>",
 * the request behind gpgsm --list-external-keys.  Waits at most
 * BUDGET_MS.  Returns the DER certificates (GBytes*), empty when dirmngr
 * has none (it says the same when no server could be reached); NULL when
 * there was no answer, with ERROR: GPG_ERR_TIMEOUT (none in time),
 * GPG_ERR_NO_DIRMNGR (dirmngr could not be asked), or dirmngr's own
 * error.  ADDRESS must not hold characters special in an LDAP filter
 * (lookup.c checks).  */
GPtrArray *gsmime_dirmngr_lookup (const char *homedir, const char *address,
                                  guint budget_ms, GError **error);

#endif
