/* parked.c - somewhere off the heap for data that must wait: an unlinked
 * 0600 memfd, never a file with a name.
 *
 * A DER that must be kept until it can be wrapped (a Claws part, opaque
 * signed-data that is then encrypted) would otherwise sit in a GMime
 * memory stream, a growing buffer on the heap that is never given back.
 * Plaintext and key material never touch the disk, so no temporary file
 * is used, not even an unlinked one.  */
#include <config.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "parked.h"
#include "error.h"
#include "i18n.h"

GMimeStream *
gsmime_parked_stream_new (const char *name, GError **error)
{
  int fd = memfd_create (name, MFD_CLOEXEC);

  if (fd < 0 || fchmod (fd, 0600) < 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      gsmime_set_error (error, gpg_err_code_from_errno (saved),
                        _("Could not make room in memory for the message: "
                          "%s"), g_strerror (saved));
      return NULL;
    }
  return g_mime_stream_fs_new (fd);
}
