/*
 * A domU's description, from its boot module's bootargs, in xl.cfg syntax:
 *
 *   name="web" memory=32 vcpus=1 weight=512 cap=0 period=100 slice=10
 *   extra="guest kernel command line" type="pvh"
 *
 * Entries are separated by blanks, newlines or ';'.  Strings are quoted with
 * " or '; numbers are decimal.  Keys: name (1..31 chars of [A-Za-z0-9_.-]),
 * memory (MiB, 1..65536), maxmem, vcpus (1..8), weight (1..65535), cap
 * (0..800), period / slice (ms, SEDF), extra / cmdline (<= 1023 chars),
 * type ("pv", the default, or "pvh": an auto-translated domain, hv/p2m.h;
 * xl.cfg's name).
 * A malformed or unknown entry stops that domain: domcfg_parse() fails with
 * a message naming the entry.
 */
#ifndef HV_DOMCFG_H
#define HV_DOMCFG_H

#include <hv/types.h>

struct domain_config {
    char name[32];
    uint64_t memory_mb;
    uint64_t maxmem_mb;
    unsigned int vcpus;
    unsigned int weight;
    unsigned int cap;
    unsigned int period_ms;
    unsigned int slice_ms;
    char cmdline[1024];
    unsigned int type;          /* DOMAIN_TYPE_* */
};

#define DOMAIN_TYPE_PV  0
#define DOMAIN_TYPE_PVH 1

#define DOMU_MEM_DEFAULT_MB 16

/* Defaults: name "" (the builder names it domU<id>), memory 16, maxmem =
 * memory, vcpus 1, weight 256, cap 0, period 100, slice 0, cmdline "",
 * type PV. */
void domcfg_defaults(struct domain_config *c);
/* 0, or -EINVAL with a message in err naming the bad entry. */
int domcfg_parse(const char *text, struct domain_config *c, char *err, size_t errlen);

#endif /* HV_DOMCFG_H */
