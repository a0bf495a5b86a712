/*
 * The in-guest test framework, in the manner of the Xen Test Framework.
 *
 * A test kernel lists its checks in one array of struct test and calls
 * run_tests(); each check reports through EXPECT_* or test_fail().  The
 * result is the worst one reported (SUCCESS < SKIP < ERROR < FAILURE) and
 * is printed as the single line "Test result: <RESULT>" that the runner
 * (scripts/conformance.py) reads.  A kernel that never prints it crashed.
 */
#ifndef CONFORMANCE_TEST_H
#define CONFORMANCE_TEST_H

#include <kernel.h>

enum test_result { RESULT_SUCCESS, RESULT_SKIP, RESULT_ERROR, RESULT_FAILURE };

struct test {
    const char *name;
    void (*fn)(void);
};

void test_report(enum test_result r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Run every test, print the result line, power off. */
void __attribute__((noreturn)) run_tests(const char *title, const struct test *tests,
                                         unsigned int n);

#define EXPECT_EQ(actual, expected)                                           \
    do {                                                                      \
        long a_ = (long)(actual), e_ = (long)(expected);                      \
        if (a_ != e_)                                                         \
            test_report(RESULT_FAILURE, "%s:%d: %s = %ld, expected %ld",      \
                        __FILE__, __LINE__, #actual, a_, e_);                 \
    } while (0)

#define EXPECT_TRUE(cond)                                                     \
    do {                                                                      \
        if (!(cond))                                                          \
            test_report(RESULT_FAILURE, "%s:%d: expected %s", __FILE__,       \
                        __LINE__, #cond);                                     \
    } while (0)

#define TESTS(...) static const struct test tests[] = { __VA_ARGS__ }
#define RUN(title) run_tests(title, tests, sizeof(tests) / sizeof(tests[0]))

#endif
