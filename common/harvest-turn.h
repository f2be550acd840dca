/* harvest-turn.h - what harvest.c asks of the order its session is
 * joined to (harvest-order.h): the core's own, no host calls it.
 *
 * A harvest (gsmime_harvest_begin to gsmime_harvest_finish) of a session
 * in an order goes like this: it forgets the certificates other sessions
 * removed (gsmime_harvest_turn_sync), sorts the carried certificates
 * into known and new, and when one is new, or undecided by another
 * session, or when another session decided something meanwhile, it
 * waits for its turn, sorts again and claims the new ones; finishing,
 * it releases them and names those it removed.
 */
#ifndef GSMIME_HARVEST_TURN_H
#define GSMIME_HARVEST_TURN_H

#include <glib.h>
#include "session.h"

typedef struct _GsmimeHarvestTurn GsmimeHarvestTurn;

/* The place of SESSION in its order, or NULL when it is in none.  */
GsmimeHarvestTurn *gsmime_harvest_turn_of (GsmimeSession *session);

/* Takes out of KEY_CACHE (the session's, fingerprint -> key) every
 * certificate another session removed since the last call: the cache
 * would take it for one that is still there.  */
void gsmime_harvest_turn_sync (GsmimeHarvestTurn *turn,
                               GHashTable *key_cache);

/* A stamp of the decisions so far: gsmime_harvest_turn_settled says
 * whether none of CARRIED (NULL-terminated fingerprints) was claimed or
 * released since, nor is undecided by another session now: whether
 * what the session learnt of them from gpgsm in between still holds.  */
guint64 gsmime_harvest_turn_stamp (GsmimeHarvestTurn *turn);
gboolean gsmime_harvest_turn_settled (GsmimeHarvestTurn *turn,
                                      guint64 stamp, char **carried);

/* Waits until every message before the session's current one is done.  */
void gsmime_harvest_turn_wait (GsmimeHarvestTurn *turn);

/* FRESH (fingerprints) are undecided by this session until
 * gsmime_harvest_turn_release, which records REMOVED (fingerprints, or
 * NULL) as removed for the other sessions.  Releasing what was never
 * claimed does nothing.  */
void gsmime_harvest_turn_claim (GsmimeHarvestTurn *turn, GPtrArray *fresh);
void gsmime_harvest_turn_release (GsmimeHarvestTurn *turn,
                                  GPtrArray *removed);

/* What a dry run of any session of the order would have kept: whether
 * FPR is in it, and adding it (FALSE when it was there already).  */
gboolean gsmime_harvest_turn_dry_kept (GsmimeHarvestTurn *turn,
                                       const char *fpr);
gboolean gsmime_harvest_turn_add_dry_kept (GsmimeHarvestTurn *turn,
                                           const char *fpr);

#endif
