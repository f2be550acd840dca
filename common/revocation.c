/* revocation.c - is a certificate revoked?  Asked within a time budget. */
#include <config.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include "revocation.h"
#include "bounded.h"
#include "error.h"
#include "i18n.h"

void
gsmime_revocation_free (GsmimeRevocation *revocation)
{
  if (!revocation)
    return;
  g_free (revocation->detail);
  g_free (revocation);
}

static GsmimeRevocation *
revocation_new (GsmimeRevokedState state, const char *detail, gint64 when)
{
  GsmimeRevocation *r = g_new0 (GsmimeRevocation, 1);

  r->state = state;
  r->detail = g_strdup (detail);
  r->checked_at = when;
  return r;
}

/* ---- the cache, a key file in the GnuPG home ---- */

static const char *const state_names[] = { "good", "revoked", "unknown",
                                           "unchecked" };

/* The cache as this session last read it.  It is read again only when
 * the file changed on disk (another process wrote it): parsing it for
 * every message would cost more, the more senders it knows.  */
typedef struct
{
  char *path;
  GKeyFile *kf;
  gint64 stamp;      /* modification time in ns, plus the size */
} Cache;

static void
cache_free (gpointer data)
{
  Cache *c = data;

  g_free (c->path);
  g_key_file_unref (c->kf);
  g_free (c);
}

static gint64
file_stamp (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) < 0)
    return 0;
  /* Only ever compared for equality: unsigned, so that a time far in
   * the future wraps instead of overflowing.  */
  return (gint64) ((guint64) st.st_mtim.tv_sec * 1000000000u
                   + (guint64) st.st_mtim.tv_nsec + (guint64) st.st_size);
}

static Cache *
cache_get (GsmimeSession *session)
{
  Cache *c = gsmime_session_get_data (session, "gsmime-revocation-cache");
  gint64 stamp;

  if (!c)
    {
      c = g_new0 (Cache, 1);
      c->path = gsmime_session_state_file (session, "revocation.ini");
      c->kf = g_key_file_new ();
      c->stamp = -1;
      gsmime_session_set_data (session, "gsmime-revocation-cache", c,
                               cache_free);
    }
  stamp = file_stamp (c->path);
  if (stamp != c->stamp)
    {
      /* A damaged cache is as good as none: it only saves time.  */
      g_key_file_unref (c->kf);
      c->kf = g_key_file_new ();
      g_key_file_load_from_file (c->kf, c->path, G_KEY_FILE_NONE, NULL);
      c->stamp = stamp;
    }
  return c;
}

static gint64
time_to_live (GsmimeRevokedState state)
{
  return state == GSMIME_REVOKED_NO ? GSMIME_REVOCATION_GOOD_TTL
                                    : GSMIME_REVOCATION_UNKNOWN_TTL;
}

/* An answer learnt at CHECKED holds until UNTIL, and never longer than
 * its time to live: one that claims more (an edited or damaged file, or
 * a clock that was set back since) would spare a certificate its
 * revocation check for as long as it says.  */
static gboolean
still_good (GsmimeRevokedState state, gint64 checked, gint64 until,
            gint64 now)
{
  return checked <= now && now < until
         && until <= checked + time_to_live (state);
}

static GsmimeRevocation *
cache_lookup (GKeyFile *kf, const char *fpr, gint64 now)
{
  g_autofree char *state = g_key_file_get_string (kf, fpr, "state", NULL);
  g_autofree char *detail = g_key_file_get_string (kf, fpr, "detail", NULL);
  gint64 checked = g_key_file_get_int64 (kf, fpr, "checked", NULL);
  gint64 until = g_key_file_get_int64 (kf, fpr, "until", NULL);
  GsmimeRevocation *r;
  guint i;

  for (i = 0; state && i < G_N_ELEMENTS (state_names); i++)
    if (!strcmp (state, state_names[i]))
      break;
  if (!state || i == G_N_ELEMENTS (state_names))
    return NULL;
  if (i != GSMIME_REVOKED_YES && !still_good (i, checked, until, now))
    return NULL;
  r = revocation_new (i, detail && *detail ? detail : NULL, checked);
  r->cached = TRUE;
  return r;
}

static void
cache_store (GsmimeSession *session, const char *fpr,
             const GsmimeRevocation *r)
{
  Cache *c = cache_get (session);
  GKeyFile *kf = c->kf;
  gint64 ttl = time_to_live (r->state);

  g_key_file_set_string (kf, fpr, "state", state_names[r->state]);
  g_key_file_set_string (kf, fpr, "detail", r->detail ? r->detail : "");
  g_key_file_set_int64 (kf, fpr, "checked", r->checked_at);
  g_key_file_set_int64 (kf, fpr, "until", r->checked_at + ttl);
  /* Written to a new file and renamed over the old one, so that a crash
   * leaves either the old cache or the new.  */
  g_key_file_save_to_file (kf, c->path, NULL);
  c->stamp = file_stamp (c->path);
}

/* ---- asking gpgsm, within the budget ---- */

/* Runs `gpgsm --with-validation --list-keys FPR` within the budget;
 * when the budget runs out first, the gpgsm process (and with it its
 * dirmngr connection, which may stay stuck) is abandoned.  */
static void
run_validation (GsmimeSession *session, const char *fpr,
                GsmimeBoundedRun *run)
{
  const char *home = gsmime_session_get_homedir (session);
  const GsmimeSettings *settings = gsmime_session_get_settings (session);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) GPGSM_PATH);
  if (home)
    {
      g_ptr_array_add (argv, (char *) "--homedir");
      g_ptr_array_add (argv, (char *) home);
    }
  g_ptr_array_add (argv, (char *) "--batch");
  g_ptr_array_add (argv, (char *) "--with-validation");
  g_ptr_array_add (argv, (char *) (settings->revocation
                                   == GSMIME_REVOCATION_CRL_OCSP
                                   ? "--enable-ocsp" : "--disable-ocsp"));
  g_ptr_array_add (argv, (char *) "--list-keys");
  g_ptr_array_add (argv, (char *) fpr);
  g_ptr_array_add (argv, NULL);
  gsmime_run_bounded ((const char *const *) argv->pdata,
                      settings->revocation_budget_ms, run);
}

/* What gpgsm's listing says in brackets after validating (LC_ALL=C):
 * "[certificate is good]", "[certificate has been revoked]", or
 * "[checking the CRL failed: REASON]" and "[certificate is bad: REASON]".
 * The colon listing would carry only a letter, without the reason.  */
static GsmimeRevokedState
read_listing (const char *out, char **detail)
{
  g_auto (GStrv) lines = g_strsplit (out ? out : "", "\n", -1);
  GsmimeRevokedState state = GSMIME_REVOKED_UNKNOWN;
  char **l;

  for (l = lines; *l; l++)
    {
      const char *text = g_strstrip (*l);
      const char *colon;

      if (!strcmp (text, "[certificate is good]"))
        return GSMIME_REVOKED_NO;
      if (strstr (text, "revoked]") || strstr (text, "Certificate revoked"))
        return GSMIME_REVOKED_YES;
      colon = text[0] == '[' ? strrchr (text, ':') : NULL;
      if (colon && !*detail && g_str_has_suffix (text, "]"))
        *detail = g_strstrip (g_strndup (colon + 1,
                                         strlen (colon + 1) - 1));
    }
  return state;
}

static GsmimeRevocation *
ask_gpgsm (GsmimeSession *session, const char *fpr, gint64 now)
{
  g_auto (GsmimeBoundedRun) run = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *detail = NULL;
  GsmimeRevokedState state;

  run_validation (session, fpr, &run);
  if (run.timed_out)
    return revocation_new (GSMIME_REVOKED_UNKNOWN,
                           _("no answer from the revocation server in time"),
                           now);
  if (run.out)
    out = g_strndup (g_bytes_get_data (run.out, NULL),
                     g_bytes_get_size (run.out));
  state = read_listing (out, &detail);
  return revocation_new (state, state == GSMIME_REVOKED_UNKNOWN && !detail
                                ? _("the check failed") : detail, now);
}

GsmimeRevocation *
gsmime_revocation_check (GsmimeSession *session, const char *fpr)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GsmimeRevocation *r;

  if (gsmime_session_get_settings (session)->revocation == GSMIME_REVOCATION_OFF)
    return revocation_new (GSMIME_REVOKED_UNCHECKED, NULL, now);
  r = cache_lookup (cache_get (session)->kf, fpr, now);
  if (r)
    return r;
  r = ask_gpgsm (session, fpr, now);
  cache_store (session, fpr, r);
  return r;
}
