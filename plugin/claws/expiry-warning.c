/* expiry-warning.c - saying, once per session, that one of the user's
 * own certificates is about to expire.
 *
 * A certificate that expires unnoticed makes every message signed after
 * that day show as expired to its readers, and leaves others unable to
 * encrypt to the user.  So when the plugin loads, the certificates with
 * a secret key for each account's address (and those chosen for the
 * account by fingerprint) are looked at in a thread, and each one that
 * ends within GSMIME_EXPIRY_WARNING_DAYS is said in Claws' log, once per
 * session.  The first compose window of an account with such a
 * certificate shows the same words in a bar at its top, once per session
 * and certificate; an account that was not there at load time is looked
 * at when its first compose window opens.
 *
 * A certificate that has already been renewed (another usable one of the
 * user's for the same address lasts longer) is not mentioned, unless the
 * account names it explicitly: then the user has to choose the new one.
 */
#include <config.h>
#include <gtk/gtk.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "expiry-warning.h"
#include "prefs.h"
#include "trace.h"

#include <account.h>
#include <compose.h>
#include <hooks.h>
#include <log.h>
#include <prefs_account.h>

/* What one account asks to be looked at.  */
typedef struct
{
  char *address;        /* lower case */
  char *sign;           /* chosen fingerprints, or NULL */
  char *encrypt;
} AccountCerts;

/* A certificate about to expire.  */
typedef struct
{
  char *address;
  char *fingerprint;
  char *subject;
  gint64 expires;
} Expiring;

static gulong compose_hook;
static gboolean check_running;
static GHashTable *checked;   /* address -> GPtrArray of Expiring */
static GHashTable *logged;    /* fingerprints said in the log */
static GHashTable *shown;     /* fingerprints shown in a compose window */

static void
account_certs_free (AccountCerts *a)
{
  g_free (a->address);
  g_free (a->sign);
  g_free (a->encrypt);
  g_free (a);
}

static void
expiring_free (Expiring *e)
{
  g_free (e->address);
  g_free (e->fingerprint);
  g_free (e->subject);
  g_free (e);
}

static AccountCerts *
account_certs (PrefsAccount *account)
{
  AccountCerts *a;

  if (!account || !account->address || !*account->address)
    return NULL;
  a = g_new0 (AccountCerts, 1);
  a->address = g_ascii_strdown (account->address, -1);
  a->sign = g_strdup (gsmime_claws_account_signing_cert (account));
  a->encrypt = g_strdup (gsmime_claws_account_encryption_cert (account));
  return a;
}

static const char *
fingerprint (gpgme_key_t key)
{
  return key->subkeys && key->subkeys->fpr ? key->subkeys->fpr : "";
}

static void
add_expiring (GPtrArray *out, const char *address, gpgme_key_t key)
{
  Expiring *e;
  guint i;

  for (i = 0; i < out->len; i++)
    if (!g_strcmp0 (((Expiring *) out->pdata[i])->fingerprint,
                    fingerprint (key)))
      return;
  e = g_new0 (Expiring, 1);
  e->address = g_strdup (address);
  e->fingerprint = g_strdup (fingerprint (key));
  e->subject = g_strdup (key->uids && key->uids->uid ? key->uids->uid : "");
  e->expires = gsmime_key_expires (key);
  g_ptr_array_add (out, e);
}

/* Adds to OUT the certificates of account A that end soon, as the core
 * judges them.  Errors are those of listing the keybox.  */
static gboolean
check_account (GsmimeSession *session, const AccountCerts *a, gint64 now,
               GPtrArray *out, GError **error)
{
  const char *chosen[3] = { NULL, NULL, NULL };
  g_autoptr (GPtrArray) keys = NULL;
  guint n = 0, i;

  if (a->sign)
    chosen[n++] = a->sign;
  if (a->encrypt)
    chosen[n++] = a->encrypt;
  keys = gsmime_own_expiring (session, a->address, chosen, now, error);
  if (!keys)
    return FALSE;
  for (i = 0; i < keys->len; i++)
    add_expiring (out, a->address, g_ptr_array_index (keys, i));
  return TRUE;
}

/* The certificates of ACCOUNTS that end soon (Expiring*).  */
static GPtrArray *
check_accounts (GPtrArray *accounts, GError **error)
{
  g_autoptr (GsmimeSession) session = gsmime_session_new (NULL, error);
  GPtrArray *out;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint i;

  if (!session)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) expiring_free);
  for (i = 0; i < accounts->len; i++)
    if (!check_account (session, g_ptr_array_index (accounts, i), now, out,
                        error))
      {
        g_ptr_array_unref (out);
        return NULL;
      }
  return out;
}

static char *
warning_text (const Expiring *e)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int days = (int) ((e->expires - now + 86399) / 86400);
  g_autoptr (GDateTime) end = g_date_time_new_from_unix_local (e->expires);
  g_autofree char *when = g_date_time_format (end, "%Y-%m-%d %H:%M");
  g_autofree char *in_days = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days", days), days);

  return g_strdup_printf (
    _("Your certificate for %s (%s) expires on %s, %s. Ask your certificate "
      "authority for a new one and import it (Preferences, Plugins, "
      "S/MIME (gpgsm)); mail you sign after that day will show as expired, "
      "and others can no longer encrypt to you."),
    e->address, e->subject, when, in_days);
}

static char *
days_left (const Expiring *e)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return g_strdup_printf ("%d", (int) ((e->expires - now + 86399) / 86400));
}

/* Takes what a check found: remembers it per address, and says each
 * certificate in the log the first time.  ACCOUNTS are the addresses
 * that were looked at.  */
static void
take_results (GPtrArray *accounts, GPtrArray *found)
{
  guint i, j;

  for (i = 0; i < accounts->len; i++)
    {
      AccountCerts *a = g_ptr_array_index (accounts, i);
      GPtrArray *mine =
        g_ptr_array_new_with_free_func ((GDestroyNotify) expiring_free);

      for (j = 0; j < found->len; j++)
        {
          Expiring *e = g_ptr_array_index (found, j);
          if (!g_strcmp0 (e->address, a->address))
            {
              Expiring *copy = g_new0 (Expiring, 1);
              copy->address = g_strdup (e->address);
              copy->fingerprint = g_strdup (e->fingerprint);
              copy->subject = g_strdup (e->subject);
              copy->expires = e->expires;
              g_ptr_array_add (mine, copy);
            }
        }
      g_hash_table_replace (checked, g_strdup (a->address), mine);
    }
  for (j = 0; j < found->len; j++)
    {
      Expiring *e = g_ptr_array_index (found, j);
      g_autofree char *text = NULL;
      g_autofree char *days = NULL;

      if (g_hash_table_contains (logged, e->fingerprint))
        continue;
      g_hash_table_add (logged, g_strdup (e->fingerprint));
      text = warning_text (e);
      days = days_left (e);
      log_warning (LOG_PROTOCOL, "gsmime: %s\n", text);
      gsmime_claws_trace ("expiry-warning", "where", "log",
                          "address", e->address, "fingerprint",
                          e->fingerprint, "days", days, "text", text, NULL);
    }
}

static void
check_thread (GTask *task, gpointer source, gpointer data,
              GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *found = check_accounts (data, &error);

  if (found)
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
check_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GPtrArray *accounts = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found =
    g_task_propagate_pointer (G_TASK (result), &error);

  check_running = FALSE;
  if (!checked)
    return;   /* the plugin is being unloaded */
  if (!found)
    {
      log_warning (LOG_PROTOCOL, _("gsmime: could not check whether your "
                                   "certificates expire soon: %s\n"),
                   error->message);
      return;
    }
  take_results (accounts, found);
  gsmime_claws_trace ("expiry-checked", "where", "load", NULL);
}

/* Looks at ACCOUNT now, on the main thread, if it was not looked at yet:
 * an account made after the plugin loaded.  */
static GPtrArray *
warnings_for (PrefsAccount *account)
{
  g_autoptr (GPtrArray) one = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *address = NULL;
  AccountCerts *a = account_certs (account);
  GPtrArray *mine;

  if (!a)
    return NULL;
  address = g_strdup (a->address);
  mine = g_hash_table_lookup (checked, address);
  if (mine)
    {
      account_certs_free (a);
      return mine;
    }
  one = g_ptr_array_new_with_free_func ((GDestroyNotify) account_certs_free);
  g_ptr_array_add (one, a);
  found = check_accounts (one, &error);
  if (!found)
    {
      log_warning (LOG_PROTOCOL, _("gsmime: could not check whether your "
                                   "certificates expire soon: %s\n"),
                   error->message);
      return NULL;
    }
  take_results (one, found);
  return g_hash_table_lookup (checked, address);
}

static void
bar_response (GtkInfoBar *bar, gint response, gpointer data)
{
  gtk_widget_destroy (GTK_WIDGET (bar));
}

static void
show_in_compose (Compose *compose, GPtrArray *mine)
{
  g_autoptr (GString) text = g_string_new (NULL);
  GtkWidget *bar, *label;
  guint i;

  for (i = 0; mine && i < mine->len; i++)
    {
      Expiring *e = g_ptr_array_index (mine, i);
      g_autofree char *line = NULL;
      g_autofree char *days = NULL;

      if (g_hash_table_contains (shown, e->fingerprint))
        continue;
      g_hash_table_add (shown, g_strdup (e->fingerprint));
      line = warning_text (e);
      days = days_left (e);
      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line);
      gsmime_claws_trace ("expiry-warning", "where", "compose",
                          "address", e->address, "fingerprint",
                          e->fingerprint, "days", days, "text", line, NULL);
    }
  if (!text->len || !compose->vbox2)
    return;
  /* A bar at the top of the window, not a dialog: the user is writing,
   * and the warning can wait until they have read it.  */
  bar = gtk_info_bar_new ();
  gtk_info_bar_set_message_type (GTK_INFO_BAR (bar), GTK_MESSAGE_WARNING);
  gtk_info_bar_set_show_close_button (GTK_INFO_BAR (bar), TRUE);
  label = gtk_label_new (text->str);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_container_add (
    GTK_CONTAINER (gtk_info_bar_get_content_area (GTK_INFO_BAR (bar))),
    label);
  g_signal_connect (bar, "response", G_CALLBACK (bar_response), NULL);
  gtk_box_pack_start (GTK_BOX (compose->vbox2), bar, FALSE, FALSE, 0);
  gtk_box_reorder_child (GTK_BOX (compose->vbox2), bar, 0);
  gtk_widget_show_all (bar);
}

static gboolean
compose_created (gpointer source, gpointer data)
{
  Compose *compose = source;

  if (compose && !compose->batch && compose->account)
    show_in_compose (compose, warnings_for (compose->account));
  return FALSE;   /* other hooks run too */
}

void
gsmime_claws_expiry_init (void)
{
  g_autoptr (GTask) task = NULL;
  GPtrArray *accounts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) account_certs_free);
  GList *cur;

  checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_ptr_array_unref);
  logged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  compose_hook = hooks_register_hook (COMPOSE_CREATED_HOOKLIST,
                                      compose_created, NULL);

  for (cur = account_get_list (); cur; cur = cur->next)
    {
      AccountCerts *a = account_certs (cur->data);
      if (a)
        g_ptr_array_add (accounts, a);
    }
  task = g_task_new (NULL, NULL, check_done, NULL);
  g_task_set_task_data (task, accounts, (GDestroyNotify) g_ptr_array_unref);
  check_running = TRUE;
  g_task_run_in_thread (task, check_thread);
}

gboolean
gsmime_claws_expiry_done (void)
{
  if (compose_hook)
    hooks_unregister_hook (COMPOSE_CREATED_HOOKLIST, compose_hook);
  compose_hook = 0;
  if (check_running)
    return FALSE;
  /* clang-tidy takes the size check inside GLib's g_clear_pointer for a
   * mistake.  */
  g_clear_pointer (&checked, g_hash_table_unref); /* NOLINT(bugprone-sizeof-expression) */
  g_clear_pointer (&logged, g_hash_table_unref);  /* NOLINT(bugprone-sizeof-expression) */
  g_clear_pointer (&shown, g_hash_table_unref);   /* NOLINT(bugprone-sizeof-expression) */
  return TRUE;
}
