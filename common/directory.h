/* directory.h - the organisation's directory servers, as dirmngr knows
 * them.
 *
 * gpgsm finds certificates in LDAP through dirmngr, which reads its
 * servers from `ldapserver` lines in dirmngr.conf
 * (host:port:bind-dn:password:base-dn:flags).  gsmime keeps no list of
 * its own: dirmngr.conf in the GnuPG home is the one place, so that
 * gpgsm's own look-ups (missing issuers, CRLs on ldap:// distribution
 * points) use the same servers as gsmime's.  Lines an administrator wrote
 * are listed too; gsmime adds and removes lines by host and port.
 */
#ifndef GSMIME_DIRECTORY_H
#define GSMIME_DIRECTORY_H

#include <glib.h>
#include "verdict.h"

typedef enum
{
  GSMIME_DIRECTORY_PLAIN,      /* plain LDAP, port 389 */
  GSMIME_DIRECTORY_STARTTLS,   /* LDAP with STARTTLS, port 389 */
  GSMIME_DIRECTORY_LDAPS       /* LDAP inside TLS, port 636 */
} GsmimeDirectoryTls;

typedef struct
{
  char *host;
  guint port;            /* 0: the default of TLS */
  char *base;            /* base DN, or NULL */
  char *bind_dn;         /* NULL: anonymous */
  char *password;        /* with BIND_DN; never printed */
  GsmimeDirectoryTls tls;
} GsmimeDirectoryServer;

void gsmime_directory_server_free (GsmimeDirectoryServer *server);

/* "host:port" of SERVER, the name provenance records and messages use. */
char *gsmime_directory_server_name (const GsmimeDirectoryServer *server);

/* The port SERVER is reached on: its own, else the default of its TLS.  */
guint gsmime_directory_server_port (const GsmimeDirectoryServer *server);

/* The directory servers in dirmngr.conf of HOMEDIR (NULL: GnuPG's default
 * home), in the order dirmngr asks them (GsmimeDirectoryServer*); empty
 * when none is configured.  Errors: GPG_ERR_EIO when the file exists and
 * cannot be read.  */
GPtrArray *gsmime_directory_list (const char *homedir, GError **error);

/* Adds SERVER to dirmngr.conf, replacing a line for the same host and
 * port, and enables LDAP where the file disabled it (disable-ldap is
 * commented out, saying why).  The file is written with mode 600, since
 * it may now hold a password, and a running dirmngr is stopped so that
 * the next look-up starts one that reads it.  Errors: GPG_ERR_INV_VALUE
 * when a field cannot be written in dirmngr's syntax (a colon, a line
 * break, an empty host, a password without bind DN), GPG_ERR_EIO.  */
gboolean gsmime_directory_add (const char *homedir,
                               const GsmimeDirectoryServer *server,
                               GError **error);

/* Removes the servers on HOST (and PORT, unless 0) from dirmngr.conf.
 * Errors: GPG_ERR_NOT_FOUND when no such server is configured,
 * GPG_ERR_EIO.  */
gboolean gsmime_directory_remove (const char *homedir, const char *host,
                                  guint port, GError **error);

/* What to do about ERROR from gsmime_directory_remove: list the servers
 * when there was no such server.  */
GsmimeAdvice gsmime_directory_remove_advice (const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeDirectoryServer,
                               gsmime_directory_server_free)

#endif
