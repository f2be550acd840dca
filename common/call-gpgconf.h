/* call-gpgconf.h - every run of gpgconf: starting, reloading and stopping
 * the GnuPG daemons of a home, and asking where they listen.
 *
 * gpgconf knows how each GnuPG version finds its daemons (sockets under
 * /run/user or in the home, started on demand); asking it, instead of
 * guessing paths and sending signals here, keeps gsmime right across
 * versions.
 */
#ifndef GSMIME_CALL_GPGCONF_H
#define GSMIME_CALL_GPGCONF_H

#include <glib.h>

/* Starts COMPONENT ("gpg-agent", "dirmngr") for HOMEDIR (NULL: the
 * default home) unless it runs already.  Returns whether gpgconf
 * succeeded.  */
gboolean gsmime_gpgconf_launch (const char *homedir, const char *component);

/* The directory or socket NAME ("agent-socket", ...) of HOMEDIR as
 * `gpgconf --list-dirs NAME` prints it, or NULL when gpgconf failed.  */
char *gsmime_gpgconf_list_dir (const char *homedir, const char *name);

/* Has COMPONENT of HOMEDIR read its configuration again; does nothing
 * when it does not run (the next one reads it anyway).  */
void gsmime_gpgconf_reload (const char *homedir, const char *component);

/* Stops COMPONENT of HOMEDIR, when it runs; the next request starts a
 * new one.  */
void gsmime_gpgconf_kill (const char *homedir, const char *component);

#endif
