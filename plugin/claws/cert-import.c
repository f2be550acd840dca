/* cert-import.c - the "Import certificate or PKCS#12..." button.
 *
 * The file the user picks is handed to gsmime_import, the code behind
 * `gsmime import`: certificates in PEM, DER or PKCS#7, keys in PKCS#12,
 * certificates attached to a mail message.  A PKCS#12 passphrase is never
 * seen by the plugin: gpg-agent asks for it through its pinentry, which
 * is why the import runs in a thread, so that Claws keeps drawing while
 * the pinentry waits for the user.
 */
#include <config.h>
#include <gtk/gtk.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "cert-import.h"
#include "page-load.h"
#include "trace.h"

#include <alertpanel.h>
#include <log.h>

typedef struct
{
  char *filename;
  GBytes *data;
  void (*done) (void);
} ImportJob;

static guint running;

static void
import_job_free (ImportJob *job)
{
  g_free (job->filename);
  g_bytes_unref (job->data);
  g_free (job);
}

static gpointer
import_read (GsmimeSession *session, gpointer data, GError **error)
{
  ImportJob *job = data;

  return gsmime_import (session, job->data, NULL, error);
}

static void
import_thread (GTask *task, gpointer source, gpointer data,
               GCancellable *cancellable)
{
  (void) source;
  (void) cancellable;
  gsmime_claws_task_read (task, import_read, data,
                          (GDestroyNotify) g_ptr_array_unref);
}

/* One line per certificate, as `gsmime import` prints them.  */
static char *
describe (GPtrArray *imported, GString *fingerprints)
{
  GString *text = g_string_new (NULL);
  guint i;

  for (i = 0; i < imported->len; i++)
    {
      GsmimeImported *imp = g_ptr_array_index (imported, i);
      g_autofree char *state = imp->refused
        ? g_strdup_printf (_("refused (%s)"), imp->refused)
        : g_strdup (imp->is_new ? _("imported") : _("already present"));

      g_string_append_printf (text, "%s%s: %s%s\n  %s\n", i ? "\n" : "",
                              imp->email ? imp->email : _("no address"),
                              state,
                              imp->has_secret ? _(" (with secret key)") : "",
                              imp->subject ? imp->subject : imp->fingerprint);
      g_string_append_printf (fingerprints, "%s%s%s", i ? "," : "",
                              imp->fingerprint, imp->has_secret ? "+secret"
                                                                : "");
    }
  return g_string_free (text, FALSE);
}

static void
import_done (GObject *source, GAsyncResult *result, gpointer data)
{
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) imported =
    g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr (GString) fingerprints = g_string_new (NULL);
  g_autofree char *text = NULL;

  running--;
  if (!imported)
    {
      gsmime_claws_trace ("import-failed", "file", job->filename,
                          "text", error->message, NULL);
      log_error (LOG_PROTOCOL, _("gsmime: importing %s failed: %s\n"),
                 job->filename, error->message);
      alertpanel_error (_("Nothing was imported from %s:\n%s"),
                        job->filename, error->message);
      return;
    }
  text = describe (imported, fingerprints);
  gsmime_claws_trace ("imported", "file", job->filename,
                      "certificates", fingerprints->str, NULL);
  log_message (LOG_PROTOCOL, _("gsmime: imported from %s:\n%s\n"),
               job->filename, text);
  if (job->done)
    job->done ();
  alertpanel_notice (_("From %s:\n\n%s"), job->filename, text);
}

static void
start_import (const char *filename, void (*done) (void))
{
  g_autoptr (GError) io = NULL;
  g_autoptr (GTask) task = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  ImportJob *job;

  if (!g_file_get_contents (filename, &contents, &len, &io))
    {
      alertpanel_error (_("Could not read %s: %s"), filename, io->message);
      return;
    }
  job = g_new0 (ImportJob, 1);
  job->filename = g_strdup (filename);
  job->data = g_bytes_new_take (g_steal_pointer (&contents), len);
  job->done = done;
  task = g_task_new (NULL, NULL, import_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  running++;
  gsmime_claws_trace ("import-started", "file", filename, NULL);
  g_task_run_in_thread (task, import_thread);
}

void
gsmime_claws_cert_import (GtkWindow *parent, void (*done) (void))
{
  GtkWidget *chooser;
  GtkFileFilter *filter;
  g_autofree char *filename = NULL;

  if (running)
    {
      alertpanel_notice (_("An import is still running; wait until it has "
                           "finished (gpg-agent may be asking for a "
                           "passphrase)."));
      return;
    }
  chooser = gtk_file_chooser_dialog_new (
    _("Import certificate or PKCS#12"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
    _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Import"), GTK_RESPONSE_ACCEPT,
    NULL);
  gtk_window_set_modal (GTK_WINDOW (chooser), TRUE);
  /* Where people keep the .p12 file their authority sent them.  */
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser),
                                       g_get_home_dir ());
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Certificates, keys and mail "
                                      "(.p12 .pfx .pem .crt .cer .der .p7b "
                                      ".p7c .eml)"));
  for (const char *const *p = (const char *const[]) {
         "*.p12", "*.pfx", "*.pem", "*.crt", "*.cer", "*.der", "*.p7b",
         "*.p7c", "*.eml", NULL }; *p; p++)
    gtk_file_filter_add_pattern (filter, *p);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gsmime_claws_trace ("import-chooser", NULL);
  if (gtk_dialog_run (GTK_DIALOG (chooser)) == GTK_RESPONSE_ACCEPT)
    filename = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
  gtk_widget_destroy (chooser);
  if (filename)
    start_import (filename, done);
}

gboolean
gsmime_claws_cert_import_running (void)
{
  return running > 0;
}
