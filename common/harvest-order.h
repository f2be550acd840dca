/* harvest-order.h - several sessions harvesting one archive, deciding
 * in the order of its messages.
 *
 * Whether a certificate is kept depends on what came before: of a
 * signer's mails, the first good one keeps the certificate, and an
 * altered one before it refuses it, while after it the certificate is
 * known and nothing is judged.  Sessions that read the messages of one
 * archive side by side would otherwise decide in whatever order their
 * gpgsm happened to answer, and, worse, one could remove a certificate
 * another was about to keep.  Joined to one GsmimeHarvestOrder, they
 * decide as one session reading the messages in turn would: a message
 * that carries a certificate not yet known waits until every message
 * before it is done, and a certificate stays undecided for the others
 * until the session that found it new has kept or removed it.  Messages
 * whose certificates are all known, the bulk of an archive, are read
 * side by side without waiting.
 *
 * A session is joined to at most one order, and each session serves
 * one thread at a time, as always.
 */
#ifndef GSMIME_HARVEST_ORDER_H
#define GSMIME_HARVEST_ORDER_H

#include <glib.h>
#include "session.h"

typedef struct _GsmimeHarvestOrder GsmimeHarvestOrder;

/* An order of messages numbered from 0 up, none done yet.  */
GsmimeHarvestOrder *gsmime_harvest_order_new (void);

/* Frees ORDER; the sessions joined to it must be freed first.  */
void gsmime_harvest_order_free (GsmimeHarvestOrder *order);

/* Joins SESSION to ORDER: from now on its harvests are decided in
 * turn, and a dry run shares with the other sessions what it would have
 * kept.  */
void gsmime_harvest_order_join (GsmimeHarvestOrder *order,
                                GsmimeSession *session);

/* SESSION now reads message number SEQ of its order.  */
void gsmime_harvest_order_message (GsmimeSession *session, guint64 seq);

/* Message number SEQ is done (read, unreadable or left out): later
 * messages waiting for their turn may go on once every one before them
 * is done.  Every number handed out must be marked done once.  */
void gsmime_harvest_order_done (GsmimeHarvestOrder *order, guint64 seq);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsmimeHarvestOrder, gsmime_harvest_order_free)

#endif
