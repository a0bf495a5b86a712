/*
 * Small freestanding library: strings, formatted output, assertions.
 *
 * Error doctrine (STYLE.md): a guest mistake returns a negative errno; a
 * guest that corrupted its own state has its domain crashed; BUG_ON only when
 * the hypervisor itself is at risk; ASSERT is a debug tripwire.
 */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <stdarg.h>
#include <hv/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
unsigned long long simple_strtoull(const char *s, const char **end, unsigned int base);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Log levels, as Xen's: printk("XENLOG_WARNING" "...").  The level prefix is
 * stripped before output and compared with loglvl=.
 */
#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

/* Halts the machine under `noreboot`, else resets it after 5 s, as Xen. */
void __noreturn panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Wait delay (ns), then reset the machine (console.c). */
void __noreturn machine_restart_after(int64_t delay);

#define BUG_ON(cond)                                                    \
    do {                                                                \
        if (unlikely(cond))                                             \
            panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__);    \
    } while (0)
#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

#ifdef NDEBUG
#define ASSERT(cond) do { (void)sizeof(cond); } while (0)
#else
#define ASSERT(cond)                                                    \
    do {                                                                \
        if (unlikely(!(cond)))                                          \
            panic("ASSERT(%s) failed at %s:%d", #cond, __FILE__, __LINE__); \
    } while (0)
#endif

#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#endif /* HV_LIB_H */
