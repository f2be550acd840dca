/* protected-entity.c - handing mutt a decrypted or verified entity in
 * the form its $crypt_protected_headers_read reads.
 *
 * What mutt 2.2 and NeoMutt do (their parse.c, smime.c and commands.c,
 * and measured in both under tmux): every header field of an entity's
 * own header that mutt knows (Subject among them) counts as a protected
 * one, whatever the Content-Type says: neither looks for
 * protected-headers="v1" or hp=.  The pager shows that Subject above the
 * text, and the index takes it only from the top header of what the
 * decrypt or verify-opaque command printed, never from a multipart/signed
 * or signed-data inside it.
 *
 * So the commands give that top header the Subject the core trusts and
 * nothing else mutt would take for a protected field (a section the core
 * does not trust, or found unusable, shows the outer Subject), and take
 * the Legacy Display Element out where the core's reader hides it.
 * doc/header-protection.md says what users see.  */
#include <config.h>
#include <string.h>
#include "commands.h"
#include "gsmime.h"

/* The signed-data objects met inside an encryption layer lately, by
 * SHA-256: mutt hands each one to verify-opaque right after decrypting,
 * with nothing that says where it came from.  The session process keeps
 * this between the two commands; a lone process forgets it, and then the
 * content is shown as for a signed-only message.  */
#define NESTED_KEPT 32
static GQueue nested = G_QUEUE_INIT;

static void
remember_nested (GBytes *der)
{
  g_queue_push_head (&nested,
                     g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der));
  while (g_queue_get_length (&nested) > NESTED_KEPT)
    g_free (g_queue_pop_tail (&nested));
}

static gboolean
was_nested (GBytes *der)
{
  g_autofree char *digest =
    g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);

  return g_queue_find_custom (&nested, digest, (GCompareFunc) strcmp) != NULL;
}

/* Whether the header line [LINE, LINE + LEN) starts a field that mutt
 * reads as the entity's own MIME field, not as a protected one.  */
static gboolean
is_mime_field (const char *line, gsize len)
{
  return (len >= 8 && !g_ascii_strncasecmp (line, "Content-", 8))
         || (len >= 13 && !g_ascii_strncasecmp (line, "MIME-Version:", 13));
}

/* Writes the top header at DATA (SIZE bytes that hold it, its empty
 * line and maybe more) to OUT with its MIME fields only, and "Subject:
 * SUBJECT" when SUBJECT is not NULL, then the rest of DATA as it is.
 * Only the top header changes: the bytes below it, which a signature
 * may cover, stay as they are.  */
static void
write_top_header (const char *data, gsize size, const char *subject,
                  GMimeStream *out)
{
  gsize pos = 0;
  gboolean keep = FALSE;

  while (pos < size)
    {
      const char *nl = memchr (data + pos, '\n', size - pos);
      gsize len = nl ? (gsize) (nl - (data + pos)) + 1 : size - pos;
      const char *line = data + pos;

      if (line[0] == '\n' || (line[0] == '\r' && len == 2))
        break;
      if (line[0] != ' ' && line[0] != '\t')
        keep = is_mime_field (line, len);
      if (keep)
        g_mime_stream_write (out, line, len);
      pos += len;
    }
  if (subject)
    {
      g_autofree char *encoded =
        g_mime_utils_header_encode_text (NULL, subject, "utf-8");
      g_autofree char *field = g_strdup_printf ("Subject: %s\r\n", encoded);
      g_mime_stream_write_string (out, field);
    }
  g_mime_stream_write (out, data + pos, size - pos);
}

/* No entity that gsmime_entity_parse took has a longer top header.  */
#define TOP_HEADER_MAX (4 * 1024 * 1024)

/* Whether DATA (SIZE bytes from the start of an entity) holds the empty
 * line that ends its top header.  */
static gboolean
has_header_end (const char *data, gsize size)
{
  gsize i;

  if (size && (data[0] == '\n' || (size > 1 && data[0] == '\r'
                                   && data[1] == '\n')))
    return TRUE;
  for (i = 0; i + 1 < size; i++)
    if (data[i] == '\n' && (data[i + 1] == '\n'
                            || (data[i + 1] == '\r' && i + 2 < size
                                && data[i + 2] == '\n')))
      return TRUE;
  return FALSE;
}

/* Copies the entity STREAM holds to OUT with the top header that
 * write_top_header makes, in pieces: a large entity passes through a
 * buffer, never whole.  */
static void
copy_with_top_header (GMimeStream *stream, const char *subject,
                      GMimeStream *out)
{
  g_autoptr (GByteArray) head = g_byte_array_new ();
  char buffer[65536];
  ssize_t n = 0;

  g_mime_stream_reset (stream);
  while (head->len < TOP_HEADER_MAX
         && !has_header_end ((const char *) head->data, head->len)
         && (n = g_mime_stream_read (stream, buffer, sizeof buffer)) > 0)
    g_byte_array_append (head, (const guint8 *) buffer, n);
  if (has_header_end ((const char *) head->data, head->len))
    write_top_header ((const char *) head->data, head->len, subject, out);
  else
    g_mime_stream_write (out, (const char *) head->data, head->len);
  g_mime_stream_write_to_stream (stream, out);
}

/* Writes ENTITY, whose text the Legacy Display Element left, to OUT
 * with the top header that write_top_header makes; its parts come from
 * where they were parsed.  */
static void
write_with_top_header (GMimeObject *entity, const char *subject,
                       GMimeStream *out)
{
  g_autofree char *headers = g_mime_object_get_headers (entity, NULL);
  g_autofree char *block = g_strconcat (headers, "\n", NULL);

  write_top_header (block, strlen (block), subject, out);
  g_mime_object_write_content_to_stream (entity, NULL, out);
}

static GMimeObject *
parsed (GMimeStream *stream, guint depth)
{
  g_mime_stream_reset (stream);
  return gsmime_entity_parse (stream, depth, NULL);
}

static const char *
shown_subject (const GsmimeProtectedHeaders *hp)
{
  return hp ? gsmime_protected_header_shown (hp, "Subject") : NULL;
}

/* The Subject inside the signed-data SIGNED, which decrypting revealed:
 * mutt's index reads it only from the top, so the decrypt command puts
 * it there, and verify-opaque then leaves it out.  */
static char *
opaque_subject (MuttCall *call, GMimeObject *signed_part)
{
  g_autoptr (GMimeStream) cms = gsmime_decoded_stream (GMIME_PART (signed_part));
  g_autoptr (GBytes) der = gsmime_stream_to_bytes (cms);
  g_autoptr (GMimeStream) content = g_mime_stream_mem_new ();
  g_autoptr (GPtrArray) signers = NULL;
  g_autoptr (GMimeObject) payload = NULL;
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;

  remember_nested (der);
  signers = mutt_verify_harvesting (call, der, NULL, content, NULL);
  if (!signers)
    return NULL;
  payload = parsed (content, 2);
  hp = gsmime_entity_protected_headers (payload, TRUE, TRUE, signers, NULL);
  return g_strdup (shown_subject (hp));
}

static gboolean
is_smime_signed (GMimeObject *object)
{
  const char *protocol = g_mime_object_get_content_type_parameter (
    object, "protocol");

  return GMIME_IS_MULTIPART_SIGNED (object) && protocol
         && (!g_ascii_strcasecmp (protocol, "application/pkcs7-signature")
             || !g_ascii_strcasecmp (protocol,
                                     "application/x-pkcs7-signature"));
}

static gboolean
is_opaque_signed (GMimeObject *object)
{
  const char *type = NULL;
  g_autoptr (GMimeStream) data = NULL;

  if (!gsmime_part_is_pkcs7 (object, "pkcs7-mime"))
    return FALSE;
  type = g_mime_object_get_content_type_parameter (object, "smime-type");
  if (!type)
    data = gsmime_decoded_stream (GMIME_PART (object));
  return gsmime_pkcs7_kind (type, data, GMIME_CONTENT_ENCODING_DEFAULT)
         == GSMIME_PKCS7_SIGNED;
}

/* Writes ENTITY, parsed from STREAM, to OUT for mutt: without the
 * Legacy Display Element when HP says it goes, with SUBJECT on top.  */
static void
present (GMimeStream *stream, GMimeObject *entity,
         const GsmimeProtectedHeaders *hp, const char *subject,
         GMimeStream *out)
{
  if (gsmime_entity_strip_legacy_display (entity, hp))
    write_with_top_header (entity, subject, out);
  else
    copy_with_top_header (stream, subject, out);
}

void
mutt_present_decrypted (MuttCall *call, GMimeStream *plain, GMimeStream *out)
{
  g_autoptr (GMimeObject) entity = parsed (plain, 1);
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;
  g_autofree char *inner_subject = NULL;

  if (!entity)
    {
      g_mime_stream_reset (plain);
      g_mime_stream_write_to_stream (plain, out);
      return;
    }
  if (is_opaque_signed (entity))
    {
      inner_subject = opaque_subject (call, entity);
      copy_with_top_header (plain, inner_subject, out);
      return;
    }
  if (is_smime_signed (entity))
    {
      /* mutt checks this signature next; the section is trusted for
       * what the encryption gave it, and its Legacy Display Element
       * stays: removing it would break the signature.  */
      hp = gsmime_entity_protected_headers (
        g_mime_multipart_get_part (GMIME_MULTIPART (entity), 0), TRUE, TRUE,
        NULL, NULL);
      copy_with_top_header (plain, shown_subject (hp), out);
      return;
    }
  hp = gsmime_entity_protected_headers (entity, FALSE, TRUE, NULL, NULL);
  present (plain, entity, hp, shown_subject (hp), out);
}

void
mutt_present_verified (GBytes *der, GMimeStream *content,
                       const GPtrArray *signers, GMimeStream *out)
{
  g_autoptr (GMimeObject) entity = parsed (content, 1);
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;
  gboolean inside = was_nested (der);

  if (!entity)
    {
      g_mime_stream_reset (content);
      g_mime_stream_write_to_stream (content, out);
      return;
    }
  hp = gsmime_entity_protected_headers (entity, TRUE, inside, signers, NULL);
  /* Inside encryption the decrypt command showed the Subject already.  */
  present (content, entity, hp, inside ? NULL : shown_subject (hp), out);
}
