/* provenance-lock.c - one writer at a time for a provenance file, across
 * the threads of a process and across processes.  */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "provenance-lock.h"

struct _GsmimeProvenanceLock
{
  int fd;
};

/* One mutex for all provenance files of the process: they are written
 * rarely, and one lock cannot be taken in two orders.  flock(2) alone
 * would also keep two threads apart (each opens the file itself, and
 * locks of two open files conflict), but the mutex spares the threads
 * of one harvest a system call each and holds where flock cannot.  */
static GMutex writers;

GsmimeProvenanceLock *
gsmime_provenance_lock (const char *path)
{
  GsmimeProvenanceLock *lock = g_new (GsmimeProvenanceLock, 1);
  g_autofree char *name = g_strconcat (path, ".lock", NULL);

  g_mutex_lock (&writers);
  /* The lock file stays: removing it would let a process that opened it
   * just before lock a file nobody else can find any more.  */
  lock->fd = g_open (name, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  while (lock->fd >= 0 && flock (lock->fd, LOCK_EX) < 0 && errno == EINTR)
    ;
  return lock;
}

void
gsmime_provenance_unlock (GsmimeProvenanceLock *lock)
{
  if (!lock)
    return;
  /* Closing the file gives the flock up.  */
  if (lock->fd >= 0)
    close (lock->fd);
  g_free (lock);
  g_mutex_unlock (&writers);
}
