/* call-agent.h - everything gsmime says to gpg-agent directly.
 *
 * Most of the agent's work reaches it through gpgsm; these are the few
 * requests gpgsm has no command for.  The ones a host may make itself
 * are declared in agent.h.
 */
#ifndef GSMIME_CALL_AGENT_H
#define GSMIME_CALL_AGENT_H

#include <glib.h>
#include "agent.h"

/* Makes gpg-agent read its trustlist.txt again, after gsmime changed it.
 * Errors: GPG_ERR_NO_AGENT when gpg-agent cannot be reached.  */
gboolean gsmime_agent_reload (const char *homedir, GError **error);

/* Changes the passphrase that protects the key KEYGRIP from OLD to NEW
 * ("" leaves the key unprotected), answering gpg-agent's questions here
 * instead of through a pinentry.  Errors: GPG_ERR_BAD_PASSPHRASE when OLD
 * is wrong, GPG_ERR_NO_SECKEY when the agent has no such key.  */
gboolean gsmime_agent_change_passphrase (const char *homedir,
                                         const char *keygrip, const char *old,
                                         const char *new_passphrase,
                                         GError **error);

/* Stores the private key KEY, a canonical S-expression padded to a
 * multiple of eight bytes (ec-key.h), in HOMEDIR's gpg-agent, protected
 * with PASSPHRASE ("" leaves it unprotected, as gpgsm's import of a
 * PKCS#12 file without passphrase does).  The key travels wrapped with
 * the agent's import key (AES key wrap, RFC 3394) and the passphrase
 * through loopback, never through a pinentry.  A key the agent holds
 * already keeps its passphrase: *EXISTED (when not NULL) says so, and
 * that is no error.  Errors: GPG_ERR_NO_AGENT, GPG_ERR_INV_LENGTH when
 * KEY is not a multiple of eight bytes, and the agent's own (a key it
 * cannot read, a refused loopback).  */
gboolean gsmime_agent_import_key (const char *homedir, GBytes *key,
                                  const char *passphrase, gboolean *existed,
                                  GError **error);

#endif
