/* cmd-harvest.c - "gsmime harvest": keep the certificates of every signed
 * message in files, Maildirs and mbox files, through one session. */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "i18n.h"

typedef struct
{
  GsmimeSession *session;
  gboolean dry_run;
  gboolean progress;     /* a line that rewrites itself, on a terminal */
  gboolean log_progress; /* --progress: a line per 1,000 messages */
  guint messages, unreadable, signed_messages, good, added;
  GHashTable *refused;   /* gsmime_refusal_code () -> count */
} Harvest;

/* Scripts and logs asked for --progress get a full line now and then
 * rather than the terminal's carriage returns.  */
#define LOG_PROGRESS_EVERY 1000

static void
show_progress (Harvest *h)
{
  if (h->log_progress && h->messages % LOG_PROGRESS_EVERY == 0)
    {
      fprintf (stderr, _("harvest: %u messages read, %u certificates added"),
               h->messages, h->added);
      fputc ('\n', stderr);
      fflush (stderr);
    }
  if (!h->progress)
    return;
  fputc ('\r', stderr);
  fprintf (stderr, _("harvest: %u messages read, %u certificates added"),
           h->messages, h->added);
}

static void
count_report (Harvest *h, GsmimeReport *report)
{
  guint i;

  if (report->is_signed)
    h->signed_messages++;
  if (report->is_signed && report->verdict->colour != GSMIME_RED)
    h->good++;
  h->added += report->harvested->len;
  for (i = 0; i < report->refused->len; i++)
    {
      const char *code =
        gsmime_refusal_code (g_ptr_array_index (report->refused, i));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (h->refused, code));
      g_hash_table_replace (h->refused, (char *) code,
                            GUINT_TO_POINTER (n + 1));
    }
}

static void
harvest_message (Harvest *h, GMimeMessage *message)
{
  g_autoptr (GsmimeReport) report = NULL;
  GsmimeReadFlags flags = GSMIME_READ_NO_DECRYPT
                          | (h->dry_run ? GSMIME_READ_HARVEST_DRY_RUN : 0);

  h->messages++;
  report = gsmime_read_message (h->session, message, flags, NULL);
  if (report)
    count_report (h, report);
  else
    h->unreadable++;
  show_progress (h);
}

/* An mbox holds many messages, each after a "From " line.  */
static void
harvest_mbox (Harvest *h, GMimeStream *stream)
{
  g_autoptr (GMimeParser) parser = g_mime_parser_new_with_stream (stream);

  g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);
  while (!g_mime_parser_eos (parser))
    {
      g_autoptr (GMimeMessage) message =
        g_mime_parser_construct_message (parser, NULL);
      if (!message)
        break;
      harvest_message (h, message);
    }
}

static gboolean
starts_with_from_line (GMimeStream *stream)
{
  char head[5] = "";
  gboolean mbox = g_mime_stream_read (stream, head, 5) == 5
                  && !memcmp (head, "From ", 5);

  g_mime_stream_reset (stream);
  return mbox;
}

static void
harvest_file (Harvest *h, const char *path)
{
  g_autoptr (GMimeStream) stream = gsmime_stream_for_input (path, NULL);
  g_autoptr (GMimeMessage) message = NULL;

  if (!stream)
    {
      h->unreadable++;
      return;
    }
  if (starts_with_from_line (stream))
    {
      harvest_mbox (h, stream);
      return;
    }
  message = gsmime_message_parse (stream, NULL);
  if (message)
    harvest_message (h, message);
  else
    {
      h->messages++;
      h->unreadable++;
    }
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Maildir folders (cur/, new/) and plain directories alike: every file
 * below, in name order so that runs are repeatable.  */
static void
harvest_path (Harvest *h, const char *path)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = NULL;
  const char *name;
  guint i;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      harvest_file (h, path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (!dir)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.' && strcmp (name, "tmp"))
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (i = 0; i < names->len; i++)
    harvest_path (h, *(char **) &names->pdata[i]);
}

static void
print_summary (Harvest *h)
{
  GHashTableIter iter;
  gpointer reason, count;

  if (h->progress)
    fputc ('\n', stderr);
  printf (_("messages read: %u\nunreadable: %u\nsigned: %u\n"
            "signatures good: %u\n"),
          h->messages, h->unreadable, h->signed_messages, h->good);
  printf (h->dry_run ? _("certificates that would be added: %u\n")
                     : _("certificates added: %u\n"), h->added);
  g_hash_table_iter_init (&iter, h->refused);
  while (g_hash_table_iter_next (&iter, &reason, &count))
    printf (_("certificates refused (%s): %u\n"), (char *) reason,
            GPOINTER_TO_UINT (count));
}

int
cmd_harvest (int argc, char **argv)
{
  g_auto (CliCommon) common = { 0 };
  Harvest h = { 0 };
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &h.dry_run,
      N_("Report what would be kept, keep nothing"), NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &h.log_progress,
      N_("Print a progress line every 1,000 messages, also when standard "
         "error is not a terminal"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("PATH... - keep the certificates of signed mail in files, Maildirs "
      "and mbox files"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = NULL;
  /* The codes are static strings of the table of reasons.  */
  g_autoptr (GHashTable) refused = g_hash_table_new (g_str_hash, g_str_equal);
  int i;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  cli_add_common (context, &common);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage (context, error->message);
  if (argc < 2)
    return cli_usage (context, _("Name at least one file or folder."));
  session = cli_session (&common, &error);
  if (!session)
    return cli_fail (error);
  h.session = session;
  h.refused = refused;
  h.progress = !h.log_progress && isatty (STDERR_FILENO);
  for (i = 1; i < argc; i++)
    harvest_path (&h, argv[i]);
  print_summary (&h);
  return EXIT_OK;
}
