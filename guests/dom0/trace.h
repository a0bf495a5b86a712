/* dom0's use of the scheduling trace buffer (trace.c). */
#ifndef DOM0_TRACE_H
#define DOM0_TRACE_H

#include <stdint.h>

/* The N of "trace_dump=N" (milliseconds) in dom0's command line, or -1. */
long trace_dump_option(const char *cmdline);

/* Enable tracing (XEN_SYSCTL_TBUFOP_enable); 0 or -XEN_E*. */
long trace_start(void);

/* Disable tracing and print every record as a TRACE line. 0 or -XEN_E*. */
long trace_dump(void);

#endif /* DOM0_TRACE_H */
