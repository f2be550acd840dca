/* header-protection-opened.c - the protected header section of a layer
 * a host opened itself (header-protection.h).
 *
 * gsmime_read_message walks a whole message and learns on the way what
 * wraps its payload; a host that decrypts one part and hands its mail
 * client the content (the Claws plugin) knows only that layer.  This
 * file finds the payload in what the host opened, tells the rules of
 * header-protection-read.c what wrapped it, and strips the Legacy
 * Display Element from what the client will show.
 */
#include <string.h>
#include "header-protection-read.h"
#include "message.h"

static gboolean
is_smime_signed (GMimeObject *object)
{
  const char *protocol;

  if (!GMIME_IS_MULTIPART_SIGNED (object))
    return FALSE;
  protocol = g_mime_object_get_content_type_parameter (object, "protocol");
  return protocol
         && (!g_ascii_strcasecmp (protocol, "application/pkcs7-signature")
             || !g_ascii_strcasecmp (protocol,
                                     "application/x-pkcs7-signature"));
}

GsmimeProtectedHeaders *
gsmime_protected_headers_opened (GMimeMessage *outer, GMimeObject *opened,
                                 gboolean decrypted, gboolean signed_layer)
{
  GsmimePayloadFacts facts = { signed_layer, decrypted, NULL };
  GMimeObject *payload = opened;

  if (!outer || !opened)
    return NULL;
  if (is_smime_signed (opened))
    {
      /* The signature is the client's to check; its layer covers the
       * payload whatever the verdict, as in the reader's walk.  */
      payload = g_mime_multipart_get_part (GMIME_MULTIPART (opened), 0);
      facts.covered = TRUE;
    }
  if (!payload || gsmime_part_is_pkcs7 (payload, "pkcs7-mime"))
    return NULL;
  return gsmime_hp_read (payload, outer, &facts, NULL);
}

static guint
strip_part (GMimeObject *part)
{
  GMimeTextPart *text_part = GMIME_TEXT_PART (part);
  g_autofree char *text = g_mime_text_part_get_text (text_part);
  g_autofree char *shown = NULL;

  if (!text)
    return 0;
  shown = gsmime_object_is_type (part, "text", "html")
            ? gsmime_legacy_display_strip_html (text)
            : gsmime_legacy_display_strip_text (text);
  if (!strcmp (shown, text))
    return 0;
  g_mime_text_part_set_text (text_part, shown);
  return 1;
}

static guint
strip_under (GMimeObject *object)
{
  guint changed = 0;
  int i, n;

  if (GMIME_IS_MULTIPART (object))
    {
      n = g_mime_multipart_get_count (GMIME_MULTIPART (object));
      for (i = 0; i < n; i++)
        changed += strip_under (
          g_mime_multipart_get_part (GMIME_MULTIPART (object), i));
      return changed;
    }
  if (GMIME_IS_TEXT_PART (object) && gsmime_hp_has_legacy_display (object))
    return strip_part (object);
  return 0;
}

guint
gsmime_legacy_display_strip_opened (GMimeObject *opened,
                                    const GsmimeProtectedHeaders *headers)
{
  if (!opened || !headers || !headers->encrypted)
    return 0;
  return strip_under (opened);
}
