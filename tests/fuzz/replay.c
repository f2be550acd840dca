/* replay.c - runs a fuzz target once over every file named on the
 * command line, or in a folder named there: the corpus replay that
 * `make check` runs without clang.  A crash, an abort or a sanitizer
 * report ends the program with a non-zero status; the file being read
 * is named on standard error first, so the failing input is known.  */
#include <config.h>
#include <stdio.h>
#include <glib.h>
#include "fuzz.h"

/* libFuzzer's initializer is optional; the targets that have none get
 * this one.  */
__attribute__ ((weak)) int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc, (void) argv;
  return 0;
}

static gboolean
replay_file (const char *path, guint *count)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      fprintf (stderr, "replay: %s\n", error->message);
      return FALSE;
    }
  fprintf (stderr, "replay: %s\n", path);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  (*count)++;
  return TRUE;
}

static gboolean
replay_path (const char *path, guint *count)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;
  gboolean ok = TRUE;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path, count);
  dir = g_dir_open (path, 0, NULL);
  if (!dir)
    {
      fprintf (stderr, "replay: cannot open the folder %s\n", path);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        ok = replay_file (child, count) && ok;
    }
  return ok;
}

int
main (int argc, char **argv)
{
  guint count = 0;
  gboolean ok = TRUE;
  int i;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE-OR-FOLDER...\n", argv[0]);
      return 2;
    }
  LLVMFuzzerInitialize (&argc, &argv);
  for (i = 1; i < argc; i++)
    ok = replay_path (argv[i], &count) && ok;
  printf ("replayed %u inputs\n", count);
  return ok ? 0 : 1;
}
