/* header-protection-read.c - finding the protected header section at the
 * root of a message's cryptographic payload (RFC 9788, and mutt's older
 * protected-headers="v1"), and deciding what it may be trusted for.
 *
 * Everything here is hostile input that a signature or encryption may
 * make look trustworthy, so the rules are strict: the hp parameter
 * counts only at the payload's root, a claim of "cipher" counts only
 * where a layer was really decrypted (RFC 9788, 10.2), a section that
 * neither a signature nor encryption covers is not protected at all, and
 * no value leaves this file with a line break or another control
 * character in it.
 */
#include <string.h>
#include "header-protection-read.h"
#include "i18n.h"
#include "message.h"
#include "verify.h"

void
gsmime_protected_headers_free (GsmimeProtectedHeaders *headers)
{
  if (!headers)
    return;
  g_ptr_array_unref (headers->fields);
  g_ptr_array_unref (headers->hp_outer);
  g_ptr_array_unref (headers->differing);
  g_free (headers->from_address);
  g_free (headers);
}

const char *
gsmime_hp_level_name (GsmimeHpLevel level)
{
  switch (level)
    {
    case GSMIME_HP_CLEAR:
      return "clear";
    case GSMIME_HP_CIPHER:
      return "cipher";
    case GSMIME_HP_NONE:
      break;
    }
  return "none";
}

static const GsmimeHeaderField *
find_field (const GPtrArray *fields, const char *name)
{
  guint i;

  for (i = 0; fields && i < fields->len; i++)
    {
      const GsmimeHeaderField *f = g_ptr_array_index (fields, i);
      if (!g_ascii_strcasecmp (f->name, name))
        return f;
    }
  return NULL;
}

const char *
gsmime_protected_header (const GsmimeProtectedHeaders *headers,
                         const char *name)
{
  const GsmimeHeaderField *f = headers ? find_field (headers->fields, name)
                                       : NULL;

  return f ? f->value : NULL;
}

const char *
gsmime_protected_header_shown (const GsmimeProtectedHeaders *headers,
                               const char *name)
{
  /* RFC 9788, 4.4.3: a From that no signature vouches for must not
   * replace the one the receiving server could check.  */
  if (headers && headers->from_unverified && !g_ascii_strcasecmp (name, "From"))
    return NULL;
  return gsmime_protected_header (headers, name);
}

static void
field_free (GsmimeHeaderField *f)
{
  g_free (f->name);
  g_free (f->value);
  g_free (f);
}

static GsmimeHeaderField *
field_new (const char *name, char *value)
{
  GsmimeHeaderField *f = g_new0 (GsmimeHeaderField, 1);

  f->name = g_strdup (name);
  f->value = value;
  return f;
}

static gboolean
is_break (gunichar c)
{
  GUnicodeType t = g_unichar_type (c);

  return g_unichar_iscntrl (c) || t == G_UNICODE_LINE_SEPARATOR
         || t == G_UNICODE_PARAGRAPH_SEPARATOR;
}

/* Neither a folded value nor an encoded line break may look like a
 * header line of its own.  */
char *
gsmime_hp_one_line (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value ? value : "", -1);
  GString *out = g_string_new (NULL);
  gboolean pending = FALSE;
  const char *p;

  for (p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (is_break (c))
        {
          pending = TRUE;
          continue;
        }
      if (pending && c == ' ')
        continue;
      if (pending && out->len && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
      pending = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

/* Content-* and MIME-Version describe the part, not the message: they
 * are never protected fields (RFC 9788, 1.9).  */
static gboolean
is_structural (const char *name)
{
  return !g_ascii_strncasecmp (name, "Content-", 8)
         || !g_ascii_strcasecmp (name, "MIME-Version");
}

/* The fields RFC 5322 (3.6) allows once in a header section: two of
 * them would let two readers show two different things.  */
static gboolean
occurs_once (const char *name)
{
  static const char *const once[] = {
    "Date", "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Message-ID",
    "In-Reply-To", "References", "Subject", NULL
  };
  const char *const *n;

  for (n = once; *n; n++)
    if (!g_ascii_strcasecmp (name, *n))
      return TRUE;
  return FALSE;
}

/* A field name: printable US-ASCII except the colon (RFC 5322, 3.6.8).  */
static gboolean
is_field_name (const char *start, gsize len)
{
  gsize i;

  for (i = 0; i < len; i++)
    if (start[i] < 33 || start[i] > 126 || start[i] == ':')
      return FALSE;
  return len > 0;
}

/* An HP-Outer value "Name: value", split at the first colon and the
 * blanks after it (RFC 9788, 4.2.1); NULL when it is not of that form.  */
static GsmimeHeaderField *
split_hp_outer (const char *record)
{
  const char *colon = strchr (record, ':');
  g_autofree char *name = NULL;

  if (!colon || !is_field_name (record, colon - record))
    return NULL;
  name = g_strndup (record, colon - record);
  return field_new (name, gsmime_hp_one_line (colon + 1));
}

/* The bare address of the first mailbox of the address list VALUE (raw),
 * lower case, with an internationalised domain in its ASCII form
 * (RFC 9788, 4.4.5), or NULL.  */
static char *
first_address (const char *value)
{
  g_autoptr (InternetAddressList) list = internet_address_list_parse (NULL,
                                                                      value);
  int i, n = list ? internet_address_list_length (list) : 0;

  for (i = 0; i < n; i++)
    {
      InternetAddress *ia = internet_address_list_get_address (list, i);
      if (INTERNET_ADDRESS_IS_MAILBOX (ia))
        return g_ascii_strdown (internet_address_mailbox_get_idn_addr (
                                  INTERNET_ADDRESS_MAILBOX (ia)), -1);
    }
  return NULL;
}

/* What the composer says about header protection on PAYLOAD, from its
 * Content-Type; FALSE when it says nothing.  */
static gboolean
claimed_level (GMimeObject *payload, gboolean encrypted,
               GsmimeHpLevel *claimed, GsmimeHpForm *form)
{
  const char *hp = g_mime_object_get_content_type_parameter (payload, "hp");
  const char *v1 = g_mime_object_get_content_type_parameter (
    payload, "protected-headers");

  *form = GSMIME_HP_FORM_RFC9788;
  if (hp && !g_ascii_strcasecmp (hp, "cipher"))
    *claimed = GSMIME_HP_CIPHER;
  else if (hp && !g_ascii_strcasecmp (hp, "clear"))
    *claimed = GSMIME_HP_CLEAR;
  else if (!hp && v1 && !g_ascii_strcasecmp (v1, "v1"))
    {
      /* The draft form says nothing of intent; the layers do (as RFC
       * 9788, 4.10.2 infers it for its own older form).  */
      *form = GSMIME_HP_FORM_V1;
      *claimed = encrypted ? GSMIME_HP_CIPHER : GSMIME_HP_CLEAR;
    }
  else
    return FALSE;
  return TRUE;
}

/* What the reader may rely on: confidentiality only where a layer was
 * decrypted, authenticity only under a signature.  */
static GsmimeHpLevel
trusted_level (GsmimeHpLevel claimed, const GsmimePayloadFacts *facts)
{
  if (claimed == GSMIME_HP_CIPHER && facts->encrypted)
    return GSMIME_HP_CIPHER;
  if (facts->covered)
    return GSMIME_HP_CLEAR;
  return GSMIME_HP_NONE;
}

/* Whether a signer that is not red covers the payload, and, when
 * ADDRESS is not NULL, is that address.  */
static gboolean
good_signer (const GPtrArray *signers, const char *address)
{
  guint i;

  for (i = 0; signers && i < signers->len; i++)
    {
      const GsmimeSigner *s = g_ptr_array_index (signers, i);
      char *const *e;

      if (s->verdict->colour == GSMIME_RED)
        continue;
      if (!address)
        return TRUE;
      for (e = s->emails; e && *e; e++)
        if (!g_ascii_strcasecmp (*e, address))
          return TRUE;
    }
  return FALSE;
}

/* Collects the fields of PAYLOAD's header into HP: the protected ones,
 * and the HP-Outer records where they count.  FALSE, with WHY, when the
 * section cannot be used.  */
static gboolean
collect_fields (GMimeObject *payload, GsmimeProtectedHeaders *hp, char **why)
{
  GMimeHeaderList *list = g_mime_object_get_header_list (payload);
  int i, n = g_mime_header_list_get_count (list);

  for (i = 0; i < n; i++)
    {
      GMimeHeader *h = g_mime_header_list_get_header_at (list, i);
      const char *name = g_mime_header_get_name (h);
      GsmimeHeaderField *outer;

      if (!name || is_structural (name))
        continue;
      if (!g_ascii_strcasecmp (name, "HP-Outer"))
        {
          /* Only an encrypting composer's record means anything (RFC
           * 9788, 2.2); elsewhere it is ignored.  */
          outer = hp->level == GSMIME_HP_CIPHER
                      && hp->form == GSMIME_HP_FORM_RFC9788
                    ? split_hp_outer (g_mime_header_get_value (h)) : NULL;
          if (outer)
            g_ptr_array_add (hp->hp_outer, outer);
          continue;
        }
      if (hp->fields->len >= GSMIME_HP_MAX_FIELDS)
        {
          *why = g_strdup_printf (_("it has more than %d fields"),
                                  GSMIME_HP_MAX_FIELDS);
          return FALSE;
        }
      if (occurs_once (name) && find_field (hp->fields, name))
        {
          *why = g_strdup_printf (_("the field %s occurs more than once, so "
                                    "readers could show different ones"),
                                  name);
          return FALSE;
        }
      if (!g_ascii_strcasecmp (name, "From"))
        hp->from_address = first_address (g_mime_header_get_raw_value (h));
      g_ptr_array_add (hp->fields,
                       field_new (name, gsmime_hp_one_line (
                                          g_mime_header_get_value (h))));
    }
  return TRUE;
}

/* The fields of OUTER's header named NAME, each as one line.  */
static GPtrArray *
outer_values (GMimeMessage *outer, const char *name)
{
  GMimeHeaderList *list = g_mime_object_get_header_list (GMIME_OBJECT (outer));
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  int i, n = g_mime_header_list_get_count (list);

  for (i = 0; i < n; i++)
    {
      GMimeHeader *h = g_mime_header_list_get_header_at (list, i);
      if (!g_ascii_strcasecmp (g_mime_header_get_name (h), name))
        g_ptr_array_add (values,
                         gsmime_hp_one_line (g_mime_header_get_value (h)));
    }
  return values;
}

/* Whether the composer left NAME: VALUE outside (RFC 9788, 4.3.1 step
 * 6): by its HP-Outer records, or, for the v1 form, which has none, by
 * the outer header as received (as 4.10.2 does for RFC 8551's form).  */
static gboolean
left_outside (const GsmimeProtectedHeaders *hp, GMimeMessage *outer,
              const GsmimeHeaderField *f)
{
  g_autoptr (GPtrArray) values = NULL;
  guint i;

  if (hp->form == GSMIME_HP_FORM_RFC9788)
    {
      for (i = 0; i < hp->hp_outer->len; i++)
        {
          const GsmimeHeaderField *o = g_ptr_array_index (hp->hp_outer, i);
          if (!g_ascii_strcasecmp (o->name, f->name)
              && !strcmp (o->value, f->value))
            return TRUE;
        }
      return FALSE;
    }
  values = outer_values (outer, f->name);
  for (i = 0; i < values->len; i++)
    if (!strcmp (g_ptr_array_index (values, i), f->value))
      return TRUE;
  return FALSE;
}

/* Each protected field's protection (RFC 9788, 4.3.1).  */
static void
judge_fields (GsmimeProtectedHeaders *hp, GMimeMessage *outer)
{
  guint i;

  for (i = 0; i < hp->fields->len; i++)
    {
      GsmimeHeaderField *f = g_ptr_array_index (hp->fields, i);
      if (hp->level == GSMIME_HP_CIPHER && !left_outside (hp, outer, f))
        f->protection = hp->is_signed ? GSMIME_FIELD_SIGNED_AND_ENCRYPTED
                                      : GSMIME_FIELD_ENCRYPTED_ONLY;
      else
        f->protection = hp->is_signed ? GSMIME_FIELD_SIGNED_ONLY
                                      : GSMIME_FIELD_UNPROTECTED;
    }
}

/* The outer fields, as received, that are absent or differ from the
 * protected ones: one entry a field name, its first value.  */
static void
compare_outer (GsmimeProtectedHeaders *hp, GMimeMessage *outer)
{
  guint i;

  for (i = 0; i < hp->fields->len; i++)
    {
      const GsmimeHeaderField *f = g_ptr_array_index (hp->fields, i);
      g_autoptr (GPtrArray) values = NULL;
      const char *first;

      if (find_field (hp->differing, f->name)
          || find_field (hp->fields, f->name) != f)
        continue;
      values = outer_values (outer, f->name);
      first = values->len ? g_ptr_array_index (values, 0) : NULL;
      if (!first || strcmp (first, f->value))
        g_ptr_array_add (hp->differing,
                         field_new (f->name, g_strdup (first)));
    }
}

GsmimeProtectedHeaders *
gsmime_hp_read (GMimeObject *payload, GMimeMessage *outer,
                const GsmimePayloadFacts *facts, char **malformed)
{
  g_autoptr (GsmimeProtectedHeaders) hp = NULL;
  g_autofree char *why = NULL;
  g_autofree char *outer_from = NULL;
  GsmimeHpLevel claimed, level;
  GsmimeHpForm form;

  if (!payload || !claimed_level (payload, facts->encrypted, &claimed, &form))
    return NULL;
  level = trusted_level (claimed, facts);
  if (level == GSMIME_HP_NONE)
    return NULL;
  hp = g_new0 (GsmimeProtectedHeaders, 1);
  hp->level = level;
  hp->claimed = claimed;
  hp->form = form;
  hp->encrypted = facts->encrypted;
  hp->is_signed = facts->covered && good_signer (facts->signers, NULL);
  hp->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  hp->hp_outer = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  hp->differing = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  if (!collect_fields (payload, hp, &why))
    {
      if (malformed)
        *malformed = g_steal_pointer (&why);
      return NULL;
    }
  judge_fields (hp, outer);
  compare_outer (hp, outer);
  outer_from = gsmime_message_first_address (outer, "From");
  hp->from_unverified = hp->from_address && outer_from
                        && strcmp (hp->from_address, outer_from)
                        && !(facts->covered
                             && good_signer (facts->signers,
                                             hp->from_address));
  return g_steal_pointer (&hp);
}

gboolean
gsmime_hp_has_legacy_display (GMimeObject *part)
{
  const char *mark;

  if (!GMIME_IS_PART (part)
      || !(gsmime_object_is_type (part, "text", "plain")
           || gsmime_object_is_type (part, "text", "html")))
    return FALSE;
  mark = g_mime_object_get_content_type_parameter (part, "hp-legacy-display");
  return mark && !strcmp (mark, "1");
}

/* Whether the line [LINE, END) can belong to a Legacy Display Element:
 * a header field line "Name: value" or the continuation of one.  */
static gboolean
is_field_line (const char *line, const char *end, gboolean first)
{
  const char *colon;

  if (end <= line)
    return FALSE;
  if (!first && (*line == ' ' || *line == '\t'))
    return TRUE;
  colon = memchr (line, ':', (gsize) (end - line));
  return colon && is_field_name (line, colon - line);
}

char *
gsmime_legacy_display_strip_text (const char *text)
{
  const char *p = text;
  gboolean first = TRUE;

  while (TRUE)
    {
      const char *nl = strchr (p, '\n');
      const char *end = nl ? nl : p + strlen (p);

      if (end > p && end[-1] == '\r')
        end--;
      if (end == p)
        return g_strdup (first || !nl ? text : nl + 1);
      if (!nl || !is_field_line (p, end, first))
        return g_strdup (text);
      first = FALSE;
      p = nl + 1;
    }
}

/* The first "<div" at or after FROM whose tag names the class
 * header-protection-legacy-display, or NULL; *TAG_END is set past its
 * ">".  */
static const char *
find_legacy_div (const char *from, const char **tag_end)
{
  const char *p = from;

  while ((p = strstr (p, "<")))
    {
      const char *close = strchr (p, '>');
      g_autofree char *tag = NULL;

      if (!close)
        return NULL;
      tag = g_ascii_strdown (p, close - p);
      if (g_str_has_prefix (tag, "<div")
          && (tag[4] == ' ' || tag[4] == '\t' || tag[4] == '\n'
              || tag[4] == '\r')
          && strstr (tag, "header-protection-legacy-display"))
        {
          *tag_end = close + 1;
          return p;
        }
      p = close + 1;
    }
  return NULL;
}

/* Past the "</div>" that closes a div whose content starts at FROM,
 * counting the divs nested in it; NULL when it is never closed.  */
static const char *
div_end (const char *from)
{
  const char *p = from;
  int open = 1;

  while ((p = strchr (p, '<')))
    {
      if (!g_ascii_strncasecmp (p, "<div", 4))
        open++;
      else if (!g_ascii_strncasecmp (p, "</div", 5) && --open == 0)
        {
          const char *close = strchr (p, '>');
          return close ? close + 1 : NULL;
        }
      p++;
    }
  return NULL;
}

char *
gsmime_legacy_display_strip_html (const char *html)
{
  const char *tag_end = NULL;
  const char *start = find_legacy_div (html, &tag_end);
  const char *end = start ? div_end (tag_end) : NULL;

  if (!end)
    return g_strdup (html);
  return g_strdup_printf ("%.*s%s", (int) (start - html), html, end);
}
