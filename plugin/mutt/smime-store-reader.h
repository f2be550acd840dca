/* smime-store-reader.h - reading a classic mutt S/MIME store, the folder
 * that mutt's smime_keys script keeps (by default ~/.smime).
 *
 * The store holds certificates/.index and keys/.index, lines of
 * "mailbox hash label issuer trust purpose", and beside each index the
 * files its lines name: certificates/HASH.N (PEM certificates) and
 * keys/HASH.N (a PEM private key, usually encrypted, sometimes with its
 * certificate).  These files come from another program, maybe from
 * another machine, so nothing in them is trusted: every field is checked
 * before it is used, a line that does not fit is refused with its number
 * and the reason, and no name from an index ever leads outside the
 * store: names are plain file names (no "/", no "..") and files are
 * opened relative to the store's folders without following symbolic
 * links.
 */
#ifndef GSMIME_MUTT_SMIME_STORE_READER_H
#define GSMIME_MUTT_SMIME_STORE_READER_H

#include <glib.h>

/* Longest line of an .index, without its newline: smime_keys writes
 * lines of well under 200 bytes.  */
#define MUTT_SMIME_MAX_LINE 1024
/* Most lines read from one .index: far more certificates than any
 * person keeps.  */
#define MUTT_SMIME_MAX_LINES 10000
/* Largest certificate or key file read from the store.  */
#define MUTT_SMIME_MAX_FILE (256 * 1024)

typedef enum
{
  MUTT_SMIME_CERTIFICATES,   /* certificates/.index */
  MUTT_SMIME_KEYS            /* keys/.index */
} MuttSmimeKind;

/* One line of an .index, every field checked.  */
typedef struct
{
  guint line;         /* its number, from 1 */
  char *mailbox;
  char *hash;         /* the file's name in its folder: "1a2b3c4d.0" */
  char *label;
  char *issuer;       /* name of the issuer's file, or NULL for "?" */
  char trust;         /* i r e u v t, as mutt's smime.c knows them */
  char *purpose;      /* "s", "e", "se", "es" or "-" */
} MuttSmimeEntry;

/* A line that was not taken, and why (translated).  */
typedef struct
{
  guint line;
  char *reason;
} MuttSmimeRefusal;

typedef struct
{
  GPtrArray *entries;   /* MuttSmimeEntry*, in the order of the file */
  GPtrArray *refused;   /* MuttSmimeRefusal*, in the order of the file */
} MuttSmimeIndex;

void mutt_smime_index_free (MuttSmimeIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuttSmimeIndex, mutt_smime_index_free)

/* Parses the SIZE bytes at DATA as an .index of KIND.  Never fails: a
 * line that is too long, holds a NUL byte, has too few or too many
 * fields or a field that does not fit goes to REFUSED with its number;
 * blank lines are skipped; lines after the MUTT_SMIME_MAX_LINES-th are
 * not read, which one refusal says.  Fields missing at the end of a line
 * that an older smime_keys did not write get the values mutt assumes:
 * label "-", issuer "?", trust 'u', purpose "se".  */
MuttSmimeIndex *mutt_smime_index_parse (const char *data, gsize size,
                                        MuttSmimeKind kind);

/* Whether NAME is a file name an .index of KIND may use: for
 * certificates, eight hexadecimal digits, a dot and up to five decimal
 * digits (OpenSSL's subject hash and a counter); for keys also the
 * older key id, 8 to 40 hexadecimal digits.  Such a name never holds a
 * "/" or starts with a dot.  */
gboolean mutt_smime_hash_valid (const char *name, MuttSmimeKind kind);

/* The folder WHICH ("certificates" or "keys") of the store at DIR,
 * opened without following a symbolic link in its place (DIR itself may
 * be one: it is the user's choice).  Returns a file descriptor, or -1
 * with ERROR: GPG_ERR_ENOENT when it is missing, GPG_ERR_INV_DATA when
 * it is a symbolic link or not a folder, GPG_ERR_EACCES.  */
int mutt_smime_store_open (const char *dir, const char *which,
                           GError **error);

/* Reads the file NAME (a plain name, checked by the caller) from the
 * folder DIRFD, refusing a symbolic link, anything but a regular file,
 * and a file larger than LIMIT bytes.  DISPLAY names the file in
 * messages.  Errors: GPG_ERR_ENOENT, GPG_ERR_INV_DATA (symbolic link,
 * not a regular file), GPG_ERR_TOO_LARGE, GPG_ERR_EIO.  */
GBytes *mutt_smime_store_read (int dirfd, const char *name, gsize limit,
                               const char *display, GError **error);

#endif
