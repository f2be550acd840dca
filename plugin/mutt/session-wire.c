/* session-wire.c - how a mutt command and the session process talk. */
#include <config.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include "session-wire.h"

gboolean
mutt_wire_reads_input (const char *name)
{
  return !strcmp (name, "decrypt") || !strcmp (name, "sign")
         || !strcmp (name, "import-cert");
}

char *
mutt_wire_home (const char *homedir)
{
  const char *env = g_getenv ("GNUPGHOME");

  if (homedir && *homedir)
    return g_canonicalize_filename (homedir, NULL);
  if (env && *env)
    return g_canonicalize_filename (env, NULL);
  return g_build_filename (g_get_home_dir (), ".gnupg", NULL);
}

gboolean
mutt_wire_address (const char *home, struct sockaddr_un *addr, char **dir)
{
  g_autofree char *path = g_build_filename (home, "gsmime", "S.mutt", NULL);

  memset (addr, 0, sizeof *addr);
  addr->sun_family = AF_UNIX;
  if (strlen (path) >= sizeof addr->sun_path)
    return FALSE;
  strcpy (addr->sun_path, path);
  *dir = g_path_get_dirname (path);
  return TRUE;
}

void
mutt_wire_add_settings (GPtrArray *fields, const char *home,
                        const MuttWireSettings *settings)
{
  g_autofree char *budget = g_strdup_printf ("%d", settings->budget_ms);

  g_ptr_array_add (fields, mutt_wire_string (home));
  g_ptr_array_add (fields, mutt_wire_string (settings->revocation));
  g_ptr_array_add (fields, mutt_wire_string (budget));
  g_ptr_array_add (fields, mutt_wire_string (settings->no_harvest ? "1"
                                                                  : "0"));
}

GPtrArray *
mutt_wire_request (const char *home, const MuttWireSettings *settings,
                   const char *name, GBytes *input, char **args, int nargs)
{
  GPtrArray *fields =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  int i;

  g_ptr_array_add (fields, mutt_wire_string (MUTT_WIRE_VERSION));
  mutt_wire_add_settings (fields, home, settings);
  g_ptr_array_add (fields, mutt_wire_string (name));
  g_ptr_array_add (fields, input ? g_bytes_ref (input) : g_bytes_new (NULL, 0));
  /* The session process works from "/": names of files are resolved
   * here.  Other arguments (a digest name, the %k path of a key, which
   * names no file) pass as they are.  */
  for (i = 0; i < nargs; i++)
    {
      g_autofree char *arg = g_file_test (args[i], G_FILE_TEST_EXISTS)
                             ? g_canonicalize_filename (args[i], NULL)
                             : g_strdup (args[i]);
      g_ptr_array_add (fields, mutt_wire_string (arg));
    }
  return fields;
}

int
mutt_wire_connect (struct sockaddr_un *addr)
{
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd >= 0 && connect (fd, (struct sockaddr *) addr, sizeof *addr) == 0)
    return fd;
  if (fd >= 0)
    close (fd);
  return -1;
}

/* Neither side waits for ever on the other: a client that connected and
 * fell silent must not block the next one, and a wedged session process
 * must not freeze mutt (the command then does the work itself).  */
void
mutt_wire_limit_wait (int fd, int seconds)
{
  struct timeval tv = { seconds, 0 };

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

int
mutt_wire_exchange (int fd, int out_fd, GPtrArray *request, GByteArray *out,
                    GString *err)
{
  g_autoptr (GPtrArray) reply = NULL;
  g_autofree char *code = NULL;
  GBytes *b;
  int status;

  mutt_wire_limit_wait (fd, 120);
  if (mutt_wire_send_fd (fd, out_fd) && mutt_wire_send (fd, request))
    reply = mutt_wire_receive (fd);
  if (!reply || reply->len != 3)
    return -1;
  code = mutt_wire_get_string (reply, 0);
  status = atoi (code);
  if (status < 0)
    return -1;
  b = g_ptr_array_index (reply, 1);
  g_byte_array_append (out, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  b = g_ptr_array_index (reply, 2);
  g_string_append_len (err, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  return status;
}

GBytes *
mutt_wire_read_stdin (void)
{
  GByteArray *in = g_byte_array_new ();
  guint8 buf[4096];
  ssize_t n;

  while ((n = read (STDIN_FILENO, buf, sizeof buf)) > 0
         || (n < 0 && errno == EINTR))
    if (n > 0)
      g_byte_array_append (in, buf, n);
  return g_byte_array_free_to_bytes (in);
}

typedef ssize_t (*Transfer) (int fd, void *data, size_t size);

static ssize_t
write_some (int fd, void *data, size_t size)
{
  return write (fd, data, size);
}

/* Moves all SIZE bytes at DATA through FD with TRANSFER (read or
 * write), going on after a signal; FALSE at an error or the end of
 * the stream.  */
static gboolean
transfer_all (Transfer transfer, int fd, void *data, gsize size)
{
  char *p = data;

  while (size > 0)
    {
      ssize_t n = transfer (fd, p, size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= n;
    }
  return TRUE;
}

gboolean
mutt_wire_write_all (int fd, const void *data, gsize size)
{
  return transfer_all (write_some, fd, (void *) data, size);
}

static gboolean
read_all (int fd, void *data, gsize size)
{
  return transfer_all (read, fd, data, size);
}

static gboolean
write_u32 (int fd, guint32 value)
{
  guint32 be = GUINT32_TO_BE (value);

  return mutt_wire_write_all (fd, &be, sizeof be);
}

static gboolean
read_u32 (int fd, guint32 *value)
{
  guint32 be;

  if (!read_all (fd, &be, sizeof be))
    return FALSE;
  *value = GUINT32_FROM_BE (be);
  return TRUE;
}

gboolean
mutt_wire_send_fd (int fd, int passed)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } control;
  char byte = 'F';
  struct iovec iov = { &byte, 1 };
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  ssize_t n;

  memset (&control, 0, sizeof control);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cmsg), &passed, sizeof (int));
  while ((n = sendmsg (fd, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
    ;
  return n == 1;
}

int
mutt_wire_receive_fd (int fd)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } control;
  char byte;
  struct iovec iov = { &byte, 1 };
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  int passed = -1;
  ssize_t n;

  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  while ((n = recvmsg (fd, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
    ;
  cmsg = n == 1 ? CMSG_FIRSTHDR (&msg) : NULL;
  if (cmsg && cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS
      && cmsg->cmsg_len == CMSG_LEN (sizeof (int)))
    memcpy (&passed, CMSG_DATA (cmsg), sizeof (int));
  return passed;
}

gboolean
mutt_wire_send (int fd, GPtrArray *fields)
{
  guint i;

  if (!write_u32 (fd, fields->len))
    return FALSE;
  for (i = 0; i < fields->len; i++)
    {
      gsize size;
      const void *data = g_bytes_get_data (g_ptr_array_index (fields, i),
                                           &size);
      if (!write_u32 (fd, size) || !mutt_wire_write_all (fd, data, size))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
mutt_wire_receive (int fd)
{
  g_autoptr (GPtrArray) fields =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint32 count, size, i;
  gsize total = 0;

  if (!read_u32 (fd, &count) || count > 4096)
    return NULL;
  for (i = 0; i < count; i++)
    {
      char *data;

      if (!read_u32 (fd, &size) || size > MUTT_WIRE_MAX
          || (total += size) > MUTT_WIRE_MAX)
        return NULL;
      data = g_malloc (size + 1);
      if (!read_all (fd, data, size))
        {
          g_free (data);
          return NULL;
        }
      g_ptr_array_add (fields, g_bytes_new_take (data, size));
    }
  return g_steal_pointer (&fields);
}

GBytes *
mutt_wire_string (const char *text)
{
  return g_bytes_new (text ? text : "", text ? strlen (text) : 0);
}

char *
mutt_wire_get_string (GPtrArray *fields, guint i)
{
  gsize size;
  const char *data;

  if (i >= fields->len)
    return g_strdup ("");
  data = g_bytes_get_data (g_ptr_array_index (fields, i), &size);
  return g_strndup (data, size);
}
