/* directory.c - the organisation's directory servers, as dirmngr knows
 * them. */
#include <config.h>
#include <gpgme.h>
#include <string.h>
#include "directory.h"
#include "call-gpgconf.h"
#include "error.h"
#include "i18n.h"

static const char added_comment[] = "# Added by gsmime directory add.";

void
gsmime_directory_server_free (GsmimeDirectoryServer *server)
{
  if (!server)
    return;
  g_free (server->host);
  g_free (server->base);
  g_free (server->bind_dn);
  if (server->password)
    memset (server->password, 0, strlen (server->password));
  g_free (server->password);
  g_free (server);
}

guint
gsmime_directory_server_port (const GsmimeDirectoryServer *server)
{
  if (server->port)
    return server->port;
  return server->tls == GSMIME_DIRECTORY_LDAPS ? 636 : 389;
}

char *
gsmime_directory_server_name (const GsmimeDirectoryServer *server)
{
  return g_strdup_printf ("%s:%u", server->host,
                          gsmime_directory_server_port (server));
}

static const char *
home_or_default (const char *homedir)
{
  return homedir ? homedir : gpgme_get_dirinfo ("homedir");
}

static char *
conf_path (const char *homedir)
{
  return g_build_filename (home_or_default (homedir), "dirmngr.conf", NULL);
}

/* ---- reading dirmngr.conf ---- */

/* The value of an option line NAME, or NULL when LINE is another line. */
static const char *
option_value (const char *line, const char *name)
{
  const char *s = line + strspn (line, " \t");
  size_t n = strlen (name);

  if (strncmp (s, name, n) || (s[n] && !g_ascii_isspace (s[n])))
    return NULL;
  return s + n + strspn (s + n, " \t");
}

static char *
field_or_null (const char *field)
{
  return field && *field ? g_strdup (field) : NULL;
}

static GsmimeDirectoryTls
tls_from_flags (const char *flags)
{
  if (flags && strstr (flags, "ldaptls"))
    return GSMIME_DIRECTORY_LDAPS;
  if (flags && strstr (flags, "starttls"))
    return GSMIME_DIRECTORY_STARTTLS;
  return GSMIME_DIRECTORY_PLAIN;
}

/* "ldap://host:port/base" (dirmngr's URL form; ldaps:// there means
 * STARTTLS).  */
static GsmimeDirectoryServer *
parse_url (const char *value)
{
  g_autoptr (GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  GsmimeDirectoryServer *s;

  if (!uri || !g_uri_get_host (uri))
    return NULL;
  s = g_new0 (GsmimeDirectoryServer, 1);
  s->host = g_strdup (g_uri_get_host (uri));
  s->port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 0;
  s->base = field_or_null (g_uri_get_path (uri) + (*g_uri_get_path (uri)
                                                   == '/'));
  s->tls = !strcmp (g_uri_get_scheme (uri), "ldaps")
           ? GSMIME_DIRECTORY_STARTTLS : GSMIME_DIRECTORY_PLAIN;
  return s;
}

/* "[ldap:]host:port:bind-dn:password:base:flags".  */
static GsmimeDirectoryServer *
parse_spec (const char *value)
{
  g_auto (GStrv) f = NULL;
  GsmimeDirectoryServer *s;

  if (strstr (value, "://"))
    return parse_url (value);
  if (g_str_has_prefix (value, "ldap:"))
    value += strlen ("ldap:");
  f = g_strsplit (value, ":", 7);
  if (!f[0] || !*g_strstrip (f[0]))
    return NULL;
  s = g_new0 (GsmimeDirectoryServer, 1);
  s->host = g_strdup (f[0]);
  if (f[1])
    s->port = (guint) g_ascii_strtoull (f[1], NULL, 10);
  if (f[1] && f[2])
    {
      s->bind_dn = field_or_null (f[2]);
      if (f[3])
        {
          s->password = field_or_null (f[3]);
          if (f[4])
            s->base = field_or_null (f[4]);
          if (f[4] && f[5])
            s->tls = tls_from_flags (f[5]);
        }
    }
  return s;
}

/* The file's lines, or an empty list when it does not exist yet.  */
static char **
read_lines (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) io = NULL;

  if (!g_file_get_contents (path, &text, NULL, &io))
    {
      if (g_error_matches (io, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_new0 (char *, 1);
      gsmime_set_error (error, GPG_ERR_EIO, _("Could not read %s: %s"), path,
                        io->message);
      return NULL;
    }
  return g_strsplit (text, "\n", -1);
}

static GPtrArray *
load_lines (const char *homedir, GError **error)
{
  g_autofree char *path = conf_path (homedir);
  g_auto (GStrv) lines = read_lines (path, error);
  GPtrArray *out;
  char **l;

  if (!lines)
    return NULL;
  out = g_ptr_array_new_with_free_func (g_free);
  for (l = lines; *l; l++)
    g_ptr_array_add (out, g_strdup (*l));
  return out;
}

GPtrArray *
gsmime_directory_list (const char *homedir, GError **error)
{
  g_autoptr (GPtrArray) lines = load_lines (homedir, error);
  GPtrArray *out;
  guint i;

  if (!lines)
    return NULL;
  out = g_ptr_array_new_with_free_func (
    (GDestroyNotify) gsmime_directory_server_free);
  for (i = 0; i < lines->len; i++)
    {
      const char *value = option_value (g_ptr_array_index (lines, i),
                                        "ldapserver");
      g_autofree char *spec = value ? g_strstrip (g_strdup (value)) : NULL;
      GsmimeDirectoryServer *s = spec ? parse_spec (spec) : NULL;

      if (s)
        g_ptr_array_add (out, s);
    }
  return out;
}

/* ---- writing dirmngr.conf ---- */

/* dirmngr splits the line at colons and reads it to its end: a field can
 * carry neither.  */
static gboolean
check_field (const char *what, const char *value, GError **error)
{
  if (!value || !strpbrk (value, ":\n\r"))
    return TRUE;
  gsmime_set_error (error, GPG_ERR_INV_VALUE,
                    _("The %s must not contain a colon or a line break: "
                      "dirmngr's configuration cannot hold it"), what);
  return FALSE;
}

static gboolean
check_server (const GsmimeDirectoryServer *s, GError **error)
{
  if (!s->host || !*s->host || strpbrk (s->host, " \t/@"))
    {
      gsmime_set_error (error, GPG_ERR_INV_VALUE,
                        _("\"%s\" is not a host name; give the directory "
                          "server's name or address"),
                        s->host ? s->host : "");
      return FALSE;
    }
  if (s->port > 65535)
    {
      gsmime_set_error (error, GPG_ERR_INV_VALUE,
                        _("%u is not a TCP port"), s->port);
      return FALSE;
    }
  if (s->password && !s->bind_dn)
    {
      gsmime_set_error (error, GPG_ERR_INV_VALUE,
                        _("A password needs the bind DN it belongs to"));
      return FALSE;
    }
  return check_field (_("host name"), s->host, error)
         && check_field (_("base DN"), s->base, error)
         && check_field (_("bind DN"), s->bind_dn, error)
         && check_field (_("password"), s->password, error);
}

static char *
server_line (const GsmimeDirectoryServer *s)
{
  static const char *const flags[] = { "plain", "starttls", "ldaptls" };

  return g_strdup_printf ("ldapserver %s:%u:%s:%s:%s:%s", s->host,
                          gsmime_directory_server_port (s),
                          s->bind_dn ? s->bind_dn : "",
                          s->password ? s->password : "",
                          s->base ? s->base : "", flags[s->tls]);
}

static gboolean
same_server (const char *line, const char *host, guint port)
{
  const char *value = option_value (line, "ldapserver");
  g_autofree char *spec = value ? g_strstrip (g_strdup (value)) : NULL;
  g_autoptr (GsmimeDirectoryServer) s = spec ? parse_spec (spec) : NULL;

  return s && !g_ascii_strcasecmp (s->host, host)
         && (!port || gsmime_directory_server_port (s) == port);
}

/* Drops the server lines for HOST and PORT, and the comment gsmime put
 * above each.  Returns how many servers were dropped.  */
static guint
drop_server (GPtrArray *lines, const char *host, guint port)
{
  guint i = 0, dropped = 0;

  while (i < lines->len)
    {
      if (!same_server (g_ptr_array_index (lines, i), host, port))
        {
          i++;
          continue;
        }
      g_ptr_array_remove_index (lines, i);
      dropped++;
      if (i > 0 && !strcmp (g_ptr_array_index (lines, i - 1), added_comment))
        g_ptr_array_remove_index (lines, --i);
    }
  return dropped;
}

/* A directory is useless while LDAP is off; the user asked for one, so
 * the option is commented out, with the reason beside it.  */
static void
enable_ldap (GPtrArray *lines)
{
  guint i;

  for (i = 0; i < lines->len; i++)
    {
      const char *l = g_ptr_array_index (lines, i);
      if (option_value (l, "disable-ldap"))
        {
          char *off = g_strdup_printf ("# %s  (commented out by gsmime "
                                       "directory add)", l);
          g_free (lines->pdata[i]);
          lines->pdata[i] = off;
        }
    }
}

static gboolean
write_lines (const char *homedir, GPtrArray *lines, GError **error)
{
  g_autofree char *path = conf_path (homedir);
  g_autofree char *text = NULL;
  g_autoptr (GError) io = NULL;

  /* Keep exactly one newline at the end.  */
  while (lines->len && !*(char *) g_ptr_array_index (lines, lines->len - 1))
    g_ptr_array_remove_index (lines, lines->len - 1);
  g_ptr_array_add (lines, g_strdup (""));
  g_ptr_array_add (lines, NULL);
  text = g_strjoinv ("\n", (char **) lines->pdata);
  g_ptr_array_remove_index (lines, lines->len - 1);
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &io))
    {
      gsmime_set_error (error, GPG_ERR_EIO,
                        _("Could not update %s: %s; check the permissions of "
                          "your GnuPG home"), path, io->message);
      return FALSE;
    }
  /* A running dirmngr is told to go: the next look-up starts one that
   * reads the new file (a reload would keep a disable-ldap read
   * before).  */
  gsmime_gpgconf_kill (home_or_default (homedir), "dirmngr");
  return TRUE;
}

gboolean
gsmime_directory_add (const char *homedir,
                      const GsmimeDirectoryServer *server, GError **error)
{
  g_autoptr (GPtrArray) lines = NULL;

  if (!check_server (server, error))
    return FALSE;
  lines = load_lines (homedir, error);
  if (!lines)
    return FALSE;
  drop_server (lines, server->host, gsmime_directory_server_port (server));
  enable_ldap (lines);
  while (lines->len && !*(char *) g_ptr_array_index (lines, lines->len - 1))
    g_ptr_array_remove_index (lines, lines->len - 1);
  g_ptr_array_add (lines, g_strdup (added_comment));
  g_ptr_array_add (lines, server_line (server));
  return write_lines (homedir, lines, error);
}

GsmimeAdvice
gsmime_directory_remove_advice (const GError *error)
{
  return g_error_matches (error, GSMIME_ERROR, GPG_ERR_NOT_FOUND)
         ? GSMIME_ADVICE_LIST_DIRECTORIES : GSMIME_ADVICE_NONE;
}

gboolean
gsmime_directory_remove (const char *homedir, const char *host, guint port,
                         GError **error)
{
  g_autoptr (GPtrArray) lines = load_lines (homedir, error);

  if (!lines)
    return FALSE;
  if (!host || !drop_server (lines, host, port))
    {
      g_autofree char *name = port ? g_strdup_printf ("%s:%u", host, port)
                                   : g_strdup (host ? host : "");
      gsmime_set_error (error, GPG_ERR_NOT_FOUND,
                        _("No directory server %s is configured"), name);
      return FALSE;
    }
  return write_lines (homedir, lines, error);
}
