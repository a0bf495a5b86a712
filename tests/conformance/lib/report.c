/*
 * Result reporting and the test loop (see test.h).
 *
 * The status only ever gets worse: each report raises it to its own level
 * if that is more severe (XTF's "worst result wins").  `checks` counts
 * assertions and reports, so that run_tests() can catch a check that
 * asserted nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include "test.h"

enum status { ST_SUCCESS, ST_SKIP, ST_ERROR, ST_FAILURE };

static const char *const status_names[] = {
    [ST_SUCCESS] = "SUCCESS", [ST_SKIP] = "SKIP",
    [ST_ERROR] = "ERROR",     [ST_FAILURE] = "FAILURE",
};

static enum status worst = ST_SUCCESS;
static unsigned long checks;        /* assertions and reports so far */
static unsigned long problems;      /* reports worse than SUCCESS so far */

static void report(enum status st, const char *fmt, va_list ap)
{
    char msg[256];

    checks++;
    if (st != ST_SUCCESS)
        problems++;
    if (st > worst)
        worst = st;
    if (!fmt)
        return;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    printk("%s: %s\n", status_names[st], msg);
}

#define DEFINE_REPORT(fn, st)                       \
    void fn(const char *fmt, ...)                   \
    {                                               \
        va_list ap;                                 \
        va_start(ap, fmt);                          \
        report(st, fmt, ap);                        \
        va_end(ap);                                 \
    }

DEFINE_REPORT(xtf_success, ST_SUCCESS)
DEFINE_REPORT(xtf_skip, ST_SKIP)
DEFINE_REPORT(xtf_error, ST_ERROR)
DEFINE_REPORT(xtf_failure, ST_FAILURE)

unsigned int test_domid(void)
{
    long id = xen_own_domid();

    return id < 0 ? ~0u : (unsigned int)id;
}

bool test_is_privileged(void)
{
    return start_info->flags & SIF_PRIVILEGED;
}

int run_tests(const char *title, const struct test *tests, unsigned int n)
{
    printk("--- rvxen conformance: %s ---\n", title);
    printk("Environment: PV riscv64 (Sv39), d%u, %s\n", test_domid(),
           test_is_privileged() ? "privileged" : "unprivileged");
    for (unsigned int i = 0; i < n; i++) {
        unsigned long checks_before = checks, problems_before = problems;

        tests[i].fn();
        if (checks == checks_before)
            xtf_error("%s: made no checks", tests[i].name);
        printk("  %s: %s\n", tests[i].name, problems > problems_before ? "NOT OK" : "ok");
    }
    printk("Test result: %s\n", status_names[worst]);
    shutdown(SHUTDOWN_poweroff);
}
