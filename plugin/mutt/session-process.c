/* session-process.c - the per-user gsmime session process for mutt. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "session-process.h"
#include "session-wire.h"
#include "gsmime.h"


static void
settings_of (const CliCommon *common, MuttWireSettings *settings)
{
  settings->homedir = common->homedir;
  settings->revocation = common->revocation;
  settings->budget_ms = common->budget_ms;
  settings->no_harvest = common->no_harvest;
}

/* ---- the session process ---- */

typedef struct
{
  CliCommon common;
  GPtrArray *settings;   /* as add_settings made them */
  GsmimeSession *session;
  struct stat socket_stat;
  const char *socket_path;
} Server;

static gboolean
same_settings (Server *s, GPtrArray *request)
{
  guint i;

  for (i = 0; i < s->settings->len; i++)
    if (!g_bytes_equal (g_ptr_array_index (s->settings, i),
                        g_ptr_array_index (request, MUTT_F_HOME + i)))
      return FALSE;
  return TRUE;
}

static GPtrArray *
answer (int status, MuttCall *call)
{
  GPtrArray *fields =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *text = g_strdup_printf ("%d", status);

  g_ptr_array_add (fields, mutt_wire_string (text));
  g_ptr_array_add (fields, call ? g_bytes_new (call->out->data, call->out->len)
                                : g_bytes_new (NULL, 0));
  g_ptr_array_add (fields, call ? g_bytes_new (call->err->str, call->err->len)
                                : g_bytes_new (NULL, 0));
  return fields;
}

/* Runs one request, with OUT_FD as the caller's standard output; -1
 * tells the caller to do the work itself.  */
static GPtrArray *
serve (Server *s, GPtrArray *request, int out_fd)
{
  g_autofree char *version = NULL, *name = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  const MuttCommand *command;
  MuttCall call = { 0 };
  GPtrArray *reply;
  int status;
  guint i;

  if (request->len < MUTT_F_ARGS)
    return answer (-1, NULL);
  version = mutt_wire_get_string (request, MUTT_F_VERSION);
  name = mutt_wire_get_string (request, MUTT_F_COMMAND);
  command = mutt_command_find (name);
  if (strcmp (version, MUTT_WIRE_VERSION) || !command
      || !same_settings (s, request))
    return answer (-1, NULL);
  for (i = MUTT_F_ARGS; i < request->len; i++)
    g_ptr_array_add (args, mutt_wire_get_string (request, i));
  g_ptr_array_add (args, NULL);

  /* The session outlives the command: that is the point of this
   * process.  When it cannot be opened, the command says why.  */
  if (!s->session)
    s->session = cli_session (&s->common, NULL);
  call.common = &s->common;
  call.session = s->session;
  call.args = (char **) args->pdata;
  call.nargs = args->len - 1;
  call.input = mutt_wire_reads_input (command->name)
               ? g_bytes_ref (g_ptr_array_index (request, MUTT_F_INPUT)) : NULL;
  call.out = g_byte_array_new ();
  call.out_fd = out_fd;
  call.err = g_string_new (NULL);
  status = mutt_call_run (command, &call);
  /* gpgsm may have gone away (gpgconf --kill all, or killed while it
   * listed keys, which then reads as "no signing certificate"): a session
   * whose command failed for any reason but a red verdict is dropped, so
   * that the next command starts a new one.  A new gpgsm costs far less
   * than every later command failing.  */
  if (status != EXIT_OK && status != EXIT_RED)
    g_clear_pointer (&s->session, gsmime_session_free);
  reply = answer (status, &call);
  gsmime_wipe (call.out->data, call.out->len);
  g_byte_array_unref (call.out);
  g_string_free (call.err, TRUE);
  if (call.input)
    g_bytes_unref (call.input);
  return reply;
}

static gboolean
peer_is_me (int fd)
{
  struct ucred cred;
  socklen_t len = sizeof cred;

  return getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0
         && cred.uid == getuid ();
}

static void
handle (Server *s, int fd)
{
  g_autoptr (GPtrArray) request = NULL;
  g_autoptr (GPtrArray) reply = NULL;
  int out_fd = -1;

  mutt_wire_limit_wait (fd, 30);
  /* The caller's standard output comes first: the command writes a
   * large result there itself, not through this socket.  */
  if (!peer_is_me (fd) || (out_fd = mutt_wire_receive_fd (fd)) < 0
      || !(request = mutt_wire_receive (fd)))
    {
      if (out_fd >= 0)
        close (out_fd);
      return;
    }
  reply = serve (s, request, out_fd);
  close (out_fd);
  mutt_wire_send (fd, reply);
  /* The request may have carried a passphrase.  */
  if (request->len > MUTT_F_INPUT)
    {
      gsize size;
      const void *data = g_bytes_get_data (g_ptr_array_index (request,
                                                              MUTT_F_INPUT),
                                           &size);
      if (size)
        explicit_bzero ((void *) data, size);
    }
}

/* The socket is gone or another process's: this one is not wanted.  */
static gboolean
socket_replaced (Server *s)
{
  struct stat st;

  return stat (s->socket_path, &st) < 0 || st.st_ino != s->socket_stat.st_ino
         || st.st_dev != s->socket_stat.st_dev;
}

static void
serve_forever (Server *s, int listener)
{
  gint64 idle_since = g_get_monotonic_time ();

  for (;;)
    {
      struct pollfd p = { listener, POLLIN, 0 };
      int n = poll (&p, 1, 2000);

      if (n < 0 && errno != EINTR)
        return;
      if (socket_replaced (s))
        return;
      if (n <= 0)
        {
          if (g_get_monotonic_time () - idle_since
              > (gint64) MUTT_SERVER_IDLE_SECONDS * G_USEC_PER_SEC)
            return;
          continue;
        }
      /* The peer's address is not wanted: NULL is what accept4 takes
       * for that (cppcheck's POSIX model thinks otherwise).  */
      // cppcheck-suppress nullPointer
      n = accept4 (listener, NULL, NULL, SOCK_CLOEXEC);
      if (n >= 0)
        {
          handle (s, n);
          close (n);
        }
      idle_since = g_get_monotonic_time ();
    }
}

/* Becomes the session process: only one per home, by the lock beside the
 * socket.  Never returns.  */
static void G_GNUC_NORETURN
run_server (const CliCommon *common, const char *home,
            struct sockaddr_un *addr, const char *dir)
{
  g_autofree char *lock_path = g_build_filename (dir, "mutt.lock", NULL);
  Server s = { 0 };
  MuttWireSettings wire;
  int lock, listener;

  signal (SIGPIPE, SIG_IGN);
  /* ps and top show what this process is, not the command it forked
   * from.  */
  prctl (PR_SET_NAME, "gsmime-session");
  g_mkdir_with_parents (dir, 0700);
  lock = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock < 0 || flock (lock, LOCK_EX | LOCK_NB) < 0)
    _exit (0);
  unlink (addr->sun_path);
  listener = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0 || bind (listener, (struct sockaddr *) addr, sizeof *addr)
      || listen (listener, 64) || stat (addr->sun_path, &s.socket_stat))
    _exit (0);
  s.common = *common;
  s.settings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  settings_of (common, &wire);
  mutt_wire_add_settings (s.settings, home, &wire);
  s.socket_path = addr->sun_path;
  serve_forever (&s, listener);
  unlink (addr->sun_path);
  gsmime_session_free (s.session);
  _exit (0);
}

/* Starts the session process detached from mutt: a grandchild in a
 * session of its own, with none of the caller's descriptors, so that
 * mutt's pipes close when the command ends.  */
static void
start_server (const CliCommon *common, const char *home,
              struct sockaddr_un *addr, const char *dir)
{
  pid_t pid = fork ();
  int fd;

  if (pid < 0)
    return;
  if (pid > 0)
    {
      while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
        ;
      return;
    }
  setsid ();
  if (fork () != 0)
    _exit (0);
  fd = open ("/dev/null", O_RDWR);
  dup2 (fd, STDIN_FILENO);
  dup2 (fd, STDOUT_FILENO);
  dup2 (fd, STDERR_FILENO);
  for (fd = 3; fd < 1024; fd++)
    close (fd);
  if (chdir ("/") < 0)
    _exit (0);
  run_server (common, home, addr, dir);
}

/* ---- the short-lived command ---- */

static int
connect_or_start (const CliCommon *common, const char *home,
                  struct sockaddr_un *addr, const char *dir)
{
  int fd = mutt_wire_connect (addr), i;

  if (fd >= 0)
    return fd;
  start_server (common, home, addr, dir);
  for (i = 0; i < 300 && fd < 0; i++)
    {
      g_usleep (10000);
      fd = mutt_wire_connect (addr);
    }
  return fd;
}

gboolean
mutt_server_call (const MuttCommand *command, MuttCall *call, int *status)
{
  g_autofree char *home = NULL, *dir = NULL;
  g_autoptr (GPtrArray) request = NULL;
  MuttWireSettings settings;
  struct sockaddr_un addr;
  int fd;

  if (g_getenv ("GSMIME_MUTT_NO_SERVER"))
    return FALSE;
  home = mutt_wire_home (call->common->homedir);
  if (!mutt_wire_address (home, &addr, &dir))
    return FALSE;
  fd = connect_or_start (call->common, home, &addr, dir);
  if (fd < 0)
    return FALSE;
  settings_of (call->common, &settings);
  request = mutt_wire_request (home, &settings, command->name, call->input,
                               call->args, call->nargs);
  *status = mutt_wire_exchange (fd, call->out_fd, request, call->out,
                                call->err);
  close (fd);
  return *status >= 0;
}
