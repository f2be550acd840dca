/* gmime-autoptr.h - g_autoptr support for the GMime types gsmime uses.
 *
 * GMime 3.2 does not declare these itself; every file that includes GMime
 * includes it through this header.
 */
#ifndef GSMIME_GMIME_AUTOPTR_H
#define GSMIME_GMIME_AUTOPTR_H

#include <gmime/gmime.h>

#if !GMIME_CHECK_VERSION (3, 4, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeObject, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimePart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeDataWrapper, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeFilter, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddressList, g_object_unref)
#endif

#endif
