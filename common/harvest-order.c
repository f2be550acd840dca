/* harvest-order.c - several sessions harvesting one archive, deciding in
 * the order of its messages.  */
#include <config.h>
#include "harvest-order.h"
#include "harvest-turn.h"

struct _GsmimeHarvestOrder
{
  GMutex lock;
  GCond turn_came;         /* signalled when NEXT_UNDONE moves on */
  guint64 next_undone;     /* every message before it is done */
  GHashTable *done_after;  /* numbers above NEXT_UNDONE done already */
  /* Fingerprints undecided -> the GsmimeHarvestTurn that claimed them.  */
  GHashTable *claimed;
  guint64 decisions;       /* claims taken and released so far */
  /* Fingerprint -> the number of the last decision that claimed or
   * released it (a guint64 of its own): one entry a certificate ever
   * found new, so it grows with the certificates of the archive, not
   * with its messages.  */
  GHashTable *touched;
  /* Fingerprints removed by decisions, in order; REMOVED_BASE is the
   * number of the first still held (the older ones every session has
   * seen).  */
  GPtrArray *removed;
  guint64 removed_base;
  GHashTable *dry_kept;
  GPtrArray *turns;        /* the sessions' places, not owned */
};

struct _GsmimeHarvestTurn
{
  GsmimeHarvestOrder *order;
  guint64 seq;             /* the message the session reads */
  guint64 synced;          /* removals seen so far */
  GPtrArray *claims;       /* fingerprints this session claimed */
};

static const char turn_key[] = "gsmime-harvest-turn";

GsmimeHarvestOrder *
gsmime_harvest_order_new (void)
{
  GsmimeHarvestOrder *order = g_new0 (GsmimeHarvestOrder, 1);

  g_mutex_init (&order->lock);
  g_cond_init (&order->turn_came);
  order->done_after = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                             g_free, NULL);
  order->claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          NULL);
  order->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          g_free);
  order->removed = g_ptr_array_new_with_free_func (g_free);
  order->dry_kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           NULL);
  order->turns = g_ptr_array_new ();
  return order;
}

void
gsmime_harvest_order_free (GsmimeHarvestOrder *order)
{
  if (!order)
    return;
  g_hash_table_unref (order->done_after);
  g_hash_table_unref (order->claimed);
  g_hash_table_unref (order->touched);
  g_ptr_array_unref (order->removed);
  g_hash_table_unref (order->dry_kept);
  g_ptr_array_unref (order->turns);
  g_cond_clear (&order->turn_came);
  g_mutex_clear (&order->lock);
  g_free (order);
}

static void
turn_free (gpointer data)
{
  GsmimeHarvestTurn *turn = data;

  gsmime_harvest_turn_release (turn, NULL);
  g_mutex_lock (&turn->order->lock);
  g_ptr_array_remove (turn->order->turns, turn);
  g_mutex_unlock (&turn->order->lock);
  g_ptr_array_unref (turn->claims);
  g_free (turn);
}

void
gsmime_harvest_order_join (GsmimeHarvestOrder *order, GsmimeSession *session)
{
  GsmimeHarvestTurn *turn = g_new0 (GsmimeHarvestTurn, 1);

  turn->order = order;
  turn->claims = g_ptr_array_new_with_free_func (g_free);
  g_mutex_lock (&order->lock);
  turn->synced = order->removed_base + order->removed->len;
  g_ptr_array_add (order->turns, turn);
  g_mutex_unlock (&order->lock);
  gsmime_session_set_data (session, turn_key, turn, turn_free);
}

GsmimeHarvestTurn *
gsmime_harvest_turn_of (GsmimeSession *session)
{
  return gsmime_session_get_data (session, turn_key);
}

void
gsmime_harvest_order_message (GsmimeSession *session, guint64 seq)
{
  GsmimeHarvestTurn *turn = gsmime_harvest_turn_of (session);

  if (!turn)
    return;
  turn->seq = seq;
  /* At every message, signed or not, so that the list of removals is
   * trimmed even while a session reads only unsigned mail.  */
  gsmime_harvest_turn_sync (turn, gsmime_session_key_cache (session));
}

void
gsmime_harvest_order_done (GsmimeHarvestOrder *order, guint64 seq)
{
  g_mutex_lock (&order->lock);
  if (seq == order->next_undone)
    {
      order->next_undone++;
      while (g_hash_table_remove (order->done_after, &order->next_undone))
        order->next_undone++;
      g_cond_broadcast (&order->turn_came);
    }
  else if (seq > order->next_undone)
    g_hash_table_add (order->done_after, g_memdup2 (&seq, sizeof seq));
  g_mutex_unlock (&order->lock);
}

/* Drops the removals every session has seen, so that the list does not
 * grow with the archive.  Called with the lock held.  */
static void
trim_removed (GsmimeHarvestOrder *order)
{
  guint64 oldest = order->removed_base + order->removed->len;
  guint i;

  for (i = 0; i < order->turns->len; i++)
    {
      GsmimeHarvestTurn *t = g_ptr_array_index (order->turns, i);
      oldest = MIN (oldest, t->synced);
    }
  if (oldest > order->removed_base)
    {
      g_ptr_array_remove_range (order->removed, 0,
                                (guint) (oldest - order->removed_base));
      order->removed_base = oldest;
    }
}

void
gsmime_harvest_turn_sync (GsmimeHarvestTurn *turn, GHashTable *key_cache)
{
  GsmimeHarvestOrder *order = turn->order;
  guint64 end;

  g_mutex_lock (&order->lock);
  end = order->removed_base + order->removed->len;
  for (; turn->synced < end; turn->synced++)
    g_hash_table_remove (key_cache,
                         g_ptr_array_index (order->removed,
                                            turn->synced
                                              - order->removed_base));
  trim_removed (order);
  g_mutex_unlock (&order->lock);
}

guint64
gsmime_harvest_turn_stamp (GsmimeHarvestTurn *turn)
{
  guint64 stamp;

  g_mutex_lock (&turn->order->lock);
  stamp = turn->order->decisions;
  g_mutex_unlock (&turn->order->lock);
  return stamp;
}

gboolean
gsmime_harvest_turn_settled (GsmimeHarvestTurn *turn, guint64 stamp,
                             char **carried)
{
  GsmimeHarvestOrder *order = turn->order;
  gboolean settled;
  char **c;

  g_mutex_lock (&order->lock);
  settled = TRUE;
  for (c = carried; settled && *c; c++)
    {
      gpointer owner = g_hash_table_lookup (order->claimed, *c);
      const guint64 *last = g_hash_table_lookup (order->touched, *c);
      settled = (!owner || owner == turn) && (!last || *last <= stamp);
    }
  g_mutex_unlock (&order->lock);
  return settled;
}

void
gsmime_harvest_turn_wait (GsmimeHarvestTurn *turn)
{
  GsmimeHarvestOrder *order = turn->order;

  g_mutex_lock (&order->lock);
  while (order->next_undone < turn->seq)
    g_cond_wait (&order->turn_came, &order->lock);
  g_mutex_unlock (&order->lock);
}

/* Notes that decision number ORDER->decisions touched FPR.  Called
 * with the lock held.  */
static void
touch (GsmimeHarvestOrder *order, const char *fpr)
{
  guint64 *last = g_hash_table_lookup (order->touched, fpr);

  if (!last)
    {
      last = g_new (guint64, 1);
      g_hash_table_insert (order->touched, g_strdup (fpr), last);
    }
  *last = order->decisions;
}

void
gsmime_harvest_turn_claim (GsmimeHarvestTurn *turn, GPtrArray *fresh)
{
  GsmimeHarvestOrder *order = turn->order;
  guint i;

  if (!fresh->len)
    return;
  g_mutex_lock (&order->lock);
  order->decisions++;
  for (i = 0; i < fresh->len; i++)
    {
      const char *fpr = g_ptr_array_index (fresh, i);
      g_hash_table_replace (order->claimed, g_strdup (fpr), turn);
      g_ptr_array_add (turn->claims, g_strdup (fpr));
      touch (order, fpr);
    }
  g_mutex_unlock (&order->lock);
}

void
gsmime_harvest_turn_release (GsmimeHarvestTurn *turn, GPtrArray *removed)
{
  GsmimeHarvestOrder *order = turn->order;
  guint i;

  if (!turn->claims->len && (!removed || !removed->len))
    return;
  g_mutex_lock (&order->lock);
  order->decisions++;
  for (i = 0; i < turn->claims->len; i++)
    {
      if (g_hash_table_lookup (order->claimed, turn->claims->pdata[i])
          == turn)
        g_hash_table_remove (order->claimed, turn->claims->pdata[i]);
      touch (order, turn->claims->pdata[i]);
    }
  g_ptr_array_set_size (turn->claims, 0);
  for (i = 0; removed && i < removed->len; i++)
    {
      g_ptr_array_add (order->removed, g_strdup (removed->pdata[i]));
      touch (order, removed->pdata[i]);
    }
  g_mutex_unlock (&order->lock);
}

gboolean
gsmime_harvest_turn_dry_kept (GsmimeHarvestTurn *turn, const char *fpr)
{
  gboolean kept;

  g_mutex_lock (&turn->order->lock);
  kept = g_hash_table_contains (turn->order->dry_kept, fpr);
  g_mutex_unlock (&turn->order->lock);
  return kept;
}

gboolean
gsmime_harvest_turn_add_dry_kept (GsmimeHarvestTurn *turn, const char *fpr)
{
  gboolean added;

  g_mutex_lock (&turn->order->lock);
  added = g_hash_table_add (turn->order->dry_kept, g_strdup (fpr));
  g_mutex_unlock (&turn->order->lock);
  return added;
}
