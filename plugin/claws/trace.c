/* trace.c - what the plugin showed, in Claws' log and for tests.
 *
 * Every verdict the plugin hands to Claws is written to Claws' protocol
 * log, so that a user can see afterwards what was decided and why.  The
 * integration test (tests/integration/claws.sh) sets GSMIME_CLAWS_TRACE
 * to a file name and reads the same lines there, together with the text
 * that Claws' notice line shows in the end, read back from the widget.
 */
#include <config.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include "trace.h"

#include <log.h>
#include <mainwindow.h>
#include <messageview.h>
#include <mimeview.h>
#include <noticeview.h>

static guint pending;

/* A value goes on one line and as valid UTF-8: text that is not (a name
 * from a certificate, a label cut short) would make the whole trace a
 * "binary file" to the tools that read it.  */
static void
append_value (GString *line, const char *value)
{
  g_autofree char *text = g_utf8_make_valid (value ? value : "(null)", -1);
  const char *p;

  for (p = text; *p; p++)
    g_string_append_c (line, *p == '\n' || *p == '\r' ? ' ' : *p);
}

static void
write_trace_file (const char *line)
{
  const char *name = g_getenv ("GSMIME_CLAWS_TRACE");
  int fd;

  if (!name || !*name)
    return;
  fd = g_open (name, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  /* A trace is for tests; a short write loses a line, nothing else.  */
  if (write (fd, line, strlen (line)) < 0)
    g_debug ("gsmime: cannot write the trace file %s", name);
  close (fd);
}

void
gsmime_claws_trace (const char *event, ...)
{
  g_autoptr (GString) line = g_string_new (event);
  const char *key;
  va_list ap;

  va_start (ap, event);
  while ((key = va_arg (ap, const char *)))
    {
      const char *value = va_arg (ap, const char *);
      g_string_append_printf (line, " %s=", key);
      append_value (line, value);
    }
  va_end (ap);
  g_string_append_c (line, '\n');
  log_message (LOG_PROTOCOL, "gsmime: %s", line->str);
  write_trace_file (line->str);
}

/* Traces EVENT with the text of the label LABEL, if there is one.  */
static void
trace_label (const char *event, GtkWidget *label)
{
  if (label)
    gsmime_claws_trace (event, "text", gtk_label_get_text (GTK_LABEL (label)),
                        NULL);
}

/* Runs TRACE (DATA) once Claws has drawn what it draws after the plugin
 * returned: a low-priority idle runs after Claws' own work, which GLib
 * may leave to a later iteration of the main loop.  */
static void
later (GSourceFunc trace, gpointer data)
{
  pending++;
  g_idle_add_full (G_PRIORITY_LOW, trace, data, NULL);
}

static gboolean
trace_notice (gpointer mimeview)
{
  MainWindow *mainwin = mainwindow_get_mainwindow ();
  MimeView *shown = mainwin && mainwin->messageview
                      ? mainwin->messageview->mimeview : NULL;

  pending--;
  /* MIMEVIEW is only compared: a separate message window may have been
   * closed since, and then nothing is read through the pointer.  */
  if (shown && shown == mimeview && shown->siginfoview)
    trace_label ("notice", shown->siginfoview->text);
  return G_SOURCE_REMOVE;
}

void
gsmime_claws_trace_notice_later (gpointer mimeview)
{
  later (trace_notice, mimeview);
}

static gboolean
trace_decrypt_notice (gpointer unused)
{
  MainWindow *mainwin = mainwindow_get_mainwindow ();

  pending--;
  if (mainwin && mainwin->messageview && mainwin->messageview->noticeview)
    trace_label ("decrypt-notice", mainwin->messageview->noticeview->text);
  return G_SOURCE_REMOVE;
}

void
gsmime_claws_trace_decrypt_notice_later (void)
{
  /* Claws writes its "Couldn't decrypt" line once decrypt() returned.  */
  later (trace_decrypt_notice, NULL);
}

guint
gsmime_claws_trace_pending (void)
{
  return pending;
}
