/* candidates.h - the certificates for one address, where each came from,
 * and which one is encrypted to.
 *
 * The order, as in Kopano: a certificate the user pinned for the address
 * (pin.h) wins; then one from the organisation's directory (lookup.h),
 * which the organisation vouches for; then one harvested from mail or
 * imported by hand.  Within a rank the usable certificate issued last
 * wins, so a renewed certificate replaces the old one by itself.
 */
#ifndef GSMIME_CANDIDATES_H
#define GSMIME_CANDIDATES_H

#include <glib.h>
#include <gpgme.h>
#include "session.h"

typedef enum
{
  GSMIME_SOURCE_KEYBOX,      /* imported by hand, or there before */
  GSMIME_SOURCE_HARVESTED,   /* kept from signed mail (harvest.h) */
  GSMIME_SOURCE_DIRECTORY    /* fetched from the directory (lookup.h) */
} GsmimeCertSource;

typedef struct
{
  gpgme_key_t key;           /* a reference */
  GsmimeCertSource source;
  char *origin;              /* translated: where it came from */
  gboolean pinned;
  gboolean usable;           /* current, for encryption, not revoked */
} GsmimeCandidate;

typedef struct
{
  char *address;
  GPtrArray *candidates;     /* GsmimeCandidate* */
  GsmimeCandidate *chosen;   /* one of CANDIDATES, or NULL */
  const char *reason_code;   /* "pinned", "directory", "newest", or NULL */
  char *reason;              /* translated: why CHOSEN, or why none */
} GsmimeCandidates;

void gsmime_candidates_free (GsmimeCandidates *candidates);

/* Ranks KEYS (gpgme_key_t, the certificates found for ADDRESS) and
 * chooses one, or none when none is usable.  */
GsmimeCandidates *gsmime_candidates_rank (GsmimeSession *session,
                                          const char *address,
                                          GPtrArray *keys);

/* The short name of SOURCE: "keybox", "harvested" or "directory".  */
const char *gsmime_cert_source_name (GsmimeCertSource source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeCandidates, gsmime_candidates_free)

#endif
