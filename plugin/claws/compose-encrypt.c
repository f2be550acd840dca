/* compose-encrypt.c - encrypting the mail Claws sends.
 *
 * Claws encrypts in two steps.  While it queues a message it asks for
 * "encrypt data" for the recipients, a string it keeps in the queue file
 * and that may be the answer of a dialog; then, writing the body, it
 * hands that string back with the body to encrypt.  Here the first step
 * chooses the certificates (common/keyselect.c: the newest usable one
 * per address, never a revoked one, revocation checked within the user's
 * budget) and the string is their fingerprints, each with the address it
 * is for: "FPR:ADDRESS FPR:ADDRESS ...".  The second step encrypts to
 * exactly those certificates, so what the user agreed to is what is
 * done.
 *
 * The sender is always among the recipients, so the copy in the Sent
 * folder can be read again.  Claws does not say who the sender is, so
 * the compose window is found by its recipient list, which Claws hands
 * over by reference.
 */
#include <config.h>
#include <string.h>
#include "common/gsmime.h"
#include "common/i18n.h"
#include "advice.h"
#include "compose-encrypt.h"
#include "compose-hp.h"
#include "compose-mime.h"
#include "compose-session.h"
#include "prefs.h"
#include "recipient-dialog.h"
#include "trace.h"

#include <account.h>
#include <alertpanel.h>
#include <compose.h>
#include <privacy.h>
#include <prefs_account.h>

/* The compose window whose message is being queued: Claws passes a list
 * that holds the very strings of its to_list.  */
static Compose *
compose_for (GSList *recp_names)
{
  const GList *c;
  GSList *r, *t;

  for (c = compose_get_compose_list (); c; c = c->next)
    {
      Compose *compose = c->data;
      for (r = recp_names; r; r = r->next)
        for (t = compose->to_list; t; t = t->next)
          if (t->data == r->data)
            return compose;
    }
  return NULL;
}

/* The bare address in TEXT ("Name <addr>" or "addr"), lower case, or
 * NULL when there is none.  */
static char *
bare_address (const char *text)
{
  const char *open, *close;
  g_autofree char *addr = NULL;

  if (!text)
    return NULL;
  open = strrchr (text, '<');
  close = open ? strchr (open, '>') : NULL;
  if (open && close)
    addr = g_strndup (open + 1, close - open - 1);
  else
    addr = g_strdup (text);
  g_strstrip (addr);
  if (!strchr (addr, '@'))
    return NULL;
  return g_ascii_strdown (addr, -1);
}

/* The address in the From field, as Claws puts it in the header, else
 * the account's.  */
static char *
sender_of (Compose *compose, PrefsAccount *account)
{
  char *addr = NULL;

  if (compose && compose->from_name)
    {
      g_autofree char *from = gtk_editable_get_chars (
        GTK_EDITABLE (compose->from_name), 0, -1);
      addr = bare_address (from);
    }
  if (!addr && account)
    addr = bare_address (account->address);
  return addr;
}

/* The words for a problem with the user's own certificate say where
 * Claws lets them choose another; the core knows no preferences page.  */
static void
word_own_problems (GPtrArray *problems)
{
  guint i;

  for (i = 0; i < problems->len; i++)
    {
      GsmimeRecipientProblem *p = g_ptr_array_index (problems, i);
      char *text;

      if (p->problem == GSMIME_RECIPIENT_OWN_MISSING)
        text = g_strdup_printf (
          _("%s: the encryption certificate chosen for this account (%s) is "
            "not in the keybox; choose another in the account's preferences "
            "(Plugins, S/MIME (gpgsm))"), p->address, p->fingerprint);
      else if (p->problem == GSMIME_RECIPIENT_OWN_UNUSABLE)
        text = g_strdup_printf (
          _("%s: the encryption certificate chosen for this account (%s) "
            "is revoked, expired or not for encryption; choose another in "
            "the account's preferences (Plugins, S/MIME (gpgsm))"),
          p->address, p->fingerprint);
      else
        continue;
      g_free (p->text);
      p->text = text;
    }
}

/* What the core needs to choose, for a thread of its own.  */
typedef struct
{
  GPtrArray *addresses;
  const char *sender;
  const char *own_fpr;
  gboolean allow_unchecked;
  GPtrArray *keys;       /* out */
  GPtrArray *problems;   /* out */
} Choice;

static gboolean
choose_in_thread (GsmimeSession *session, gpointer data, GError **error)
{
  Choice *c = data;
  g_autoptr (GPtrArray) list = g_ptr_array_sized_new (c->addresses->len + 1);
  GsmimeRecipientRequest request = { NULL, c->allow_unchecked, c->sender,
                                     c->own_fpr };
  gboolean done;
  guint i;

  /* The strings stay C->ADDRESSES'; LIST only points at them.  */
  for (i = 0; i < c->addresses->len; i++)
    g_ptr_array_add (list, c->addresses->pdata[i]);
  g_ptr_array_add (list, NULL);
  request.addresses = (const char *const *) list->pdata;
  done = gsmime_choose_recipients_each (session, &request, c->keys,
                                        c->problems, error);
  word_own_problems (c->problems);
  return done;
}

/* Has the core choose off the main thread: revocation servers and directories
 * may take the whole budget for each address, and Claws' windows must go
 * on being drawn meanwhile.  KEYS and PROBLEMS are made anew.  */
static gboolean
choose_waiting (GPtrArray *addresses, const char *sender,
                const char *own_fpr, gboolean allow_unchecked,
                GPtrArray **keys, GPtrArray **problems, GError **error)
{
  Choice c = { addresses, sender, own_fpr, allow_unchecked, NULL, NULL };

  /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
  g_clear_pointer (keys, g_ptr_array_unref);
  /* NOLINTNEXTLINE(bugprone-sizeof-expression): GLib's macro. */
  g_clear_pointer (problems, g_ptr_array_unref);
  c.keys = *keys =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gpgme_key_unref);
  c.problems = *problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) gsmime_recipient_problem_free);
  return gsmime_claws_compose_session_run (
    _("Looking up the recipients' certificates…"), choose_in_thread, &c,
    error);
}

/* Whether COMPOSE is still open, after the main loop ran.  */
static gboolean
still_open (Compose *compose)
{
  return compose && g_list_find ((GList *) compose_get_compose_list (),
                                 compose) != NULL;
}

/* The addresses to encrypt to: NAMES (To, Cc and Bcc, in the order
 * given) and SENDER, each once.  */
static GPtrArray *
addresses_for (GSList *names, const char *sender)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_free);
  GSList *r;

  for (r = names; r; r = r->next)
    {
      char *addr = bare_address (r->data);
      if (addr && !g_ptr_array_find_with_equal_func (addresses, addr,
                                                     g_str_equal, NULL))
        g_ptr_array_add (addresses, addr);
      else
        g_free (addr);
    }
  if (sender && !g_ptr_array_find_with_equal_func (addresses, sender,
                                                   g_str_equal, NULL))
    g_ptr_array_add (addresses, g_strdup (sender));
  return addresses;
}

/* A copy, for the thread: the preferences may change while it runs.  */
static char *
own_encryption_cert (PrefsAccount *account)
{
  const char *fpr = account ? gsmime_claws_account_encryption_cert (account)
                            : NULL;

  return fpr && *fpr ? g_strdup (fpr) : NULL;
}

gboolean
gsmime_claws_compose_can_encrypt (Compose *compose, char **why)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sender = sender_of (compose, compose->account);
  g_autoptr (GPtrArray) addresses = addresses_for (compose->to_list, sender);
  g_autofree char *own_fpr = own_encryption_cert (compose->account);
  g_autoptr (GPtrArray) keys = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  *why = NULL;
  if (!compose->to_list)
    *why = g_strdup ("no-recipients");
  else if (!choose_waiting (addresses, sender, own_fpr, FALSE, &keys,
                            &problems, &error))
    *why = g_strdup_printf ("error: %s", error ? error->message : "?");
  else if (!still_open (compose))
    *why = g_strdup ("closed");
  else if (problems->len)
    {
      GsmimeRecipientProblem *p = g_ptr_array_index (problems, 0);
      *why = g_strdup_printf ("%s %s", p->code, p->address);
    }
  return *why == NULL;
}

static char *
join_field (GPtrArray *problems, gboolean codes)
{
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < problems->len; i++)
    {
      GsmimeRecipientProblem *p = g_ptr_array_index (problems, i);
      g_string_append_printf (out, "%s%s", i ? "," : "",
                              codes ? p->code : p->address);
    }
  return g_string_free (out, FALSE);
}

gchar *
gsmime_claws_get_encrypt_data (GSList *recp_names)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) addresses = NULL;
  g_autoptr (GPtrArray) keys = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *count = NULL;
  g_autoptr (GSList) names = NULL;
  Compose *compose = compose_for (recp_names);
  PrefsAccount *account = compose ? compose->account : account_get_default ();
  g_autofree char *own_fpr = own_encryption_cert (account);
  gboolean allow_unchecked = FALSE;
  GString *data;
  guint i;

  /* Claws hands the names over in reverse order (privacy.c prepends
   * each while it drops duplicates); the dialog lists them as the user
   * wrote them.  */
  names = g_slist_reverse (g_slist_copy (recp_names));
  sender = sender_of (compose, account);
  addresses = addresses_for (names, sender);

  for (;;)
    {
      GsmimeClawsRecipientChoice choice;
      g_autofree char *refused = NULL, *codes = NULL;

      if (!choose_waiting (addresses, sender, own_fpr, allow_unchecked,
                           &keys, &problems, &error))
        break;
      if (compose && !still_open (compose))
        {
          gsmime_claws_trace ("encrypt-failed", "text",
                              "the compose window was closed", NULL);
          return NULL;
        }
      if (!problems->len)
        break;

      refused = join_field (problems, FALSE);
      codes = join_field (problems, TRUE);
      gsmime_claws_trace ("encrypt-refused", "addresses", refused,
                          "codes", codes, NULL);
      choice = gsmime_claws_recipient_dialog (
        compose ? compose->window : NULL, problems);
      gsmime_claws_trace ("encrypt-choice", "answer",
                          gsmime_claws_recipient_choice_name (choice), NULL);
      if (choice == GSMIME_CLAWS_RECIPIENTS_SEND_PLAIN)
        return g_strdup ("_DONT_ENCRYPT_");
      if (choice != GSMIME_CLAWS_RECIPIENTS_ENCRYPT_ANYWAY)
        return NULL;
      allow_unchecked = TRUE;
    }
  if (error)
    {
      /* Claws itself says only "Couldn't get recipient encryption key",
       * after this.  */
      gsmime_claws_trace ("encrypt-failed", "text", error->message, NULL);
      alertpanel_error (_("The recipients' certificates could not be "
                          "looked up, so nothing was sent:\n\n%s"),
                        error->message);
      return NULL;
    }

  data = g_string_new (NULL);
  for (i = 0; i < keys->len; i++)
    g_string_append_printf (data, "%s%s:%s", i ? " " : "",
                            ((gpgme_key_t) keys->pdata[i])->subkeys->fpr,
                            (char *) addresses->pdata[i]);
  count = g_strdup_printf ("%u", keys->len);
  gsmime_claws_trace ("encrypt-keys", "recipients", count, "keys", data->str,
                      NULL);
  return g_string_free (data, FALSE);
}

/* The recipients gsmime_claws_encrypt found, for the thread.  */
typedef struct
{
  GPtrArray *keys;
  GPtrArray *addresses;
  GPtrArray *problems;
} Recipients;

static GMimeObject *
encrypt_in_thread (GsmimeSession *session, GMimeObject *body, gpointer data,
                   GError **error)
{
  Recipients *r = data;

  return gsmime_encrypt_entity (session, body, r->keys,
                                (const char *const *) r->addresses->pdata,
                                r->problems, error);
}

gboolean
gsmime_claws_encrypt (MimeInfo *message, const gchar *encrypt_data)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) items = g_strsplit (encrypt_data, " ", -1);
  g_autoptr (GPtrArray) keys =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gpgme_key_unref);
  g_autoptr (GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) gsmime_recipient_problem_free);
  g_autoptr (GMimeStream) backing = NULL;
  g_autoptr (GMimeObject) body = NULL;
  g_autoptr (GMimeObject) protected_body = NULL;
  g_autoptr (GMimeObject) sealed = NULL;
  GsmimeSession *session = gsmime_claws_compose_session (&error);
  gboolean done = FALSE;
  char **item;

  for (item = items; session && *item; item++)
    {
      char *colon = strchr (*item, ':');
      gpgme_key_t key;

      if (!**item)
        continue;
      if (!colon)
        {
          gsmime_set_error (&error, GPG_ERR_INV_DATA,
                            _("The message was queued by another S/MIME "
                              "system; open it from the queue and send it "
                              "again"));
          break;
        }
      *colon = '\0';
      key = gsmime_key_by_fingerprint (session, *item, &error);
      if (!key)
        break;
      g_ptr_array_add (keys, key);
      g_ptr_array_add (addresses, g_strdup (colon + 1));
    }
  if (!error && !keys->len)
    gsmime_set_error (&error, GPG_ERR_NO_USER_ID,
                      _("The message has no recipients to encrypt to"));
  if (!error)
    {
      g_autofree char *count = g_strdup_printf ("%u", keys->len);
      gsmime_claws_trace ("encrypting", "recipients", count, NULL);
    }
  if (!error)
    {
      g_ptr_array_add (addresses, NULL);
      body = gsmime_claws_compose_body_waiting (message, &backing, &error);
    }
  if (body)
    protected_body = gsmime_claws_compose_hp_protect (message, body, TRUE,
                                                      &error);
  if (protected_body)
    {
      Recipients r = { keys, addresses, problems };
      sealed = gsmime_claws_compose_seal (_("Encrypting the message…"),
                                          message, protected_body,
                                          encrypt_in_thread, &r, &error);
    }
  done = sealed != NULL;
  gsmime_claws_compose_wipe (backing);
  if (done)
    gsmime_claws_compose_hp_obscure (message);
  else
    gsmime_claws_compose_hp_forget (message);

  if (done)
    {
      g_autofree char *count = g_strdup_printf ("%u", keys->len);
      g_autofree char *to = g_strjoinv (",", (char **) addresses->pdata);
      gsmime_claws_trace ("encrypted", "recipients", count, "addresses", to,
                          NULL);
    }
  else
    {
      g_autofree char *why = error
        ? gsmime_claws_recipient_error_text (error, problems)
        : g_strdup (_("unknown error"));
      privacy_set_error ("%s", why);
      gsmime_claws_trace ("encrypt-failed", "text", why, NULL);
    }
  return done;
}
