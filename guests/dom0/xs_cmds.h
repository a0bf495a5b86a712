/* The xenstore-* commands at dom0's console (xs_cmds.c). */
#ifndef DOM0_XS_CMDS_H
#define DOM0_XS_CMDS_H

#include <stdbool.h>

/* Run line if it is a xenstore-* command (it is cut into words). */
bool xs_command(char *line);

#endif /* DOM0_XS_CMDS_H */
