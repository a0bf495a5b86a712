/*
 * core/cmdline.c: cmdline_parse() on arbitrary text (the input up to its
 * first NUL, in a buffer that ends right after it), of the lengths it can
 * be given: core/fdt.c drops bootargs of BOOT_CMDLINE_MAX bytes or more.
 *
 * Invariants: every option within its documented range (hv/cmdline.h),
 * whatever the line; one warning per ignored word, each a short printable
 * message; and the result does not depend on where warnings go (the
 * callback, or printk when there is none).
 */
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <asm/host.h>
#include "fuzz.h"

/* cmdline.c quotes at most 40 bytes of a word in a short sentence. */
#define WARN_MAX 160

static unsigned int nr_warnings;

static void count_warning(const char *msg)
{
    CHECK(printable_string(msg, WARN_MAX));
    CHECK(msg[0] != '\0');
    nr_warnings++;
}

static void check_options(const struct hv_options *o)
{
    CHECK(memchr(o->sched, '\0', sizeof(o->sched)));
    CHECK(!strcmp(o->sched, "credit") || !strcmp(o->sched, "sedf") ||
          !strcmp(o->sched, "rr"));
    CHECK(o->dom0_mem >= (1ULL << 20) && o->dom0_mem <= (1ULL << 40));
    CHECK(o->dom0_max_vcpus >= 1 && o->dom0_max_vcpus <= 8);
    CHECK(o->loglvl <= 4);
    CHECK(o->sched_credit_tslice_ms >= 1 && o->sched_credit_tslice_ms <= 1000);
    CHECK(o->sched_ratelimit_us <= 1000000);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    host_log_quiet = true;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hv_options a, b;
    unsigned int n;
    char *line;

    if (size >= BOOT_CMDLINE_MAX)
        return -1;
    line = fuzz_cstring(data, size);
    host_log_reset();
    nr_warnings = 0;
    n = cmdline_parse(line, &a, count_warning);
    CHECK(n == nr_warnings);
    check_options(&a);

    CHECK(cmdline_parse(line, &b, NULL) == n);
    CHECK(host_log_count() == n);
    CHECK(!memcmp(&a, &b, sizeof(a)));
    free(line);
    return 0;
}
