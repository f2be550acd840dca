/* cms-shape-walk.h - what the two readers of a CMS object's outline
 * share: the one over bytes in memory (cms-shape.c) and the one over a
 * stream read once from start to end (cms-shape-stream.c).  Internal to
 * the core.  */
#ifndef GSMIME_CMS_SHAPE_WALK_H
#define GSMIME_CMS_SHAPE_WALK_H

#include "cms-shape.h"

/* CMS nests about a dozen levels; anything deeper is not CMS.  */
#define GSMIME_CMS_MAX_DEPTH 32

/* What looking at one level of the outline found.  */
typedef enum
{
  SHAPE_OK,         /* as CMS should be, or nothing to say */
  SHAPE_NOT_CMS,    /* not a ContentInfo: left to gpgsm */
  SHAPE_LENGTHS     /* a part does not fit inside the part around it */
} Shape;

/* Sets ERROR (GPG_ERR_TRUNCATED) for an object that announces ANNOUNCED
 * bytes of content but holds HELD; returns FALSE.  */
gboolean gsmime_cms_shape_truncated (gsize announced, gsize held,
                                     GError **error);

/* Turns what the walk found (SHAPE, and COUNT signers or recipients of
 * an object of KIND) into the errors gsmime_cms_check_shape
 * documents; TRUE when there is nothing to refuse.  */
gboolean gsmime_cms_shape_judge (Shape shape, GsmimeCmsKind kind,
                                 gssize count, GError **error);

#endif
