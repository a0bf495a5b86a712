/*
 * lib/string.c and lib/vsnprintf.c against the host C library.
 *
 * The hypervisor's copies are linked renamed (hv_memcpy, hv_snprintf, ...;
 * see build.mk), so both implementations live in this process: each format
 * is printed by both and the results must match byte for byte, return
 * value included.  Where ours deliberately differs (%p of NULL, field width
 * cap, unknown conversions) the expected text is spelled out.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/lib.h>

void *hv_memcpy(void *dst, const void *src, size_t n);
void *hv_memmove(void *dst, const void *src, size_t n);
void *hv_memset(void *dst, int c, size_t n);
int hv_memcmp(const void *a, const void *b, size_t n);
void *hv_memchr(const void *s, int c, size_t n);
size_t hv_strlen(const char *s);
size_t hv_strnlen(const char *s, size_t max);
int hv_strcmp(const char *a, const char *b);
int hv_strncmp(const char *a, const char *b, size_t n);
char *hv_strchr(const char *s, int c);
char *hv_strrchr(const char *s, int c);
int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* hv_vsnprintf with a format the compiler cannot check (on purpose). */
static int hv_printf_indirect(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = hv_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/*
 * Print with both implementations; output and return value must agree.
 * The format goes through a volatile pointer so that the compiler does not
 * object to flag combinations whose (standard) effect is exactly what is
 * being tested, such as "%-05d".
 */
#define SAME(fmt, ...)                                                  \
    do {                                                                \
        const char *volatile f_ = (fmt);                                \
        char a_[512], b_[512];                                          \
        int ra_ = hv_snprintf(a_, sizeof(a_), f_, ##__VA_ARGS__);       \
        int rb_ = snprintf(b_, sizeof(b_), f_, ##__VA_ARGS__);          \
        if (strcmp(a_, b_) || ra_ != rb_)                               \
            print_error("format \"%s\": hv \"%s\" (%d), libc \"%s\" (%d)\n", \
                        f_, a_, ra_, b_, rb_);                          \
        assert_string_equal(a_, b_);                                    \
        assert_int_equal(ra_, rb_);                                     \
    } while (0)

static void test_fmt_signed(void **state)
{
    SAME("%d", 0);
    SAME("%d", 42);
    SAME("%d", -42);
    SAME("%d", INT_MAX);
    SAME("%d", INT_MIN);
    SAME("%i", -7);
    SAME("%ld", LONG_MIN);
    SAME("%ld", LONG_MAX);
    SAME("%lld", LLONG_MIN);
    SAME("%lld", LLONG_MAX);
    SAME("%hd", (short)-32768);
    SAME("%hd", 70000);          /* converted to short */
    SAME("%hhd", 300);           /* converted to signed char */
    SAME("%hhd", -129);
    SAME("%zd", (ptrdiff_t)-5);
    SAME("%jd", (intmax_t)INT64_MIN);
    SAME("%td", (ptrdiff_t)-123456789);
}

static void test_fmt_unsigned(void **state)
{
    SAME("%u", 0u);
    SAME("%u", UINT_MAX);
    SAME("%lu", ULONG_MAX);
    SAME("%llu", ULLONG_MAX);
    SAME("%zu", SIZE_MAX);
    SAME("%hu", 70000);
    SAME("%hhu", 257);
    SAME("%x", 0xdeadbeefu);
    SAME("%X", 0xdeadbeefu);
    SAME("%lx", 0x123456789abcdef0UL);
    SAME("%llX", 0xfedcba9876543210ULL);
    SAME("%hhx", 0x1ff);
    SAME("%o", 8u);
    SAME("%o", 0u);
    SAME("%llo", ULLONG_MAX);
}

static void test_fmt_flags_width_precision(void **state)
{
    SAME("[%5d]", 42);
    SAME("[%-5d]", 42);
    SAME("[%05d]", 42);
    SAME("[%05d]", -42);
    SAME("[%-05d]", -42);        /* '-' wins over '0' */
    SAME("[%+d]", 5);
    SAME("[%+d]", -5);
    SAME("[% d]", 5);
    SAME("[%+ d]", 5);           /* '+' wins over ' ' */
    SAME("[%.3d]", 7);
    SAME("[%.3d]", -7);
    SAME("[%8.3d]", -7);
    SAME("[%08.3d]", 7);         /* precision: '0' ignored */
    SAME("[%-8.3d]", 7);
    SAME("[%.0d]", 0);           /* no digits at all */
    SAME("[%5.0d]", 0);
    SAME("[%.0u]", 0u);
    SAME("[%#x]", 255u);
    SAME("[%#X]", 255u);
    SAME("[%#x]", 0u);           /* no 0x for zero */
    SAME("[%#10x]", 255u);
    SAME("[%#010x]", 255u);
    SAME("[%-#10x]", 255u);
    SAME("[%#o]", 8u);
    SAME("[%#o]", 0u);
    SAME("[%#.3o]", 8u);
    SAME("[%#.0o]", 0u);
    SAME("[%#lx]", 0x80000000UL);
    SAME("[%020llu]", ULLONG_MAX);
    SAME("[%*d]", 6, 3);
    SAME("[%*d]", -6, 3);        /* negative width: left-justify */
    SAME("[%.*d]", 4, 3);
    SAME("[%.*d]", -1, 3);       /* negative precision: none */
    SAME("[%3d|%-3d|%03d]", 1, 2, 3);
}

static void test_fmt_strings_chars(void **state)
{
    const char unterminated[3] = { 'a', 'b', 'c' };

    SAME("%s", "hello");
    SAME("[%10s]", "hi");
    SAME("[%-10s]", "hi");
    SAME("[%.3s]", "abcdef");
    SAME("[%10.3s]", "abcdef");
    SAME("[%-10.3s]", "abcdef");
    SAME("[%.0s]", "abc");
    SAME("[%*s]", 4, "x");
    SAME("[%.*s]", 2, "xyz");
    SAME("[%s]", "");
    SAME("%c", 'A');
    SAME("[%5c]", 'B');
    SAME("[%-5c]", 'C');
    SAME("%c%c%c", 'x', 'y', 'z');
    SAME("100%%");
    SAME("%d%%", 50);
    SAME("%s=%d %s=%#x", "a", 1, "b", 16u);
    /* Precision bounds the read: the array has no terminator. */
    SAME("[%.3s]", unterminated);
}

static void test_fmt_null_string_and_pointers(void **state)
{
    char buf[64];
    int v;
    const char *null_str = NULL;

    assert_int_equal(hv_printf_indirect(buf, sizeof(buf), "[%s]", null_str), 8);
    assert_string_equal(buf, "[(null)]");
    /* Non-NULL pointers print as glibc does: 0x and lowercase hex. */
    SAME("%p", (void *)&v);
    SAME("[%20p]", (void *)&v);
    SAME("[%-20p]", (void *)0x1234);
    /* NULL is 0x0 (glibc prints "(nil)"). */
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%p", (void *)NULL), 3);
    assert_string_equal(buf, "0x0");
}

static void test_fmt_unknown_conversions(void **state)
{
    /* Through a non-literal format so the compiler lets us be wrong. */
    const char *volatile fmt1 = "%q %d";
    const char *volatile fmt2 = "end%";
    const char *volatile fmt3 = "%-5k|%d";
    const char *volatile fmt4 = "%n";
    char buf[64];

    assert_int_equal(hv_printf_indirect(buf, sizeof(buf), fmt1, 5), 4);
    assert_string_equal(buf, "%q 5");          /* %q consumed nothing */
    assert_int_equal(hv_printf_indirect(buf, sizeof(buf), fmt2), 4);
    assert_string_equal(buf, "end%");
    assert_int_equal(hv_printf_indirect(buf, sizeof(buf), fmt3, 9), 6);
    assert_string_equal(buf, "%-5k|9");
    /* %n is not supported: it is printed, nothing is written through it. */
    assert_int_equal(hv_printf_indirect(buf, sizeof(buf), fmt4, (int *)NULL), 2);
    assert_string_equal(buf, "%n");
}

static void test_fmt_truncation(void **state)
{
    char buf[16];

    /* size 0: nothing written, not even through the (NULL) pointer. */
    assert_int_equal(hv_snprintf(NULL, 0, "hello %d", 12345), 11);
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(hv_snprintf(buf, 1, "hello"), 5);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'X');
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(hv_snprintf(buf, 5, "hello world"), 11);
    assert_string_equal(buf, "hell");
    assert_int_equal(buf[5], 'X');             /* nothing past size */
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(hv_snprintf(buf, 6, "%5d", 123456), 6);
    assert_string_equal(buf, "12345");
    assert_int_equal(buf[6], 'X');
    assert_int_equal(hv_snprintf(buf, 6, "%s", "abcde"), 5);   /* exact fit */
    assert_string_equal(buf, "abcde");
}

static void test_fmt_exact_sized_buffers(void **state)
{
    /* Heap buffers of exactly `size` bytes: ASan catches any overrun. */
    for (size_t size = 1; size < 24; size++) {
        char *buf = malloc(size);
        char ref[64];
        int n = snprintf(ref, sizeof(ref), "%s-%08x-%-6d|", "pfx", 0xabcu, -12);

        assert_non_null(buf);
        assert_int_equal(hv_snprintf(buf, size, "%s-%08x-%-6d|", "pfx", 0xabcu, -12), n);
        assert_int_equal(strlen(buf), size - 1 < (size_t)n ? size - 1 : (size_t)n);
        assert_memory_equal(buf, ref, strlen(buf));
        free(buf);
    }
}

static void test_fmt_width_cap(void **state)
{
    char buf[8];

    /* Widths and precisions are capped at 4096 (see vsnprintf.c). */
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%100000d", 1), 4096);
    assert_string_equal(buf, "       ");
    assert_int_equal(hv_printf_indirect(buf, sizeof(buf), "%*d", INT_MIN, 1), 4096);
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%.99999d", 1), 4096);
}

/* Random values through every integer conversion, against libc. */
static void test_fmt_random_integers(void **state)
{
    static const char *const fmts[] = {
        "%d", "%i", "%u", "%x", "%X", "%o", "%#x", "%#o", "%+d", "% d", "%12d", "%-12d|",
        "%012d", "%.5d", "%12.5d", "%-+12.5d|",
    };
    static const char *const lfmts[] = {
        "%lld", "%llu", "%llx", "%#llX", "%llo", "%+lld", "%-25lld|", "%025llu", "%.20llx",
    };
    unsigned long long seed = 0x9e3779b97f4a7c15ULL;

    for (int i = 0; i < 20000; i++) {
        unsigned long long r;

        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        r = seed >> (seed & 63);
        for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
            char a[128], b[128];
            const char *volatile fmt = fmts[f];

            assert_int_equal(hv_printf_indirect(a, sizeof(a), fmt, (int)r),
                             snprintf(b, sizeof(b), fmt, (int)r));
            assert_string_equal(a, b);
        }
        for (size_t f = 0; f < sizeof(lfmts) / sizeof(lfmts[0]); f++) {
            char a[128], b[128];
            const char *volatile fmt = lfmts[f];

            assert_int_equal(hv_printf_indirect(a, sizeof(a), fmt, r),
                             snprintf(b, sizeof(b), fmt, r));
            assert_string_equal(a, b);
        }
    }
}

static void test_strlcpy(void **state)
{
    char buf[8];

    memset(buf, 'X', sizeof(buf));
    assert_int_equal(strlcpy(buf, "abc", sizeof(buf)), 3);
    assert_string_equal(buf, "abc");
    assert_int_equal(buf[4], 'X');                       /* no padding written */
    assert_int_equal(strlcpy(buf, "abcdefghijkl", sizeof(buf)), 12);
    assert_string_equal(buf, "abcdefg");                 /* truncated, terminated */
    assert_int_equal(strlcpy(buf, "1234567", sizeof(buf)), 7);   /* exact fit */
    assert_string_equal(buf, "1234567");
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(strlcpy(buf, "abc", 0), 3);         /* size 0: no write */
    assert_int_equal(buf[0], 'X');
    assert_int_equal(strlcpy(buf, "abc", 1), 3);
    assert_string_equal(buf, "");
    assert_int_equal(strlcpy(buf, "", sizeof(buf)), 0);
    assert_string_equal(buf, "");
}

static void test_memmove_overlap(void **state)
{
    for (size_t len = 0; len <= 32; len++) {
        for (int shift = -8; shift <= 8; shift++) {
            unsigned char a[64], b[64];

            for (size_t i = 0; i < sizeof(a); i++)
                a[i] = b[i] = (unsigned char)(i * 7 + 1);
            assert_ptr_equal(hv_memmove(a + 16 + shift, a + 16, len), a + 16 + shift);
            memmove(b + 16 + shift, b + 16, len);
            assert_memory_equal(a, b, sizeof(a));
        }
    }
}

static void test_mem_functions(void **state)
{
    unsigned char a[32], b[32];

    assert_ptr_equal(hv_memset(a, 0x5a, sizeof(a)), a);
    for (size_t i = 0; i < sizeof(a); i++)
        assert_int_equal(a[i], 0x5a);
    hv_memset(a, 0x1234, 4);                   /* only the low byte */
    assert_int_equal(a[0], 0x34);
    for (size_t i = 0; i < sizeof(b); i++)
        b[i] = (unsigned char)i;
    assert_ptr_equal(hv_memcpy(a, b, sizeof(b)), a);
    assert_memory_equal(a, b, sizeof(a));
    assert_int_equal(hv_memcmp(a, b, sizeof(a)), 0);
    a[5] = 0x80;                                 /* compared unsigned: 0x80 > 5 */
    assert_true(hv_memcmp(a, b, sizeof(a)) > 0);
    assert_true(hv_memcmp(b, a, sizeof(a)) < 0);
    assert_int_equal(hv_memcmp(a, b, 5), 0);
    assert_int_equal(hv_memcmp(a, b, 0), 0);
    assert_ptr_equal(hv_memchr(b, 7, sizeof(b)), b + 7);
    assert_ptr_equal(hv_memchr(b, 7, 7), NULL);  /* stays inside n */
    assert_ptr_equal(hv_memchr(b, 0x107, sizeof(b)), b + 7);   /* as unsigned char */
    assert_ptr_equal(hv_memchr(a, 0x80, sizeof(a)), a + 5);
}

static void test_str_functions(void **state)
{
    static const char s[] = "hello, world";
    char *exact = malloc(3);

    assert_int_equal(hv_strlen(""), 0);
    assert_int_equal(hv_strlen(s), strlen(s));
    assert_int_equal(hv_strnlen(s, 5), 5);
    assert_int_equal(hv_strnlen(s, 100), strlen(s));
    /* strnlen must not read past max: an unterminated 3-byte heap block. */
    memcpy(exact, "abc", 3);
    assert_int_equal(hv_strnlen(exact, 3), 3);
    free(exact);

    assert_int_equal(hv_strcmp("abc", "abc"), 0);
    assert_true(hv_strcmp("abc", "abd") < 0);
    assert_true(hv_strcmp("abd", "abc") > 0);
    assert_true(hv_strcmp("ab", "abc") < 0);
    assert_true(hv_strcmp("\x80", "a") > 0);      /* unsigned char order */
    assert_int_equal(hv_strncmp("abcX", "abcY", 3), 0);
    assert_true(hv_strncmp("abcX", "abcY", 4) < 0);
    assert_int_equal(hv_strncmp("a", "b", 0), 0);
    assert_int_equal(hv_strncmp("same", "same", 100), 0);   /* stops at the NUL */

    assert_ptr_equal(hv_strchr(s, 'o'), s + 4);
    assert_ptr_equal(hv_strchr(s, 'z'), NULL);
    assert_ptr_equal(hv_strchr(s, '\0'), s + strlen(s));
    assert_ptr_equal(hv_strrchr(s, 'o'), s + 8);
    assert_ptr_equal(hv_strrchr(s, 'z'), NULL);
    assert_ptr_equal(hv_strrchr(s, '\0'), s + strlen(s));
}

static void test_simple_strtoull(void **state)
{
    const char *end;

    assert_int_equal(simple_strtoull("1234xyz", &end, 10), 1234);
    assert_string_equal(end, "xyz");
    assert_int_equal(simple_strtoull("0x1fG", &end, 0), 0x1f);
    assert_string_equal(end, "G");
    assert_int_equal(simple_strtoull("0X1F", &end, 16), 0x1f);
    assert_int_equal(simple_strtoull("0755", &end, 0), 0755);
    assert_int_equal(simple_strtoull("0", &end, 0), 0);
    assert_string_equal(end, "");
    assert_int_equal(simple_strtoull("zz", &end, 36), 35 * 36 + 35);
    assert_int_equal(simple_strtoull("18446744073709551615", &end, 10), ULLONG_MAX);
    assert_string_equal(end, "");
    /* Overflow saturates, and every digit is still consumed. */
    assert_int_equal(simple_strtoull("99999999999999999999999!", &end, 10), ULLONG_MAX);
    assert_string_equal(end, "!");
    assert_int_equal(simple_strtoull("18446744073709551616", &end, 10), ULLONG_MAX);
    /* No digits: 0, and end is the start. */
    const char *junk = "-5";
    assert_int_equal(simple_strtoull(junk, &end, 10), 0);
    assert_ptr_equal(end, junk);
    assert_int_equal(simple_strtoull("0x", &end, 0), 0);   /* "0" then "x" */
    assert_string_equal(end, "x");
    assert_int_equal(simple_strtoull("12", &end, 1), 0);   /* bad base */
    assert_int_equal(simple_strtoull("9", NULL, 8), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_signed),
        cmocka_unit_test(test_fmt_unsigned),
        cmocka_unit_test(test_fmt_flags_width_precision),
        cmocka_unit_test(test_fmt_strings_chars),
        cmocka_unit_test(test_fmt_null_string_and_pointers),
        cmocka_unit_test(test_fmt_unknown_conversions),
        cmocka_unit_test(test_fmt_truncation),
        cmocka_unit_test(test_fmt_exact_sized_buffers),
        cmocka_unit_test(test_fmt_width_cap),
        cmocka_unit_test(test_fmt_random_integers),
        cmocka_unit_test(test_strlcpy),
        cmocka_unit_test(test_memmove_overlap),
        cmocka_unit_test(test_mem_functions),
        cmocka_unit_test(test_str_functions),
        cmocka_unit_test(test_simple_strtoull),
    };

    return cmocka_run_group_tests_name("string", tests, NULL, NULL);
}
