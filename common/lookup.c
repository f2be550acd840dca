/* lookup.c - recipient certificates from the organisation's directory. */
#include <config.h>
#include <gio/gio.h>
#include <gpgme.h>
#include <string.h>
#include "lookup.h"
#include "call-dirmngr.h"
#include "certs.h"
#include "directory.h"
#include "error.h"
#include "harvest.h"
#include "i18n.h"
#include "import.h"
#include "keys.h"

static void
refusal_free (GsmimeLookupRefusal *r)
{
  g_free (r->fingerprint);
  g_free (r->code);
  g_free (r);
}

void
gsmime_lookup_free (GsmimeLookup *lookup)
{
  if (!lookup)
    return;
  g_free (lookup->address);
  g_free (lookup->server);
  g_ptr_array_unref (lookup->kept);
  g_ptr_array_unref (lookup->refused);
  g_free (lookup->detail);
  g_free (lookup);
}

static GsmimeLookup *
lookup_new (const char *address)
{
  GsmimeLookup *l = g_new0 (GsmimeLookup, 1);

  l->address = g_strdup (address);
  l->kept = g_ptr_array_new_with_free_func (g_free);
  l->refused = g_ptr_array_new_with_free_func ((GDestroyNotify) refusal_free);
  return l;
}

/* ---- the address, as dirmngr wants it ---- */

/* dirmngr puts the address into "(mail=...)" as it is: characters that
 * mean something in an LDAP filter, or end the command line, must not
 * reach it.  */
static gboolean
check_address (const char *address, GError **error)
{
  const char *at = address ? strchr (address, '@') : NULL;
  const char *p;

  for (p = address; at && *p; p++)
    if ((guchar) *p <= ' ' || strchr ("()*\\<>\"", *p))
      break;
  if (at && at != address && at[1] && !strchr (at + 1, '@') && !*p)
    return TRUE;
  gsmime_set_error (error, GPG_ERR_INV_ARG,
                    _("\"%s\" is not an e-mail address that can be looked "
                      "up in a directory"), address ? address : "");
  return FALSE;
}

/* ---- is any server there at all? ---- */

/* dirmngr answers "no data" both when the directory has nothing and when
 * no server could be reached, so a connection is tried before "not
 * found" is believed.  */
typedef struct
{
  guint pending;
  guint reachable;
  GString *why;
} Probe;

static void
on_connected (GObject *client, GAsyncResult *res, gpointer data)
{
  Probe *p = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) conn = g_socket_client_connect_to_host_finish (
    G_SOCKET_CLIENT (client), res, &error);

  if (conn)
    p->reachable++;
  else if (!p->why->len)
    g_string_append (p->why, error->message);
  p->pending--;
}

static gboolean
on_probe_timeout (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gboolean
any_reachable (GPtrArray *servers, guint budget_ms, char **why)
{
  g_autoptr (GMainContext) ctx = g_main_context_new ();
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  Probe p = { 0, 0, g_string_new (NULL) };
  GSource *timer;
  guint i;

  g_main_context_push_thread_default (ctx);
  for (i = 0; i < servers->len; i++, p.pending++)
    {
      GsmimeDirectoryServer *s = g_ptr_array_index (servers, i);
      g_socket_client_connect_to_host_async (
        client, s->host, gsmime_directory_server_port (s), cancel,
        on_connected, &p);
    }
  timer = g_timeout_source_new (budget_ms);
  g_source_set_callback (timer, on_probe_timeout, cancel, NULL);
  g_source_attach (timer, ctx);
  while (p.pending && !p.reachable)
    g_main_context_iteration (ctx, TRUE);
  g_cancellable_cancel (cancel);
  while (p.pending)
    g_main_context_iteration (ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_main_context_pop_thread_default (ctx);
  *why = g_string_free (p.why, FALSE);
  return p.reachable > 0;
}

/* ---- the policy, and the record ---- */

static void
refuse (GsmimeLookup *l, const char *fpr, const char *code)
{
  GsmimeLookupRefusal *r = g_new0 (GsmimeLookupRefusal, 1);

  r->fingerprint = g_strdup (fpr);
  r->code = g_strdup (code);
  g_ptr_array_add (l->refused, r);
}

/* Why the certificate must not be kept (a reason code), or NULL;
 * UNCHECKED tells that its revocation could not be learnt (kept, as
 * harvesting does).  */
static char *
judge (GsmimeSession *session, const char *fpr, const char *address,
       gboolean *unchecked)
{
  g_autoptr (GPtrArray) certs = gsmime_certs_list (session, fpr, NULL);
  const GsmimeCertInfo *info;
  const char *const *e;

  if (!certs || !certs->len)
    return g_strdup ("unreadable");
  info = g_ptr_array_index (certs, 0);
  for (e = (const char *const *) info->emails; *e; e++)
    if (!g_ascii_strcasecmp (*e, address))
      break;
  if (!*e)
    return g_strdup ("other-address");
  if (info->verdict->colour == GSMIME_RED)
    return g_strdup (gsmime_verdict_main_reason (info->verdict)->code);
  if (!info->can_encrypt)
    return g_strdup ("not-for-encryption");
  *unchecked = info->revocation == GSMIME_REVOKED_UNKNOWN;
  return NULL;
}

static void
record (GsmimeSession *session, const char *fpr, const GsmimeLookup *l,
        gboolean unchecked)
{
  g_autofree char *path = gsmime_session_state_file (session,
                                                     "directory-certs.ini");
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);

  gsmime_provenance_load (kf, path);
  g_key_file_set_string (kf, fpr, "email", l->address);
  g_key_file_set_string (kf, fpr, "server", l->server ? l->server : "");
  g_key_file_set_string (kf, fpr, "fetched", when);
  g_key_file_set_boolean (kf, fpr, "revocation-unchecked", unchecked);
  /* Replaced by rename: a crash leaves the old file or the new one.  */
  g_key_file_save_to_file (kf, path, NULL);
}

/* Imports one certificate from the directory and keeps it if the policy
 * lets it; one that was in the keybox already stays, whatever.  */
static void
keep_one (GsmimeSession *session, GsmimeLookup *l, GBytes *der)
{
  g_autoptr (GPtrArray) got = gsmime_import (session, der, NULL, NULL);
  const GsmimeImported *imp;
  g_autofree char *why = NULL;
  gboolean unchecked = FALSE;

  if (!got || !got->len)
    return;
  imp = g_ptr_array_index (got, 0);
  /* Two servers may hold the same certificate.  */
  if (g_ptr_array_find_with_equal_func (l->kept, imp->fingerprint,
                                        g_str_equal, NULL))
    return;
  why = judge (session, imp->fingerprint, l->address, &unchecked);
  if (!why)
    {
      g_ptr_array_add (l->kept, g_strdup (imp->fingerprint));
      record (session, imp->fingerprint, l, unchecked);
      return;
    }
  refuse (l, imp->fingerprint, why);
  if (imp->is_new && !imp->has_secret)
    gsmime_key_delete (session, imp->fingerprint);
}

/* ---- a directory that did not answer ---- */

/* One message to ten recipients must not wait ten budgets for a
 * directory that did not answer the first time; a minute later (a host
 * such as Claws keeps its session for days) it is asked again.  */
#define UNREACHABLE_MEMO_SECONDS 60

typedef struct
{
  gint64 until;      /* monotonic, in microseconds */
  char *detail;
} Memo;

static const char memo_key[] = "gsmime-directory-unreachable";

static void
memo_free (gpointer data)
{
  Memo *m = data;

  g_free (m->detail);
  g_free (m);
}

static const char *
memo_get (GsmimeSession *session)
{
  Memo *m = gsmime_session_get_data (session, memo_key);

  return m && m->until > g_get_monotonic_time () ? m->detail : NULL;
}

static void
memo_set (GsmimeSession *session, const char *detail)
{
  Memo *m = g_new0 (Memo, 1);

  m->until = g_get_monotonic_time ()
             + UNREACHABLE_MEMO_SECONDS * G_USEC_PER_SEC;
  m->detail = g_strdup (detail ? detail : "?");
  gsmime_session_set_data (session, memo_key, m, memo_free);
}

/* ---- the look-up ---- */

static char *
servers_name (GPtrArray *servers)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; i < servers->len; i++)
    g_ptr_array_add (names, gsmime_directory_server_name (
      g_ptr_array_index (servers, i)));
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* Fills L from the directory's answer: the certificates found and
 * judged, or why there were none.  */
static void
ask (GsmimeSession *session, GsmimeLookup *l, GPtrArray *servers)
{
  const char *home = gsmime_session_get_homedir (session);
  gint64 started = g_get_monotonic_time ();
  guint budget = gsmime_session_get_settings (session)->revocation_budget_ms;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) certs = gsmime_dirmngr_lookup (home, l->address,
                                                       budget, &error);
  guint i;

  if (!certs)
    {
      l->state = GSMIME_LOOKUP_UNREACHABLE;
      l->detail = g_strdup (error->message);
      return;
    }
  if (!certs->len)
    {
      gint64 spent = (g_get_monotonic_time () - started) / 1000;
      g_autofree char *why = NULL;

      l->state = any_reachable (servers, spent < budget ? budget - spent : 1,
                                &why)
                 ? GSMIME_LOOKUP_NOT_FOUND : GSMIME_LOOKUP_UNREACHABLE;
      if (l->state == GSMIME_LOOKUP_UNREACHABLE)
        l->detail = g_steal_pointer (&why);
    }
  for (i = 0; i < certs->len; i++)
    keep_one (session, l, g_ptr_array_index (certs, i));
  if (certs->len)
    l->state = l->kept->len ? GSMIME_LOOKUP_FOUND : GSMIME_LOOKUP_REFUSED;
}

GsmimeLookup *
gsmime_directory_lookup (GsmimeSession *session, const char *address,
                         GError **error)
{
  g_autoptr (GPtrArray) servers = NULL;
  GsmimeLookup *l;
  const char *memo;

  if (!check_address (address, error))
    return NULL;
  l = lookup_new (address);
  servers = gsmime_directory_list (gsmime_session_get_homedir (session),
                                   NULL);
  if (!servers || !servers->len)
    {
      l->state = GSMIME_LOOKUP_NO_DIRECTORY;
      return l;
    }
  l->server = servers_name (servers);
  memo = memo_get (session);
  if (memo)
    {
      l->state = GSMIME_LOOKUP_UNREACHABLE;
      l->detail = g_strdup (memo);
      return l;
    }
  ask (session, l, servers);
  if (l->state == GSMIME_LOOKUP_UNREACHABLE)
    memo_set (session, l->detail);
  return l;
}

/* ---- saying what happened ---- */

/* What the certificate's own reason (reasons.c) says about it, or NULL.  */
static const char *
reason_text (GsmimeReasonCode reason)
{
  switch (reason)
    {
    case GSMIME_REASON_REVOKED:
      return _("it is revoked");
    case GSMIME_REASON_UNTRUSTED_CHAIN:
    case GSMIME_REASON_CHAIN_ERROR:
      return _("it does not lead to a root you trust");
    case GSMIME_REASON_EXPIRED:
    case GSMIME_REASON_NOT_YET_VALID:
      return _("it has expired or is not valid yet");
    default:
      return NULL;
    }
}

/* CODE is the certificate's reason or one of the lookup's own.  */
static const char *
refusal_text (const char *code)
{
  GsmimeReasonCode reason;

  if (gsmime_reason_from_name (code, &reason) && reason_text (reason))
    return reason_text (reason);
  if (!strcmp (code, "not-for-encryption"))
    return _("it is not for encryption");
  if (!strcmp (code, "other-address"))
    return _("it is for another address");
  return code;
}

char *
gsmime_lookup_describe (const GsmimeLookup *l)
{
  const GsmimeLookupRefusal *r = l->refused->len
                                 ? g_ptr_array_index (l->refused, 0) : NULL;

  switch (l->state)
    {
    case GSMIME_LOOKUP_FOUND:
      return g_strdup_printf (_("%s: certificate found in the directory "
                                "(%s)"), l->address, l->server);
    case GSMIME_LOOKUP_NOT_FOUND:
      return g_strdup_printf (_("%s: no certificate found; the directory "
                                "(%s) has none for this address"),
                              l->address, l->server);
    case GSMIME_LOOKUP_REFUSED:
      return g_strdup_printf (_("%s: the directory's certificate (%s) was "
                                "not kept: %s"), l->address, l->server,
                              r ? refusal_text (r->code) : "?");
    case GSMIME_LOOKUP_UNREACHABLE:
      return g_strdup_printf (_("%s: no certificate found, directory "
                                "unreachable (%s: %s)"), l->address,
                              l->server, l->detail ? l->detail : "?");
    case GSMIME_LOOKUP_NO_DIRECTORY:
      break;
    }
  return g_strdup_printf (_("%s: no certificate found, and no directory "
                            "server is configured"), l->address);
}

GsmimeAdvice
gsmime_lookup_advice (const GsmimeLookup *l)
{
  return l->state == GSMIME_LOOKUP_NO_DIRECTORY ? GSMIME_ADVICE_ADD_DIRECTORY
                                                : GSMIME_ADVICE_NONE;
}

char *
gsmime_lookup_source (GsmimeSession *session, const char *fpr)
{
  g_autofree char *path = gsmime_session_state_file (session,
                                                     "directory-certs.ini");
  g_autoptr (GKeyFile) kf = g_key_file_new ();

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_key_file_get_string (kf, fpr, "server", NULL);
}
