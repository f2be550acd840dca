/* canonical-pipe.c - an entity's canonical form fed to gpgsm through a
 * pipe as gpgsm reads it, never held whole in memory.
 *
 * GMime writes an entity out by pushing it into a stream, and GPGME reads
 * its input by pulling; a thread that pushes into one end of a pipe while
 * GPGME pulls from the other joins the two with no more memory than the
 * pipe's buffer.  */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include "canonical-pipe.h"
#include "error.h"
#include "i18n.h"

/* What the pipe holds at most: enough for GPGME's reads and the
 * writer's chunks to meet seldom, little beside the message.  */
#define PIPE_SIZE (1 << 20)

struct _GsmimeCanonicalPipe
{
  GMimeObject *entity;
  int read_fd;
  int write_fd;
  GThread *thread;
  gpgme_data_t data;
  GMimeStream *stream;  /* the reading end for GMime, made on demand */
  gint written;      /* atomic: the writer wrote the whole entity */
  int write_errno;   /* why it did not, when it did not */
};

/* Writes the entity with DOS line ends and closes the writing end; the
 * close is what the reader sees as the end of the entity, so whether it
 * was whole is set before.  */
static gpointer
write_entity (gpointer data)
{
  GsmimeCanonicalPipe *pipe = data;
  g_autoptr (GMimeStream) out = g_mime_stream_pipe_new (pipe->write_fd);
  GMimeFormatOptions *options = g_mime_format_options_clone (NULL);
  sigset_t set;

  /* A reader that went away early must end this write with EPIPE, not
   * the process with SIGPIPE.  */
  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &set, NULL);
  g_mime_stream_pipe_set_owner (GMIME_STREAM_PIPE (out), FALSE);
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  errno = 0;
  if (g_mime_object_write_to_stream (pipe->entity, options, out) >= 0
      && g_mime_stream_flush (out) >= 0)
    g_atomic_int_set (&pipe->written, 1);
  else
    pipe->write_errno = errno ? errno : EIO;
  g_mime_format_options_free (options);
  close (pipe->write_fd);
  pipe->write_fd = -1;
  return NULL;
}

static ssize_t
pipe_read (void *handle, void *buffer, size_t size)
{
  GsmimeCanonicalPipe *pipe = handle;
  ssize_t n;

  do
    n = read (pipe->read_fd, buffer, size);
  while (n < 0 && errno == EINTR);
  if (n == 0 && !g_atomic_int_get (&pipe->written))
    {
      errno = EIO;
      return -1;
    }
  return n;
}

static struct gpgme_data_cbs pipe_cbs = { pipe_read, NULL, NULL, NULL };

GsmimeCanonicalPipe *
gsmime_canonical_pipe_start (GMimeObject *entity, GError **error)
{
  GsmimeCanonicalPipe *pipe = g_new0 (GsmimeCanonicalPipe, 1);
  int fds[2];
  gpgme_error_t err;

  if (pipe2 (fds, O_CLOEXEC) < 0)
    {
      gsmime_set_error (error, gpg_err_code_from_errno (errno),
                        _("Could not open a pipe to gpgsm: %s"),
                        g_strerror (errno));
      g_free (pipe);
      return NULL;
    }
  pipe->read_fd = fds[0];
  pipe->write_fd = fds[1];
  /* Fewer, larger hand-overs between the two threads; a pipe keeps its
   * default size where the system allows no more.  */
  (void) fcntl (fds[1], F_SETPIPE_SZ, PIPE_SIZE);
  err = gpgme_data_new_from_cbs (&pipe->data, &pipe_cbs, pipe);
  if (err)
    {
      gsmime_set_gpgme_error (error, err, _("Out of memory"));
      close (fds[0]);
      close (fds[1]);
      g_free (pipe);
      return NULL;
    }
  pipe->entity = g_object_ref (entity);
  pipe->thread = g_thread_new ("gsmime-canonical", write_entity, pipe);
  return pipe;
}

gpgme_data_t
gsmime_canonical_pipe_data (GsmimeCanonicalPipe *pipe)
{
  return pipe->data;
}

GMimeStream *
gsmime_canonical_pipe_stream (GsmimeCanonicalPipe *pipe)
{
  if (!pipe->stream)
    {
      pipe->stream = g_mime_stream_pipe_new (pipe->read_fd);
      g_mime_stream_pipe_set_owner (GMIME_STREAM_PIPE (pipe->stream), FALSE);
    }
  return pipe->stream;
}

gboolean
gsmime_canonical_pipe_finish (GsmimeCanonicalPipe *pipe, GError **error)
{
  gboolean ok;
  int err;

  g_clear_object (&pipe->stream);
  close (pipe->read_fd);
  g_thread_join (pipe->thread);
  gpgme_data_release (pipe->data);
  g_object_unref (pipe->entity);
  err = pipe->write_errno;
  ok = g_atomic_int_get (&pipe->written) || err == EPIPE;
  g_free (pipe);
  if (!ok)
    gsmime_set_error (error, gpg_err_code_from_errno (err),
                      _("Could not read a part of the message: %s"),
                      g_strerror (err));
  return ok;
}
