/*
 * xl.cfg parser (xlcfg.h has the syntax and the keys).  A small lexer
 * over the text, one setting at a time into a scratch copy of the
 * configuration, which replaces the caller's only when the whole text
 * parsed.
 */
#include <stdio.h>
#include <string.h>
#include "xlcfg.h"

#define MAX_VCPUS 8             /* rvxen's MAX_VIRT_CPUS */
#define MAX_MEMORY_MB (1u << 20)
#define LIST_MAX XLCFG_DEVS_MAX

enum tok { T_END, T_NL, T_IDENT, T_EQ, T_STR, T_NUM, T_LBR, T_RBR, T_COMMA, T_BAD };

struct lex {
    const char *p, *end;
    unsigned int line;
    enum tok tok;
    const char *start;          /* the token's text (T_STR: inside the quotes) */
    size_t len;
};

struct ctx {
    struct lex lx;
    const char *file;
    char key[32];
    char *err;
    size_t errlen;
};

static bool is_ident(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && ((c >= '0' && c <= '9') || c == '-'));
}

static void next(struct lex *lx)
{
    while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
        lx->p++;
    if (lx->p < lx->end && *lx->p == '#')
        while (lx->p < lx->end && *lx->p != '\n')
            lx->p++;
    lx->start = lx->p;
    lx->len = 1;
    if (lx->p >= lx->end || *lx->p == '\0') {
        lx->tok = T_END;
        return;
    }
    switch (*lx->p) {
    case '\n':
        lx->tok = T_NL;
        lx->p++;
        return;
    case ';':                   /* xl accepts ';' between settings, as a line end */
        lx->tok = T_NL;
        lx->p++;
        return;
    case '=': lx->tok = T_EQ; lx->p++; return;
    case '[': lx->tok = T_LBR; lx->p++; return;
    case ']': lx->tok = T_RBR; lx->p++; return;
    case ',': lx->tok = T_COMMA; lx->p++; return;
    case '"':
    case '\'': {
        char q = *lx->p++;

        lx->start = lx->p;
        while (lx->p < lx->end && *lx->p != q && *lx->p != '\n' && *lx->p != '\0')
            lx->p++;
        if (lx->p >= lx->end || *lx->p != q) {
            lx->tok = T_BAD;
            return;
        }
        lx->len = (size_t)(lx->p - lx->start);
        lx->p++;
        lx->tok = T_STR;
        return;
    }
    }
    if (*lx->p >= '0' && *lx->p <= '9') {
        while (lx->p < lx->end && ((*lx->p >= '0' && *lx->p <= '9') || *lx->p == 'x' ||
                                   (*lx->p >= 'a' && *lx->p <= 'f') ||
                                   (*lx->p >= 'A' && *lx->p <= 'F')))
            lx->p++;
        lx->len = (size_t)(lx->p - lx->start);
        lx->tok = T_NUM;
        return;
    }
    if (is_ident(*lx->p, true)) {
        while (lx->p < lx->end && is_ident(*lx->p, false))
            lx->p++;
        lx->len = (size_t)(lx->p - lx->start);
        lx->tok = T_IDENT;
        return;
    }
    lx->tok = T_BAD;
}

static int fail(struct ctx *c, const char *why)
{
    if (c->key[0])
        snprintf(c->err, c->errlen, "%s:%u: %s: %s", c->file, c->lx.line, c->key, why);
    else
        snprintf(c->err, c->errlen, "%s:%u: %s", c->file, c->lx.line, why);
    return -1;
}

/* ---- values ---- */

static int get_number(struct ctx *c, uint64_t lo, uint64_t hi, uint64_t *out)
{
    uint64_t v = 0;
    unsigned int base = 10;
    size_t i = 0;

    if (c->lx.tok != T_NUM)
        return fail(c, "not a number");
    if (c->lx.len > 2 && c->lx.start[0] == '0' && (c->lx.start[1] == 'x' || c->lx.start[1] == 'X')) {
        base = 16;
        i = 2;
    }
    for (; i < c->lx.len; i++) {
        char ch = c->lx.start[i];
        unsigned int d = ch >= '0' && ch <= '9' ? (unsigned int)(ch - '0')
                       : ch >= 'a' && ch <= 'f' ? (unsigned int)(ch - 'a' + 10)
                       : ch >= 'A' && ch <= 'F' ? (unsigned int)(ch - 'A' + 10) : 99;

        if (d >= base)
            return fail(c, "not a number");
        if (v > (UINT64_MAX - d) / base)
            return fail(c, "number too large");
        v = v * base + d;
    }
    if (v < lo || v > hi) {
        char why[64];

        snprintf(why, sizeof(why), "%llu is out of range %llu..%llu", (unsigned long long)v,
                 (unsigned long long)lo, (unsigned long long)hi);
        return fail(c, why);
    }
    *out = v;
    next(&c->lx);
    return 0;
}

static int get_string(struct ctx *c, char *out, size_t cap)
{
    if (c->lx.tok != T_STR)
        return fail(c, c->lx.tok == T_BAD ? "unterminated string" : "expected a quoted string");
    if (c->lx.len >= cap)
        return fail(c, "string too long");
    for (size_t i = 0; i < c->lx.len; i++)
        if ((unsigned char)c->lx.start[i] < 0x20 || (unsigned char)c->lx.start[i] > 0x7e)
            return fail(c, "string with an unprintable character");
    memcpy(out, c->lx.start, c->lx.len);
    out[c->lx.len] = '\0';
    next(&c->lx);
    return 0;
}

/* [ "a", "b", ] possibly over several lines; each string into
 * items[i] (cap bytes each); the count into *n. */
static int get_list(struct ctx *c, char (*items)[XLCFG_CMDLINE_MAX], unsigned int *n)
{
    *n = 0;
    if (c->lx.tok != T_LBR)
        return fail(c, "expected a list [ ... ]");
    next(&c->lx);
    for (;;) {
        while (c->lx.tok == T_NL) {
            c->lx.line++;
            next(&c->lx);
        }
        if (c->lx.tok == T_RBR)
            break;
        if (*n == LIST_MAX)
            return fail(c, "too many list items");
        if (get_string(c, items[*n], XLCFG_CMDLINE_MAX))
            return -1;
        (*n)++;
        while (c->lx.tok == T_NL) {
            c->lx.line++;
            next(&c->lx);
        }
        if (c->lx.tok == T_COMMA)
            next(&c->lx);
        else if (c->lx.tok != T_RBR)
            return fail(c, "expected ',' or ']' in the list");
    }
    next(&c->lx);
    return 0;
}

static int get_action(struct ctx *c, enum xl_action *out)
{
    static const char *const names[] = { "destroy", "restart", "preserve", "rename-restart" };
    char v[32];

    if (get_string(c, v, sizeof(v)))
        return -1;
    for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(v, names[i])) {
            *out = (enum xl_action)i;
            return 0;
        }
    return fail(c, "not one of destroy, restart, preserve, rename-restart");
}

/* ---- devices ---- */

static void copy_field(char *out, size_t cap, const char *v, size_t len)
{
    if (len >= cap)
        len = cap - 1;
    memcpy(out, v, len);
    out[len] = '\0';
}

/* A word without its surrounding blanks. */
static void trim(const char **w, size_t *len)
{
    while (*len && (**w == ' ' || **w == '\t')) {
        (*w)++;
        (*len)--;
    }
    while (*len && ((*w)[*len - 1] == ' ' || (*w)[*len - 1] == '\t'))
        (*len)--;
}

/* One comma-separated word of a disk spec: key=value or positional. */
static int disk_word(struct ctx *c, struct xl_disk *d, const char *w, size_t len, unsigned int pos)
{
    const char *eq = memchr(w, '=', len);
    size_t klen = eq ? (size_t)(eq - w) : 0;
    const char *v = eq ? eq + 1 : w;
    size_t vlen = eq ? len - klen - 1 : len;
    static const char *const keys[] = { "target", "format", "vdev", "access" };

    if (eq) {
        for (pos = 0; pos < 4; pos++)
            if (strlen(keys[pos]) == klen && !memcmp(w, keys[pos], klen))
                break;
        if (pos == 4)
            return fail(c, "unknown disk parameter");
    } else if (pos > 3) {
        return fail(c, "too many disk parameters");
    }
    switch (pos) {
    case 0:
        copy_field(d->target, sizeof(d->target), v, vlen);
        break;
    case 1:
        copy_field(d->format, sizeof(d->format), v, vlen);
        break;
    case 2:
        copy_field(d->vdev, sizeof(d->vdev), v, vlen);
        break;
    default:
        if ((vlen == 1 && (v[0] == 'r' || v[0] == 'w')) || (vlen == 2 && !memcmp(v, "ro", 2)) ||
            (vlen == 2 && !memcmp(v, "rw", 2)))
            d->readonly = v[0] == 'r' && (vlen == 1 || v[1] == 'o');
        else
            return fail(c, "disk access must be r, ro, w or rw");
    }
    return 0;
}

/* xl's legacy "phy:/dev/x,xvda,w" has three words: target, vdev, access. */
static int parse_disk(struct ctx *c, const char *spec, struct xl_disk *d)
{
    unsigned int words = 1, pos = 0;
    const char *w = spec;

    memset(d, 0, sizeof(*d));
    strcpy(d->format, "raw");
    for (const char *s = spec; *s; s++)
        words += *s == ',';
    for (;;) {
        const char *comma = strchr(w, ',');
        size_t len = comma ? (size_t)(comma - w) : strlen(w);
        unsigned int slot;

        trim(&w, &len);
        slot = words == 3 && !memchr(w, '=', len) && pos >= 1 ? pos + 1 : pos;

        if (len && disk_word(c, d, w, len, slot))
            return -1;
        pos++;
        if (!comma)
            break;
        w = comma + 1;
    }
    if (!d->target[0] || !d->vdev[0])
        return fail(c, "a disk needs a target and a vdev");
    return 0;
}

static int parse_vif(struct ctx *c, const char *spec, struct xl_vif *v)
{
    const char *w = spec;

    memset(v, 0, sizeof(*v));
    while (*w) {
        const char *comma = strchr(w, ',');
        size_t len = comma ? (size_t)(comma - w) : strlen(w);
        const char *eq;
        size_t klen, vlen;

        trim(&w, &len);
        eq = memchr(w, '=', len);
        klen = eq ? (size_t)(eq - w) : len;
        vlen = eq ? len - klen - 1 : 0;

        if (len && !eq)
            return fail(c, "vif parameters are key=value");
        if (len && klen == 3 && !memcmp(w, "mac", 3))
            copy_field(v->mac, sizeof(v->mac), eq + 1, vlen);
        else if (len && klen == 6 && !memcmp(w, "bridge", 6))
            copy_field(v->bridge, sizeof(v->bridge), eq + 1, vlen);
        else if (len && klen == 2 && !memcmp(w, "ip", 2))
            copy_field(v->ip, sizeof(v->ip), eq + 1, vlen);
        else if (len && klen == 5 && !memcmp(w, "model", 5))
            copy_field(v->model, sizeof(v->model), eq + 1, vlen);
        else if (len && !(klen == 6 && !memcmp(w, "script", 6)) &&
                 !(klen == 4 && !memcmp(w, "type", 4)) && !(klen == 7 && !memcmp(w, "backend", 7)))
            return fail(c, "unknown vif parameter");
        if (!comma)
            break;
        w = comma + 1;
    }
    return 0;
}

/* ---- settings ---- */

/* Keys of xl.cfg that mean nothing here: accepted, ignored. */
static const char *const ignored[] = {
    "builder", "type", "uuid", "bootloader", "bootloader_args", "on_watchdog",
    "on_soft_reset", "localtime", "cpus", "cpus_soft", "nomigrate", "driver_domain",
    "max_grant_frames", "max_maptrack_frames", "max_event_channels", "seclabel",
    "init_seclabel", "device_model_version", "vfb", "vkb", "channel", "rtc_timeoffset",
    "pool", "tsc_mode", "claim_mode", "autoballoon",
};

static int set_one(struct ctx *c, struct xl_config *cfg)
{
    static char list[LIST_MAX][XLCFG_CMDLINE_MAX];
    const char *k = c->key;
    uint64_t n;
    unsigned int nr;

    if (!strcmp(k, "name"))
        return get_string(c, cfg->name, sizeof(cfg->name)) ||
               (!cfg->name[0] && fail(c, "empty name"));
    if (!strcmp(k, "kernel"))
        return get_string(c, cfg->kernel, sizeof(cfg->kernel));
    if (!strcmp(k, "ramdisk"))
        return get_string(c, cfg->ramdisk, sizeof(cfg->ramdisk));
    if (!strcmp(k, "extra") || !strcmp(k, "cmdline"))
        return get_string(c, cfg->cmdline, sizeof(cfg->cmdline));
    if (!strcmp(k, "memory") || !strcmp(k, "maxmem")) {
        if (get_number(c, 1, MAX_MEMORY_MB, &n))
            return -1;
        *(k[0] == 'm' && k[1] == 'e' ? &cfg->memory_mb : &cfg->maxmem_mb) = n;
        return 0;
    }
    if (!strcmp(k, "vcpus") || !strcmp(k, "maxvcpus")) {
        if (get_number(c, 1, MAX_VCPUS, &n))
            return -1;
        *(k[0] == 'v' ? &cfg->vcpus : &cfg->maxvcpus) = (unsigned int)n;
        return 0;
    }
    if (!strcmp(k, "on_poweroff"))
        return get_action(c, &cfg->on_poweroff);
    if (!strcmp(k, "on_reboot"))
        return get_action(c, &cfg->on_reboot);
    if (!strcmp(k, "on_crash"))
        return get_action(c, &cfg->on_crash);
    if (!strcmp(k, "cpu_weight") || !strcmp(k, "weight")) {
        if (get_number(c, 1, 65535, &n))
            return -1;
        cfg->cpu_weight = (int)n;
        return 0;
    }
    if (!strcmp(k, "cap")) {
        if (get_number(c, 0, 100 * MAX_VCPUS, &n))
            return -1;
        cfg->cap = (int)n;
        return 0;
    }
    if (!strcmp(k, "period") || !strcmp(k, "slice") || !strcmp(k, "latency")) {
        if (get_number(c, k[0] == 'l' ? 0 : 1, 10000, &n))
            return -1;
        *(k[0] == 'p' ? &cfg->period_ms : k[0] == 's' ? &cfg->slice_ms : &cfg->latency_ms) =
            (long)n;
        return 0;
    }
    if (!strcmp(k, "extratime")) {
        if (get_number(c, 0, 1, &n))
            return -1;
        cfg->extratime = (int)n;
        return 0;
    }
    if (!strcmp(k, "disk") || !strcmp(k, "vif")) {
        if (get_list(c, list, &nr))
            return -1;
        for (unsigned int i = 0; i < nr; i++)
            if (k[0] == 'd' ? parse_disk(c, list[i], &cfg->disk[i])
                            : parse_vif(c, list[i], &cfg->vif[i]))
                return -1;
        *(k[0] == 'd' ? &cfg->nr_disks : &cfg->nr_vifs) = nr;
        return 0;
    }
    for (unsigned int i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
        if (!strcmp(k, ignored[i])) {
            if (c->lx.tok == T_LBR)
                return get_list(c, list, &nr);
            if (c->lx.tok == T_STR || c->lx.tok == T_NUM) {
                next(&c->lx);
                return 0;
            }
            return fail(c, "expected a value");
        }
    return fail(c, "unknown key");
}

static int parse(struct ctx *c, struct xl_config *cfg)
{
    next(&c->lx);
    for (;;) {
        c->key[0] = '\0';
        if (c->lx.tok == T_END)
            return 0;
        if (c->lx.tok == T_NL) {
            c->lx.line++;
            next(&c->lx);
            continue;
        }
        if (c->lx.tok != T_IDENT)
            return fail(c, "expected KEY = VALUE");
        copy_field(c->key, sizeof(c->key), c->lx.start, c->lx.len);
        next(&c->lx);
        if (c->lx.tok != T_EQ)
            return fail(c, "expected '=' after the key");
        next(&c->lx);
        if (set_one(c, cfg))
            return -1;
        if (c->lx.tok != T_NL && c->lx.tok != T_END)
            return fail(c, "unexpected text after the value");
    }
}

void xlcfg_defaults(struct xl_config *c)
{
    memset(c, 0, sizeof(*c));
    c->memory_mb = 128;
    c->vcpus = 1;
    c->on_poweroff = XL_ACTION_DESTROY;
    c->on_reboot = XL_ACTION_RESTART;
    c->on_crash = XL_ACTION_DESTROY;
    c->cpu_weight = c->cap = c->extratime = -1;
    c->period_ms = c->slice_ms = c->latency_ms = -1;
}

int xlcfg_parse(const char *file, const char *text, size_t len, struct xl_config *c,
                char *err, size_t errlen)
{
    static struct xl_config scratch;
    struct ctx x = { .lx = { text, text + len, 1, T_END, text, 0 }, .file = file,
                     .err = err, .errlen = errlen };

    scratch = *c;
    if (parse(&x, &scratch))
        return -1;
    *c = scratch;
    return 0;
}

int xlcfg_set(const char *setting, struct xl_config *c, char *err, size_t errlen)
{
    return xlcfg_parse("<command line>", setting, strlen(setting), c, err, errlen);
}

int xlcfg_check(const char *file, const struct xl_config *c, char *err, size_t errlen)
{
    const char *why = NULL, *key = "";

    if (!c->name[0])
        key = "name", why = "a domain needs a name";
    else if (!c->kernel[0])
        key = "kernel", why = "a domain needs a kernel";
    else if (c->maxmem_mb && c->maxmem_mb < c->memory_mb)
        key = "maxmem", why = "smaller than memory";
    else if (c->maxvcpus && c->maxvcpus < c->vcpus)
        key = "maxvcpus", why = "smaller than vcpus";
    else if (c->slice_ms > 0 && c->period_ms > 0 && c->slice_ms > c->period_ms)
        key = "slice", why = "longer than the period";
    if (!why)
        return 0;
    snprintf(err, errlen, "%s: %s: %s", file, key, why);
    return -1;
}

const char *xl_action_name(enum xl_action a)
{
    static const char *const names[] = { "destroy", "restart", "preserve", "rename-restart" };

    return (unsigned int)a < 4 ? names[a] : "?";
}
