/* cmd-harvest.c - "gsmime harvest": keep the certificates of every signed
 * message in files, Maildirs and mbox files, through one session per
 * core over one walk of the archive. */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "i18n.h"

/* Each job is a session with two gpgsm servers of its own (crypto and
 * key listing); more than this is a mistake, not a larger machine.  */
#define JOBS_MAX 64

/* The walk runs ahead of the sessions by at most this many messages per
 * job: enough that no session waits for the walk, few enough that the
 * messages of an mbox, parsed ahead into memory, stay few.  */
#define QUEUE_PER_JOB 4

/* Scripts and logs asked for --progress get a full line now and then
 * rather than the terminal's carriage returns.  */
#define LOG_PROGRESS_EVERY 1000

/* One message for a session: a file of one message, opened by the
 * walk, or a message of an mbox, parsed by the walk.  SEQ is its place
 * in the walk, in which harvesting decides (harvest-order.h).  */
typedef struct
{
  guint64 seq;
  GMimeStream *stream;
  GMimeMessage *message;
} Item;

typedef struct
{
  gboolean dry_run;
  gboolean progress;     /* a line that rewrites itself, on a terminal */
  gboolean log_progress; /* --progress: a line per 1,000 messages */
  GsmimeHarvestOrder *order;

  /* Under LOCK: the queue from the walk to the sessions, and the counts
   * of all sessions, merged as each message is done.  */
  GMutex lock;
  GCond changed;         /* the queue gained or lost an item, or ended */
  GQueue queue;
  guint capacity;
  gboolean walked;
  guint64 next_seq;
  guint messages, unreadable, signed_messages, good, added;
  GHashTable *refused;   /* gsmime_refusal_code () -> count */
} Harvest;

typedef struct
{
  Harvest *h;
  GsmimeSession *session;
  GThread *thread;
} Worker;

static void
item_free (Item *item)
{
  g_clear_object (&item->stream);
  g_clear_object (&item->message);
  g_free (item);
}

/* ---- counting and progress: one place for all sessions ---- */

/* Called with H->lock held, by whichever session finished a message: the
 * one progress line shows the counts of all.  */
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

/* Adds one message to the counts; REPORT NULL: it could not be read.  */
static void
count_message (Harvest *h, GsmimeReport *report)
{
  guint i;

  g_mutex_lock (&h->lock);
  h->messages++;
  if (!report)
    h->unreadable++;
  if (report && report->is_signed)
    h->signed_messages++;
  if (report && report->is_signed && report->verdict->colour != GSMIME_RED)
    h->good++;
  if (report)
    h->added += report->harvested->len;
  for (i = 0; report && i < report->refused->len; i++)
    {
      const char *code =
        gsmime_refusal_code (g_ptr_array_index (report->refused, i));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (h->refused, code));
      g_hash_table_replace (h->refused, (char *) code,
                            GUINT_TO_POINTER (n + 1));
    }
  show_progress (h);
  g_mutex_unlock (&h->lock);
}

/* A file that cannot even be opened is no message read.  */
static void
count_unopened (Harvest *h)
{
  g_mutex_lock (&h->lock);
  h->unreadable++;
  g_mutex_unlock (&h->lock);
}

/* ---- the sessions ---- */

/* The next item of the walk, waiting for one; NULL once the walk is
 * over and the queue empty.  */
static Item *
next_item (Harvest *h)
{
  Item *item;

  g_mutex_lock (&h->lock);
  while (g_queue_is_empty (&h->queue) && !h->walked)
    g_cond_wait (&h->changed, &h->lock);
  item = g_queue_pop_head (&h->queue);
  if (item)
    g_cond_broadcast (&h->changed);
  g_mutex_unlock (&h->lock);
  return item;
}

static void
harvest_item (Worker *w, Item *item)
{
  GsmimeReadFlags flags = GSMIME_READ_NO_DECRYPT
                          | (w->h->dry_run ? GSMIME_READ_HARVEST_DRY_RUN : 0);
  g_autoptr (GMimeMessage) message = NULL;
  g_autoptr (GsmimeReport) report = NULL;

  if (item->message)
    message = g_object_ref (item->message);
  else
    message = gsmime_message_parse (item->stream, NULL);
  /* A message the session cannot read (its gpgsm gone, a signature it
   * cannot parse) is counted here, once; the session goes on with the
   * next one, and the others never knew.  */
  if (message)
    report = gsmime_read_message (w->session, message, flags, NULL);
  count_message (w->h, report);
}

static gpointer
work (gpointer data)
{
  Worker *w = data;
  Item *item;

  while ((item = next_item (w->h)))
    {
      gsmime_harvest_order_message (w->session, item->seq);
      harvest_item (w, item);
      /* Whatever became of it: later messages waiting for their turn
       * must not wait for this one.  */
      gsmime_harvest_order_done (w->h->order, item->seq);
      item_free (item);
    }
  return NULL;
}

/* ---- the walk ---- */

/* Hands ITEM to the sessions, numbered in the order of the walk, waiting
 * while the queue is full.  */
static void
hand_out (Harvest *h, Item *item)
{
  g_mutex_lock (&h->lock);
  while (g_queue_get_length (&h->queue) >= h->capacity)
    g_cond_wait (&h->changed, &h->lock);
  item->seq = h->next_seq++;
  g_queue_push_tail (&h->queue, item);
  g_cond_broadcast (&h->changed);
  g_mutex_unlock (&h->lock);
}

/* An mbox holds many messages, each after a "From " line.  Its messages
 * are handed out one by one, not the file whole: an archive is often one
 * big mbox, which would otherwise keep one session busy and the others
 * idle.  The walk parses them, which is quick beside verifying, and the
 * parser copies each message out of the file (no persistent stream), so
 * that the sessions never read the one file the walk reads on.  */
static void
walk_mbox (Harvest *h, GMimeStream *stream)
{
  g_autoptr (GMimeParser) parser = g_mime_parser_new_with_stream (stream);

  g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);
  g_mime_parser_set_persist_stream (parser, FALSE);
  while (!g_mime_parser_eos (parser))
    {
      Item *item = g_new0 (Item, 1);

      item->message = g_mime_parser_construct_message (parser, NULL);
      if (!item->message)
        {
          item_free (item);
          break;
        }
      hand_out (h, item);
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
walk_file (Harvest *h, const char *path)
{
  g_autoptr (GMimeStream) stream = gsmime_stream_for_input (path, NULL);
  Item *item;

  if (!stream)
    {
      count_unopened (h);
      return;
    }
  if (starts_with_from_line (stream))
    {
      walk_mbox (h, stream);
      return;
    }
  item = g_new0 (Item, 1);
  item->stream = g_steal_pointer (&stream);
  hand_out (h, item);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Maildir folders (cur/, new/) and plain directories alike: every file
 * below, in name order, so that runs are repeatable: the sessions decide
 * what to keep in this order, however many there are.  */
static void
walk_path (Harvest *h, const char *path)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = NULL;
  const char *name;
  guint i;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      walk_file (h, path);
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
    walk_path (h, *(char **) &names->pdata[i]);
}

static void
end_walk (Harvest *h)
{
  g_mutex_lock (&h->lock);
  h->walked = TRUE;
  g_cond_broadcast (&h->changed);
  g_mutex_unlock (&h->lock);
}

/* ---- the command ---- */

static gint
compare_codes (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The summary prints no line per message, so nothing depends on which
 * session read what; the refusals come sorted by their code, the same
 * however the sessions' counts were merged.  */
static void
print_summary (Harvest *h)
{
  g_autofree gpointer *codes = NULL;
  guint n, i;

  if (h->progress)
    fputc ('\n', stderr);
  printf (_("messages read: %u\nunreadable: %u\nsigned: %u\n"
            "signatures good: %u\n"),
          h->messages, h->unreadable, h->signed_messages, h->good);
  printf (h->dry_run ? _("certificates that would be added: %u\n")
                     : _("certificates added: %u\n"), h->added);
  codes = g_hash_table_get_keys_as_array (h->refused, &n);
  qsort (codes, n, sizeof *codes, compare_codes);
  for (i = 0; i < n; i++)
    printf (_("certificates refused (%s): %u\n"), (char *) codes[i],
            GPOINTER_TO_UINT (g_hash_table_lookup (h->refused, codes[i])));
}

/* The number of sessions --jobs asks for, or the number of cores when it
 * is not given; FALSE with ERROR for anything but a number from 1 to
 * JOBS_MAX.  */
static gboolean
parse_jobs (const char *arg, guint *jobs, GError **error)
{
  guint64 n;

  if (!arg)
    {
      *jobs = CLAMP (g_get_num_processors (), 1, JOBS_MAX);
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (arg, 10, 1, JOBS_MAX, &n, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--jobs takes a number of sessions from 1 to %d, not "
                     "\"%s\""), JOBS_MAX, arg);
      return FALSE;
    }
  *jobs = (guint) n;
  return TRUE;
}

/* JOBS sessions, each joined to H's order, each with a thread of its
 * own waiting for the walk.  Errors: those of cli_session.  */
static Worker *
start_workers (Harvest *h, const CliCommon *common, guint jobs,
               GError **error)
{
  Worker *workers = g_new0 (Worker, jobs);
  guint i;

  for (i = 0; i < jobs; i++)
    {
      workers[i].h = h;
      workers[i].session = cli_session (common, error);
      if (!workers[i].session)
        break;
      gsmime_harvest_order_join (h->order, workers[i].session);
    }
  if (i < jobs)
    {
      while (i--)
        gsmime_session_free (workers[i].session);
      g_free (workers);
      return NULL;
    }
  for (i = 0; i < jobs; i++)
    workers[i].thread = g_thread_new ("harvest", work, &workers[i]);
  return workers;
}

static void
join_workers (Worker *workers, guint jobs)
{
  guint i;

  for (i = 0; i < jobs; i++)
    {
      g_thread_join (workers[i].thread);
      gsmime_session_free (workers[i].session);
    }
  g_free (workers);
}

int
cmd_harvest (int argc, char **argv)
{
  g_auto (CliCommon) common = { 0 };
  Harvest h = { 0 };
  g_autofree char *jobs_arg = NULL;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &h.dry_run,
      N_("Report what would be kept, keep nothing"), NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &h.log_progress,
      N_("Print a progress line every 1,000 messages, also when standard "
         "error is not a terminal"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_STRING, &jobs_arg,
      N_("Read with N sessions side by side (default: one per core)"),
      N_("N") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("PATH... - keep the certificates of signed mail in files, Maildirs "
      "and mbox files"));
  g_autoptr (GError) error = NULL;
  /* The codes are static strings of the table of reasons.  */
  g_autoptr (GHashTable) refused = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GsmimeHarvestOrder) order = gsmime_harvest_order_new ();
  Worker *workers;
  guint jobs;
  int i;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  cli_add_common (context, &common);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || !parse_jobs (jobs_arg, &jobs, &error))
    return cli_usage (context, error->message);
  if (argc < 2)
    return cli_usage (context, _("Name at least one file or folder."));
  h.refused = refused;
  h.order = order;
  h.capacity = jobs * QUEUE_PER_JOB;
  h.progress = !h.log_progress && isatty (STDERR_FILENO);
  g_mutex_init (&h.lock);
  g_cond_init (&h.changed);
  workers = start_workers (&h, &common, jobs, &error);
  if (!workers)
    return cli_fail (error);
  for (i = 1; i < argc; i++)
    walk_path (&h, argv[i]);
  end_walk (&h);
  /* The sessions leave the order before it goes.  */
  join_workers (workers, jobs);
  print_summary (&h);
  g_cond_clear (&h.changed);
  g_mutex_clear (&h.lock);
  return EXIT_OK;
}
