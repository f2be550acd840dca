/* asn1-table.c - turns an ASN.1 module into the C table libtasn1 builds
 * its tree from, at build time, so that the module stays the one source
 * of the types the core decodes with libtasn1.
 *
 * Usage: asn1-table MODULE.asn OUTPUT.c NAME
 */
#include <stdio.h>
#include <libtasn1.h>

int
main (int argc, char **argv)
{
  char why[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";

  if (argc != 4)
    {
      fprintf (stderr, "usage: asn1-table MODULE.asn OUTPUT.c NAME\n");
      return 2;
    }
  if (asn1_parser2array (argv[1], argv[2], argv[3], why) != ASN1_SUCCESS)
    {
      fprintf (stderr, "asn1-table: %s: %s\n", argv[1], why);
      return 1;
    }
  return 0;
}
