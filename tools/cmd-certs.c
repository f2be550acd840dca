/* cmd-certs.c - "gsmime certs": what is in the keybox and whether it can
 * be relied on. */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include "json-out.h"
#include "cli.h"
#include "i18n.h"
#include "gsmime.h"

static char *
format_date (gint64 t)
{
  g_autoptr (GDateTime) dt = t ? g_date_time_new_from_unix_utc (t) : NULL;

  return dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("-");
}

static const char *
revocation_name (GsmimeRevokedState state)
{
  switch (state)
    {
    case GSMIME_REVOKED_NO: return "good";
    case GSMIME_REVOKED_YES: return "revoked";
    case GSMIME_REVOKED_UNKNOWN: return "unknown";
    case GSMIME_REVOKED_UNCHECKED: break;
    }
  return "unchecked";
}

/* "revocation: good, checked with the OCSP responder URL at TIME"; the
 * state is left out where the sentence says it all (not checked, cannot
 * be revoked).  */
static void
print_revocation (const GsmimeRevocation *r)
{
  g_autofree char *done = gsmime_revocation_explain (r);

  if (r->source == GSMIME_REVOCATION_SOURCE_OFF
      || (r->source == GSMIME_REVOCATION_SOURCE_NONE
          && r->state == GSMIME_REVOKED_NO))
    printf (_("  revocation: %s\n"), done);
  else
    printf (_("  revocation: %s, %s\n"), revocation_name (r->state), done);
}

static void
print_text (const GsmimeCertInfo *c)
{
  g_autofree char *from = format_date (c->not_before);
  g_autofree char *to = format_date (c->expires);
  g_autofree char *emails = g_strjoinv (",", c->emails);
  const GsmimeReason *why = gsmime_verdict_main_reason (c->verdict);

  printf ("[%s] %s  %s\n", gsmime_colour_name (c->verdict->colour),
          *emails ? emails : "-", c->subject);
  printf (_("  %s  valid %s to %s  use:%s%s%s%s\n"), c->fingerprint, from, to,
          c->can_sign ? _(" sign") : "", c->can_encrypt ? _(" encrypt") : "",
          c->is_ca ? _(" CA") : "", c->has_secret ? _("  secret key") : "");
  if (why)
    {
      g_autofree char *text = cli_reason_text (why, FALSE);
      printf ("  %s: %s\n", why->code, text);
    }
  if (c->revocation_answer)
    print_revocation (c->revocation_answer);
}

/* The candidate for FPR among CANDS, or NULL.  */
static const GsmimeCandidate *
candidate_of (const GsmimeCandidates *cands, const char *fpr)
{
  guint i;

  for (i = 0; cands && i < cands->candidates->len; i++)
    {
      const GsmimeCandidate *c = g_ptr_array_index (cands->candidates, i);
      if (!strcmp (c->key->fpr, fpr))
        return c;
    }
  return NULL;
}

/* Where the revocation answer came from, and the sentence that says
 * what was done.  */
static void
add_revocation_json (JsonBuilder *b, const GsmimeRevocation *r)
{
  g_autofree char *done = gsmime_revocation_explain (r);

  json_member_string (b, "revocation_source",
                      gsmime_revocation_source_name (r->source));
  if (r->url)
    json_member_string (b, "revocation_url", r->url);
  json_member_string (b, "revocation_text", done);
}

static void
add_json (JsonBuilder *b, const GsmimeCertInfo *c,
          const GsmimeCandidates *cands)
{
  const GsmimeCandidate *cand = candidate_of (cands, c->fingerprint);
  char **e;

  json_builder_begin_object (b);
  json_member_string (b, "fingerprint", c->fingerprint);
  json_member_string (b, "subject", c->subject);
  json_member_string (b, "issuer", c->issuer);
  json_builder_set_member_name (b, "emails");
  json_builder_begin_array (b);
  for (e = c->emails; *e; e++)
    json_builder_add_string_value (b, *e);
  json_builder_end_array (b);
  json_member_int (b, "not_before", c->not_before);
  json_member_int (b, "expires", c->expires);
  json_member_bool (b, "can_sign", c->can_sign);
  json_member_bool (b, "can_encrypt", c->can_encrypt);
  json_member_bool (b, "is_ca", c->is_ca);
  json_member_bool (b, "has_secret", c->has_secret);
  json_member_string (b, "revocation", c->revocation_checked
                                    ? revocation_name (c->revocation)
                                    : "unchecked");
  json_member_int (b, "revocation_checked", c->revocation_checked);
  if (c->revocation_answer)
    add_revocation_json (b, c->revocation_answer);
  json_member_string (b, "status", gsmime_colour_name (c->verdict->colour));
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->verdict->reasons->len; i++)
    json_builder_add_string_value (
      b, ((GsmimeReason *) c->verdict->reasons->pdata[i])->code);
  json_builder_end_array (b);
  if (cand)
    {
      json_member_string (b, "source", gsmime_cert_source_name (cand->source));
      json_member_string (b, "origin", cand->origin);
      json_member_bool (b, "pinned", cand->pinned);
      json_member_bool (b, "chosen", cand == cands->chosen);
      if (cand == cands->chosen)
        json_member_string (b, "chosen_because", cands->reason_code);
    }
  json_builder_end_object (b);
}

static void
print_json (GPtrArray *certs, const GsmimeCandidates *cands)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < certs->len; i++)
    add_json (b, g_ptr_array_index (certs, i), cands);
  json_builder_end_array (b);
  json_print (b, stdout);
}

/* For "gsmime certs ADDRESS": where each certificate for the address
 * came from, and which one encryption would choose, and why.  */
static void
print_choice (const GsmimeCandidates *cands)
{
  guint i;

  printf (_("Candidates for %s:\n"), cands->address);
  for (i = 0; i < cands->candidates->len; i++)
    {
      const GsmimeCandidate *c = g_ptr_array_index (cands->candidates, i);
      printf ("  %s  %s%s%s%s\n", c->key->fpr, c->origin,
              c->pinned ? _(", pinned") : "",
              c->usable ? "" : _(", not usable"),
              c == cands->chosen ? _("  [chosen]") : "");
    }
  if (cands->chosen)
    printf (_("Chosen for %s: %s (%s)\n"), cands->address,
            cands->chosen->key->fpr, cands->reason);
  else
    printf (_("Chosen for %s: none (%s)\n"), cands->address, cands->reason);
}

/* A pattern that is a bare address asks about one recipient.  */
static gboolean
is_address (const char *pattern)
{
  return pattern && strchr (pattern, '@') && !strpbrk (pattern, "<> /");
}

/* Keeps the user's own certificates that end within DAYS days.  */
static void
keep_expiring (GPtrArray *certs, int days)
{
  gint64 limit = g_get_real_time () / G_USEC_PER_SEC + (gint64) days * 86400;
  guint i = 0;

  while (i < certs->len)
    {
      GsmimeCertInfo *c = g_ptr_array_index (certs, i);
      if (c->has_secret && c->expires && c->expires <= limit)
        i++;
      else
        g_ptr_array_remove_index (certs, i);
    }
}

int
cmd_certs (int argc, char **argv)
{
  g_auto (CliCommon) common = { 0 };
  gboolean json = FALSE;
  int expiring = -1;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array instead of text"), NULL },
    { "expiring", 0, 0, G_OPTION_ARG_INT, &expiring,
      N_("Only your own certificates that expire within DAYS days"),
      N_("DAYS") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("[PATTERN] - list certificates with their status"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  g_autoptr (GPtrArray) certs = NULL;
  g_autoptr (GsmimeCandidates) cands = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  cli_add_common (context, &common);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc > 2)
    return cli_usage (context, _("Give at most one pattern."));
  session = cli_session (&common, &error);
  if (session)
    certs = gsmime_certs_list (session, argc == 2 ? argv[1] : NULL, &error);
  if (certs && argc == 2 && is_address (argv[1]) && expiring < 0)
    cands = gsmime_recipient_candidates (session, argv[1], &error);
  if (!certs || error)
    return cli_fail (error);
  if (expiring >= 0)
    keep_expiring (certs, expiring);
  if (json)
    print_json (certs, cands);
  else
    for (guint i = 0; i < certs->len; i++)
      print_text (g_ptr_array_index (certs, i));
  if (!json && cands)
    print_choice (cands);
  return EXIT_OK;
}
