/*
 * xenstore/: the daemon core as a hostile domain's connection sees it,
 * beside well-behaved ones whose view must stay consistent.
 *
 * Domain 5 is the attacker: its connection gets raw bytes (any framing,
 * any length field), well-framed requests of any type with fuzzed
 * payloads and transaction ids, partial reads of its output (or none),
 * allocation failures during its requests, connection resets, and its
 * domain released and introduced again.  Between its steps, dom0 (c0)
 * and domain 6 (c6) do ordinary work: dom0 keeps values under /good
 * (readable by nobody else: dom0 also names domain 9, which is not
 * introduced, in their permissions, and that must give 9 nothing when it
 * appears) and d6 under its home's data/, each remembering what it wrote.
 * Domains get the home libxl lays out (xs_domain_make_home).
 *
 * After every step: xs_daemon_check() (tree structure, quota counts equal
 * a recount, connection counts, every permission entry naming a live
 * domain), every reply to a good client is for the
 * request it sent, and a good client reads back exactly what it wrote:
 * nothing the attacker does changes them, fails them or starves them.
 *
 * Input: records of an op byte and its arguments; see step().
 */
#include "fuzz.h"
#include "../unit/xs_client.h"

#define NGOOD 8

static struct xs_daemon *d;
static struct xs_conn *c0, *c5, *c6;
static int fail_allocs;          /* allocations left to fail */
static char good0[NGOOD][16], good6[NGOOD][16];
static uint32_t req_id;

static void *fz_alloc(void *ctx, size_t size)
{
    if (fail_allocs > 0) {
        fail_allocs--;
        return NULL;
    }
    return malloc(size);
}

static const struct xs_host_ops ops = {
    .alloc = fz_alloc, .free = xs_test_free,
};

/* A good client's request; its reply must come, for it, of type `type`. */
static struct xs_msg_in *good_rq(struct xs_conn *c, uint32_t type,
                                 const char *payload, uint32_t len)
{
    static struct xs_msg_in m;
    uint32_t id = ++req_id;

    CHECK(xs_conn_wants_input(c));
    CHECK(xs_send_raw(c, type, id, 0, payload, len) > 0);
    while (xs_recv(c, &m)) {
        if (m.hdr.type == XS_WATCH_EVENT)
            continue;
        CHECK(m.hdr.req_id == id);
        if (m.hdr.type != type)
            fprintf(stderr, "good request %u failed: %s\n", type, m.body);
        CHECK(m.hdr.type == type);
        return &m;
    }
    CHECK(!"no reply to a good client");
    return NULL;
}

static void good_write(struct xs_conn *c, const char *path, const char *val)
{
    char buf[128];
    size_t lp = strlen(path) + 1, lv = strlen(val);

    memcpy(buf, path, lp);
    memcpy(buf + lp, val, lv);
    good_rq(c, XS_WRITE, buf, lp + lv);
}

static void good_check(struct xs_conn *c, const char *fmt, char vals[][16])
{
    char path[64];
    unsigned int i;

    for (i = 0; i < NGOOD; i++) {
        struct xs_msg_in *m;

        snprintf(path, sizeof(path), fmt, i);
        m = good_rq(c, XS_READ, path, strlen(path) + 1);
        CHECK(m->hdr.len == strlen(vals[i]));
        CHECK(!memcmp(m->body, vals[i], m->hdr.len));
    }
}

static void good_work(unsigned int n)
{
    char path[64], buf[96];
    size_t lp;

    snprintf(good0[n % NGOOD], 16, "v%u", n);
    snprintf(path, sizeof(path), "/good/k%u", n % NGOOD);
    good_write(c0, path, good0[n % NGOOD]);
    /* Rights for domain 9, which does not exist: ignored (XSA-322/417). */
    lp = strlen(path) + 1;
    memcpy(buf, path, lp);
    memcpy(buf + lp, "n0\0r9\0", 6);
    good_rq(c0, XS_SET_PERMS, buf, lp + 6);
    snprintf(good6[n % NGOOD], 16, "w%u", n);
    snprintf(path, sizeof(path), "data/g/k%u", n % NGOOD);
    good_write(c6, path, good6[n % NGOOD]);
}

/* The toolstack's part of a domain's arrival: introduce, lay out its home. */
static struct xs_conn *arrive(unsigned int domid)
{
    struct xs_conn *c;

    CHECK(xs_domain_introduce(d, domid, &c) == 0);
    CHECK(xs_domain_make_home(d, domid) == 0);
    return c;
}

/* Domain 9 appears: dom0 named it before it existed, so it reads nothing. */
static void latecomer(void)
{
    struct xs_conn *c9 = arrive(9);
    struct xs_msg_in m;

    CHECK(xs_send_raw(c9, XS_READ, 1, 0, "/good/k0", 9) > 0);
    CHECK(xs_recv(c9, &m));
    CHECK(m.hdr.type == XS_ERROR && !strcmp(m.body, "EACCES"));
    CHECK(xs_domain_release(d, 9) == 0);
    CHECK(xs_rm_domain_home(d, 9) == 0);
}

static void setup(void)
{
    unsigned int i;

    d = xs_daemon_new(&ops);
    CHECK(d);
    c0 = xs_conn_new(d, 0);
    CHECK(c0);
    c5 = arrive(5);
    c6 = arrive(6);
    for (i = 0; i < NGOOD; i++) {
        good0[i][0] = good6[i][0] = '\0';
        good_work(i);
    }
}

/* Feed bytes to the attacker, as a transport would, until it stops. */
static void feed(const uint8_t *p, size_t n)
{
    while (c5 && n) {
        long used = xs_conn_input(c5, p, n);

        if (used <= 0)
            break;
        p += used;
        n -= used;
    }
}

static void framed(const uint8_t *p, size_t n)
{
    uint32_t type, tx;
    size_t len;

    if (n < 3 || !c5)
        return;
    type = p[0] < 200 ? p[0] % (XS_TYPE_COUNT + 2) : p[0] * 0x01010101u;
    tx = p[1] & 0x0f;
    len = n - 2;
    if (len > XENSTORE_PAYLOAD_MAX)
        len = XENSTORE_PAYLOAD_MAX;
    xs_send_raw(c5, type, 0, tx, p + 2, len);
}

static void drain_some(unsigned int bytes)
{
    char buf[256];

    if (!c5)
        return;
    while (bytes) {
        size_t got = xs_conn_output(c5, buf, bytes < sizeof(buf) ? bytes : sizeof(buf));

        if (!got)
            break;
        bytes -= got;
    }
}

/* One attacker step: the record at p (n bytes); returns bytes used. */
static size_t step(const uint8_t *p, size_t n)
{
    size_t len = (size_t)(n > 1 ? p[1] : 0) + 2;

    if (n < 2)
        return n;
    if (len > n)
        len = n;
    switch (p[0] % 9) {
    case 0:                     /* raw bytes */
        feed(p + 2, len - 2);
        break;
    case 1:                     /* a framed request */
    case 2:
        framed(p + 2, len - 2);
        break;
    case 3:                     /* read some output */
        drain_some(p[1] * 16);
        return 2;
    case 4:                     /* the next request meets failing allocations */
        fail_allocs = p[1] % 8;
        framed(p + 2, len - 2);
        fail_allocs = 0;
        break;
    case 5:                     /* the peer resets its connection */
        if (c5) {
            xs_conn_free(c5);
            c5 = xs_conn_new(d, 5);
        }
        return 1;
    case 6:                     /* the domain dies and comes back */
        CHECK(xs_domain_release(d, 5) == 0);
        CHECK(xs_rm_domain_home(d, 5) == 0);
        c5 = arrive(5);
        return 1;
    case 7:                     /* a domain dom0 named before it existed */
        latecomer();
        return 1;
    default:                    /* a big framed request */
        len = (size_t)p[1] * 24 + 2;
        if (len > n)
            len = n;
        framed(p + 2, len - 2);
        break;
    }
    return len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned int n = NGOOD;
    size_t off = 0;

    setup();
    while (off < size && n < NGOOD + 256) {
        off += step(data + off, size - off);
        CHECK(xs_daemon_check(d) == 0);
        good_work(n++);
        CHECK(xs_daemon_check(d) == 0);
    }
    good_check(c0, "/good/k%u", good0);
    good_check(c6, "data/g/k%u", good6);
    CHECK(xs_daemon_check(d) == 0);
    xs_daemon_free(d);
    return 0;
}
