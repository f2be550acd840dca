/* prefs-account.c - per account, which of the user's own certificates
 * signs and which one others encrypt to.
 *
 * Organisations often give a person one certificate for signing and
 * another for encryption; Outlook and Kopano let the user name both per
 * account, and so does this page, shown in the account's preferences
 * under Plugins.  Each combo lists "Automatic" (the core's choice for the
 * account's address) and the user's own certificates, those with a
 * secret key, for that address.  The choice is kept the way Claws' own
 * privacy plugins keep theirs: as the account's privacy_prefs entry
 * "gsmime" in accountrc (Claws base64-encodes it there), with the value
 * "sign=FINGERPRINT;encrypt=FINGERPRINT".  The certificates are listed in
 * a thread (page-load.c), and the combos say "Loading…" until they come.
 */
#include <config.h>
#include <string.h>
#include <gtk/gtk.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "prefs.h"
#include "prefs-account.h"
#include "page-load.h"
#include "trace.h"

#include <account.h>
#include <defs.h>
#include <prefs_account.h>
#include <prefs_gtk.h>
#include <gtk/gtkutils.h>

#define PRIVACY_ID "gsmime"

/* ---- the stored choice ---- */

/* One account's choice as last parsed, so that the accessors can return
 * strings they keep.  */
typedef struct
{
  char *raw;
  char *sign;
  char *encrypt;
} Choice;

static GHashTable *choices;   /* account_id -> Choice */

static void
choice_free (Choice *c)
{
  g_free (c->raw);
  g_free (c->sign);
  g_free (c->encrypt);
  g_free (c);
}

/* A fingerprint as stored: hex digits only, upper case, or NULL.  */
static char *
clean_fingerprint (const char *value)
{
  const char *p;

  if (!value || !*value)
    return NULL;
  for (p = value; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return NULL;
  return g_ascii_strup (value, -1);
}

static Choice *
account_choice (PrefsAccount *account)
{
  const char *raw;
  Choice *c;
  g_auto (GStrv) fields = NULL;
  char **f;

  if (!account)
    return NULL;
  if (!choices)
    choices = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                     (GDestroyNotify) choice_free);
  raw = prefs_account_get_privacy_prefs (account, (char *) PRIVACY_ID);
  c = g_hash_table_lookup (choices, GINT_TO_POINTER (account->account_id));
  if (c && !g_strcmp0 (c->raw, raw))
    return c;
  c = g_new0 (Choice, 1);
  c->raw = g_strdup (raw);
  fields = g_strsplit (raw ? raw : "", ";", -1);
  for (f = fields; *f; f++)
    {
      if (g_str_has_prefix (*f, "sign="))
        {
          g_free (c->sign);
          c->sign = clean_fingerprint (*f + 5);
        }
      else if (g_str_has_prefix (*f, "encrypt="))
        {
          g_free (c->encrypt);
          c->encrypt = clean_fingerprint (*f + 8);
        }
    }
  g_hash_table_replace (choices, GINT_TO_POINTER (account->account_id), c);
  return c;
}

const char *
gsmime_claws_account_signing_cert (struct _PrefsAccount *account)
{
  Choice *c = account_choice (account);

  return c ? c->sign : NULL;
}

const char *
gsmime_claws_account_encryption_cert (struct _PrefsAccount *account)
{
  Choice *c = account_choice (account);

  return c ? c->encrypt : NULL;
}

static void
store_choice (PrefsAccount *account, const char *sign, const char *encrypt)
{
  g_autoptr (GString) value = g_string_new (NULL);

  if (sign)
    g_string_append_printf (value, "sign=%s", sign);
  if (encrypt)
    g_string_append_printf (value, "%sencrypt=%s", value->len ? ";" : "",
                            encrypt);
  /* Nothing stored is "Automatic" for both; Claws drops empty values.  */
  prefs_account_set_privacy_prefs (account, (char *) PRIVACY_ID,
                                   value->len ? value->str : NULL);
}

/* ADDRESS is the account's, passed apart: while the dialog saves, the
 * account's own strings may already be freed (see save_page).  */
static void
trace_account (const char *event, PrefsAccount *account, const char *address)
{
  g_autofree char *id = g_strdup_printf ("%d", account->account_id);
  const char *sign = gsmime_claws_account_signing_cert (account);
  const char *encrypt = gsmime_claws_account_encryption_cert (account);

  gsmime_claws_trace (event, "id", id, "address", address ? address : "",
                      "signing", sign ? sign : "auto",
                      "encryption", encrypt ? encrypt : "auto", NULL);
}

/* ---- the page ---- */

enum { COL_LABEL, COL_FPR, N_COLS };

typedef struct
{
  PrefsPage page;
  PrefsAccount *account;
  char *address;      /* the account's address when the page was made */
  GtkWidget *sign_combo;
  GtkWidget *encrypt_combo;
} AccountPage;

static AccountPage account_page;
static char *page_path[3];

static char *
describe_key (gpgme_key_t key)
{
  gint64 expires = gsmime_key_expires (key);
  g_autoptr (GDateTime) end =
    expires ? g_date_time_new_from_unix_utc (expires) : NULL;
  g_autofree char *until = end ? g_date_time_format (end, "%Y-%m-%d")
                               : g_strdup (_("no end"));
  const char *fpr = key->subkeys && key->subkeys->fpr ? key->subkeys->fpr : "";
  size_t n = strlen (fpr);

  /* The end of the fingerprint tells two renewals apart at a glance.  */
  return g_strdup_printf (_("%s, valid until %s (…%s)"),
                          key->uids && key->uids->uid ? key->uids->uid : "?",
                          until, n > 16 ? fpr + n - 16 : fpr);
}

static gboolean
usable (gpgme_key_t key)
{
  return !key->expired && !key->revoked && !key->invalid && !key->disabled;
}

/* Fills COMBO with "Automatic" and KEYS that serve for signing
 * (FOR_SIGNING) or encryption; CHOSEN is selected, shown as missing when
 * it is not among them.  */
static void
fill_combo (GtkWidget *combo, GPtrArray *keys, gboolean for_signing,
            const char *chosen)
{
  g_autoptr (GtkListStore) store =
    gtk_list_store_new (N_COLS, G_TYPE_STRING, G_TYPE_STRING);
  GtkTreeIter iter;
  gint active = 0, row = 1;
  guint i;

  gtk_list_store_insert_with_values (store, NULL, -1, COL_LABEL,
                                     _("Automatic (the newest valid one)"),
                                     COL_FPR, NULL, -1);
  for (i = 0; keys && i < keys->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      const char *fpr = key->subkeys ? key->subkeys->fpr : NULL;
      g_autofree char *label = NULL;

      if (!fpr || !usable (key) || !(for_signing ? key->can_sign
                                                 : key->can_encrypt))
        continue;
      label = describe_key (key);
      gtk_list_store_insert_with_values (store, &iter, -1, COL_LABEL, label,
                                         COL_FPR, fpr, -1);
      if (chosen && !g_ascii_strcasecmp (chosen, fpr))
        active = row;
      row++;
    }
  if (chosen && !active)
    {
      /* Kept as it is, so that opening and saving the page does not
       * silently replace the user's choice.  */
      g_autofree char *label = g_strdup_printf (
        _("%s (not among your usable certificates: expired, revoked or "
          "removed; choose another)"), chosen);
      gtk_list_store_insert_with_values (store, NULL, -1, COL_LABEL, label,
                                         COL_FPR, chosen, -1);
      active = row;
    }
  gtk_combo_box_set_model (GTK_COMBO_BOX (combo), GTK_TREE_MODEL (store));
  gtk_combo_box_set_active (GTK_COMBO_BOX (combo), active);
  gtk_widget_set_sensitive (combo, TRUE);
}

/* A combo that says "Loading…" until fill_combo fills it, and meanwhile
 * holds CHOSEN, so that saving the page before the list came keeps the
 * user's choice.  */
static GtkWidget *
cert_combo (const char *chosen)
{
  g_autoptr (GtkListStore) store =
    gtk_list_store_new (N_COLS, G_TYPE_STRING, G_TYPE_STRING);
  GtkWidget *combo;
  GtkCellRenderer *cell;

  gtk_list_store_insert_with_values (store, NULL, -1, COL_LABEL,
                                     _("Loading…"), COL_FPR,
                                     chosen && *chosen ? chosen : NULL, -1);
  combo = gtk_combo_box_new_with_model (GTK_TREE_MODEL (store));
  cell = gtk_cell_renderer_text_new ();
  g_object_set (cell, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (combo), cell, TRUE);
  gtk_cell_layout_set_attributes (GTK_CELL_LAYOUT (combo), cell, "text",
                                  COL_LABEL, NULL);
  gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
  gtk_widget_set_hexpand (combo, TRUE);
  gtk_widget_set_sensitive (combo, FALSE);
  return combo;
}

static char *
combo_fingerprint (GtkWidget *combo)
{
  GtkTreeIter iter;
  char *fpr = NULL;

  if (gtk_combo_box_get_active_iter (GTK_COMBO_BOX (combo), &iter))
    gtk_tree_model_get (gtk_combo_box_get_model (GTK_COMBO_BOX (combo)),
                        &iter, COL_FPR, &fpr, -1);
  return fpr;
}

static GtkWidget *
wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 70);
  return label;
}

/* What the page's list needs when it comes, kept on the page's widget:
 * a page closed meanwhile takes it along (page-load.c).  */
typedef struct
{
  GtkWidget *sign_combo;
  GtkWidget *encrypt_combo;
  GtkWidget *inner;         /* where a sentence about the list goes */
  char *signing;            /* the account's choices when the page opened */
  char *encryption;
  char *address;
  gint account_id;
} PageLists;

#define DATA_LISTS "gsmime-account-lists"

static void
page_lists_free (PageLists *lists)
{
  g_free (lists->signing);
  g_free (lists->encryption);
  g_free (lists->address);
  g_free (lists);
}

/* The thread's part (page-load.c): the user's own certificates for the
 * address DATA.  */
static gpointer
read_own_keys (GsmimeSession *session, gpointer data, GError **error)
{
  g_autofree char *pattern = g_strdup_printf ("<%s>", (char *) data);

  return gsmime_keys_list (session, pattern, TRUE, error);
}

static void
show_own_keys (GtkWidget *vbox, gpointer result, const GError *error)
{
  PageLists *lists = g_object_get_data (G_OBJECT (vbox), DATA_LISTS);
  GPtrArray *keys = result;
  g_autofree char *count = g_strdup_printf ("%u", keys ? keys->len : 0);
  g_autofree char *id = g_strdup_printf ("%d", lists->account_id);
  GtkWidget *label = NULL;

  fill_combo (lists->sign_combo, keys, TRUE, lists->signing);
  fill_combo (lists->encrypt_combo, keys, FALSE, lists->encryption);
  if (error)
    label = wrapped_label (error->message);
  else if (!keys || !keys->len)
    {
      g_autofree char *none = g_strdup_printf (
        _("You have no certificate with a secret key for %s. Import yours "
          "(a .p12 file) with the button under Preferences, Plugins, "
          "S/MIME (gpgsm)."), lists->address);
      label = wrapped_label (none);
    }
  if (label)
    {
      gtk_box_pack_start (GTK_BOX (lists->inner), label, FALSE, FALSE, 0);
      gtk_widget_show (label);
    }
  gsmime_claws_trace ("account-certs", "id", id, "count", count, NULL);
}

static void
create_widget (PrefsPage *_page, GtkWindow *window, gpointer data)
{
  AccountPage *page = (AccountPage *) _page;
  PrefsAccount *account = data;
  g_autofree char *intro = NULL;
  PageLists *lists = g_new0 (PageLists, 1);
  GtkWidget *vbox, *frame, *inner, *grid, *label;

  page->account = account;
  g_free (page->address);
  page->address = g_strdup (account->address);

  vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, VSPACING);
  gtk_container_set_border_width (GTK_CONTAINER (vbox), VBOX_BORDER);
  inner = gtkut_get_options_frame (vbox, &frame,
                                   _("Your certificates for this account"));
  intro = g_strdup_printf (
    _("Which of your own certificates for %s signs your mail, and which one "
      "others encrypt to (it is sent along with every signed message). "
      "Organisations often issue one of each."),
    account->address ? account->address : "");
  gtk_box_pack_start (GTK_BOX (inner), wrapped_label (intro), FALSE, FALSE, 0);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), VSPACING_NARROW);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_box_pack_start (GTK_BOX (inner), grid, FALSE, FALSE, 0);

  lists->signing = g_strdup (gsmime_claws_account_signing_cert (account));
  lists->encryption =
    g_strdup (gsmime_claws_account_encryption_cert (account));
  lists->address = g_strdup (account->address ? account->address : "");
  lists->account_id = account->account_id;
  lists->inner = inner;

  label = gtk_label_new_with_mnemonic (_("_Signing certificate"));
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  page->sign_combo = lists->sign_combo = cert_combo (lists->signing);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), page->sign_combo);
  gtk_grid_attach (GTK_GRID (grid), page->sign_combo, 1, 0, 1, 1);

  label = gtk_label_new_with_mnemonic (_("_Encryption certificate"));
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  page->encrypt_combo = lists->encrypt_combo = cert_combo (lists->encryption);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), page->encrypt_combo);
  gtk_grid_attach (GTK_GRID (grid), page->encrypt_combo, 1, 1, 1, 1);

  g_object_set_data_full (G_OBJECT (vbox), DATA_LISTS, lists,
                          (GDestroyNotify) page_lists_free);
  if (account->address && *account->address)
    gsmime_claws_page_load (vbox, read_own_keys, g_strdup (account->address),
                            g_free, show_own_keys,
                            (GDestroyNotify) g_ptr_array_unref);
  else
    show_own_keys (vbox, NULL, NULL);

  gtk_widget_show_all (vbox);
  page->page.widget = vbox;
  trace_account ("account-page", account, page->address);
}

static void
destroy_widget (PrefsPage *_page)
{
  AccountPage *page = (AccountPage *) _page;

  page->sign_combo = page->encrypt_combo = NULL;
  g_clear_pointer (&page->address, g_free);
}

/* Claws edits a copy of the account and saves its pages one after the
 * other: by the time this page is saved, the basic page may have freed
 * strings the account still points to (Claws copies the edited values
 * back only when the dialog closes).  So only the account's privacy
 * preferences, a table both share, and its number are used here.  */
static void
save_page (PrefsPage *_page)
{
  AccountPage *page = (AccountPage *) _page;
  g_autofree char *sign = NULL;
  g_autofree char *encrypt = NULL;

  if (!page->sign_combo || !page->account)
    return;
  sign = combo_fingerprint (page->sign_combo);
  encrypt = combo_fingerprint (page->encrypt_combo);
  store_choice (page->account, sign, encrypt);
  trace_account ("account-saved", page->account, page->address);
}

void
gsmime_claws_prefs_account_register (void)
{
  GList *cur;

  page_path[0] = _("Plugins");
  page_path[1] = _("S/MIME (gpgsm)");
  page_path[2] = NULL;
  account_page.page.path = page_path;
  account_page.page.create_widget = create_widget;
  account_page.page.destroy_widget = destroy_widget;
  account_page.page.save_page = save_page;
  account_page.page.weight = 30.0;
  prefs_account_register_page ((PrefsPage *) &account_page);

  for (cur = account_get_list (); cur; cur = cur->next)
    trace_account ("account", cur->data,
                   ((PrefsAccount *) cur->data)->address);
}

void
gsmime_claws_prefs_account_unregister (void)
{
  prefs_account_unregister_page ((PrefsPage *) &account_page);
  /* clang-tidy takes the size check inside GLib's g_clear_pointer for a
   * mistake.  */
  g_clear_pointer (&choices, g_hash_table_unref); /* NOLINT(bugprone-sizeof-expression) */
}
