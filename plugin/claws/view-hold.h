/* view-hold.h - Claws' message views held busy while the plugin opens a
 * layer of a message in a thread. */
#ifndef GSMIME_CLAWS_VIEW_HOLD_H
#define GSMIME_CLAWS_VIEW_HOLD_H

#include <glib.h>

/* Marks every message view of Claws that is not busy already as busy
 * loading, Claws' own sign for "this view is in the middle of showing a
 * message", and returns them.  Call on the main thread before the main
 * loop runs while Claws waits for a layer.  */
GSList *gsmime_claws_views_hold (void);

/* Releases the views HELD returned (and frees the list).  */
void gsmime_claws_views_release (GSList *held);

#endif
