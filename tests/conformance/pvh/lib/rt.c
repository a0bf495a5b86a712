/*
 * The runtime of the auto-translated test guests (pvh.h): calls, console
 * output, the check list, traps and a device-tree reader.  Of the C
 * library only the string functions (picolibc's, which touch no globals):
 * the image runs at guest-physical 0x80000000, out of reach of the
 * absolute addressing picolibc's formatted output was built with.
 */
#include <stdarg.h>
#include <public/sched.h>
#include "pvh.h"

#define MAX_HARTS 8

unsigned long pvh_boot_hartid;
const void *pvh_fdt;

static int status;              /* 0 SUCCESS, 1 SKIP, 2 ERROR, 3 FAILURE */
static unsigned long assertions;
static struct pvh_caught *catcher[MAX_HARTS];
void (*volatile pvh_irq_handler[8])(unsigned long irq);

/* ---- calls ---- */

long hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
               unsigned long a3, unsigned long a4)
{
    register unsigned long r0 __asm__("a0") = a0;
    register unsigned long r1 __asm__("a1") = a1;
    register unsigned long r2 __asm__("a2") = a2;
    register unsigned long r3 __asm__("a3") = a3;
    register unsigned long r4 __asm__("a4") = a4;
    register unsigned long r6 __asm__("a6") = nr;
    register unsigned long r7 __asm__("a7") = XEN_HYPERCALL_EID;

    __asm__ volatile("ecall"
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4)
                     : "r"(r6), "r"(r7)
                     : "memory");
    return (long)r0;
}

/* ---- output ---- */

struct out {
    char buf[256];
    unsigned int len;
};

static void put(struct out *o, char c)
{
    if (o->len < sizeof(o->buf) - 1)
        o->buf[o->len++] = c;
}

static void put_num(struct out *o, unsigned long long v, unsigned int base, bool neg)
{
    char tmp[24];
    int n = 0;

    if (neg)
        put(o, '-');
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        put(o, tmp[--n]);
}

/* %d %u %x %s %p %c with l/ll and '#'. */
static void format(struct out *o, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        bool alt = false;
        int longs = 0;

        if (*fmt != '%') {
            put(o, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == '#')
            alt = true, fmt++;
        while (*fmt == 'l')
            longs++, fmt++;
        switch (*fmt) {
        case 'd': {
            long long v = longs ? va_arg(ap, long long) : va_arg(ap, int);

            put_num(o, v < 0 ? (unsigned long long)-v : (unsigned long long)v, 10, v < 0);
            break;
        }
        case 'u':
            put_num(o, longs ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int), 10,
                    false);
            break;
        case 'x':
        case 'p':
            if (alt || *fmt == 'p')
                put(o, '0'), put(o, 'x');
            put_num(o, *fmt == 'p' ? (unsigned long)va_arg(ap, void *)
                       : longs ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int),
                    16, false);
            break;
        case 's':
            for (const char *s = va_arg(ap, const char *); s && *s; s++)
                put(o, *s);
            break;
        case 'c':
            put(o, (char)va_arg(ap, int));
            break;
        default:
            put(o, *fmt);
            break;
        }
    }
}

static void vprint(const char *fmt, va_list ap)
{
    struct out o = { .len = 0 };

    format(&o, fmt, ap);
    put(&o, '\n');
    hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, o.len, (unsigned long)o.buf, 0, 0);
}

void pvh_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprint(fmt, ap);
    va_end(ap);
}

static void worsen(int s)
{
    if (s > status)
        status = s;
}

void pvh_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprint(fmt, ap);
    va_end(ap);
    worsen(3);
    assertions++;
}

void pvh_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprint(fmt, ap);
    va_end(ap);
    worsen(2);
    assertions++;
}

void pvh_pass(void)
{
    __atomic_add_fetch(&assertions, 1, __ATOMIC_RELAXED);
}

void pvh_skip(const char *why)
{
    pvh_printf("skip: %s", why);
    worsen(1);
    assertions++;
}

static void power_off(void)
{
    sbi_call(SBI_EXT_SRST, 0, 0, 0, 0);
    for (;;)
        __asm__ volatile("wfi");
}

void pvh_run(const char *name, const struct pvh_test *tests, unsigned int n)
{
    static const char *const names[] = { "SUCCESS", "SKIP", "ERROR", "FAILURE" };

    pvh_printf("--- %s (auto-translated) ---", name);
    for (unsigned int i = 0; i < n; i++) {
        unsigned long before = assertions;

        pvh_printf("* %s", tests[i].name);
        tests[i].fn();
        if (assertions == before)
            pvh_error("%s made no assertion", tests[i].name);
    }
    pvh_printf("Test result: %s", names[status]);
    power_off();
}

/* ---- traps ---- */

void catch_begin(struct pvh_caught *c)
{
    c->count = 0;
    c->scause = c->stval = c->sepc = 0;
    __atomic_store_n(&catcher[hart_id() % MAX_HARTS], c, __ATOMIC_SEQ_CST);
}

void catch_end(void)
{
    __atomic_store_n(&catcher[hart_id() % MAX_HARTS], NULL, __ATOMIC_SEQ_CST);
}

__attribute__((noinline)) unsigned long probe_read(unsigned long addr)
{
    unsigned long v = 0;

    __asm__ volatile("mv t0, zero\n\tld t0, 0(%1)\n\tmv %0, t0" : "=r"(v) : "r"(addr) : "t0",
                     "memory");
    return v;
}

__attribute__((noinline)) void probe_write(unsigned long addr, unsigned long v)
{
    __asm__ volatile("sd %1, 0(%0)" :: "r"(addr), "r"(v) : "memory");
}

void pvh_trap(struct pvh_trap_frame *f);
void pvh_trap(struct pvh_trap_frame *f)
{
    struct pvh_caught *c = catcher[hart_id() % MAX_HARTS];
    unsigned long cause = f->scause;

    if ((long)cause < 0) {
        unsigned long irq = cause & 0xff;

        if (irq < 8 && pvh_irq_handler[irq])
            pvh_irq_handler[irq](irq);
        else
            csr_clear(sie, 1UL << irq);     /* nobody wants it */
        return;
    }
    if (!c) {
        pvh_fail("hart %lu: unexpected exception scause %lu stval %#lx sepc %#lx", hart_id(),
                 cause, csr_read(stval), f->sepc);
        pvh_printf("Test result: FAILURE");
        power_off();
    }
    c->scause = cause;
    c->stval = csr_read(stval);
    c->sepc = f->sepc;
    c->count++;
    if (cause == 1 || cause == 12)          /* a fetch: back to the caller */
        f->sepc = f->x[1];
    else if ((*(volatile uint16_t *)f->sepc & 3) == 3)
        f->sepc += 4;
    else
        f->sepc += 2;
}

void udelay(unsigned long us)
{
    unsigned long end = csr_read_time() + us * 10;

    while (csr_read_time() < end)
        ;
}

/* ---- device tree ---- */

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

/* Whether node name `name` (len n) is the path component [c, c_end). */
static bool component_is(const char *name, const char *c, size_t n)
{
    return strlen(name) == n && !memcmp(name, c, n);
}

const void *fdt_prop(const void *fdt, const char *path, const char *prop, unsigned int *len)
{
    const uint8_t *base = fdt;
    const uint8_t *p = base + be32(base + 8);            /* off_dt_struct */
    const char *strings = (const char *)base + be32(base + 12);
    const char *want = path;           /* the components still to match */
    int depth = 0, matched = 0;        /* matched: depth whose node is on the path */

    if (be32(base) != 0xd00dfeed)
        return NULL;
    for (;;) {
        uint32_t tok = be32(p);

        p += 4;
        if (tok == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            const char *c = want + (*want == '/');
            size_t n = 0;

            while (c[n] && c[n] != '/')
                n++;
            if (depth == matched && (depth == 0 ? !*name : component_is(name, c, n))) {
                want = depth > 0 ? c + n : want + (!strcmp(want, "/"));
                matched++;
            }
            depth++;
            p += (strlen(name) + 4) & ~3UL;
        } else if (tok == FDT_END_NODE) {
            if (matched == depth)
                return NULL;       /* left the path's node without the prop */
            depth--;
        } else if (tok == FDT_PROP) {
            uint32_t plen = be32(p), nameoff = be32(p + 4);

            if (matched == depth && !*want && !strcmp(strings + nameoff, prop)) {
                *len = plen;
                return p + 8;
            }
            p += 8 + ((plen + 3) & ~3UL);
        } else if (tok != FDT_NOP) {
            return NULL;
        }
    }
}

/* ---- start ---- */

void pvh_start(unsigned long hartid, unsigned long arg);
void pvh_start(unsigned long hartid, unsigned long arg)
{
    if (hartid == 0) {
        pvh_boot_hartid = hartid;
        pvh_fdt = (const void *)arg;
        pvh_main();
        pvh_printf("pvh_main returned");
        pvh_run("(none)", NULL, 0);
    }
    pvh_secondary(hartid, arg);
    sbi_call(SBI_EXT_HSM, 1, 0, 0, 0);      /* hart_stop */
}

__attribute__((weak)) void pvh_secondary(unsigned long hartid, unsigned long opaque)
{
    (void)hartid, (void)opaque;
}
