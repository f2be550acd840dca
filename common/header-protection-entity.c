/* header-protection-entity.c - the reader's header protection rules for
 * one layer's content, for hosts that never see the whole message.  */
#include <config.h>
#include <string.h>
#include "header-protection-entity.h"
#include "header-protection-read.h"
#include "message.h"

GsmimeProtectedHeaders *
gsmime_entity_protected_headers (GMimeObject *payload, gboolean covered,
                                 gboolean encrypted, const GPtrArray *signers,
                                 char **malformed)
{
  GsmimePayloadFacts facts = { covered, encrypted, signers };
  /* No outer header: nothing outside to compare with or to trust.  */
  g_autoptr (GMimeMessage) none = g_mime_message_new (FALSE);

  return gsmime_hp_read (payload, none, &facts, malformed);
}

/* PART's text without its element, or NULL when it has none.  */
static char *
stripped_text (GMimeTextPart *part)
{
  g_autofree char *text = g_mime_text_part_get_text (part);
  char *shown;

  if (!text)
    return NULL;
  shown = gsmime_object_is_type (GMIME_OBJECT (part), "text", "html")
            ? gsmime_legacy_display_strip_html (text)
            : gsmime_legacy_display_strip_text (text);
  if (!strcmp (shown, text))
    {
      g_free (shown);
      return NULL;
    }
  return shown;
}

static guint
strip_walk (GMimeObject *object, guint depth)
{
  guint changed = 0;

  if (depth > GSMIME_MAX_DEPTH)
    return 0;
  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *mp = GMIME_MULTIPART (object);
      int i, n = g_mime_multipart_get_count (mp);

      /* A multipart/signed's content would no longer match its
       * signature: it is never changed.  */
      if (GMIME_IS_MULTIPART_SIGNED (object))
        return 0;
      for (i = 0; i < n; i++)
        changed += strip_walk (g_mime_multipart_get_part (mp, i), depth + 1);
      return changed;
    }
  if (GMIME_IS_TEXT_PART (object) && gsmime_hp_has_legacy_display (object)
      && !g_mime_part_is_attachment (GMIME_PART (object)))
    {
      g_autofree char *shown = stripped_text (GMIME_TEXT_PART (object));

      if (shown)
        {
          g_mime_text_part_set_text (GMIME_TEXT_PART (object), shown);
          /* The element is gone; the mark would only mislead.  */
          g_mime_object_set_content_type_parameter (object,
                                                    "hp-legacy-display", "0");
          return 1;
        }
    }
  return 0;
}

guint
gsmime_entity_strip_legacy_display (GMimeObject *payload,
                                    const GsmimeProtectedHeaders *headers)
{
  if (!payload || !headers || !headers->encrypted)
    return 0;
  return strip_walk (payload, 0);
}
