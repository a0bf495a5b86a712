/*
 * The hypervisor command line (see hv/cmdline.h for the options).
 *
 * Model: a table of options, each with a kind (string choice, size,
 * bounded integer, boolean) and where its value goes in struct
 * hv_options.  The line is split into blank-separated words; each word is
 * `name` or `name=value`.  A word is applied only after its value parsed
 * and passed its range check, so a bad value never half-changes an option:
 * the default (or an earlier good value) stays, and the word is named in a
 * warning.  Input is untrusted text: every scan is bounded by the word's
 * end, never by a terminator inside it, and warnings quote at most
 * WORD_QUOTE bytes of it.
 */
#include <hv/cmdline.h>
#include <hv/lib.h>
#include <public/sysctl.h>

#define WORD_QUOTE 40

/*
 * OPT_NAME copies one of `choices` into a char array; OPT_LEVEL stores the
 * chosen entry's value in an unsigned int; OPT_SIZE and OPT_UINT store a
 * uint64_t / unsigned int within [min, max]; OPT_BOOL a bool.
 */
enum opt_kind { OPT_NAME, OPT_LEVEL, OPT_SIZE, OPT_UINT, OPT_BOOL };

struct choice {
    const char *name;
    unsigned int value;
};

struct opt {
    const char *name;
    enum opt_kind kind;
    size_t offset;                 /* of the field in struct hv_options */
    uint64_t min, max;
    const struct choice *choices;  /* OPT_NAME, OPT_LEVEL: ends with NULL */
};

static const struct choice sched_choices[] = {
    { "credit", 0 }, { "sedf", 0 }, { "rr", 0 }, { NULL, 0 }
};
/* console.c prints the levels below loglvl: "warning" = ERR and WARNING. */
static const struct choice loglvl_choices[] = {
    { "none", 0 }, { "error", 1 }, { "warning", 2 }, { "info", 3 },
    { "debug", 4 }, { "all", 4 }, { NULL, 0 }
};

#define OFF(f) offsetof(struct hv_options, f)

static const struct opt options[] = {
    { "sched", OPT_NAME, OFF(sched), 0, 0, sched_choices },
    { "dom0_mem", OPT_SIZE, OFF(dom0_mem), 1ULL << 20, 1ULL << 40, NULL },
    { "dom0_max_vcpus", OPT_UINT, OFF(dom0_max_vcpus), 1, 8, NULL },
    { "loglvl", OPT_LEVEL, OFF(loglvl), 0, 0, loglvl_choices },
    { "sched_credit_tslice_ms", OPT_UINT, OFF(sched_credit_tslice_ms), 1, 1000, NULL },
    { "sched_ratelimit_us", OPT_UINT, OFF(sched_ratelimit_us), 0, 1000000, NULL },
    { "console_timestamps", OPT_BOOL, OFF(console_timestamps), 0, 0, NULL },
    { "noreboot", OPT_BOOL, OFF(noreboot), 0, 0, NULL },
    { "mm_boot_check", OPT_BOOL, OFF(mm_boot_check), 0, 0, NULL },
    /* The scheduling trace buffer (core/trace.c). */
    { "tbuf_size", OPT_UINT, OFF(tbuf_size), 0, TBUF_SIZE_MAX, NULL },
    { "tevt_mask", OPT_UINT, OFF(tevt_mask), 0, XEN_TBUF_EV_ALL, NULL },
};

/* The sched= value is copied into hv_options.sched; it must fit. */
BUILD_BUG_ON(sizeof("credit") > sizeof(((struct hv_options *)0)->sched));

struct word {
    const char *name, *name_end;
    const char *value, *end;       /* value == NULL: no '=' */
};

static void set_defaults(struct hv_options *o)
{
    memset(o, 0, sizeof(*o));
    strlcpy(o->sched, "credit", sizeof(o->sched));
    o->dom0_mem = DOM0_MEM_DEFAULT;
    o->dom0_max_vcpus = 1;
    o->loglvl = 3;                 /* errors, warnings and info */
    o->sched_credit_tslice_ms = 30;
    o->sched_ratelimit_us = 1000;
    o->tbuf_size = TBUF_SIZE_DEFAULT;
}

static bool span_eq(const char *s, const char *end, const char *lit)
{
    size_t n = strlen(lit);

    return (size_t)(end - s) == n && memcmp(s, lit, n) == 0;
}

/* Decimal digits only, no sign, no overflow. */
static bool parse_uint(const char *s, const char *end, uint64_t *v)
{
    uint64_t x = 0;

    if (s == end)
        return false;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9' || x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
            return false;
        x = x * 10 + (uint64_t)(*s - '0');
    }
    *v = x;
    return true;
}

bool parse_size(const char *s, const char *end, uint64_t *bytes)
{
    unsigned int shift = 10;       /* no suffix: KiB, as Xen's dom0_mem */
    uint64_t n;

    if (s == end)
        return false;
    switch (end[-1]) {
    case 'K': case 'k': shift = 10; end--; break;
    case 'M': case 'm': shift = 20; end--; break;
    case 'G': case 'g': shift = 30; end--; break;
    default: break;
    }
    if (!parse_uint(s, end, &n) || n > (UINT64_MAX >> shift))
        return false;
    *bytes = n << shift;
    return true;
}

static bool parse_bool(const char *s, const char *end, bool *b)
{
    static const char *const yes[] = { "1", "yes", "true", "on", "enable" };
    static const char *const no[] = { "0", "no", "false", "off", "disable" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (span_eq(s, end, yes[i])) {
            *b = true;
            return true;
        }
        if (span_eq(s, end, no[i])) {
            *b = false;
            return true;
        }
    }
    return false;
}

static const struct choice *find_choice(const struct choice *c, const char *s,
                                        const char *end)
{
    for (; c->name; c++)
        if (span_eq(s, end, c->name))
            return c;
    return NULL;
}

/* Parse and range-check w's value; only then store it.  NULL or a reason. */
static const char *apply_value(const struct opt *op, const struct word *w,
                               struct hv_options *o)
{
    char *field = (char *)o + op->offset;
    const struct choice *c;
    uint64_t v;
    bool b;

    switch (op->kind) {
    case OPT_NAME:
    case OPT_LEVEL:
        if (!(c = find_choice(op->choices, w->value, w->end)))
            return "not one of the accepted values";
        if (op->kind == OPT_NAME)
            strlcpy(field, c->name, sizeof(o->sched));
        else
            *(unsigned int *)field = c->value;
        return NULL;
    case OPT_SIZE:
    case OPT_UINT:
        if (!(op->kind == OPT_SIZE ? parse_size(w->value, w->end, &v)
                                   : parse_uint(w->value, w->end, &v)))
            return op->kind == OPT_SIZE ? "not a size" : "not a number";
        if (v < op->min || v > op->max)
            return "out of range";
        if (op->kind == OPT_SIZE)
            *(uint64_t *)field = v;
        else
            *(unsigned int *)field = (unsigned int)v;
        return NULL;
    case OPT_BOOL:
        if (!parse_bool(w->value, w->end, &b))
            return "not a boolean";
        *(bool *)field = b;
        return NULL;
    }
    return "unhandled option kind";
}

/* Apply one word; NULL or the reason it was ignored. */
static const char *apply_word(const struct word *w, struct hv_options *o)
{
    for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
        const struct opt *op = &options[i];

        if (!span_eq(w->name, w->name_end, op->name))
            continue;
        if (w->value)
            return apply_value(op, w, o);
        if (op->kind != OPT_BOOL)
            return "needs a value";
        *(bool *)((char *)o + op->offset) = true;
        return NULL;
    }
    return "unknown option";
}

/* Warn about a word, quoting at most WORD_QUOTE bytes of it, printable only. */
static void warn_word(void (*warn)(const char *), const struct word *w, const char *why)
{
    char quote[WORD_QUOTE + 1], msg[WORD_QUOTE + 96];
    size_t n = MIN((size_t)(w->end - w->name), (size_t)WORD_QUOTE);

    for (size_t i = 0; i < n; i++)
        quote[i] = (w->name[i] >= 0x20 && w->name[i] < 0x7f) ? w->name[i] : '?';
    quote[n] = '\0';
    snprintf(msg, sizeof(msg), "cmdline: ignoring '%s%s': %s", quote,
             (size_t)(w->end - w->name) > n ? "..." : "", why);
    if (warn)
        warn(msg);
    else
        printk(XENLOG_WARNING "%s\n", msg);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The next word at or after *p; false at the end of the line. */
static bool next_word(const char **p, struct word *w)
{
    const char *s = *p, *eq;

    while (is_blank(*s))
        s++;
    if (!*s)
        return false;
    w->name = s;
    while (*s && !is_blank(*s))
        s++;
    w->end = s;
    *p = s;
    eq = memchr(w->name, '=', (size_t)(w->end - w->name));
    w->name_end = eq ? eq : w->end;
    w->value = eq ? eq + 1 : NULL;
    return true;
}

unsigned int cmdline_parse(const char *cmdline, struct hv_options *o,
                           void (*warn)(const char *msg))
{
    unsigned int warnings = 0;
    struct word w;

    set_defaults(o);
    if (!cmdline)
        return 0;
    while (next_word(&cmdline, &w)) {
        const char *why = apply_word(&w, o);

        if (why) {
            warn_word(warn, &w, why);
            warnings++;
        }
    }
    return warnings;
}
