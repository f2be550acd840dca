/* parked.h - somewhere off the heap for data that must wait: an unlinked
 * 0600 memfd, never a file with a name.  */
#ifndef GSMIME_PARKED_H
#define GSMIME_PARKED_H

#include "gmime-autoptr.h"

/* A new, empty, seekable stream over an anonymous memory file
 * (memfd_create, close-on-exec, mode 0600).  Its pages are the kernel's,
 * may be swapped like any process memory, and go with the last reference;
 * nothing is ever written to a file system.  NAME only labels it in
 * /proc.  Errors: those of memfd_create (GPG_ERR_ENOMEM, ...).  */
GMimeStream *gsmime_parked_stream_new (const char *name, GError **error);

#endif
