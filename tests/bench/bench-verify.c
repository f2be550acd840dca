/* bench-verify.c - how fast gsmime reads signed mail, against the floor
 * that GPGME and gpgsm set.
 *
 * Not part of `make check`: tests/bench/run.sh builds and runs it by hand.
 *
 *   bench-verify session DIR   Opens one GsmimeSession and reads every
 *                              DIR/ *.eml the way `gsmime show` does
 *                              (gsmime_stream_for_input,
 *                              gsmime_message_parse, gsmime_read_message),
 *                              without printing.
 *   bench-verify bare DIR      The floor: one GPGME CMS context and nothing
 *                              but gpgme_op_verify over every DIR/ *.sig
 *                              with its DIR/ *.data, both loaded into memory
 *                              before the clock starts.
 *                              gpgsm is the one the core runs: $GSMIME_GPGSM
 *                              (common/gsmime-gpgsm, no CRL checks in
 *                              gpgsm) when set, else gpgsm as installed.
 *   bench-verify bare-crl DIR  The bare loop on plain gpgsm as installed,
 *                              whatever $GSMIME_GPGSM says: gpgsm asks
 *                              dirmngr about the CRLs for every signature
 *                              (what the wrapper saves).
 *   bench-verify bare-locale DIR
 *                              The bare loop with the locale told to
 *                              GPGME as common/session.c tells it
 *                              (gpgme_set_locale (NULL, ...)): GPGME then
 *                              sends OPTION lc-ctype and OPTION lc-messages
 *                              to gpgsm before every operation.
 *   bench-verify session-nolocale DIR
 *                              The session mode with the locale cleared on
 *                              the session's crypto context: what the
 *                              session would cost without those two round
 *                              trips.
 *   bench-verify show FILE     Reads one message like `gsmime show` and
 *                              reports this process's own peak resident
 *                              memory (VmHWM), which /usr/bin/time cannot
 *                              tell apart from the gpgsm child's.
 *
 * The first message is read once before the clock starts, so that
 * starting gpgsm, the agent and dirmngr and fetching the CRLs count as
 * start-up and not as throughput.  Each mode prints one line of
 * key=value pairs; run.sh parses it.  Besides the wall clock it reports
 * CPU time during the loop, which the machine's load disturbs much less:
 * cpu_self_ms for this process and cpu_child_ms for the gpgsm servers
 * GPGME started for it.  GPGME starts them detached (their parent is
 * init), so they are found in /proc by a variable this process puts in
 * their environment, GSMIME_BENCH_PARENT=PID.  gpg-agent's share is in
 * neither.
 */
#include <config.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include "common/gsmime.h"

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static GPtrArray *
list_files (const char *dir, const char *suffix)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (!d)
    {
      fprintf (stderr, "bench-verify: %s\n", error->message);
      exit (2);
    }
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, suffix))
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, compare_names);
  if (!names->len)
    {
      fprintf (stderr, "bench-verify: no *%s files in %s\n", suffix, dir);
      exit (2);
    }
  return names;
}

/* Reads one message as `gsmime show` does.  Returns its colour, or -1 on
 * an error.  */
static int
read_one (GsmimeSession *session, const char *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMimeStream) stream = gsmime_stream_for_input (file, &error);
  g_autoptr (GMimeMessage) message = NULL;
  g_autoptr (GsmimeReport) report = NULL;

  if (stream)
    message = gsmime_message_parse (stream, &error);
  if (message)
    report = gsmime_read_message (session, message, GSMIME_READ_DEFAULT,
                                  &error);
  if (!report)
    {
      fprintf (stderr, "bench-verify: %s: %s\n", file, error->message);
      return -1;
    }
  return report->verdict->colour;
}

/* CPU time (user + system) in milliseconds of WHO.  */
static double
cpu_ms (int who)
{
  struct rusage ru;

  getrusage (who, &ru);
  return ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3
         + ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
}

/* Tags the gpgsm servers that GPGME will start for this process.  */
static void
tag_children (void)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());

  g_setenv ("GSMIME_BENCH_PARENT", pid, TRUE);
}

/* CPU time (user + system) in milliseconds of the live gpgsm processes
 * tagged by tag_children.  */
static double
gpgsm_cpu_ms (void)
{
  g_autofree char *tag = g_strdup_printf ("GSMIME_BENCH_PARENT=%d",
                                          (int) getpid ());
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  double total = 0;
  long tick = sysconf (_SC_CLK_TCK);

  while (proc && (name = g_dir_read_name (proc)))
    {
      g_autofree char *comm = NULL, *env = NULL, *stat = NULL;
      g_autofree char *path = NULL;
      gsize len, off;
      gboolean mine = FALSE;
      const char *p;
      unsigned long ut, st;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "comm", NULL);
      if (!g_file_get_contents (path, &comm, NULL, NULL)
          || strcmp (g_strstrip (comm), "gpgsm"))
        continue;
      g_free (path);
      path = g_build_filename ("/proc", name, "environ", NULL);
      if (!g_file_get_contents (path, &env, &len, NULL))
        continue;
      for (off = 0; off < len && !mine; off += strlen (env + off) + 1)
        mine = !strcmp (env + off, tag);
      g_free (path);
      path = g_build_filename ("/proc", name, "stat", NULL);
      if (!mine || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* Fields 14 and 15, counted after the ")" that ends the name.  */
      p = strrchr (stat, ')');
      if (p && sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
                       "%lu %lu", &ut, &st) == 2)
        total += (ut + st) * 1e3 / tick;
    }
  return total;
}

static void
print_rate (const char *mode, guint n, guint good, gint64 usec,
            double cpu_self, double cpu_gpgsm)
{
  double s = usec / 1e6;

  printf ("mode=%s messages=%u good=%u seconds=%.4f rate=%.1f "
          "ms_per_message=%.4f cpu_self_ms=%.1f cpu_child_ms=%.1f\n", mode,
          n, good, s, n / s, 1e3 * s / n, cpu_self, cpu_gpgsm);
}

static int
run_session (const char *dir, gboolean no_locale)
{
  g_autoptr (GPtrArray) files = list_files (dir, ".eml");
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = gsmime_session_new (NULL, &error);
  guint i, good = 0;
  gint64 start, usec;
  double cpu0, cpu, gcpu0;

  if (!session)
    {
      fprintf (stderr, "bench-verify: %s\n", error->message);
      return 2;
    }
  if (no_locale)
    {
      /* The context has no engine yet, so this takes effect for every
       * operation; gpgsm still learns the locale from its environment.  */
      gpgme_ctx_t ctx = gsmime_session_crypto_ctx (session);
      gpgme_set_locale (ctx, LC_CTYPE, NULL);
      gpgme_set_locale (ctx, LC_MESSAGES, NULL);
    }
  if (read_one (session, g_ptr_array_index (files, 0)) < 0)
    return 1;

  cpu0 = cpu_ms (RUSAGE_SELF);
  gcpu0 = gpgsm_cpu_ms ();
  start = g_get_monotonic_time ();
  for (i = 0; i < files->len; i++)
    if (read_one (session, g_ptr_array_index (files, i)) == GSMIME_GREEN)
      good++;
  usec = g_get_monotonic_time () - start;
  cpu = cpu_ms (RUSAGE_SELF) - cpu0;
  print_rate (no_locale ? "session-nolocale" : "session", files->len, good,
              usec, cpu, gpgsm_cpu_ms () - gcpu0);
  return good == files->len ? 0 : 1;
}

static gpgme_data_t
load_data (const char *file)
{
  g_autoptr (GError) error = NULL;
  char *bytes;
  gsize len;
  gpgme_data_t data;

  if (!g_file_get_contents (file, &bytes, &len, &error))
    {
      fprintf (stderr, "bench-verify: %s\n", error->message);
      exit (2);
    }
  /* The bytes are kept for the life of the process; copy=0 keeps GPGME
   * from copying them again.  */
  if (gpgme_data_new_from_mem (&data, bytes, len, 0))
    exit (2);
  return data;
}

/* NAME.sig -> NAME.data */
static char *
data_name (const char *sig_file)
{
  g_autofree char *base = g_strndup (sig_file, strlen (sig_file) - 4);

  return g_strconcat (base, ".data", NULL);
}

static gboolean
bare_verify (gpgme_ctx_t ctx, gpgme_data_t sig, gpgme_data_t text)
{
  gpgme_verify_result_t result;

  if (gpgme_op_verify (ctx, sig, text, NULL))
    return FALSE;
  result = gpgme_op_verify_result (ctx);
  return result && result->signatures
         && gpgme_err_code (result->signatures->status) == GPG_ERR_NO_ERROR
         && (result->signatures->summary & GPGME_SIGSUM_VALID);
}

/* The gpgsm of the bare loop: the core's wrapper unless PLAIN.  */
static const char *
bare_engine (gboolean plain)
{
  const char *env = g_getenv ("GSMIME_GPGSM");

  return !plain && env && *env ? env : NULL;
}

static int
run_bare (const char *dir, gboolean with_locale, gboolean plain)
{
  g_autoptr (GPtrArray) sigs = list_files (dir, ".sig");
  g_autofree gpgme_data_t *sig = g_new0 (gpgme_data_t, sigs->len);
  g_autofree gpgme_data_t *text = g_new0 (gpgme_data_t, sigs->len);
  gpgme_data_t warm_sig, warm_text;
  gpgme_ctx_t ctx;
  guint i, good = 0;
  gint64 start, usec;
  double cpu0, cpu, gcpu0;

  gpgme_check_version (NULL);
  if (with_locale)
    {
      gpgme_set_locale (NULL, LC_CTYPE, setlocale (LC_CTYPE, NULL));
      gpgme_set_locale (NULL, LC_MESSAGES, setlocale (LC_MESSAGES, NULL));
    }
  if (gpgme_new (&ctx) || gpgme_set_protocol (ctx, GPGME_PROTOCOL_CMS)
      || gpgme_ctx_set_engine_info (ctx, GPGME_PROTOCOL_CMS,
                                    bare_engine (plain), NULL))
    {
      fprintf (stderr, "bench-verify: no GPGME CMS context\n");
      return 2;
    }
  for (i = 0; i < sigs->len; i++)
    {
      g_autofree char *d = data_name (g_ptr_array_index (sigs, i));

      sig[i] = load_data (g_ptr_array_index (sigs, i));
      text[i] = load_data (d);
    }
  /* Fresh objects for the warm-up, so the timed loop reads its own from
   * the start.  */
  warm_sig = load_data (g_ptr_array_index (sigs, 0));
  {
    g_autofree char *d = data_name (g_ptr_array_index (sigs, 0));
    warm_text = load_data (d);
  }
  if (!bare_verify (ctx, warm_sig, warm_text))
    fprintf (stderr, "bench-verify: warm-up signature is not valid\n");

  cpu0 = cpu_ms (RUSAGE_SELF);
  gcpu0 = gpgsm_cpu_ms ();
  start = g_get_monotonic_time ();
  for (i = 0; i < sigs->len; i++)
    if (bare_verify (ctx, sig[i], text[i]))
      good++;
  usec = g_get_monotonic_time () - start;
  cpu = cpu_ms (RUSAGE_SELF) - cpu0;
  print_rate (with_locale ? "bare-locale" : plain ? "bare-crl" : "bare",
              sigs->len, good, usec, cpu, gpgsm_cpu_ms () - gcpu0);
  gpgme_release (ctx);
  return good == sigs->len ? 0 : 1;
}

/* This process's own peak resident set in KiB, from /proc/self/status.  */
static long
own_peak_kib (void)
{
  g_autofree char *status = NULL;
  const char *hwm;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  hwm = strstr (status, "VmHWM:");
  return hwm ? strtol (hwm + 6, NULL, 10) : -1;
}

static int
run_show (const char *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GsmimeSession) session = gsmime_session_new (NULL, &error);
  gint64 start;
  int colour;

  if (!session)
    {
      fprintf (stderr, "bench-verify: %s\n", error->message);
      return 2;
    }
  start = g_get_monotonic_time ();
  colour = read_one (session, file);
  printf ("mode=show colour=%d seconds=%.3f own_peak_rss_kib=%ld\n", colour,
          (g_get_monotonic_time () - start) / 1e6, own_peak_kib ());
  return colour < 0 ? 1 : 0;
}

int
main (int argc, char **argv)
{
  /* As the gsmime command does.  */
  setlocale (LC_ALL, "");
  tag_children ();
  gsmime_init ();
  if (argc == 3 && !strcmp (argv[1], "session"))
    return run_session (argv[2], FALSE);
  if (argc == 3 && !strcmp (argv[1], "session-nolocale"))
    return run_session (argv[2], TRUE);
  if (argc == 3 && !strcmp (argv[1], "bare"))
    return run_bare (argv[2], FALSE, FALSE);
  if (argc == 3 && !strcmp (argv[1], "bare-crl"))
    return run_bare (argv[2], FALSE, TRUE);
  if (argc == 3 && !strcmp (argv[1], "bare-locale"))
    return run_bare (argv[2], TRUE, FALSE);
  if (argc == 3 && !strcmp (argv[1], "show"))
    return run_show (argv[2]);
  fprintf (stderr, "usage: bench-verify "
           "session|session-nolocale|bare|bare-crl|bare-locale DIR\n"
           "       bench-verify show FILE\n");
  return 2;
}
