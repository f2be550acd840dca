/* candidates.c - the certificates for one address, where each came from,
 * and which one is encrypted to. */
#include <config.h>
#include <string.h>
#include "candidates.h"
#include "i18n.h"
#include "keys.h"
#include "keyselect.h"
#include "lookup.h"
#include "pin.h"

static void
candidate_free (GsmimeCandidate *c)
{
  gpgme_key_unref (c->key);
  g_free (c->origin);
  g_free (c);
}

void
gsmime_candidates_free (GsmimeCandidates *candidates)
{
  if (!candidates)
    return;
  g_free (candidates->address);
  g_ptr_array_unref (candidates->candidates);
  g_free (candidates->reason);
  g_free (candidates);
}

const char *
gsmime_cert_source_name (GsmimeCertSource source)
{
  switch (source)
    {
    case GSMIME_SOURCE_HARVESTED: return "harvested";
    case GSMIME_SOURCE_DIRECTORY: return "directory";
    case GSMIME_SOURCE_KEYBOX: break;
    }
  return "keybox";
}

/* Where the certificate FPR came from, by the records that directory
 * look-ups and harvesting keep.  HARVEST is harvest.ini, loaded once.  */
static void
find_origin (GsmimeSession *session, GsmimeCandidate *c, GKeyFile *harvest)
{
  const char *fpr = c->key->fpr;
  g_autofree char *server = gsmime_lookup_source (session, fpr);
  g_autofree char *msgid = NULL;
  g_autofree char *date = NULL;

  if (server)
    {
      c->source = GSMIME_SOURCE_DIRECTORY;
      c->origin = g_strdup_printf (_("directory %s"), server);
      return;
    }
  if (g_key_file_has_group (harvest, fpr))
    {
      msgid = g_key_file_get_string (harvest, fpr, "message-id", NULL);
      date = g_key_file_get_string (harvest, fpr, "date", NULL);
      c->source = GSMIME_SOURCE_HARVESTED;
      c->origin = g_strdup_printf (_("harvested from mail (%s, %s)"),
                                   msgid && *msgid ? msgid : "-",
                                   date && *date ? date : "-");
      return;
    }
  c->source = GSMIME_SOURCE_KEYBOX;
  c->origin = g_strdup (_("imported into the keybox"));
}

/* The usable candidate issued last among those that pass KEEP.  */
static GsmimeCandidate *
newest (GPtrArray *candidates, gboolean (*keep) (const GsmimeCandidate *))
{
  GsmimeCandidate *best = NULL;
  guint i;

  for (i = 0; i < candidates->len; i++)
    {
      GsmimeCandidate *c = g_ptr_array_index (candidates, i);
      if (!c->usable || (keep && !keep (c)))
        continue;
      if (!best || gsmime_key_not_before (c->key)
                   > gsmime_key_not_before (best->key))
        best = c;
    }
  return best;
}

static gboolean
is_pinned (const GsmimeCandidate *c)
{
  return c->pinned;
}

static gboolean
from_directory (const GsmimeCandidate *c)
{
  return c->source == GSMIME_SOURCE_DIRECTORY;
}

static void
choose (GsmimeCandidates *out, gboolean pin_exists)
{
  if ((out->chosen = newest (out->candidates, is_pinned)))
    {
      out->reason_code = "pinned";
      out->reason = g_strdup (_("pinned by you for this address; a pin wins "
                                "over every other certificate"));
    }
  else if ((out->chosen = newest (out->candidates, from_directory)))
    {
      out->reason_code = "directory";
      out->reason = g_strdup (_("from the organisation's directory, which is "
                                "preferred over certificates from mail"));
    }
  else if ((out->chosen = newest (out->candidates, NULL)))
    {
      out->reason_code = "newest";
      out->reason = g_strdup (_("the usable certificate issued last"));
    }
  else
    out->reason = g_strdup (_("no certificate for this address can be "
                              "used"));
  if (pin_exists && out->chosen && !out->chosen->pinned)
    {
      char *more = g_strdup_printf (_("%s (the pinned certificate cannot be "
                                      "used or is no longer in the keybox)"),
                                    out->reason);
      g_free (out->reason);
      out->reason = more;
    }
}

GsmimeCandidates *
gsmime_candidates_rank (GsmimeSession *session, const char *address,
                        GPtrArray *keys)
{
  GsmimeCandidates *out = g_new0 (GsmimeCandidates, 1);
  g_autofree char *pin = gsmime_pin_get (session, address);
  g_autofree char *harvest_path = gsmime_session_state_file (session,
                                                             "harvest.ini");
  g_autoptr (GKeyFile) harvest = g_key_file_new ();
  guint i;

  g_key_file_load_from_file (harvest, harvest_path, G_KEY_FILE_NONE, NULL);
  out->address = g_strdup (address);
  out->candidates = g_ptr_array_new_with_free_func (
    (GDestroyNotify) candidate_free);
  for (i = 0; i < keys->len; i++)
    {
      gpgme_key_t key = g_ptr_array_index (keys, i);
      GsmimeCandidate *c;

      if (!gsmime_key_has_email (key, address))
        continue;
      c = g_new0 (GsmimeCandidate, 1);
      gpgme_key_ref (key);
      c->key = key;
      c->pinned = pin && !g_ascii_strcasecmp (pin, key->fpr);
      c->usable = gsmime_key_usable (key, FALSE);
      find_origin (session, c, harvest);
      g_ptr_array_add (out->candidates, c);
    }
  choose (out, pin != NULL);
  return out;
}
