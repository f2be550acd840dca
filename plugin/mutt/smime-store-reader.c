/* smime-store-reader.c - reading a classic mutt S/MIME store. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "smime-store-reader.h"
#include "gsmime.h"
#include "i18n.h"

/* smime_keys writes one field per mailbox, hash, label, issuer, trust and
 * purpose; mutt reads no more.  */
#define MAX_FIELDS 6
/* Addresses and labels longer than this are no real data.  */
#define MAX_TEXT_FIELD 255

static void
entry_free (MuttSmimeEntry *entry)
{
  g_free (entry->mailbox);
  g_free (entry->hash);
  g_free (entry->label);
  g_free (entry->issuer);
  g_free (entry->purpose);
  g_free (entry);
}

static void
refusal_free (MuttSmimeRefusal *refusal)
{
  g_free (refusal->reason);
  g_free (refusal);
}

void
mutt_smime_index_free (MuttSmimeIndex *index)
{
  if (!index)
    return;
  g_ptr_array_unref (index->entries);
  g_ptr_array_unref (index->refused);
  g_free (index);
}

static gboolean
all_xdigits (const char *s, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* OpenSSL's subject hash as smime_keys names files: "1a2b3c4d.0".  */
static gboolean
is_subject_hash (const char *name)
{
  gsize len = strlen (name), i;

  if (len < 10 || len > 14 || name[8] != '.' || !all_xdigits (name, 8))
    return FALSE;
  for (i = 9; i < len; i++)
    if (!g_ascii_isdigit (name[i]))
      return FALSE;
  return TRUE;
}

gboolean
mutt_smime_hash_valid (const char *name, MuttSmimeKind kind)
{
  gsize len = strlen (name);

  if (is_subject_hash (name))
    return TRUE;
  return kind == MUTT_SMIME_KEYS && len >= 8 && len <= 40
         && all_xdigits (name, len);
}

/* Text for people: UTF-8 without control characters, of sensible
 * length.  */
static gboolean
is_text (const char *s)
{
  const char *p;

  if (!*s || strlen (s) > MAX_TEXT_FIELD || !g_utf8_validate (s, -1, NULL))
    return FALSE;
  for (p = s; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static gboolean
is_trust (const char *s)
{
  return strlen (s) == 1 && strchr ("ireuvt", s[0]);
}

static gboolean
is_purpose (const char *s)
{
  return !strcmp (s, "-") || !strcmp (s, "s") || !strcmp (s, "e")
         || !strcmp (s, "se") || !strcmp (s, "es");
}

static void
refuse (MuttSmimeIndex *index, guint line, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static void
refuse (MuttSmimeIndex *index, guint line, const char *format, ...)
{
  MuttSmimeRefusal *refusal = g_new0 (MuttSmimeRefusal, 1);
  va_list ap;

  refusal->line = line;
  va_start (ap, format);
  refusal->reason = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_ptr_array_add (index->refused, refusal);
}

/* The reason FIELDS (N of them) do not make an entry of KIND, or NULL
 * when they do.  The reasons never quote a field: it may hold anything,
 * and the line number tells the user where to look.  */
static const char *
check_fields (char **fields, guint n, MuttSmimeKind kind)
{
  if (n < 2)
    return _("it has fewer than two fields (mailbox and hash)");
  if (n > MAX_FIELDS)
    return _("it has more than six fields");
  if (!is_text (fields[0]))
    return _("the mailbox is not readable text");
  if (!mutt_smime_hash_valid (fields[1], kind))
    return kind == MUTT_SMIME_CERTIFICATES
             ? _("the hash is not a certificate file name such as "
                 "\"1a2b3c4d.0\"")
             : _("the hash is not a key file name such as \"1a2b3c4d.0\"");
  if (n > 2 && !is_text (fields[2]))
    return _("the label is not readable text");
  if (n > 3 && strcmp (fields[3], "?")
      && !mutt_smime_hash_valid (fields[3], MUTT_SMIME_CERTIFICATES))
    return _("the issuer is neither \"?\" nor a certificate file name");
  if (n > 4 && !is_trust (fields[4]))
    return _("the trust is not one of mutt's letters i, r, e, u, v, t");
  if (n > 5 && !is_purpose (fields[5]))
    return _("the purpose is not one of mutt's s, e, se or -");
  return NULL;
}

static MuttSmimeEntry *
make_entry (char **fields, guint n, guint line)
{
  MuttSmimeEntry *entry = g_new0 (MuttSmimeEntry, 1);

  entry->line = line;
  entry->mailbox = g_strdup (fields[0]);
  entry->hash = g_strdup (fields[1]);
  entry->label = g_strdup (n > 2 ? fields[2] : "-");
  entry->issuer = n > 3 && strcmp (fields[3], "?") ? g_strdup (fields[3])
                                                   : NULL;
  entry->trust = n > 4 ? fields[4][0] : 'u';
  entry->purpose = g_strdup (n > 5 ? fields[5] : "se");
  return entry;
}

/* Splits LINE at runs of blanks, as smime_keys' perl split and mutt's
 * own reader do.  Returns the number of fields, at most MAX_FIELDS + 1
 * (enough to tell that there are too many).  */
static guint
split_fields (char *line, char **fields)
{
  guint n = 0;
  char *p = line;

  while (*p && n <= MAX_FIELDS)
    {
      while (*p == ' ' || *p == '\t')
        *p++ = '\0';
      if (!*p)
        break;
      fields[n++] = p;
      while (*p && *p != ' ' && *p != '\t')
        p++;
    }
  return n;
}

static void
parse_line (MuttSmimeIndex *index, const char *start, gsize len,
            guint number, MuttSmimeKind kind)
{
  g_autofree char *line = NULL;
  char *fields[MAX_FIELDS + 1] = { NULL };
  const char *why;
  guint n;

  if (len && start[len - 1] == '\r')
    len--;
  if (len > MUTT_SMIME_MAX_LINE)
    {
      refuse (index, number, _("the line is longer than %d bytes"),
              MUTT_SMIME_MAX_LINE);
      return;
    }
  if (memchr (start, '\0', len))
    {
      refuse (index, number, _("the line holds a NUL byte"));
      return;
    }
  line = g_strndup (start, len);
  n = split_fields (line, fields);
  if (n == 0)
    return;
  why = check_fields (fields, n, kind);
  if (why)
    refuse (index, number, "%s", why);
  else
    g_ptr_array_add (index->entries, make_entry (fields, n, number));
}

MuttSmimeIndex *
mutt_smime_index_parse (const char *data, gsize size, MuttSmimeKind kind)
{
  MuttSmimeIndex *index = g_new0 (MuttSmimeIndex, 1);
  gsize pos = 0;
  guint number = 0;

  index->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                   entry_free);
  index->refused = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                   refusal_free);
  while (pos < size)
    {
      const char *start = data + pos;
      const char *nl = memchr (start, '\n', size - pos);
      gsize len = nl ? (gsize) (nl - start) : size - pos;

      if (++number > MUTT_SMIME_MAX_LINES)
        {
          refuse (index, number,
                  _("the file has more than %d lines; the rest was not "
                    "read"), MUTT_SMIME_MAX_LINES);
          break;
        }
      parse_line (index, start, len, number, kind);
      pos += len + (nl ? 1 : 0);
    }
  return index;
}

/* ---- files of the store ---- */

static void
set_open_error (GError **error, int err, const char *display)
{
  if (err == ELOOP)
    gsmime_set_error (error, GPG_ERR_INV_DATA,
                      _("\"%s\" is a symbolic link; gsmime reads only files "
                        "and folders inside the store, never what a link "
                        "points to"), display);
  else if (err == ENOTDIR)
    gsmime_set_error (error, GPG_ERR_INV_DATA, _("\"%s\" is not a folder"),
                      display);
  else
    gsmime_set_error (error, gpg_err_code_from_errno (err),
                      _("Could not open \"%s\": %s"), display,
                      g_strerror (err));
}

int
mutt_smime_store_open (const char *dir, const char *which, GError **error)
{
  g_autofree char *display = g_build_filename (dir, which, NULL);
  struct stat st;
  int top, fd, err;

  top = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (top < 0)
    {
      set_open_error (error, errno, dir);
      return -1;
    }
  fd = openat (top, which, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  err = errno;
  /* With O_DIRECTORY a symbolic link fails as "not a folder"; the user
   * should hear what it really is.  */
  if (fd < 0 && err == ENOTDIR && fstatat (top, which, &st,
                                           AT_SYMLINK_NOFOLLOW) == 0
      && S_ISLNK (st.st_mode))
    err = ELOOP;
  close (top);
  if (fd < 0)
    set_open_error (error, err, display);
  return fd;
}

/* Reads what FD holds, at most LIMIT bytes (the caller checked the size
 * with fstat; the file may still grow).  */
static GBytes *
read_all (int fd, gsize limit, const char *display, GError **error)
{
  GByteArray *buf = g_byte_array_new ();
  guint8 chunk[8192];
  ssize_t n;

  while ((n = read (fd, chunk, sizeof chunk)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || buf->len + (gsize) n > limit)
        {
          if (n < 0)
            gsmime_set_error (error, GPG_ERR_EIO,
                              _("Could not read \"%s\": %s"), display,
                              g_strerror (errno));
          else
            gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                              _("\"%s\" is larger than %zu bytes"), display,
                              limit);
          explicit_bzero (buf->data, buf->len);
          g_byte_array_unref (buf);
          return NULL;
        }
      g_byte_array_append (buf, chunk, n);
    }
  explicit_bzero (chunk, sizeof chunk);
  return g_byte_array_free_to_bytes (buf);
}

GBytes *
mutt_smime_store_read (int dirfd, const char *name, gsize limit,
                       const char *display, GError **error)
{
  struct stat st;
  GBytes *data;
  int fd;

  /* O_NONBLOCK: a FIFO put in the store must not hold the command up.  */
  fd = openat (dirfd, name,
               O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    {
      set_open_error (error, errno, display);
      return NULL;
    }
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      gsmime_set_error (error, GPG_ERR_INV_DATA,
                        _("\"%s\" is not a regular file"), display);
      close (fd);
      return NULL;
    }
  if ((guint64) st.st_size > limit)
    {
      gsmime_set_error (error, GPG_ERR_TOO_LARGE,
                        _("\"%s\" is larger than %zu bytes"), display, limit);
      close (fd);
      return NULL;
    }
  data = read_all (fd, limit, display, error);
  close (fd);
  return data;
}
