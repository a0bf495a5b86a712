/*
 * The hypervisor command line (/chosen/bootargs), with Xen's option names:
 *
 *   sched=credit|sedf|rr        scheduler policy (default: credit, Xen's default up to 4.11)
 *   dom0_mem=<size>             dom0 memory, e.g. 64M, 65536K, 1G
 *   dom0_max_vcpus=<n>          1..8
 *   loglvl=<level>              none|error|warning|info|debug|all
 *   sched_credit_tslice_ms=<n>  1..1000
 *   sched_ratelimit_us=<n>      0..1000000
 *   console_timestamps=<bool>   (none by default)
 *   noreboot / noreboot=<bool>  after a panic or a crashed dom0, halt the machine
 *                               (default: reset it after 5 seconds, as Xen)
 *   tbuf_size=<pages>           scheduling trace ring per CPU, 0..256 pages of
 *                               256 records (default 8; 0: no trace buffer)
 *   tevt_mask=<mask>            trace from boot: XEN_TBUF_EV_* bits, 0..15
 *                               (default 0: off until dom0 enables it)
 *   mm_boot_check=<bool>        rvxen's: after building the boot-time domains,
 *                               check the whole frame table against the type
 *                               system's model (core/domain_build.c), a panic
 *                               if it disagrees.  It costs O(RAM) (8.5 ms of
 *                               virtual time at 256 MiB), so it is off by
 *                               default; every test boot turns it on.
 *
 * Options are separated by blanks; `name=value` or `name` (boolean true).
 * An unknown option, or a value that does not parse or is out of range, is
 * named in a warning and ignored; the default stays.
 */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <hv/types.h>

struct hv_options {
    char sched[16];
    uint64_t dom0_mem;                /* bytes */
    unsigned int dom0_max_vcpus;
    unsigned int loglvl;              /* 0 none .. 4 all: prints levels < loglvl */
    unsigned int sched_credit_tslice_ms;
    unsigned int sched_ratelimit_us;
    bool console_timestamps;
    bool noreboot;
    bool mm_boot_check;
    unsigned int tbuf_size;           /* pages per CPU */
    unsigned int tevt_mask;
};

#define TBUF_SIZE_DEFAULT 8
#define TBUF_SIZE_MAX 256

#define DOM0_MEM_DEFAULT (32ULL << 20)

/* Fill `o` with defaults, then apply `cmdline`.  Returns the number of
 * warnings; each warning is reported through `warn(msg)`. */
unsigned int cmdline_parse(const char *cmdline, struct hv_options *o,
                           void (*warn)(const char *msg));

/* Parse a size with an optional K/M/G suffix (no suffix: KiB, as Xen's
 * dom0_mem).  Returns false on garbage or overflow. */
bool parse_size(const char *s, const char *end, uint64_t *bytes);

#endif /* HV_CMDLINE_H */
