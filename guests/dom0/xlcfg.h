/*
 * xl.cfg, as Xen's xl reads it (xl.cfg(5)): a domain's configuration file,
 * parsed for dom0's `xl create`.  Arch-neutral: built for dom0 and the
 * host (tests/unit/test_xlcfg.c, tests/fuzz/fuzz_xlcfg.c).
 *
 * Syntax: one setting a line, KEY = VALUE, where VALUE is a number, a
 * string in double or single quotes, or a list [ "a", "b" ] of strings
 * (a list may run over several lines; a trailing comma is allowed); '#'
 * starts a comment outside strings; blank lines are ignored.  A key given
 * twice takes the last value, as in xl.  `xl create CFG key=value...`
 * applies each extra setting after the file, in the same syntax.
 *
 * Keys understood: name, kernel, ramdisk, extra and cmdline (the kernel's
 * command line; cmdline wins), memory and maxmem (MiB), vcpus and
 * maxvcpus, on_poweroff / on_reboot / on_crash (destroy, restart,
 * preserve, rename-restart), cpu_weight and cap (credit), period, slice,
 * latency and extratime (SEDF, in ms), disk = [ ... ] and vif = [ ... ]
 * in xl's disk and network syntax (kept for the split drivers; see
 * xl_devices in xl.c).  Other keys xl knows (builder, type, uuid, ...) are
 * accepted and ignored, as settings that do not apply here; a key that is
 * no xl.cfg key at all is an error, as a typo would otherwise go unseen.
 *
 * Errors name the file, the line and the key: "a.cfg:3: memory: not a
 * number".  Nothing of a failed parse is kept (the caller's config is
 * untouched).
 */
#ifndef DOM0_XLCFG_H
#define DOM0_XLCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XLCFG_NAME_MAX 64
#define XLCFG_PATH_MAX 128
#define XLCFG_CMDLINE_MAX 512
#define XLCFG_DEVS_MAX 8
#define XLCFG_DEV_STR 64

enum xl_action {
    XL_ACTION_DESTROY,
    XL_ACTION_RESTART,
    XL_ACTION_PRESERVE,
    XL_ACTION_RENAME_RESTART,
};

/* disk = [ "[target=]PATH,[format=]FMT,[vdev=]VDEV,[access=]ro|rw" ]: the
 * positional or key=value form; "phy:PATH" and "file:PATH" prefixes are
 * kept in target. */
struct xl_disk {
    char target[XLCFG_DEV_STR];
    char format[16];
    char vdev[16];
    bool readonly;
};

/* vif = [ "mac=..,bridge=..,ip=..,model=.." ]: key=value words. */
struct xl_vif {
    char mac[24];
    char bridge[XLCFG_DEV_STR];
    char ip[XLCFG_DEV_STR];
    char model[16];
};

struct xl_config {
    char name[XLCFG_NAME_MAX];
    char kernel[XLCFG_PATH_MAX];
    char ramdisk[XLCFG_PATH_MAX];
    char cmdline[XLCFG_CMDLINE_MAX];
    uint64_t memory_mb, maxmem_mb;          /* maxmem 0: as memory */
    unsigned int vcpus, maxvcpus;           /* maxvcpus 0: as vcpus */
    enum xl_action on_poweroff, on_reboot, on_crash;
    int cpu_weight, cap;                    /* -1: not set */
    long period_ms, slice_ms, latency_ms;   /* -1: not set */
    int extratime;                          /* -1: not set */
    struct xl_disk disk[XLCFG_DEVS_MAX];
    unsigned int nr_disks;
    struct xl_vif vif[XLCFG_DEVS_MAX];
    unsigned int nr_vifs;
};

/* xl's defaults: memory 128, vcpus 1, on_poweroff destroy, on_reboot
 * restart, on_crash destroy, nothing else set. */
void xlcfg_defaults(struct xl_config *c);

/* Parse text (len bytes; NULs end it early) from `file` into *c, which
 * keeps its values for keys the text does not set: 0, or -1 with err
 * "file:line: key: why".  *c is changed only on success. */
int xlcfg_parse(const char *file, const char *text, size_t len, struct xl_config *c,
                char *err, size_t errlen);

/* One KEY=VALUE setting (xl create's extra arguments), after the file. */
int xlcfg_set(const char *setting, struct xl_config *c, char *err, size_t errlen);

/* Check the whole: a name and a kernel are needed, maxmem >= memory,
 * maxvcpus >= vcpus, SEDF slice <= period.  0 or -1 with err. */
int xlcfg_check(const char *file, const struct xl_config *c, char *err, size_t errlen);

const char *xl_action_name(enum xl_action a);

#endif /* DOM0_XLCFG_H */
