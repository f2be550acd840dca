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

/* ENTITY with a top header of its MIME fields only, and "Subject:
 * SUBJECT" when SUBJECT is not NULL.  Only the top header changes: the
 * bytes below it, which a signature may cover, stay as they are.  */
static GBytes *
with_top_header (GBytes *entity, const char *subject)
{
  gsize size, pos = 0;
  const char *data = g_bytes_get_data (entity, &size);
  GByteArray *out = g_byte_array_sized_new (size + 256);
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
        g_byte_array_append (out, (const guint8 *) line, len);
      pos += len;
    }
  if (subject)
    {
      g_autofree char *encoded =
        g_mime_utils_header_encode_text (NULL, subject, "utf-8");
      g_autofree char *field = g_strdup_printf ("Subject: %s\r\n", encoded);
      g_byte_array_append (out, (const guint8 *) field, strlen (field));
    }
  g_byte_array_append (out, (const guint8 *) data + pos, size - pos);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
written (GMimeObject *entity)
{
  g_autoptr (GMimeStream) mem = g_mime_stream_mem_new ();

  g_mime_object_write_to_stream (entity, NULL, mem);
  g_mime_stream_reset (mem);
  return gsmime_stream_to_bytes (mem);
}

static GMimeObject *
parsed (GBytes *bytes, guint depth)
{
  g_autoptr (GMimeStream) stream = gsmime_stream_from_bytes (bytes);

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
  g_autoptr (GBytes) inner = NULL;
  g_autoptr (GMimeObject) payload = NULL;
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;

  remember_nested (der);
  signers = mutt_verify_harvesting (call, der, NULL, content, NULL);
  if (!signers)
    return NULL;
  g_mime_stream_reset (content);
  inner = gsmime_stream_to_bytes (content);
  payload = parsed (inner, 2);
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

GBytes *
mutt_present_decrypted (MuttCall *call, GBytes *plain)
{
  g_autoptr (GMimeObject) entity = parsed (plain, 1);
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;
  g_autoptr (GBytes) stripped = NULL;
  g_autofree char *inner_subject = NULL;

  if (!entity)
    return g_bytes_ref (plain);
  if (is_opaque_signed (entity))
    {
      inner_subject = opaque_subject (call, entity);
      return with_top_header (plain, inner_subject);
    }
  if (is_smime_signed (entity))
    {
      /* mutt checks this signature next; the section is trusted for
       * what the encryption gave it, and its Legacy Display Element
       * stays: removing it would break the signature.  */
      hp = gsmime_entity_protected_headers (
        g_mime_multipart_get_part (GMIME_MULTIPART (entity), 0), TRUE, TRUE,
        NULL, NULL);
      return with_top_header (plain, shown_subject (hp));
    }
  hp = gsmime_entity_protected_headers (entity, FALSE, TRUE, NULL, NULL);
  if (gsmime_entity_strip_legacy_display (entity, hp))
    stripped = written (entity);
  return with_top_header (stripped ? stripped : plain, shown_subject (hp));
}

GBytes *
mutt_present_verified (GBytes *der, GBytes *content, const GPtrArray *signers)
{
  g_autoptr (GMimeObject) entity = parsed (content, 1);
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;
  g_autoptr (GBytes) stripped = NULL;
  gboolean inside = was_nested (der);

  if (!entity)
    return g_bytes_ref (content);
  hp = gsmime_entity_protected_headers (entity, TRUE, inside, signers, NULL);
  if (gsmime_entity_strip_legacy_display (entity, hp))
    stripped = written (entity);
  /* Inside encryption the decrypt command showed the Subject already.  */
  return with_top_header (stripped ? stripped : content,
                          inside ? NULL : shown_subject (hp));
}
