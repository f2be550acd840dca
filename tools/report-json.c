/* report-json.c - the reader's view of a message, for scripts. */
#include <json-glib/json-glib.h>
#include "report.h"

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
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, r->code);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, gsmime_colour_name (r->colour));
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, r->text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_signer (JsonBuilder *b, const GsmimeSigner *s)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, s->email);
  json_builder_set_member_name (b, "fingerprint");
  json_builder_add_string_value (b, s->fingerprint);
  json_builder_set_member_name (b, "subject");
  json_builder_add_string_value (b, s->subject);
  json_builder_set_member_name (b, "signing_time");
  json_builder_add_int_value (b, s->signing_time);
  json_builder_set_member_name (b, "digest");
  json_builder_add_string_value (b, gpgme_hash_algo_name (s->hash_algo));
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, gsmime_colour_name (s->verdict->colour));
  add_reason_codes (b, s->verdict);
  add_reasons (b, s->verdict);
  json_builder_end_object (b);
}

static void
add_bool (JsonBuilder *b, const char *name, gboolean value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

void
report_print_json (const GsmimeReport *report, const char *headline,
                   FILE *out)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint i;

  json_builder_begin_object (b);
  add_bool (b, "encrypted", report->encrypted);
  add_bool (b, "decrypted", report->decrypted);
  add_bool (b, "signed", report->is_signed);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, gsmime_colour_name (report->verdict->colour));
  json_builder_set_member_name (b, "headline");
  json_builder_add_string_value (b, headline);
  add_reason_codes (b, report->verdict);
  add_reasons (b, report->verdict);
  json_builder_set_member_name (b, "signers");
  json_builder_begin_array (b);
  for (i = 0; i < report->signers->len; i++)
    add_signer (b, g_ptr_array_index (report->signers, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "body");
  json_builder_add_string_value (b, report->body);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  fprintf (out, "%s\n", text);
}
