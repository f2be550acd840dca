/* agent.h - what a host may ask of gpg-agent itself: a passphrase
 * through its pinentry, and unlocking a key with a passphrase the host
 * read (mutt hands gsmime the passphrase it asked for).  The rest of what
 * gsmime says to the agent is internal (call-agent.h).
 */
#ifndef GSMIME_AGENT_H
#define GSMIME_AGENT_H

#include <glib.h>

/* Asks the user for a passphrase through gpg-agent's pinentry, showing
 * DESCRIPTION.  HOMEDIR is the GnuPG home (NULL: the default).  Returns the
 * passphrase (free it with gsmime_agent_passphrase_free, which wipes it),
 * or NULL.  Errors: GPG_ERR_CANCELED when the user cancelled,
 * GPG_ERR_NO_AGENT when gpg-agent cannot be started.  */
char *gsmime_agent_get_passphrase (const char *homedir,
                                   const char *description, GError **error);
void gsmime_agent_passphrase_free (char *passphrase);

/* Makes sure gpg-agent can use the secret key KEYGRIP without asking:
 * when the key is protected and its passphrase not cached, PASSPHRASE
 * (the one a host such as mutt asked for itself) is handed to the agent
 * through loopback, never through a pinentry, and the agent caches it
 * as after any other use.  Errors: GPG_ERR_NO_PASSPHRASE when the key is
 * locked and PASSPHRASE is empty, GPG_ERR_BAD_PASSPHRASE when it is
 * wrong, GPG_ERR_NO_AGENT.  */
gboolean gsmime_agent_unlock_key (const char *homedir, const char *keygrip,
                                  const char *passphrase, GError **error);

#endif
