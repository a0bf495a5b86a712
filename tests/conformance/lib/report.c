/* Result reporting for conformance test kernels (see test.h). */
#include <stdarg.h>
#include <stdio.h>
#include "test.h"

static enum test_result worst = RESULT_SUCCESS;
static unsigned int nr_bad;   /* ERROR and FAILURE reports so far */
static const char *const names[] = { "SUCCESS", "SKIP", "ERROR", "FAILURE" };

void test_report(enum test_result r, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("%s: %s\n", names[r], buf);
    if (r >= RESULT_ERROR)
        nr_bad++;
    if (r > worst)
        worst = r;
}

void run_tests(const char *title, const struct test *tests, unsigned int n)
{
    printk("--- rvxen conformance: %s ---\n", title);
    for (unsigned int i = 0; i < n; i++) {
        unsigned int before = nr_bad;

        tests[i].fn();
        printk("  %s: %s\n", tests[i].name, nr_bad > before ? "failed" : "ok");
    }
    printk("Test result: %s\n", names[worst]);
    shutdown(SHUTDOWN_poweroff);
}
