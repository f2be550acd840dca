/* report-json.c - the reader's view of a message, for scripts. */
#include "json-out.h"
#include "report.h"
#include "cli.h"

static void
add_reason_codes (JsonBuilder *b, const GsmimeVerdict *verdict)
{
  guint i;

  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (i = 0; i < verdict->reasons->len; i++)
    {
      const GsmimeReason *r = g_ptr_array_index (verdict->reasons, i);
      json_builder_add_string_value (b, r->code);
    }
  json_builder_end_array (b);
}

static void
add_reasons (JsonBuilder *b, const GsmimeVerdict *verdict)
{
  guint i;

  json_builder_set_member_name (b, "details");
  json_builder_begin_array (b);
  for (i = 0; i < verdict->reasons->len; i++)
    {
      const GsmimeReason *r = g_ptr_array_index (verdict->reasons, i);
      g_autofree char *text = cli_reason_text (r, FALSE);
      json_builder_begin_object (b);
      json_member_string (b, "code", r->code);
      json_member_string (b, "status", gsmime_colour_name (r->colour));
      json_member_string (b, "text", text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_signer (JsonBuilder *b, const GsmimeSigner *s)
{
  json_builder_begin_object (b);
  json_member_string (b, "email", s->email);
  json_member_string (b, "fingerprint", s->fingerprint);
  json_member_string (b, "subject", s->subject);
  json_member_int (b, "signing_time", s->signing_time);
  json_member_string (b, "digest", gpgme_hash_algo_name (s->hash_algo));
  json_member_string (b, "status", gsmime_colour_name (s->verdict->colour));
  add_reason_codes (b, s->verdict);
  add_reasons (b, s->verdict);
  json_builder_end_object (b);
}

/* FIELDS (GsmimeHeaderField*) as one object from field name to value; a
 * name that occurs more than once has its values joined by ", ".  */
static void
add_fields (JsonBuilder *b, const char *member, const GPtrArray *fields)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  guint i, j;

  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  for (i = 0; fields && i < fields->len; i++)
    {
      const GsmimeHeaderField *f = g_ptr_array_index (fields, i);
      g_autoptr (GString) value = NULL;
      gboolean seen = FALSE;

      for (j = 0; j < names->len && !seen; j++)
        seen = !g_ascii_strcasecmp (g_ptr_array_index (names, j), f->name);
      if (seen)
        continue;
      g_ptr_array_add (names, f->name);
      value = g_string_new (NULL);
      for (j = i; j < fields->len; j++)
        {
          const GsmimeHeaderField *g = g_ptr_array_index (fields, j);
          if (g_ascii_strcasecmp (g->name, f->name))
            continue;
          g_string_append_printf (value, "%s%s", value->len ? ", " : "",
                                  g->value);
        }
      json_member_string (b, f->name, value->str);
    }
  json_builder_end_object (b);
}

/* What the message's protected header fields say (RFC 9788).  */
static void
add_protected_headers (JsonBuilder *b, const GsmimeProtectedHeaders *hp)
{
  add_fields (b, "protected_headers", hp ? hp->fields : NULL);
  add_fields (b, "hp_outer", hp ? hp->hp_outer : NULL);
  json_member_string (b, "header_protection",
                      gsmime_hp_level_name (hp ? hp->level : GSMIME_HP_NONE));
}

void
report_print_json (const GsmimeReport *report, const char *headline,
                   FILE *out)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint i;

  json_builder_begin_object (b);
  json_member_bool (b, "encrypted", report->encrypted);
  json_member_bool (b, "decrypted", report->decrypted);
  json_member_bool (b, "signed", report->is_signed);
  json_member_string (b, "status", gsmime_colour_name (report->verdict->colour));
  json_member_string (b, "headline", headline);
  add_reason_codes (b, report->verdict);
  add_reasons (b, report->verdict);
  json_builder_set_member_name (b, "signers");
  json_builder_begin_array (b);
  for (i = 0; i < report->signers->len; i++)
    add_signer (b, g_ptr_array_index (report->signers, i));
  json_builder_end_array (b);
  add_protected_headers (b, report->protected_headers);
  json_member_string (b, "body", report->body);
  json_builder_end_object (b);
  json_print (b, out);
}
