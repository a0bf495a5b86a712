/*
 * Host arch: printk and panic for unit tests.
 *
 * Every message is echoed to stdout (unless host_log_quiet) and appended to
 * a capture buffer, so a test can assert that a parser named the problem in
 * a warning.  The XENLOG_* prefix is stripped and counted per level; there
 * is no loglvl filter, because a test wants to see everything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hv/lib.h>
#include <asm/host.h>

bool host_log_quiet;
jmp_buf *host_panic_jmp;
char host_panic_msg[256];

static char log_buf[HOST_LOG_SIZE];
static size_t log_len;
static unsigned int log_count[4];

void host_log_reset(void)
{
    log_len = 0;
    log_buf[0] = '\0';
    memset(log_count, 0, sizeof(log_count));
}

bool host_log_contains(const char *needle) { return strstr(log_buf, needle) != NULL; }
const char *host_log_text(void) { return log_buf; }
unsigned int host_log_count_level(unsigned int lvl) { return lvl < 4 ? log_count[lvl] : 0; }

unsigned int host_log_count(void)
{
    return log_count[0] + log_count[1] + log_count[2] + log_count[3];
}

/* Strip a XENLOG_* prefix and return its level (INFO when there is none). */
static unsigned int strip_level(const char **fmt)
{
    const char *f = *fmt;

    if (f[0] == '<' && f[1] >= '0' && f[1] <= '3' && f[2] == '>') {
        *fmt = f + 3;
        return (unsigned int)(f[1] - '0');
    }
    return 2;
}

static void log_append(const char *s)
{
    size_t n = strlen(s);

    if (n > sizeof(log_buf) - 1 - log_len)
        n = sizeof(log_buf) - 1 - log_len;   /* full: keep the oldest text */
    memcpy(log_buf + log_len, s, n);
    log_len += n;
    log_buf[log_len] = '\0';
}

void vprintk(const char *fmt, va_list ap)
{
    char line[1024];

    log_count[strip_level(&fmt)]++;
    vsnprintf(line, sizeof(line), fmt, ap);
    log_append(line);
    if (!host_log_quiet) {
        fputs("(XEN) ", stdout);
        fputs(line, stdout);
        fflush(stdout);
    }
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(host_panic_msg, sizeof(host_panic_msg), fmt, ap);
    va_end(ap);
    if (host_panic_jmp)
        longjmp(*host_panic_jmp, 1);
    printf("PANIC: %s\n", host_panic_msg);
    fflush(stdout);
    abort();
}
