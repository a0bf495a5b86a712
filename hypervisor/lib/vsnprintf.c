/*
 * Freestanding vsnprintf/snprintf.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with the length modifiers
 * hh h l ll z j t, the flags '-' '0' '+' ' ' '#', a field width and a
 * precision (minimum digits for integers, maximum bytes for %s), either of
 * which may be '*'.  %p prints 0x and lowercase hex (0x0 for NULL); a NULL
 * %s prints "(null)".  There is no %n and no floating point: the hypervisor
 * needs neither, and %n is a write primitive nobody should have.  An unknown
 * conversion is copied out as written and consumes no argument.
 *
 * C99 semantics: the output is cut to size-1 bytes and always terminated
 * (when size > 0), and the return value is the length the whole output
 * would have had, so `ret >= size` means "truncated".  Widths and
 * precisions are capped at FIELD_MAX so that a silly format cannot make a
 * call spin for seconds producing padding nobody will see.
 */
#include <hv/lib.h>

#define FIELD_MAX 4096

#define F_LEFT  (1u << 0)   /* '-' */
#define F_ZERO  (1u << 1)   /* '0' */
#define F_PLUS  (1u << 2)   /* '+' */
#define F_SPACE (1u << 3)   /* ' ' */
#define F_ALT   (1u << 4)   /* '#' */

struct out {
    char *buf;
    size_t size;
    size_t len;     /* what would have been written so far */
};

struct spec {
    unsigned int flags;
    int width;
    int prec;       /* -1: none */
    char length;    /* 'H' hh, 'h', 'l', 'L' ll, 'z', 'j', 't', or 0 */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_n(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

static void put_str(struct out *o, const char *s, size_t n)
{
    while (n--)
        put(o, *s++);
}

static int clamp_field(long v)
{
    return v > FIELD_MAX ? FIELD_MAX : (int)v;
}

static const char *parse_number(const char *f, int *val)
{
    long v = 0;

    while (*f >= '0' && *f <= '9') {
        if (v <= FIELD_MAX)
            v = v * 10 + (*f - '0');
        f++;
    }
    *val = clamp_field(v);
    return f;
}

/* Flags, width and precision; returns the format after them. */
static const char *parse_field(const char *f, struct spec *sp, va_list *ap)
{
    for (;; f++) {
        if (*f == '-')      sp->flags |= F_LEFT;
        else if (*f == '0') sp->flags |= F_ZERO;
        else if (*f == '+') sp->flags |= F_PLUS;
        else if (*f == ' ') sp->flags |= F_SPACE;
        else if (*f == '#') sp->flags |= F_ALT;
        else break;
    }
    if (*f == '*') {
        int w = va_arg(*ap, int);

        if (w < 0) {
            sp->flags |= F_LEFT;
            w = w < -FIELD_MAX ? FIELD_MAX : -w;   /* never negate INT_MIN */
        }
        sp->width = clamp_field(w);
        f++;
    } else {
        f = parse_number(f, &sp->width);
    }
    if (*f != '.')
        return f;
    f++;
    if (*f == '*') {
        int p = va_arg(*ap, int);

        sp->prec = p < 0 ? -1 : clamp_field(p);
        return f + 1;
    }
    return parse_number(f, &sp->prec);
}

static const char *parse_length(const char *f, struct spec *sp)
{
    switch (*f) {
    case 'h':
        if (f[1] == 'h') {
            sp->length = 'H';
            return f + 2;
        }
        sp->length = 'h';
        return f + 1;
    case 'l':
        if (f[1] == 'l') {
            sp->length = 'L';
            return f + 2;
        }
        sp->length = 'l';
        return f + 1;
    case 'z': case 'j': case 't':
        sp->length = *f;
        return f + 1;
    default:
        return f;
    }
}

static long long fetch_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case 'H': return (signed char)va_arg(*ap, int);
    case 'h': return (short)va_arg(*ap, int);
    case 'l': return va_arg(*ap, long);
    case 'L': return va_arg(*ap, long long);
    case 'z': return va_arg(*ap, ptrdiff_t);   /* the signed size_t */
    case 'j': return va_arg(*ap, intmax_t);
    case 't': return va_arg(*ap, ptrdiff_t);
    default:  return va_arg(*ap, int);
    }
}

static unsigned long long fetch_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case 'H': return (unsigned char)va_arg(*ap, unsigned int);
    case 'h': return (unsigned short)va_arg(*ap, unsigned int);
    case 'l': return va_arg(*ap, unsigned long);
    case 'L': return va_arg(*ap, unsigned long long);
    case 'z': return va_arg(*ap, size_t);
    case 'j': return va_arg(*ap, uintmax_t);
    case 't': return (unsigned long long)va_arg(*ap, ptrdiff_t);
    default:  return va_arg(*ap, unsigned int);
    }
}

/* Digits of v in base, most significant first, into d; returns the count. */
static int to_digits(unsigned long long v, unsigned int base, bool upper, char d[24])
{
    const char *sym = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char rev[24];
    int n = 0;

    do {
        rev[n++] = sym[v % base];
        v /= base;
    } while (v);
    for (int i = 0; i < n; i++)
        d[i] = rev[n - 1 - i];
    return n;
}

/*
 * Lay out [prefix][zeros][digits] in the field.  `prefix` is the sign
 * and/or 0x; `zeros` come from the precision (or the '#' octal rule).
 */
static void emit_number(struct out *o, const struct spec *sp, const char *prefix,
                        const char *digits, int ndigits, int zeros)
{
    int plen = (int)strlen(prefix);
    int pad = sp->width - (plen + zeros + ndigits);

    if (!(sp->flags & F_LEFT) && !((sp->flags & F_ZERO) && sp->prec < 0))
        put_n(o, ' ', pad);
    put_str(o, prefix, (size_t)plen);
    if (!(sp->flags & F_LEFT) && (sp->flags & F_ZERO) && sp->prec < 0)
        put_n(o, '0', pad);
    put_n(o, '0', zeros);
    put_str(o, digits, (size_t)ndigits);
    if (sp->flags & F_LEFT)
        put_n(o, ' ', pad);
}

static void format_int(struct out *o, const struct spec *sp, unsigned long long mag,
                       const char *prefix, unsigned int base, bool upper)
{
    char digits[24];
    int n = 0, zeros;

    /* C: precision 0 with value 0 prints no digits at all. */
    if (mag != 0 || sp->prec != 0)
        n = to_digits(mag, base, upper, digits);
    zeros = sp->prec > n ? sp->prec - n : 0;
    /* '#' with %o: the first digit printed must be a 0. */
    if (base == 8 && (sp->flags & F_ALT) && zeros == 0 && (n == 0 || digits[0] != '0'))
        zeros = 1;
    emit_number(o, sp, prefix, digits, n, zeros);
}

static void format_signed(struct out *o, const struct spec *sp, va_list *ap)
{
    long long v = fetch_signed(sp, ap);
    /* Negate in unsigned arithmetic: -LLONG_MIN does not exist. */
    unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    const char *sign = v < 0 ? "-" : (sp->flags & F_PLUS) ? "+" :
                       (sp->flags & F_SPACE) ? " " : "";

    format_int(o, sp, mag, sign, 10, false);
}

static void format_unsigned(struct out *o, const struct spec *sp, char conv, va_list *ap)
{
    unsigned long long v = fetch_unsigned(sp, ap);
    bool alt_hex = (sp->flags & F_ALT) && v != 0;

    switch (conv) {
    case 'o': format_int(o, sp, v, "", 8, false); break;
    case 'x': format_int(o, sp, v, alt_hex ? "0x" : "", 16, false); break;
    case 'X': format_int(o, sp, v, alt_hex ? "0X" : "", 16, true); break;
    default:  format_int(o, sp, v, "", 10, false); break;
    }
}

static void format_str(struct out *o, const struct spec *sp, const char *s, size_t len)
{
    int pad = sp->width - (len > FIELD_MAX ? FIELD_MAX : (int)len);

    if (!(sp->flags & F_LEFT))
        put_n(o, ' ', pad);
    put_str(o, s, len);
    if (sp->flags & F_LEFT)
        put_n(o, ' ', pad);
}

static void format_s(struct out *o, const struct spec *sp, const char *s)
{
    if (!s)
        s = "(null)";
    /* With a precision, s need not be terminated: read at most prec bytes. */
    format_str(o, sp, s, sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s));
}

static void format_p(struct out *o, const struct spec *sp, const void *p)
{
    struct spec hex = *sp;

    hex.flags &= ~(F_PLUS | F_SPACE);
    format_int(o, &hex, (uintptr_t)p, "0x", 16, false);
}

/* One conversion starting after the '%'; returns the format after it. */
static const char *convert(struct out *o, const char *f, va_list *ap)
{
    const char *start = f - 1;
    struct spec sp = { .prec = -1 };
    char c;

    f = parse_length(parse_field(f, &sp, ap), &sp);
    switch (c = *f) {
    case 'd': case 'i': format_signed(o, &sp, ap); break;
    case 'u': case 'x': case 'X': case 'o': format_unsigned(o, &sp, c, ap); break;
    case 's': format_s(o, &sp, va_arg(*ap, const char *)); break;
    case 'p': format_p(o, &sp, va_arg(*ap, const void *)); break;
    case 'c': {
        char ch = (char)va_arg(*ap, int);

        format_str(o, &sp, &ch, 1);
        break;
    }
    case '%': put(o, '%'); break;
    case '\0':
        put_str(o, start, (size_t)(f - start));
        return f;
    default:
        put_str(o, start, (size_t)(f + 1 - start));
        break;
    }
    return f + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { .buf = buf, .size = size, .len = 0 };
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%')
            put(&o, *fmt++);
        else
            fmt = convert(&o, fmt + 1, &args);
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len > 0x7fffffff ? 0x7fffffff : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
