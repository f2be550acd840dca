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
  json_member_string (b, "body", report->body);
  json_builder_end_object (b);
  json_print (b, out);
}
