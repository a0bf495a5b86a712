/*
 * core/domcfg.c: domcfg_parse() on arbitrary text (the input up to its
 * first NUL, in a buffer that ends right after it), of the lengths a
 * module's bootargs can have (< BOOT_CMDLINE_MAX, see core/fdt.c),
 * starting from the defaults as the domain builder does.
 *
 * On success every field is within its documented range (hv/domcfg.h;
 * period and slice, which it leaves open, as domcfg.c bounds them).
 * On failure the message is a non-empty printable string (the parser
 * quotes input only through a printable filter) and the caller's config
 * is untouched.
 */
#include <public/errno.h>
#include <hv/bootinfo.h>
#include <hv/domcfg.h>
#include "fuzz.h"

static void check_name(const char *name, size_t n)
{
    const char *end = memchr(name, '\0', n);

    CHECK(end);
    for (const char *s = name; s < end; s++)
        CHECK((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-');
}

static void check_cmdline(const char *cmdline, size_t n)
{
    const char *end = memchr(cmdline, '\0', n);

    CHECK(end);
    for (const char *s = cmdline; s < end; s++)
        CHECK((*s >= 0x20 || *s == '\t') && *s != 0x7f);
}

static void check_config(const struct domain_config *c)
{
    check_name(c->name, sizeof(c->name));
    CHECK(c->memory_mb >= 1 && c->memory_mb <= 65536);
    CHECK(c->maxmem_mb >= c->memory_mb && c->maxmem_mb <= 65536);
    CHECK(c->vcpus >= 1 && c->vcpus <= 8);
    CHECK(c->weight >= 1 && c->weight <= 65535);
    CHECK(c->cap <= 800);
    CHECK(c->period_ms >= 1 && c->period_ms <= 10000);
    CHECK(c->slice_ms <= c->period_ms);
    check_cmdline(c->cmdline, sizeof(c->cmdline));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct domain_config c, before;
    char err[ERR_LEN];
    char *text;
    int rc;

    if (size >= BOOT_CMDLINE_MAX)
        return -1;
    text = fuzz_cstring(data, size);
    domcfg_defaults(&c);
    before = c;
    fill_err(err);
    rc = domcfg_parse(text, &c, err, sizeof(err));
    if (rc) {
        CHECK(rc == -XEN_EINVAL);
        check_err(err);
        CHECK(printable_string(err, sizeof(err)));
        CHECK(!memcmp(&c, &before, sizeof(c)));
    } else {
        check_config(&c);
    }
    free(text);
    return 0;
}
