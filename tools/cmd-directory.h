/* cmd-directory.h - the subcommands for the organisation's directory:
 * "gsmime directory", "gsmime lookup" and "gsmime pin".  */
#ifndef GSMIME_CMD_DIRECTORY_H
#define GSMIME_CMD_DIRECTORY_H

int cmd_directory (int argc, char **argv);
int cmd_lookup (int argc, char **argv);
int cmd_pin (int argc, char **argv);
int cmd_unpin (int argc, char **argv);

#endif
