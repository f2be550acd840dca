/* pem.c - the PEM blocks of a certificate file as authorities and tools
 * write it. */
#include <config.h>
#include <string.h>
#include "pem.h"
#include "error.h"
#include "i18n.h"

/* Labels longer than this are no label anyone wrote; what is shown of
 * one is cut here.  */
#define MAX_LABEL 64

static const char *const certificate_labels[] = {
  "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE", NULL
};
static const char *const pkcs7_labels[] = {
  "PKCS7", "PKCS #7 SIGNED DATA", "CMS", NULL
};

/* One line of the file: its text without the line end, and where the
 * next one starts.  */
typedef struct
{
  const char *start, *end, *next;
  guint number;
} Line;

/* The block being read and the base64 text gathered for it.  */
typedef struct
{
  GsmimePemBlock *block;
  GString *base64;     /* NULL for a block that is not decoded */
  guint count;
} Reader;

void
gsmime_pem_block_free (GsmimePemBlock *block)
{
  if (!block)
    return;
  g_free (block->label);
  g_clear_pointer (&block->der, g_bytes_unref);
  g_free (block);
}

/* Moves LINE on to the next line of the LEN bytes at DATA; FALSE at the
 * end.  */
static gboolean
next_line (const char *data, gsize len, Line *line)
{
  const char *end = data + len;
  const char *p = line->next ? line->next : data;
  const char *eol;

  if (p >= end)
    return FALSE;
  eol = memchr (p, '\n', end - p);
  line->start = p;
  line->next = eol ? eol + 1 : end;
  line->end = eol ? eol : end;
  if (line->end > p && line->end[-1] == '\r')
    line->end--;
  line->number++;
  return TRUE;
}

/* The text of LINE after leading blanks, if it begins with PREFIX.  */
static const char *
after_prefix (const Line *line, const char *prefix)
{
  const char *p = line->start;
  gsize n = strlen (prefix);

  while (p < line->end && (*p == ' ' || *p == '\t'))
    p++;
  if ((gsize) (line->end - p) < n || memcmp (p, prefix, n))
    return NULL;
  return p + n;
}

gboolean
gsmime_pem_find (const guchar *data, gsize len)
{
  Line line = { NULL, NULL, NULL, 0 };

  while (next_line ((const char *) data, len, &line))
    if (after_prefix (&line, "-----BEGIN "))
      return TRUE;
  return FALSE;
}

/* The label of a BEGIN line whose text after "-----BEGIN " runs from P
 * to END: up to the closing dashes, made printable for messages.  */
static char *
read_label (const char *p, const char *end)
{
  const char *dashes = g_strstr_len (p, end - p, "-----");
  GString *label = g_string_new (NULL);

  if (dashes)
    end = dashes;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  for (; p < end && label->len < MAX_LABEL; p++)
    g_string_append_c (label, g_ascii_isprint (*p) ? *p : '?');
  return g_string_free (label, FALSE);
}

static gboolean
is_one_of (const char *label, const char *const *labels)
{
  for (; *labels; labels++)
    if (!strcmp (label, *labels))
      return TRUE;
  return FALSE;
}

static void
begin_block (Reader *r, const Line *line, const char *label_start)
{
  GsmimePemBlock *block = g_new0 (GsmimePemBlock, 1);

  block->number = ++r->count;
  block->line = line->number;
  block->label = read_label (label_start, line->end);
  if (is_one_of (block->label, certificate_labels))
    block->kind = GSMIME_PEM_CERTIFICATE;
  else if (is_one_of (block->label, pkcs7_labels))
    block->kind = GSMIME_PEM_PKCS7;
  else
    block->kind = GSMIME_PEM_OTHER;
  r->block = block;
  r->base64 = block->kind == GSMIME_PEM_OTHER ? NULL : g_string_new (NULL);
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=';
}

/* Adds the base64 text of LINE to R; FALSE when it holds anything else.
 * Blanks are let through: some pages indent the whole block.  */
static gboolean
add_base64 (Reader *r, const Line *line)
{
  const char *p;

  for (p = line->start; p < line->end; p++)
    if (is_base64_char (*p))
      g_string_append_c (r->base64, *p);
    else if (*p != ' ' && *p != '\t')
      return FALSE;
  return TRUE;
}

/* The length of the DER object (one SEQUENCE with a definite length) at
 * the start of the LEN bytes at D, or 0 when there is none that fits.  */
static gsize
der_sequence_length (const guchar *d, gsize len)
{
  gsize n, i, body = 0;

  if (len < 2 || d[0] != 0x30)
    return 0;
  if (d[1] < 0x80)
    return 2 + (gsize) d[1] <= len ? 2 + d[1] : 0;
  n = d[1] & 0x7f;
  if (n == 0 || n > 4 || 2 + n > len)
    return 0;
  for (i = 0; i < n; i++)
    body = (body << 8) | d[2 + i];
  return body <= len - 2 - n ? 2 + n + body : 0;
}

/* Decodes the block R has read.  A certificate must be one DER object;
 * what follows it (OpenSSL's trust settings in a TRUSTED CERTIFICATE) is
 * cut off, because gpgsm would try to read it as the next certificate.
 * A PKCS#7 block may use BER's indefinite lengths and is kept whole.  */
static gboolean
decode_block (Reader *r, GError **error)
{
  GsmimePemBlock *block = r->block;
  gsize len = 0, keep;
  guchar *der;

  if (!r->base64)
    return TRUE;
  der = r->base64->len ? g_base64_decode (r->base64->str, &len) : NULL;
  keep = block->kind == GSMIME_PEM_CERTIFICATE
         ? der_sequence_length (der, len)
         : (len && der[0] == 0x30 ? len : 0);
  if (!keep)
    {
      g_free (der);
      gsmime_set_error (error, GPG_ERR_BAD_DATA,
                        _("The PEM block %u of the file (%s, line %u) is "
                          "damaged: its base64 text decodes to no "
                          "certificate; copy the certificate anew from "
                          "where it came from"),
                        block->number, block->label, block->line);
      return FALSE;
    }
  block->der = g_bytes_new_take (der, keep);
  return TRUE;
}

static void
reader_clear (Reader *r)
{
  g_clear_pointer (&r->block, gsmime_pem_block_free);
  if (r->base64)
    g_string_free (r->base64, TRUE);
  r->base64 = NULL;
}

/* Reads LINE inside R's block; FALSE with ERROR when it is damaged.  */
static gboolean
read_inside (Reader *r, const Line *line, GPtrArray *blocks, GError **error)
{
  if (after_prefix (line, "-----END "))
    {
      if (!decode_block (r, error))
        return FALSE;
      g_ptr_array_add (blocks, g_steal_pointer (&r->block));
      reader_clear (r);
      return TRUE;
    }
  if (!r->base64 || memchr (line->start, ':', line->end - line->start))
    return TRUE;
  if (add_base64 (r, line))
    return TRUE;
  gsmime_set_error (error, GPG_ERR_BAD_DATA,
                    _("The PEM block %u of the file is damaged: the text "
                      "between its BEGIN and END lines is not base64; copy "
                      "the certificate anew from where it came from"),
                    r->block->number);
  return FALSE;
}

GPtrArray *
gsmime_pem_read (const guchar *data, gsize len, GError **error)
{
  GPtrArray *blocks =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gsmime_pem_block_free);
  Reader r = { NULL, NULL, 0 };
  Line line = { NULL, NULL, NULL, 0 };
  const char *label;

  while (next_line ((const char *) data, len, &line))
    {
      if (r.block)
        {
          if (!read_inside (&r, &line, blocks, error))
            goto fail;
        }
      else if ((label = after_prefix (&line, "-----BEGIN ")))
        begin_block (&r, &line, label);
    }
  if (!r.block)
    return blocks;
  gsmime_set_error (error, GPG_ERR_BAD_DATA,
                    _("The PEM block %u of the file has no END line; the "
                      "file was cut off; copy the certificate anew from "
                      "where it came from"), r.block->number);

fail:
  reader_clear (&r);
  g_ptr_array_unref (blocks);
  return NULL;
}
