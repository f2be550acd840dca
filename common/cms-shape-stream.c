/* cms-shape-stream.c - the outline of a CMS object checked as it streams
 * past once, in constant memory.
 *
 * An encrypted message of a gigabyte is a gigabyte of DER, most of it
 * one encrypted content; looking at its outline must not need it in
 * memory.  So the walk reads the stream once from start to end through
 * a small buffer and looks at what cms-shape.c's walk over bytes looks
 * at, in the same order of precedence: the ContentInfo, the content it
 * wraps, and the SET of signers or recipients, with every other element
 * skipped by its length (or, for an indefinite length, by its
 * elements).  Where the object is damaged it says what cms-shape.c
 * says.  */
#include <config.h>
#include <string.h>
#include "cms-shape-walk.h"

#define INDEFINITE G_MAXSIZE
#define UNBOUNDED G_MAXSIZE

typedef struct
{
  GMimeStream *stream;
  guchar buf[16384];
  gsize pos, len;     /* the bytes not yet taken: buf[pos, len) */
  gsize offset;       /* where buf[pos] stands in the object */
  gboolean eof;
} Reader;

/* One element: its identifier octet, where its contents start, and
 * their length (INDEFINITE: up to an end-of-contents mark).  */
typedef struct
{
  guchar tag;
  gsize contents;
  gsize len;
} Head;

/* Makes at least N (at most a few) bytes ready; FALSE at the end.  */
static gboolean
fill (Reader *r, gsize n)
{
  while (r->len - r->pos < n && !r->eof)
    {
      ssize_t got;

      memmove (r->buf, r->buf + r->pos, r->len - r->pos);
      r->len -= r->pos;
      r->pos = 0;
      /* A bounded GMime stream answers -1, not 0, once past its end.  */
      got = g_mime_stream_eos (r->stream)
              ? 0 : g_mime_stream_read (r->stream, (char *) r->buf + r->len,
                                        sizeof r->buf - r->len);
      if (got <= 0)
        r->eof = TRUE;
      else
        r->len += got;
    }
  return r->len - r->pos >= n;
}

static guchar
take (Reader *r)
{
  r->offset++;
  return r->buf[r->pos++];
}

/* Passes over N bytes; FALSE when the object ends first.  */
static gboolean
pass (Reader *r, gsize n)
{
  while (n > 0)
    {
      gsize k;

      if (!fill (r, 1))
        return FALSE;
      k = MIN (n, r->len - r->pos);
      r->pos += k;
      r->offset += k;
      n -= k;
    }
  return TRUE;
}

/* Whether the next two bytes, before BOUND, are an end-of-contents.  */
static gboolean
at_eoc (Reader *r, gsize bound)
{
  return bound - r->offset >= 2 && fill (r, 2) && !r->buf[r->pos]
         && !r->buf[r->pos + 1];
}

/* Whether anything is left before BOUND.  */
static gboolean
more (Reader *r, gsize bound)
{
  return r->offset < bound && (bound != UNBOUNDED || fill (r, 1));
}

/* Takes the identifier and length octets of the next element, which
 * must lie before BOUND, into H.  */
static gboolean
head (Reader *r, gsize bound, Head *h)
{
  gsize room = bound - r->offset, n, k;

  if (room < 2 || !fill (r, 2) || (r->buf[r->pos] & 0x1f) == 0x1f)
    return FALSE;
  h->tag = take (r);
  n = take (r);
  if (n == 0x80)
    n = INDEFINITE;
  else if (n & 0x80)
    {
      k = n & 0x7f;
      if (k > sizeof n - 1 || room - 2 < k || !fill (r, k))
        return FALSE;
      for (n = 0; k; k--)
        n = n << 8 | take (r);
    }
  h->contents = r->offset;
  h->len = n;
  return TRUE;
}

static gboolean skip (Reader *r, gsize bound, guint depth);

/* Passes over the elements of an indefinite-length element up to its
 * end-of-contents, and the mark itself.  */
static gboolean
skip_to_eoc (Reader *r, gsize bound, guint depth)
{
  while (bound - r->offset >= 2 && fill (r, 2) && !at_eoc (r, bound))
    if (!skip (r, bound, depth))
      return FALSE;
  return at_eoc (r, bound) && pass (r, 2);
}

/* Passes over the element at hand, which must end before BOUND and nest
 * no deeper than DEPTH.  */
static gboolean
skip (Reader *r, gsize bound, guint depth)
{
  Head h;

  if (!depth || !head (r, bound, &h))
    return FALSE;
  if (h.len != INDEFINITE)
    return bound - h.contents >= h.len && pass (r, h.len);
  return (h.tag & 0x20) && skip_to_eoc (r, bound, depth - 1);
}

/* Where the elements of E end: its own end, or BOUND for an indefinite
 * length; UNBOUNDED stays so.  */
static gsize
stop_of (const Head *e, gsize bound)
{
  return e->len == INDEFINITE ? bound : e->contents + e->len;
}

/* Whether E can hold elements that end before BOUND.  */
static gboolean
can_open (const Head *e, gsize bound)
{
  return (e->tag & 0x20)
         && (e->len == INDEFINITE || bound - e->contents >= e->len);
}

/* Closes E after its elements: an indefinite length's end-of-contents
 * is taken; a definite length must have been filled.  */
static gboolean
close_element (Reader *r, const Head *e, gsize bound)
{
  if (e->len == INDEFINITE)
    return at_eoc (r, bound) && pass (r, 2);
  return r->offset == e->contents + e->len;
}

/* Passes over the contents of H, whose head was just taken, within
 * BOUND.  */
static gboolean
skip_contents (Reader *r, const Head *h, gsize bound)
{
  if (h->len != INDEFINITE)
    return bound - h->contents >= h->len && pass (r, h->len);
  return (h->tag & 0x20) && skip_to_eoc (r, bound, GSMIME_CMS_MAX_DEPTH - 1);
}

/* After SHAPE was found inside E: E must hold nothing more, and end
 * where it says.  */
static Shape
end_of (Reader *r, const Head *e, gsize bound, Shape shape)
{
  gsize stop = stop_of (e, bound);

  if (shape == SHAPE_LENGTHS)
    return shape;
  if ((e->len != INDEFINITE || !at_eoc (r, stop)) && more (r, stop))
    return SHAPE_LENGTHS;
  return close_element (r, e, bound) ? shape : SHAPE_LENGTHS;
}

/* Counts the elements inside E (whose head was just taken) and passes
 * over them and E's end; -1 when they do not nest.  */
static gssize
count_inside (Reader *r, const Head *e, gsize bound)
{
  gsize stop = stop_of (e, bound);
  gssize n = 0;

  if (!can_open (e, bound))
    return -1;
  while (more (r, stop) && !(e->len == INDEFINITE && at_eoc (r, stop)))
    {
      if (!skip (r, stop, GSMIME_CMS_MAX_DEPTH))
        return -1;
      n++;
    }
  return close_element (r, e, bound) ? n : -1;
}

/* The elements of the SignedData or EnvelopedData CONTENT: how many
 * there are (*N), and the size of the SET that counts (*COUNT), as
 * cms-shape.c's count_signers and count_recipients find them.  */
static Shape
walk_content (Reader *r, const Head *content, gsize bound,
              GsmimeCmsKind kind, gssize *count)
{
  gsize stop = stop_of (content, bound);
  gssize sets[8] = { 0 };
  guchar tags[8] = { 0 };
  gssize n = 0, chosen = -1;

  if (!can_open (content, bound))
    return SHAPE_LENGTHS;
  while (more (r, stop) && !(content->len == INDEFINITE && at_eoc (r, stop)))
    {
      Head h;
      gboolean counted;

      if (!head (r, stop, &h))
        return SHAPE_LENGTHS;
      /* The recipients are the first SET after the version; the signers
       * the SET that comes last, from the fourth element on.  */
      counted = h.tag == 0x31 && n < 8
                && (kind == GSMIME_CMS_SIGNED
                      ? n >= 3 : (n == 1 || (n == 2 && tags[1] != 0x31)));
      if (n < 8)
        tags[n] = h.tag;
      if (counted)
        {
          sets[n] = count_inside (r, &h, stop);
          /* A definite SET that does not nest is passed over by its
           * length, as the walk over bytes would.  */
          if (sets[n] < 0
              && (h.len == INDEFINITE || !pass (r, h.contents + h.len
                                                       - r->offset)))
            return SHAPE_LENGTHS;
        }
      else if (!skip_contents (r, &h, stop))
        return SHAPE_LENGTHS;
      n++;
    }
  if (!close_element (r, content, bound))
    return SHAPE_LENGTHS;
  if (kind == GSMIME_CMS_SIGNED)
    {
      if (n < 4 || n > 6 || tags[n - 1] != 0x31)
        return SHAPE_NOT_CMS;
      chosen = n - 1;
    }
  else
    {
      if (n < 3 || (tags[1] != 0x31 && tags[2] != 0x31))
        return SHAPE_NOT_CMS;
      chosen = tags[1] == 0x31 ? 1 : 2;
    }
  *count = sets[chosen];
  return *count < 0 ? SHAPE_LENGTHS : SHAPE_OK;
}

/* The [0] of the ContentInfo: exactly one element, the content.  */
static Shape
walk_explicit (Reader *r, const Head *explicit, gsize bound,
               GsmimeCmsKind kind, gssize *count)
{
  gsize stop = stop_of (explicit, bound);
  Head content;
  Shape shape;

  if (!can_open (explicit, bound) || !more (r, stop)
      || !head (r, stop, &content))
    return SHAPE_LENGTHS;
  if (content.tag != 0x30)
    {
      /* Not CMS, unless the [0] does not even nest.  */
      if (!skip_contents (r, &content, stop))
        return SHAPE_LENGTHS;
      shape = SHAPE_NOT_CMS;
    }
  else
    shape = walk_content (r, &content, stop, kind, count);
  return end_of (r, explicit, bound, shape);
}

/* The ContentInfo INFO: an OID, then the [0] that holds the content.  */
static Shape
walk_info (Reader *r, const Head *info, GsmimeCmsKind kind, gssize *count)
{
  gsize stop = stop_of (info, UNBOUNDED);
  Head oid, explicit;

  if (info->tag != 0x30 || !(info->tag & 0x20) || !head (r, stop, &oid)
      || oid.tag != 0x06 || oid.len == INDEFINITE
      || !skip_contents (r, &oid, stop)
      || !head (r, stop, &explicit) || explicit.tag != 0xa0)
    return SHAPE_NOT_CMS;
  return end_of (r, info, UNBOUNDED,
                 walk_explicit (r, &explicit, stop, kind, count));
}

gboolean
gsmime_cms_check_shape (GMimeStream *stream, GsmimeCmsKind kind,
                        GError **error)
{
  g_autofree Reader *r = g_new0 (Reader, 1);
  Head info;
  gssize count = -1;
  Shape shape;

  r->stream = stream;
  g_mime_stream_reset (stream);
  if (!head (r, UNBOUNDED, &info))
    {
      g_mime_stream_reset (stream);
      return TRUE;
    }
  shape = walk_info (r, &info, kind, &count);
  /* An object cut off is told as such, whatever its outline showed
   * before the cut: the rest is read to learn how much there is.  */
  while (pass (r, sizeof r->buf))
    ;
  g_mime_stream_reset (stream);
  if (info.len != INDEFINITE && r->offset - info.contents < info.len)
    return gsmime_cms_shape_truncated (info.len, r->offset - info.contents,
                                       error);
  return gsmime_cms_shape_judge (shape, kind, count, error);
}
