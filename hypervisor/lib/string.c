/*
 * Freestanding string and memory functions (the subset in hv/lib.h).
 *
 * Plain byte loops: the hypervisor copies little, and simple loops are easy
 * to see correct.  Every build of this file must pass -fno-builtin (the
 * hypervisor's and the host tests' do): without it GCC recognises the loops
 * below as memset/memcpy idioms and compiles them into calls to the very
 * function being defined, which recurses forever.
 */
#include <hv/lib.h>

/*
 * memcpy and memset move 8 bytes at a time when both ends are 8-byte
 * aligned (page zeroing and copies of guest images are the big users), and
 * a byte at a time otherwise and for the tail.
 */
#define WORD sizeof(unsigned long)
#define ALIGNED(p) (((uintptr_t)(p) & (WORD - 1)) == 0)

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (ALIGNED(d) && ALIGNED(s)) {
        for (; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD, s += 4 * WORD) {
            ((unsigned long *)d)[0] = ((const unsigned long *)s)[0];
            ((unsigned long *)d)[1] = ((const unsigned long *)s)[1];
            ((unsigned long *)d)[2] = ((const unsigned long *)s)[2];
            ((unsigned long *)d)[3] = ((const unsigned long *)s)[3];
        }
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

/* Copies forward or backward so that overlapping ranges come out right. */
void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d == s || n == 0)
        return dst;
    if ((uintptr_t)d < (uintptr_t)s || (uintptr_t)d >= (uintptr_t)s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned long w = (unsigned char)c * (~0UL / 0xff);   /* c in every byte */

    if (ALIGNED(d)) {
        for (; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD) {
            ((unsigned long *)d)[0] = w;
            ((unsigned long *)d)[1] = w;
            ((unsigned long *)d)[2] = w;
            ((unsigned long *)d)[3] = w;
        }
    }
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return (size_t)(p - s);
}

/* Never reads s[max] or beyond: safe on unterminated buffers. */
size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    return strncmp(a, b, SIZE_MAX);
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (!*s)
            return (char *)last;
    }
}

/*
 * Copy at most size-1 bytes and always terminate (when size > 0).  Returns
 * strlen(src), so `strlcpy(...) >= size` tells the caller it truncated.
 */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/*
 * Base 0 means: "0x" prefix hex, leading "0" octal, else decimal.  No sign
 * and no leading blanks are accepted.  On overflow the result saturates at
 * ULLONG_MAX (all digits are still consumed), so a caller that range-checks
 * the result also catches overflow.  *end (if given) points after the last
 * digit used, or at s when there was none.
 */
unsigned long long simple_strtoull(const char *s, const char **end, unsigned int base)
{
    unsigned long long v = 0;
    const char *p = s, *first;
    bool overflow = false;

    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        digit_value(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    if (base < 2 || base > 36) {
        if (end)
            *end = s;
        return 0;
    }
    for (first = p; digit_value(*p) < (int)base; p++) {
        unsigned int d = (unsigned int)digit_value(*p);

        if (v > (~0ULL - d) / base)
            overflow = true;
        v = v * base + d;
    }
    if (end)
        *end = p == first ? s : p;
    return overflow ? ~0ULL : v;
}
