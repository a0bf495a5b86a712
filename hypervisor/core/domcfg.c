/*
 * A domU's description in xl.cfg syntax (see hv/domcfg.h for the keys).
 *
 * Grammar, in the small:
 *     text  := { sep | comment | entry }
 *     entry := key blank* '=' blank* value       followed by sep, '#' or end
 *     value := '"' chars '"' | "'" chars "'" | bare
 *     sep   := ' ' '\t' '\r' '\n' ';'            comment := '#' .. end of line
 * Strings (name, extra/cmdline) must be quoted; numbers must be bare
 * decimal.  A quoted string ends at its matching quote on the same line;
 * there are no escapes.
 *
 * The text is untrusted (it comes from a boot module's bootargs): every
 * scan stops at the terminator, numbers are parsed with an overflow check,
 * string lengths are checked before copying, and error messages quote at
 * most QUOTE_MAX bytes.  Parsing fills a private copy; the caller's config
 * changes only when the whole text is good.
 */
#include <hv/domcfg.h>
#include <hv/errno.h>
#include <hv/lib.h>

#define QUOTE_MAX 32
#define NAME_MAX_LEN (sizeof(((struct domain_config *)0)->name) - 1)
#define CMDLINE_MAX_LEN (sizeof(((struct domain_config *)0)->cmdline) - 1)

/* KEY_NUM fills an unsigned int, KEY_MB a uint64_t; both bare decimal. */
enum key_kind { KEY_NAME, KEY_TEXT, KEY_NUM, KEY_MB, KEY_TYPE };

struct key {
    const char *name;
    enum key_kind kind;
    size_t offset;
    uint64_t min, max;     /* KEY_NUM, KEY_MB */
};

#define OFF(f) offsetof(struct domain_config, f)

static const struct key keys[] = {
    { "name", KEY_NAME, OFF(name), 0, 0 },
    { "memory", KEY_MB, OFF(memory_mb), 1, 65536 },
    { "maxmem", KEY_MB, OFF(maxmem_mb), 1, 65536 },
    { "vcpus", KEY_NUM, OFF(vcpus), 1, 8 },
    { "weight", KEY_NUM, OFF(weight), 1, 65535 },
    { "cap", KEY_NUM, OFF(cap), 0, 800 },
    { "period", KEY_NUM, OFF(period_ms), 1, 10000 },
    { "slice", KEY_NUM, OFF(slice_ms), 0, 10000 },
    { "extra", KEY_TEXT, OFF(cmdline), 0, 0 },
    { "cmdline", KEY_TEXT, OFF(cmdline), 0, 0 },
    { "type", KEY_TYPE, OFF(type), 0, 0 },
};

/* One parsed entry: [key, key_end) = [value, value_end), quoted or not. */
struct entry {
    const char *key, *key_end;
    const char *value, *value_end;
    bool quoted;
};

struct parser {
    const char *text, *p;
    char *err;
    size_t errlen;
    bool maxmem_set;
};

void domcfg_defaults(struct domain_config *c)
{
    memset(c, 0, sizeof(*c));
    c->memory_mb = DOMU_MEM_DEFAULT_MB;
    c->maxmem_mb = DOMU_MEM_DEFAULT_MB;
    c->vcpus = 1;
    c->weight = 256;
    c->cap = 0;
    c->period_ms = 100;
    c->slice_ms = 0;
}

/* Copy at most QUOTE_MAX bytes of [s, end) for a message, printable only. */
static void quote(char *dst, const char *s, const char *end)
{
    size_t n = MIN((size_t)(end - s), (size_t)QUOTE_MAX);

    for (size_t i = 0; i < n; i++)
        dst[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    strlcpy(dst + n, (size_t)(end - s) > n ? "..." : "", 4);
}

/* "<key>: <why>" into err; always returns -EINVAL. */
static int fail(struct parser *ps, const struct entry *e, const char *why)
{
    char k[QUOTE_MAX + 4];

    quote(k, e->key, e->key_end);
    snprintf(ps->err, ps->errlen, "%s: %s", k, why);
    return -EINVAL;
}

/* "<key>=<value>: <why>" into err; always returns -EINVAL. */
static int fail_value(struct parser *ps, const struct entry *e, const char *why)
{
    char k[QUOTE_MAX + 4], v[QUOTE_MAX + 4];

    quote(k, e->key, e->key_end);
    quote(v, e->value, e->value_end);
    snprintf(ps->err, ps->errlen, "%s=%s: %s", k, v, why);
    return -EINVAL;
}

static bool is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';';
}

static bool is_key_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

/* Skip separators and comments.  Returns false at the end of the text. */
static bool skip_space(struct parser *ps)
{
    for (;;) {
        while (is_sep(*ps->p))
            ps->p++;
        if (*ps->p != '#')
            return *ps->p != '\0';
        while (*ps->p && *ps->p != '\n')
            ps->p++;
    }
}

static void skip_blanks(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t')
        ps->p++;
}

/* A quoted value: from after the opening quote to the matching one. */
static int read_quoted(struct parser *ps, struct entry *e)
{
    char q = *ps->p++;

    e->quoted = true;
    e->value = ps->p;
    while (*ps->p && *ps->p != q && *ps->p != '\n')
        ps->p++;
    e->value_end = ps->p;
    if (*ps->p != q)
        return fail(ps, e, "unterminated string");
    ps->p++;
    return 0;
}

/* key = value, ending at a separator, a comment or the end of the text. */
static int read_entry(struct parser *ps, struct entry *e)
{
    e->key = ps->p;
    while (is_key_char(*ps->p, ps->p == e->key))
        ps->p++;
    e->key_end = ps->p;
    if (e->key == e->key_end) {
        snprintf(ps->err, ps->errlen, "unexpected character 0x%02x at offset %u",
                 (unsigned char)*ps->p, (unsigned int)(ps->p - ps->text));
        return -EINVAL;
    }
    skip_blanks(ps);
    if (*ps->p != '=')
        return fail(ps, e, "expected '=' after the key");
    ps->p++;
    skip_blanks(ps);
    if (*ps->p == '"' || *ps->p == '\'') {
        if (read_quoted(ps, e))
            return -EINVAL;
    } else {
        e->quoted = false;
        e->value = ps->p;
        while (*ps->p && !is_sep(*ps->p) && *ps->p != '#')
            ps->p++;
        e->value_end = ps->p;
        if (e->value == e->value_end)
            return fail(ps, e, "missing value");
    }
    if (*ps->p && !is_sep(*ps->p) && *ps->p != '#')
        return fail_value(ps, e, "junk after the value");
    return 0;
}

static const struct key *find_key(const struct entry *e)
{
    size_t n = (size_t)(e->key_end - e->key);

    for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
        if (strlen(keys[i].name) == n && !memcmp(keys[i].name, e->key, n))
            return &keys[i];
    return NULL;
}

static int set_num(struct parser *ps, const struct key *k, const struct entry *e,
                   struct domain_config *c)
{
    char *field = (char *)c + k->offset;
    uint64_t v = 0;

    if (e->quoted)
        return fail_value(ps, e, "expected a number, not a string");
    for (const char *s = e->value; s < e->value_end; s++) {
        if (*s < '0' || *s > '9')
            return fail_value(ps, e, "not a decimal number");
        if (v > k->max)       /* stop growing long before overflow */
            continue;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (v < k->min || v > k->max) {
        char why[64];

        snprintf(why, sizeof(why), "out of range %llu..%llu",
                 (unsigned long long)k->min, (unsigned long long)k->max);
        return fail_value(ps, e, why);
    }
    if (k->kind == KEY_MB)
        *(uint64_t *)field = v;
    else
        *(unsigned int *)field = (unsigned int)v;
    if (k->offset == OFF(maxmem_mb))
        ps->maxmem_set = true;   /* else maxmem follows memory */
    return 0;
}

static bool is_name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-';
}

static int set_string(struct parser *ps, const struct key *k, const struct entry *e,
                      struct domain_config *c)
{
    size_t len = (size_t)(e->value_end - e->value);
    size_t max = k->kind == KEY_NAME ? NAME_MAX_LEN : CMDLINE_MAX_LEN;
    char *field = (char *)c + k->offset;

    if (!e->quoted)
        return fail_value(ps, e, "expected a quoted string");
    if (len > max)
        return fail(ps, e, k->kind == KEY_NAME ? "longer than 31 characters"
                                               : "longer than 1023 characters");
    for (size_t i = 0; i < len; i++) {
        char ch = e->value[i];

        if (k->kind == KEY_NAME ? !is_name_char(ch) : (ch < 0x20 && ch != '\t') || ch == 0x7f)
            return fail_value(ps, e, k->kind == KEY_NAME ? "only A-Z a-z 0-9 _ . - allowed"
                                                         : "control character in string");
    }
    if (k->kind == KEY_NAME && len == 0)
        return fail(ps, e, "empty name");
    memcpy(field, e->value, len);
    field[len] = '\0';
    return 0;
}

/* type="pv" or type="pvh" (xl.cfg's names; rvxen has no "hvm"). */
static int set_type(struct parser *ps, const struct entry *e, struct domain_config *c)
{
    size_t len = (size_t)(e->value_end - e->value);

    if (!e->quoted)
        return fail_value(ps, e, "expected a quoted string");
    if (len == 2 && !memcmp(e->value, "pv", 2))
        c->type = DOMAIN_TYPE_PV;
    else if (len == 3 && !memcmp(e->value, "pvh", 3))
        c->type = DOMAIN_TYPE_PVH;
    else
        return fail_value(ps, e, "not \"pv\" or \"pvh\"");
    return 0;
}

static int apply_entry(struct parser *ps, const struct entry *e, struct domain_config *c)
{
    const struct key *k = find_key(e);

    if (!k)
        return fail(ps, e, "unknown key");
    if (k->kind == KEY_TYPE)
        return set_type(ps, e, c);
    if (k->kind == KEY_NUM || k->kind == KEY_MB)
        return set_num(ps, k, e, c);
    return set_string(ps, k, e, c);
}

/* Checks between keys, once every entry has been read. */
static int check_config(struct parser *ps, struct domain_config *c)
{
    if (!ps->maxmem_set)
        c->maxmem_mb = c->memory_mb;
    if (c->maxmem_mb < c->memory_mb) {
        snprintf(ps->err, ps->errlen, "maxmem=%llu: less than memory=%llu",
                 (unsigned long long)c->maxmem_mb, (unsigned long long)c->memory_mb);
        return -EINVAL;
    }
    if (c->slice_ms > c->period_ms) {
        snprintf(ps->err, ps->errlen, "slice=%u: longer than period=%u",
                 c->slice_ms, c->period_ms);
        return -EINVAL;
    }
    return 0;
}

int domcfg_parse(const char *text, struct domain_config *c, char *err, size_t errlen)
{
    struct parser ps = { .text = text ? text : "", .err = err, .errlen = errlen };
    struct domain_config tmp = *c;
    struct entry e;
    int rc;

    ps.p = ps.text;
    if (errlen)
        err[0] = '\0';
    while (skip_space(&ps)) {
        if ((rc = read_entry(&ps, &e)) || (rc = apply_entry(&ps, &e, &tmp)))
            return rc;
    }
    if ((rc = check_config(&ps, &tmp)))
        return rc;
    *c = tmp;
    return 0;
}
