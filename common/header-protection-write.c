/* header-protection-write.c - an outgoing message's header section put
 * into its cryptographic payload (RFC 9788, 5.2.1 "Compose"): the
 * protected copy of every field, hp="clear" or hp="cipher", and for
 * encrypted mail the HP-Outer records of what the confidentiality
 * policy (hcp.c) leaves outside, with a Legacy Display Element for
 * readers that know nothing of all this.
 *
 * The body's tree is copied first, its content shared, so that a message
 * whose signing or encryption then fails is left as it was.
 */
#include <string.h>
#include "header-protection-write.h"
#include "hcp.h"
#include "header-protection-read.h"
#include "message.h"

struct _GsmimeHpOuter
{
  GPtrArray *names;   /* char*: the fields the policy changed */
  GPtrArray *values;  /* char*: each one's new value, NULL: left out */
};

void
gsmime_hp_outer_free (GsmimeHpOuter *outer)
{
  if (!outer)
    return;
  g_ptr_array_unref (outer->names);
  g_ptr_array_unref (outer->values);
  g_free (outer);
}

/* One field of the message's header as the composer wrote it.  */
typedef struct
{
  char *name;
  char *raw;        /* GMime's raw value, folding and encoding kept */
  char *unfolded;   /* the raw value on one line */
  char *shown;      /* decoded, on one line: for the Legacy Display */
} Field;

static void
field_free (Field *f)
{
  g_free (f->name);
  g_free (f->raw);
  g_free (f->unfolded);
  g_free (f->shown);
  g_free (f);
}

/* RAW without its line breaks (the blank after each stays, as RFC 5322
 * unfolds) and the blanks around it.  */
static char *
unfold (const char *raw)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = raw; *p; p++)
    if (*p != '\r' && *p != '\n')
      g_string_append_c (out, *p);
  return g_strstrip (g_string_free (out, FALSE));
}

/* The fields of MESSAGE's header that go into the protected section:
 * not the structural ones, which describe the outer part, and not what
 * is never the composer's to show every recipient (Bcc) or is added on
 * the way (Received, Return-Path).  */
static GPtrArray *
composed_fields (GMimeMessage *message)
{
  static const char *const skipped[] = { "Bcc", "Received", "Return-Path",
                                         "MIME-Version", NULL };
  GMimeHeaderList *list =
    g_mime_object_get_header_list (GMIME_OBJECT (message));
  GPtrArray *fields =
    g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  int i, n = g_mime_header_list_get_count (list);

  for (i = 0; i < n; i++)
    {
      GMimeHeader *h = g_mime_header_list_get_header_at (list, i);
      const char *name = g_mime_header_get_name (h);
      const char *raw = g_mime_header_get_raw_value (h);
      const char *const *s;
      gboolean skip = !name || !raw
                      || !g_ascii_strncasecmp (name, "Content-", 8);
      Field *f;

      for (s = skipped; *s && !skip; s++)
        skip = !g_ascii_strcasecmp (name, *s);
      if (skip)
        continue;
      f = g_new0 (Field, 1);
      f->name = g_strdup (name);
      f->raw = g_strdup (raw);
      f->unfolded = unfold (raw);
      f->shown = gsmime_hp_one_line (g_mime_header_get_value (h));
      g_ptr_array_add (fields, f);
    }
  return fields;
}

/* FROM's header fields appended to TO's, their raw values (folding,
 * encoding) kept.  */
static void
copy_headers (GMimeObject *from, GMimeObject *to)
{
  GMimeHeaderList *list = g_mime_object_get_header_list (from);
  GMimeHeaderList *copy = g_mime_object_get_header_list (to);
  int i, n = g_mime_header_list_get_count (list);

  g_mime_header_list_clear (copy);
  for (i = 0; i < n; i++)
    {
      GMimeHeader *h = g_mime_header_list_get_header_at (list, i);
      const char *raw = g_mime_header_get_raw_value (h);

      g_mime_object_append_header (to, g_mime_header_get_name (h),
                                   g_mime_header_get_value (h), NULL);
      if (raw)
        g_mime_header_set_raw_value (
          g_mime_header_list_get_header_at (copy, i), raw);
    }
}

/* A copy of OBJECT to change: new objects with the same header fields
 * down to the leaves, whose content is OBJECT's own, shared, not copied
 * (a large attachment stays where it lies, in the message file for the
 * gsmime command).  What compose changes (header fields, the content of
 * a text part that gets a Legacy Display Element, the transfer encoding
 * that signing chooses) it changes on the copy alone, so OBJECT stays as
 * it was whatever happens later.  A message/rfc822 part shares its
 * message, which nothing changes.  */
static GMimeObject *
copy_entity (GMimeObject *object)
{
  GMimeObject *copy = g_mime_object_new (
    NULL, g_mime_object_get_content_type (object));

  copy_headers (object, copy);
  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *mp = GMIME_MULTIPART (object);
      int i, n = g_mime_multipart_get_count (mp);

      g_mime_multipart_set_prologue (GMIME_MULTIPART (copy),
                                     g_mime_multipart_get_prologue (mp));
      g_mime_multipart_set_epilogue (GMIME_MULTIPART (copy),
                                     g_mime_multipart_get_epilogue (mp));
      for (i = 0; i < n; i++)
        {
          g_autoptr (GMimeObject) child =
            copy_entity (g_mime_multipart_get_part (mp, i));
          g_mime_multipart_add (GMIME_MULTIPART (copy), child);
        }
    }
  else if (GMIME_IS_MESSAGE_PART (object))
    g_mime_message_part_set_message (
      GMIME_MESSAGE_PART (copy),
      g_mime_message_part_get_message (GMIME_MESSAGE_PART (object)));
  else if (GMIME_IS_PART (object))
    g_mime_part_set_content (GMIME_PART (copy),
                             g_mime_part_get_content (GMIME_PART (object)));
  return copy;
}

/* TEXT with LINES (ending in "\n") and a blank line before it, in the
 * line ends TEXT uses (RFC 9788, 5.2.2).  */
static char *
plain_with_legacy (const char *text, const char *lines)
{
  g_auto (GStrv) split = NULL;
  g_autofree char *converted = NULL;

  if (!strstr (text, "\r\n"))
    return g_strconcat (lines, "\n", text, NULL);
  split = g_strsplit (lines, "\n", -1);
  converted = g_strjoinv ("\r\n", split);
  return g_strconcat (converted, "\r\n", text, NULL);
}

/* HTML with LINES, escaped, in a div of the class RFC 9788 names, first
 * in the body (5.2.3): a reader that knows the class hides it, any
 * other shows it at the top.  */
static char *
html_with_legacy (const char *html, const char *lines)
{
  g_autofree char *lower = g_ascii_strdown (html, -1);
  g_autofree char *escaped = g_markup_escape_text (lines, -1);
  const char *body = strstr (lower, "<body");
  const char *close = body ? strchr (body, '>') : NULL;
  gsize at = close ? (gsize) (close - lower) + 1 : 0;

  return g_strdup_printf ("%.*s\n<div class=\"header-protection-legacy-"
                          "display\"><pre>%s</pre></div>\n%s", (int) at,
                          html, escaped, html + at);
}

static void
add_legacy_to_part (GMimeObject *object, const char *lines)
{
  GMimeTextPart *part = GMIME_TEXT_PART (object);
  g_autofree char *text = g_mime_text_part_get_text (part);
  g_autofree char *changed = NULL;

  if (!text)
    return;
  if (gsmime_object_is_type (object, "text", "plain"))
    changed = plain_with_legacy (text, lines);
  else if (gsmime_object_is_type (object, "text", "html"))
    changed = html_with_legacy (text, lines);
  else
    return;
  g_mime_text_part_set_text (part, changed);
  g_mime_object_set_content_type_parameter (object, "hp-legacy-display", "1");
  g_mime_object_encode (object, GMIME_ENCODING_CONSTRAINT_7BIT);
}

/* LINES into each main body part under OBJECT: every alternative, the
 * first part of any other multipart, never an attachment (RFC 9788,
 * 5.2.4), and only text/plain and text/html (5.2.5).  */
static void
add_legacy (GMimeObject *object, const char *lines)
{
  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *mp = GMIME_MULTIPART (object);
      int i, n = g_mime_multipart_get_count (mp);

      if (!gsmime_object_is_type (object, "multipart", "alternative"))
        n = MIN (n, 1);
      for (i = 0; i < n; i++)
        add_legacy (g_mime_multipart_get_part (mp, i), lines);
      return;
    }
  if (GMIME_IS_TEXT_PART (object)
      && !g_mime_part_is_attachment (GMIME_PART (object)))
    add_legacy_to_part (object, lines);
}

/* A field NAME with the raw value RAW at the head of OBJECT's header.  */
static void
prepend_raw (GMimeObject *object, const char *name, const char *raw)
{
  GMimeHeaderList *list = g_mime_object_get_header_list (object);

  g_mime_header_list_prepend (list, name, "", NULL);
  g_mime_header_set_raw_value (g_mime_header_list_get_header_at (list, 0),
                               raw);
}

/* HCP applied to FIELDS: the changes to OUTER, the HP-Outer records of
 * what stays outside (RECORDS), and the Legacy Display lines of the
 * hidden fields a reader shows (LEGACY).  */
static void
apply_policy (const GPtrArray *fields, GsmimeHcp hcp, GsmimeHpOuter *outer,
              GPtrArray *records, GString *legacy)
{
  guint i;

  for (i = 0; i < fields->len; i++)
    {
      const Field *f = g_ptr_array_index (fields, i);
      char *value = gsmime_hcp_apply (hcp, f->name, f->unfolded);

      if (!value || strcmp (value, f->unfolded))
        {
          g_ptr_array_add (outer->names, g_strdup (f->name));
          g_ptr_array_add (outer->values, g_strdup (value));
          if (gsmime_hcp_user_facing (f->name))
            g_string_append_printf (legacy, "%s: %s\n", f->name, f->shown);
        }
      if (value)
        g_ptr_array_add (records, g_strdup_printf ("%s: %s", f->name, value));
      g_free (value);
    }
}

GMimeObject *
gsmime_hp_compose (GMimeMessage *message, GMimeObject *body,
                   gboolean encrypted, GsmimeHcp hcp, gboolean legacy,
                   GsmimeHpOuter **outer, GError **error)
{
  g_autoptr (GPtrArray) fields = composed_fields (message);
  g_autoptr (GMimeObject) copy = copy_entity (body);
  g_autoptr (GsmimeHpOuter) changes = NULL;
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) lines = g_string_new (NULL);
  guint i;

  if (encrypted)
    {
      changes = g_new0 (GsmimeHpOuter, 1);
      changes->names = g_ptr_array_new_with_free_func (g_free);
      changes->values = g_ptr_array_new_with_free_func (g_free);
      apply_policy (fields, hcp, changes, records, lines);
      if (legacy && lines->len)
        add_legacy (copy, lines->str);
    }
  /* Prepended last to first, so that they stand in the message's order,
   * the protected fields first, then HP-Outer, then the part's own.  */
  for (i = records->len; i-- > 0;)
    g_mime_header_list_prepend (g_mime_object_get_header_list (copy),
                                "HP-Outer", g_ptr_array_index (records, i),
                                NULL);
  for (i = fields->len; i-- > 0;)
    {
      const Field *f = g_ptr_array_index (fields, i);
      prepend_raw (copy, f->name, f->raw);
    }
  g_mime_object_set_content_type_parameter (copy, "hp",
                                            encrypted ? "cipher" : "clear");
  if (outer)
    *outer = g_steal_pointer (&changes);
  return g_steal_pointer (&copy);
}

void
gsmime_hp_obscure (GMimeMessage *message, const GsmimeHpOuter *outer)
{
  GMimeObject *object = GMIME_OBJECT (message);
  guint i;

  for (i = 0; outer && i < outer->names->len; i++)
    {
      const char *name = g_ptr_array_index (outer->names, i);
      const char *value = g_ptr_array_index (outer->values, i);

      if (value)
        g_mime_object_set_header (object, name, value, NULL);
      else
        while (g_mime_object_remove_header (object, name))
          ;
    }
}
