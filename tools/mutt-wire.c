/* mutt-wire.c - how a mutt command and the session process talk. */
#include <config.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "mutt-wire.h"

static gboolean
write_all (int fd, const void *data, gsize size)
{
  const char *p = data;

  while (size > 0)
    {
      ssize_t n = write (fd, p, size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= n;
    }
  return TRUE;
}

static gboolean
read_all (int fd, void *data, gsize size)
{
  char *p = data;

  while (size > 0)
    {
      ssize_t n = read (fd, p, size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= n;
    }
  return TRUE;
}

static gboolean
write_u32 (int fd, guint32 value)
{
  guint32 be = GUINT32_TO_BE (value);

  return write_all (fd, &be, sizeof be);
}

static gboolean
read_u32 (int fd, guint32 *value)
{
  guint32 be;

  if (!read_all (fd, &be, sizeof be))
    return FALSE;
  *value = GUINT32_FROM_BE (be);
  return TRUE;
}

gboolean
mutt_wire_send (int fd, GPtrArray *fields)
{
  guint i;

  if (!write_u32 (fd, fields->len))
    return FALSE;
  for (i = 0; i < fields->len; i++)
    {
      gsize size;
      const void *data = g_bytes_get_data (g_ptr_array_index (fields, i),
                                           &size);
      if (!write_u32 (fd, size) || !write_all (fd, data, size))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
mutt_wire_receive (int fd)
{
  g_autoptr (GPtrArray) fields =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint32 count, size, i;
  gsize total = 0;

  if (!read_u32 (fd, &count) || count > 4096)
    return NULL;
  for (i = 0; i < count; i++)
    {
      char *data;

      if (!read_u32 (fd, &size) || size > MUTT_WIRE_MAX
          || (total += size) > MUTT_WIRE_MAX)
        return NULL;
      data = g_malloc (size + 1);
      if (!read_all (fd, data, size))
        {
          g_free (data);
          return NULL;
        }
      g_ptr_array_add (fields, g_bytes_new_take (data, size));
    }
  return g_steal_pointer (&fields);
}

GBytes *
mutt_wire_string (const char *text)
{
  return g_bytes_new (text ? text : "", text ? strlen (text) : 0);
}

char *
mutt_wire_get_string (GPtrArray *fields, guint i)
{
  gsize size;
  const char *data;

  if (i >= fields->len)
    return g_strdup ("");
  data = g_bytes_get_data (g_ptr_array_index (fields, i), &size);
  return g_strndup (data, size);
}
