/* parking.h - where a large decrypted part waits while it is read: a
 * memory file that no other process sees and that never reaches a disk.
 *
 * A decrypted message is parsed where it lies, so that its parts refer
 * into it instead of being copied (a GMime parser over a seekable stream
 * keeps only offsets).  It must therefore lie somewhere that can be read
 * again, and it is plaintext, which gsmime never writes to disk.  An
 * anonymous memory file (memfd_create) is both: its pages live in memory
 * (the kernel may swap them like any other memory, never write them to
 * a file system), it has no name in any folder, it is not inherited by
 * the programs gsmime starts, and it is gone with its last descriptor.
 * Read through read(2), not mapped, its pages do not count as the
 * process's resident set: a part of a gigabyte is in memory once, there.
 * doc/big-mail.md says what is parked where.
 */
#ifndef GSMIME_PARKING_H
#define GSMIME_PARKING_H

#include "gmime-autoptr.h"

/* A new, empty, seekable stream over an anonymous memory file named
 * NAME (a label that only /proc shows), for plaintext that must be read
 * more than once.  Errors: the errno code of memfd_create, with a
 * sentence saying so.  */
GMimeStream *gsmime_parking_new (const char *name, GError **error);

/* Copies FD from where it stands to its end into a new parking stream,
 * positioned at its start; FEED, when not NULL, sees each piece as it
 * passes and may stop the copy by returning FALSE with ERROR set (the
 * header of a message is checked so before the rest is read).  Errors:
 * those of FEED, and the errno code when FD cannot be read.  */
typedef gboolean (*GsmimeParkingFeed) (gpointer state, const char *data,
                                       gsize size, GError **error);
GMimeStream *gsmime_parking_copy_fd (int fd, GsmimeParkingFeed feed,
                                     gpointer state, GError **error);

#endif
