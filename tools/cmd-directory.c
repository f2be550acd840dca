/* cmd-directory.c - "gsmime directory add|list|remove": the directory
 * servers dirmngr asks for recipients' certificates. */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "cmd-directory.h"
#include "gsmime.h"
#include "i18n.h"

typedef struct
{
  CliCommon common;
  int port;
  char *base;
  char *bind_dn;
  char *password_file;
  gboolean ask_password;
  char *tls;
} AddOptions;

/* The strings GOption gave the options of "add".  */
static void
add_options_clear (AddOptions *o)
{
  g_free (o->base);
  g_free (o->bind_dn);
  g_free (o->password_file);
  g_free (o->tls);
  cli_common_clear (&o->common);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AddOptions, add_options_clear)

static gboolean
parse_tls (const char *name, GsmimeDirectoryTls *tls, GError **error)
{
  if (!name || !strcmp (name, "plain"))
    *tls = GSMIME_DIRECTORY_PLAIN;
  else if (!strcmp (name, "starttls"))
    *tls = GSMIME_DIRECTORY_STARTTLS;
  else if (!strcmp (name, "ldaps"))
    *tls = GSMIME_DIRECTORY_LDAPS;
  else
    {
      gsmime_set_error (error, GPG_ERR_INV_ARG,
                        _("Unknown --tls \"%s\"; use plain, starttls or "
                          "ldaps"), name);
      return FALSE;
    }
  return TRUE;
}

/* The password file must be the user's alone: anyone who can read it can
 * read the directory as the user.  Its first line is the password.  */
static char *
read_password_file (const char *path, GError **error)
{
  struct stat st;
  g_autofree char *text = NULL;
  g_autoptr (GError) io = NULL;

  if (stat (path, &st) < 0 || !S_ISREG (st.st_mode))
    {
      gsmime_set_error (error, GPG_ERR_ENOENT,
                        _("The password file %s cannot be read"), path);
      return NULL;
    }
  if (st.st_uid != getuid () || (st.st_mode & 077))
    {
      gsmime_set_error (error, GPG_ERR_EACCES,
                        _("The password file %s can be read by others; make "
                          "it yours alone (chmod 600) and try again"), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &text, NULL, &io))
    {
      gsmime_set_error (error, GPG_ERR_ENOENT, "%s", io->message);
      return NULL;
    }
  text[strcspn (text, "\r\n")] = '\0';
  return g_steal_pointer (&text);
}

static char *
get_password (GsmimeSession *session, AddOptions *o, GError **error)
{
  if (o->password_file)
    return read_password_file (o->password_file, error);
  if (!o->ask_password)
    return NULL;
  {
    char *p = gsmime_agent_get_passphrase (
      gsmime_session_get_homedir (session),
      _("Enter the password of the directory's bind DN. It is kept in "
        "dirmngr.conf, readable only by you."), error);
    char *copy = g_strdup (p);
    gsmime_agent_passphrase_free (p);
    return copy;
  }
}

static int
run_add (GOptionContext *context, AddOptions *o, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  GsmimeDirectoryServer server = { 0 };
  g_autofree char *name = NULL;
  gboolean ok;

  if (argc != 3)
    return cli_usage (context, _("Name one directory server (host name)."));
  if (o->password_file && o->ask_password)
    return cli_usage (context, _("Give --password-file or --ask-password, "
                                 "not both."));
  if ((o->password_file || o->ask_password) && !o->bind_dn)
    return cli_usage (context, _("A password needs --bind-dn."));
  if (o->port < 0 || o->port > 65535)
    return cli_usage (context, _("--port wants a TCP port (1-65535)."));
  if (!parse_tls (o->tls, &server.tls, &error))
    return cli_usage (context, error->message);
  session = cli_session (&o->common, &error);
  if (!session)
    return cli_fail (error);
  server.host = argv[2];
  server.port = o->port;
  server.base = o->base;
  server.bind_dn = o->bind_dn;
  server.password = get_password (session, o, &error);
  if (error)
    return cli_fail (error);
  ok = gsmime_directory_add (gsmime_session_get_homedir (session), &server,
                             &error);
  if (server.password)
    memset (server.password, 0, strlen (server.password));
  g_free (server.password);
  if (!ok)
    return cli_fail (error);
  name = gsmime_directory_server_name (&server);
  printf (_("Directory server added: %s\n"), name);
  return EXIT_OK;
}

static const char *
tls_name (GsmimeDirectoryTls tls)
{
  switch (tls)
    {
    case GSMIME_DIRECTORY_STARTTLS: return "starttls";
    case GSMIME_DIRECTORY_LDAPS: return "ldaps";
    case GSMIME_DIRECTORY_PLAIN: break;
    }
  return "plain";
}

static int
run_list (GOptionContext *context, CliCommon *common, int argc)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  g_autoptr (GPtrArray) servers = NULL;
  guint i;

  if (argc != 2)
    return cli_usage (context, _("\"list\" takes no arguments."));
  session = cli_session (common, &error);
  if (session)
    servers = gsmime_directory_list (gsmime_session_get_homedir (session),
                                     &error);
  if (!servers)
    return cli_fail (error);
  for (i = 0; i < servers->len; i++)
    {
      GsmimeDirectoryServer *s = g_ptr_array_index (servers, i);
      g_autofree char *name = gsmime_directory_server_name (s);
      /* The password is never shown, only that there is one.  */
      printf ("%s  base=%s  tls=%s  bind=%s%s\n", name,
              s->base ? s->base : "-", tls_name (s->tls),
              s->bind_dn ? s->bind_dn : _("anonymous"),
              s->password ? _(" (with password)") : "");
    }
  if (!servers->len)
    printf (_("No directory server is configured; add one with \"gsmime "
              "directory add HOST\".\n"));
  return EXIT_OK;
}

/* HOST or HOST:PORT.  */
static int
run_remove (GOptionContext *context, CliCommon *common, int argc,
            char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  g_autofree char *host = NULL;
  char *colon;
  guint64 port = 0;

  if (argc != 3)
    return cli_usage (context, _("Name the server to remove: HOST or "
                                 "HOST:PORT."));
  host = g_strdup (argv[2]);
  colon = strrchr (host, ':');
  if (colon)
    {
      *colon = '\0';
      if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
        return cli_usage (context, _("The port after the colon must be a "
                                     "number from 1 to 65535."));
    }
  session = cli_session (common, &error);
  if (!session)
    return cli_fail (error);
  if (!gsmime_directory_remove (gsmime_session_get_homedir (session), host,
                                (guint) port, &error))
    return cli_fail_advised (error, gsmime_directory_remove_advice (error),
                             NULL);
  printf (_("Directory server removed: %s\n"), argv[2]);
  return EXIT_OK;
}

int
cmd_directory (int argc, char **argv)
{
  g_auto (AddOptions) o = { 0 };
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &o.port,
      N_("add: TCP port (default 389, 636 with --tls ldaps)"), N_("PORT") },
    { "base", 0, 0, G_OPTION_ARG_STRING, &o.base,
      N_("add: where the directory's people are (base DN)"), N_("DN") },
    { "bind-dn", 0, 0, G_OPTION_ARG_STRING, &o.bind_dn,
      N_("add: log in as DN (default: anonymous)"), N_("DN") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &o.password_file,
      N_("add: the bind password is the first line of FILE (mode 600)"),
      N_("FILE") },
    { "ask-password", 0, 0, G_OPTION_ARG_NONE, &o.ask_password,
      N_("add: ask for the bind password through gpg-agent"), NULL },
    { "tls", 0, 0, G_OPTION_ARG_STRING, &o.tls,
      N_("add: plain (default), starttls or ldaps"), N_("MODE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("add HOST | list | remove HOST[:PORT] - the directory servers "
      "certificates are looked up in"));
  g_autoptr (GError) error = NULL;
  int rc;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  cli_add_common (context, &o.common);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc < 2)
    rc = cli_usage (context, _("Say add, list or remove."));
  else if (!strcmp (argv[1], "add"))
    rc = run_add (context, &o, argc, argv);
  else if (!strcmp (argv[1], "list"))
    rc = run_list (context, &o.common, argc);
  else if (!strcmp (argv[1], "remove"))
    rc = run_remove (context, &o.common, argc, argv);
  else
    rc = cli_usage (context, _("Say add, list or remove."));
  return rc;
}
