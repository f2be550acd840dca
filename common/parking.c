/* parking.c - where a large decrypted part waits while it is read. */
#include <config.h>
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>
#include "parking.h"
#include "error.h"
#include "i18n.h"

GMimeStream *
gsmime_parking_new (const char *name, GError **error)
{
  int fd = memfd_create (name, MFD_CLOEXEC);

  if (fd < 0)
    {
      gsmime_set_error (error, gpg_err_code_from_errno (errno),
                        _("Could not make room in memory for the decrypted "
                          "message: %s"), g_strerror (errno));
      return NULL;
    }
  return g_mime_stream_fs_new (fd);
}

GMimeStream *
gsmime_parking_copy_fd (int fd, GsmimeParkingFeed feed, gpointer state,
                        GError **error)
{
  g_autoptr (GMimeStream) parked = gsmime_parking_new ("gsmime-input", error);
  char buffer[65536];
  ssize_t n;

  while (parked && (n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          gsmime_set_error (error, gpg_err_code_from_errno (errno),
                            _("Could not read standard input: %s"),
                            g_strerror (errno));
          return NULL;
        }
      if (feed && !feed (state, buffer, n, error))
        return NULL;
      if (g_mime_stream_write (parked, buffer, n) != n)
        {
          gsmime_set_error (error, gpg_err_code_from_errno (errno),
                            _("Could not keep the input in memory: %s"),
                            g_strerror (errno));
          return NULL;
        }
    }
  if (parked)
    g_mime_stream_reset (parked);
  return g_steal_pointer (&parked);
}
