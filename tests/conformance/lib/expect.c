/*
 * The EXPECT_* assertions (see test.h).  A failure names the place, the
 * expression, what it was and what it should have been; values that look
 * like negated XEN_E* codes are also printed by name.
 */
#include <stdio.h>
#include <string.h>
#include "test.h"

static const char *const errno_names[] = {
    [XEN_EPERM] = "EPERM",   [XEN_ENOENT] = "ENOENT",   [XEN_ESRCH] = "ESRCH",
    [XEN_E2BIG] = "E2BIG",   [XEN_EAGAIN] = "EAGAIN",   [XEN_ENOMEM] = "ENOMEM",
    [XEN_EACCES] = "EACCES", [XEN_EFAULT] = "EFAULT",   [XEN_EBUSY] = "EBUSY",
    [XEN_EEXIST] = "EEXIST", [XEN_EINVAL] = "EINVAL",   [XEN_ENOSPC] = "ENOSPC",
    [XEN_ENOSYS] = "ENOSYS", [XEN_ETIME] = "ETIME",     [XEN_EOPNOTSUPP] = "EOPNOTSUPP",
    [XEN_ENOBUFS] = "ENOBUFS",
};

/* " (-EINVAL)" for a known negated code, "" otherwise. */
static const char *errno_suffix(long v, char *buf, size_t size)
{
    if (v < 0 && -v < (long)ARRAY_SIZE(errno_names) && errno_names[-v]) {
        snprintf(buf, size, " (-%s)", errno_names[-v]);
        return buf;
    }
    return "";
}

bool expect_eq_(const char *file, int line, const char *expr, long actual, long expected)
{
    char a[24], e[24];

    if (actual == expected) {
        xtf_success(NULL);
        return true;
    }
    xtf_failure("%s:%d: %s = %ld%s, expected %ld%s", file, line, expr,
                actual, errno_suffix(actual, a, sizeof(a)),
                expected, errno_suffix(expected, e, sizeof(e)));
    return false;
}

bool expect_ne_(const char *file, int line, const char *expr, long actual, long unwanted)
{
    char a[24];

    if (actual != unwanted) {
        xtf_success(NULL);
        return true;
    }
    xtf_failure("%s:%d: %s = %ld%s, expected anything else", file, line, expr,
                actual, errno_suffix(actual, a, sizeof(a)));
    return false;
}

bool expect_eq_hex_(const char *file, int line, const char *expr, uint64_t actual,
                    uint64_t expected)
{
    if (actual == expected) {
        xtf_success(NULL);
        return true;
    }
    xtf_failure("%s:%d: %s = %#lx, expected %#lx", file, line, expr,
                (unsigned long)actual, (unsigned long)expected);
    return false;
}

bool expect_range_(const char *file, int line, const char *expr, uint64_t actual,
                   uint64_t lo, uint64_t hi)
{
    if (actual >= lo && actual <= hi) {
        xtf_success(NULL);
        return true;
    }
    xtf_failure("%s:%d: %s = %lu, expected %lu..%lu", file, line, expr,
                (unsigned long)actual, (unsigned long)lo, (unsigned long)hi);
    return false;
}

bool expect_true_(const char *file, int line, const char *expr, bool ok)
{
    if (ok) {
        xtf_success(NULL);
        return true;
    }
    xtf_failure("%s:%d: expected %s", file, line, expr);
    return false;
}

bool expect_streq_(const char *file, int line, const char *expr, const char *actual,
                   const char *expected)
{
    if (!strcmp(actual, expected)) {
        xtf_success(NULL);
        return true;
    }
    xtf_failure("%s:%d: %s = \"%.64s\", expected \"%.64s\"", file, line, expr,
                actual, expected);
    return false;
}

bool expect_bytes_(const char *file, int line, const char *expr, const void *buf,
                   size_t len, uint8_t byte)
{
    const uint8_t *p = buf;

    for (size_t i = 0; i < len; i++) {
        if (p[i] != byte) {
            xtf_failure("%s:%d: %s[%lu] = %#x, expected %#x (all %lu bytes)", file, line,
                        expr, (unsigned long)i, p[i], byte, (unsigned long)len);
            return false;
        }
    }
    xtf_success(NULL);
    return true;
}
