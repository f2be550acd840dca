/* cmd-doctor.c - "gsmime doctor": the engine gsmime runs on, and what
 * it can and cannot do. */
#include <config.h>
#include <stdio.h>
#include "cli.h"
#include "gsmime.h"
#include "i18n.h"
#include "json-out.h"

static const char *const programs[] = { "gpgsm", "dirmngr", "libksba" };

/* The versions in the order of PROGRAMS.  */
static void
versions_of (const GsmimeEngineVersions *v, const char *out[3])
{
  out[0] = v->gpgsm;
  out[1] = v->dirmngr;
  out[2] = v->ksba;
}

static void
print_text (const GsmimeEngineVersions *v)
{
  const char *version[3];
  guint i;

  versions_of (v, version);
  for (i = 0; i < G_N_ELEMENTS (programs); i++)
    printf ("%-8s %s\n", programs[i],
            version[i] ? version[i] : _("not found"));
  printf (_("\nWhat this engine can do:\n"));
  for (i = 0; i < GSMIME_CAN_COUNT; i++)
    {
      gboolean can = gsmime_engine_versions_can (v, i);

      /* TRANSLATORS: "[yes] decrypt ..." and "[no] decrypt ... (gpgsm
       * 2.2.42 or later)"; keep the brackets.  */
      printf (can ? _("  [yes] %s\n") : _("  [no]  %s (%s)\n"),
              gsmime_capability_describe (i), gsmime_capability_since (i));
    }
}

static void
print_json (const GsmimeEngineVersions *v)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const char *version[3];
  guint i;

  versions_of (v, version);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "versions");
  json_builder_begin_object (b);
  for (i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      json_builder_set_member_name (b, programs[i]);
      if (version[i])
        json_builder_add_string_value (b, version[i]);
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "capabilities");
  json_builder_begin_array (b);
  for (i = 0; i < GSMIME_CAN_COUNT; i++)
    {
      json_builder_begin_object (b);
      json_member_string (b, "name", gsmime_capability_name (i));
      json_member_bool (b, "available", gsmime_engine_versions_can (v, i));
      json_member_string (b, "text", gsmime_capability_describe (i));
      json_member_string (b, "since", gsmime_capability_since (i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_print (b, stdout);
}

int
cmd_doctor (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("print the versions and capabilities as JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("- the versions of gpgsm, dirmngr and libksba, and what they can "
      "do"));
  g_autoptr (GError) error = NULL;
  const GsmimeEngineVersions *versions;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc != 1)
    return cli_usage (context, _("No arguments are taken."));
  versions = gsmime_engine_versions ();
  if (json)
    print_json (versions);
  else
    print_text (versions);
  return versions->gpgsm ? EXIT_OK : EXIT_FAILURE_GPG;
}
