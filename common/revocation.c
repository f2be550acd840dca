/* revocation.c - is a certificate revoked?  Asked within a time budget. */
#include <config.h>
#include <glib/gstdio.h>
#include <string.h>
#include "revocation.h"
#include "revocation-plan.h"
#include "call-gpgsm-validate.h"
#include "engine.h"
#include "error.h"
#include "i18n.h"
#include "keys.h"

/* Chains are a few certificates long; a longer walk is a loop.  */
#define MAX_CHAIN 16

void
gsmime_revocation_free (GsmimeRevocation *revocation)
{
  if (!revocation)
    return;
  g_free (revocation->url);
  g_free (revocation->detail);
  g_free (revocation);
}

static const char *const source_names[] = { "none", "crl", "ocsp", "off",
                                            "unrecorded" };

const char *
gsmime_revocation_source_name (GsmimeRevocationSource source)
{
  return source < G_N_ELEMENTS (source_names) ? source_names[source]
                                              : "unrecorded";
}

static GsmimeRevocation *
revocation_new (GsmimeRevokedState state, GsmimeRevocationSource source,
                const char *url, const char *detail, gint64 when)
{
  GsmimeRevocation *r = g_new0 (GsmimeRevocation, 1);

  r->state = state;
  r->source = source;
  r->url = url && *url ? g_strdup (url) : NULL;
  r->detail = detail && *detail ? g_strdup (detail) : NULL;
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

/* The index of NAME in NAMES (N of them), or N.  */
static guint
name_index (const char *const *names, guint n, const char *name)
{
  guint i;

  for (i = 0; name && i < n; i++)
    if (!strcmp (name, names[i]))
      return i;
  return n;
}

/* The source an entry records.  Entries written before sources were
 * recorded may hold a "good" that no one checked (a certificate that
 * names only an OCSP responder, judged with CRLs alone): only their
 * revocations are kept.  */
static gboolean
cached_source (GKeyFile *kf, const char *fpr, GsmimeRevokedState state,
               GsmimeRevocationSource *source)
{
  g_autofree char *name = g_key_file_get_string (kf, fpr, "source", NULL);

  *source = name_index (source_names, G_N_ELEMENTS (source_names), name);
  if (*source < G_N_ELEMENTS (source_names))
    return TRUE;
  *source = GSMIME_REVOCATION_SOURCE_UNRECORDED;
  return state == GSMIME_REVOKED_YES;
}

static GsmimeRevocation *
cache_lookup (GKeyFile *kf, const char *fpr, gint64 now)
{
  g_autofree char *state = g_key_file_get_string (kf, fpr, "state", NULL);
  g_autofree char *detail = g_key_file_get_string (kf, fpr, "detail", NULL);
  g_autofree char *url = g_key_file_get_string (kf, fpr, "url", NULL);
  gint64 checked = g_key_file_get_int64 (kf, fpr, "checked", NULL);
  gint64 until = g_key_file_get_int64 (kf, fpr, "until", NULL);
  GsmimeRevocationSource source;
  GsmimeRevocation *r;
  guint i = name_index (state_names, G_N_ELEMENTS (state_names), state);

  if (i == G_N_ELEMENTS (state_names) || !cached_source (kf, fpr, i, &source))
    return NULL;
  if (i != GSMIME_REVOKED_YES && !still_good (i, checked, until, now))
    return NULL;
  r = revocation_new (i, source, url, detail, checked);
  r->answer_refused = g_key_file_get_boolean (kf, fpr, "answer-refused",
                                              NULL);
  r->signer_unchecked = g_key_file_get_boolean (kf, fpr, "signer-unchecked",
                                                NULL);
  r->ecdsa_unchecked = g_key_file_get_boolean (kf, fpr, "ecdsa-unchecked",
                                               NULL);
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
  g_key_file_set_string (kf, fpr, "source",
                         gsmime_revocation_source_name (r->source));
  g_key_file_set_string (kf, fpr, "url", r->url ? r->url : "");
  g_key_file_set_string (kf, fpr, "detail", r->detail ? r->detail : "");
  g_key_file_set_boolean (kf, fpr, "answer-refused", r->answer_refused);
  g_key_file_set_boolean (kf, fpr, "signer-unchecked", r->signer_unchecked);
  g_key_file_set_boolean (kf, fpr, "ecdsa-unchecked", r->ecdsa_unchecked);
  g_key_file_set_int64 (kf, fpr, "checked", r->checked_at);
  g_key_file_set_int64 (kf, fpr, "until", r->checked_at + ttl);
  /* Written to a new file and renamed over the old one, so that a crash
   * leaves either the old cache or the new.  */
  g_key_file_save_to_file (kf, c->path, NULL);
  c->stamp = file_stamp (c->path);
}

/* Whether a certificate authority above the certificate FPR, as the
 * keybox knows its chain, has an elliptic-curve key, and so signs its
 * CRLs and OCSP answers with ECDSA.  */
static gboolean
ec_authority (GsmimeSession *session, const char *fpr)
{
  gpgme_key_t key = gsmime_key_cached (session, fpr, NULL);
  guint depth;

  for (depth = 0; depth < MAX_CHAIN && key && key->subkeys && key->chain_id
                  && g_ascii_strcasecmp (key->chain_id, key->subkeys->fpr);
       depth++)
    {
      key = gsmime_key_cached (session, key->chain_id, NULL);
      if (key && key->subkeys
          && (key->subkeys->pubkey_algo == GPGME_PK_ECC
              || key->subkeys->pubkey_algo == GPGME_PK_ECDSA))
        return TRUE;
    }
  return FALSE;
}

/* Marks R, unknown with the words dirmngr gives for an ECDSA signature
 * (V), as unknown for that reason when this dirmngr cannot check ECDSA
 * and an authority of FPR's chain has an EC key: the engine's limit, not
 * a server down or an answer forged.  A state other than unknown, above
 * all a revocation, is never touched.  */
static void
judge_ecdsa (GsmimeSession *session, const char *fpr,
             const GsmimeGpgsmValidation *v, GsmimeRevocation *r)
{
  const char *dirmngr = gsmime_engine_versions ()->dirmngr;

  if (r->state != GSMIME_REVOKED_UNKNOWN || !v->ecdsa_words
      || gsmime_engine_can (GSMIME_CAN_ECDSA_REVOCATION)
      || !ec_authority (session, fpr))
    return;
  r->ecdsa_unchecked = TRUE;
  r->answer_refused = FALSE;
  g_free (r->detail);
  r->detail = g_strdup_printf (
    _("the certificate's authority signs its revocation lists and OCSP "
      "answers with ECDSA, which this dirmngr (%s) cannot check"),
    dirmngr ? dirmngr : "?");
}

/* Asks gpgsm about FPR as PLAN says, within the session's budget.  */
static GsmimeRevocation *
ask_gpgsm (GsmimeSession *session, const char *fpr,
           const GsmimeRevocationPlan *plan, gint64 now)
{
  const GsmimeSettings *settings = gsmime_session_get_settings (session);
  gboolean ocsp = plan->source == GSMIME_REVOCATION_SOURCE_OCSP;
  g_auto (GsmimeGpgsmValidation) v = { 0 };
  GsmimeRevocation *r;

  gsmime_gpgsm_validate (gsmime_session_get_homedir (session), fpr,
                         plan->enable_ocsp, ocsp,
                         settings->revocation_budget_ms, &v);
  if (v.timed_out)
    return revocation_new (GSMIME_REVOKED_UNKNOWN, plan->source, plan->url,
                           _("no answer from the revocation server in time"),
                           now);
  r = revocation_new (v.state, plan->source, plan->url, NULL, now);
  r->answer_refused = v.answer_refused;
  if (v.state == GSMIME_REVOKED_UNKNOWN)
    r->detail = v.detail ? g_steal_pointer (&v.detail)
                         : g_strdup (_("the check failed"));
  r->signer_unchecked = v.state == GSMIME_REVOKED_YES && ocsp
                        && !plan->signer_pinned;
  judge_ecdsa (session, fpr, &v, r);
  return r;
}

GsmimeRevocation *
gsmime_revocation_check (GsmimeSession *session, const char *fpr)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_auto (GsmimeDirmngrOcsp) dirmngr = { 0 };
  g_auto (GsmimeRevocationPlan) plan = { 0 };
  GsmimeRevocation *r;

  if (gsmime_session_get_settings (session)->revocation == GSMIME_REVOCATION_OFF)
    return revocation_new (GSMIME_REVOKED_UNCHECKED,
                           GSMIME_REVOCATION_SOURCE_OFF, NULL, NULL, now);
  r = cache_lookup (cache_get (session)->kf, fpr, now);
  if (r)
    return r;
  gsmime_revocation_plan_for (session, fpr, &dirmngr, &plan);
  /* OCSP switched off for a certificate that names only a responder:
   * nothing to ask, and nothing worth remembering, since switching OCSP
   * on must take effect at once.  */
  if (!plan.run)
    return revocation_new (GSMIME_REVOKED_UNKNOWN, plan.source, plan.url,
                           NULL, now);
  /* dirmngr refuses OCSP unless dirmngr.conf allows it; a certificate
   * that names only a responder needs it in the crl mode too.  When the
   * file cannot be written, gpgsm's answer says that OCSP is not
   * supported.  */
  if (plan.enable_ocsp && !dirmngr.allow_ocsp)
    gsmime_home_enable_ocsp (gsmime_session_get_homedir (session), NULL);
  r = ask_gpgsm (session, fpr, &plan, now);
  cache_store (session, fpr, r);
  return r;
}
