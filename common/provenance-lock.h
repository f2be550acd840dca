/* provenance-lock.h - one writer at a time for a provenance file
 * (harvest.ini), across the threads of a process and across processes.
 *
 * A writer loads the file, changes it and saves it whole by rename.  The
 * rename keeps readers from ever seeing half a file, but two writers at
 * once would each save what they loaded plus their own change, and the
 * change of the first would be lost.  So the whole load-change-save
 * happens under this lock: a mutex for the threads of one process and
 * flock(2) on PATH.lock beside the file for other processes.  Readers
 * need no lock: they see the old file or the new one.
 */
#ifndef GSMIME_PROVENANCE_LOCK_H
#define GSMIME_PROVENANCE_LOCK_H

#include <glib.h>

typedef struct _GsmimeProvenanceLock GsmimeProvenanceLock;

/* Waits until no other thread or process holds the lock of the
 * provenance file PATH, and takes it.  Never fails: when PATH.lock
 * cannot be opened (a read-only home), the lock holds only against the
 * threads of this process, and saving the file would fail anyway.  */
GsmimeProvenanceLock *gsmime_provenance_lock (const char *path);

/* Gives the lock up; NULL is allowed.  */
void gsmime_provenance_unlock (GsmimeProvenanceLock *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeProvenanceLock, gsmime_provenance_unlock)

#endif
