/*
 * The XenStore client (include/xenstore.h).
 *
 * State, under xs_lock: the pending requests (slot per req_id), the
 * message being received (header, then body), the queue of watch events,
 * and the `sending` flag that keeps one message's bytes together on the
 * ring.  The lock is never held while waiting: a context that must wait
 * drops it, lets the transport wait (poll the store port), and takes it
 * again, so another context can receive meanwhile -- whoever receives a
 * reply files it in its slot, whoever it is for.
 *
 * The daemon is trusted no more than it must be: a reply whose length is
 * over XENSTORE_PAYLOAD_MAX, or a ring with impossible indices, breaks
 * the client (-XEN_EIO from then on); replies for no pending request are
 * dropped.
 */
#include <string.h>
#include <stdio.h>
#include <ring/byte_ring.h>
#include "kernel.h"
#include "xenstore.h"

#define WAIT_NS (10 * NSEC_PER_MSEC)
#define EVENT_QUEUE 16
#define TOKEN_MAX 64

struct pending {
    bool used, done;
    uint32_t req_id;
    char *reply;
    size_t cap;
    long result;
};

struct watch {
    bool used;
    char token[TOKEN_MAX];
    xenstore_watch_fn fn;
    void *data;
};

struct event {
    char path[XENSTORE_ABS_PATH_MAX + 1];
    char token[TOKEN_MAX];
};

static spinlock_t xs_lock = SPIN_LOCK_UNLOCKED;
static const struct xenstore_transport *transport;     /* xs_lock */
static bool broken, sending;                            /* xs_lock */
static uint32_t next_req_id = 1;                        /* xs_lock */
static struct pending pending[XS_MAX_PENDING];          /* xs_lock */
static struct watch watches[XS_MAX_WATCHES];            /* xs_lock */
static struct event events[EVENT_QUEUE];                /* xs_lock */
static unsigned int ev_head, ev_count;                  /* xs_lock */
static unsigned long ev_dropped;                        /* xs_lock */
/* The message being received. */
static struct xsd_sockmsg in_hdr;                       /* xs_lock */
static char in_body[XENSTORE_PAYLOAD_MAX + 1];          /* xs_lock */
static size_t in_got;                                   /* xs_lock */

/* ---- the domU ring transport ---- */

static struct xenstore_domain_interface *ring;
static evtchn_port_t ring_port;

static long ring_send(const void *buf, size_t len)
{
    struct byte_ring r = { ring->req, XENSTORE_RING_SIZE, &ring->req_cons, &ring->req_prod };
    long n = byte_ring_produce(&r, buf, len);

    if (n > 0)
        notify_remote_via_evtchn(ring_port);
    return n;
}

static long ring_recv(void *buf, size_t len)
{
    struct byte_ring r = { ring->rsp, XENSTORE_RING_SIZE, &ring->rsp_cons, &ring->rsp_prod };
    long n = byte_ring_consume(&r, buf, len);

    if (n > 0)
        notify_remote_via_evtchn(ring_port);   /* room for more replies */
    return n;
}

static void ring_wait(uint64_t timeout_ns)
{
    evtchn_poll(&ring_port, 1, timeout_ns);
    evtchn_test_and_clear(ring_port);
}

static const struct xenstore_transport ring_transport = { ring_send, ring_recv, ring_wait };

void xenstore_set_transport(const struct xenstore_transport *t)
{
    spin_lock(&xs_lock);
    transport = t;
    broken = false;
    spin_unlock(&xs_lock);
}

int xenstore_init(void)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    if (transport)
        return 0;
    if (!start_info->store_mfn)
        return -XEN_ENODEV;
    for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == start_info->store_mfn) {
            ring = pfn_to_virt(pfn);
            ring_port = start_info->store_evtchn;
            xenstore_set_transport(&ring_transport);
            return 0;
        }
    return -XEN_ENODEV;
}

/* ---- receiving ---- */

static long error_number(const char *name)
{
#define XS_ERR_CASE(n, num) if (strcmp(name, #n) == 0) return -(num);
    XSD_ERROR_LIST(XS_ERR_CASE)
#undef XS_ERR_CASE
    return -XEN_EIO;
}

static void queue_event(void)
{
    const char *path = in_body, *token;
    size_t plen = strnlen(in_body, in_hdr.len);
    struct event *e;

    if (plen + 1 >= in_hdr.len)
        return;                          /* not path\0token\0: ignored */
    token = in_body + plen + 1;
    if (ev_count == EVENT_QUEUE || plen > XENSTORE_ABS_PATH_MAX ||
        strnlen(token, in_hdr.len - plen - 1) >= TOKEN_MAX) {
        ev_dropped++;
        return;
    }
    e = &events[(ev_head + ev_count++) % EVENT_QUEUE];
    memcpy(e->path, path, plen + 1);
    strcpy(e->token, token);
}

static void file_reply(void)
{
    for (unsigned int i = 0; i < XS_MAX_PENDING; i++) {
        struct pending *p = &pending[i];

        if (!p->used || p->done || p->req_id != in_hdr.req_id)
            continue;
        if (in_hdr.type == XS_ERROR) {
            p->result = error_number(in_body);
        } else {
            size_t n = in_hdr.len < p->cap ? in_hdr.len : p->cap;

            memcpy(p->reply, in_body, n);
            p->result = in_hdr.len <= p->cap ? (long)in_hdr.len : -XEN_E2BIG;
        }
        p->done = true;
        return;
    }
}

/* Take what the transport has, filing complete messages; xs_lock held. */
static void receive(void)
{
    while (!broken) {
        bool in_header = in_got < sizeof(in_hdr);
        size_t want = in_header ? sizeof(in_hdr) - in_got
                                : sizeof(in_hdr) + in_hdr.len - in_got;
        char *dst = in_header ? (char *)&in_hdr + in_got
                              : in_body + (in_got - sizeof(in_hdr));
        long n = want ? transport->recv(dst, want) : 0;

        if (n < 0) {
            broken = true;
            return;
        }
        in_got += (size_t)n;
        if (in_got == sizeof(in_hdr) && in_hdr.len > XENSTORE_PAYLOAD_MAX) {
            broken = true;
            return;
        }
        if (in_got < sizeof(in_hdr) || in_got < sizeof(in_hdr) + in_hdr.len) {
            if (!n)
                return;
            continue;
        }
        in_body[in_hdr.len] = '\0';
        if (in_hdr.type == XS_WATCH_EVENT)
            queue_event();
        else
            file_reply();
        in_got = 0;
    }
}

/* Drop the lock, wait a little for the daemon, take it again. */
static void wait_unlocked(void)
{
    const struct xenstore_transport *t = transport;

    spin_unlock(&xs_lock);
    t->wait(monotonic_ns() + WAIT_NS);
    spin_lock(&xs_lock);
}

/* ---- requests ---- */

static struct pending *claim_slot(void)
{
    for (;;) {
        for (unsigned int i = 0; i < XS_MAX_PENDING; i++)
            if (!pending[i].used) {
                pending[i] = (struct pending){ .used = true, .req_id = next_req_id++ };
                return &pending[i];
            }
        receive();
        wait_unlocked();
    }
}

/* Put the whole message on the transport; xs_lock held, `sending` ours. */
static long send_all(const void *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        long n = transport->send((const char *)buf + done, len - done);

        if (n < 0) {
            broken = true;
            return -XEN_EIO;
        }
        done += (size_t)n;
        if (!n) {
            receive();          /* replies may be what the daemon waits on */
            wait_unlocked();
        }
    }
    return 0;
}

long xenstore_request(uint32_t type, xenstore_tx_t tx, const void *payload, size_t len,
                      void *reply, size_t cap)
{
    struct xsd_sockmsg hdr = { .type = type, .tx_id = tx, .len = (uint32_t)len };
    struct pending *p;
    long rc;

    if (len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    if (!transport && xenstore_init())
        return -XEN_ENODEV;
    spin_lock(&xs_lock);
    p = claim_slot();
    p->reply = reply;
    p->cap = cap;
    hdr.req_id = p->req_id;
    while (sending && !broken)
        wait_unlocked();
    sending = true;
    rc = broken ? -XEN_EIO : send_all(&hdr, sizeof(hdr));
    if (!rc)
        rc = send_all(payload, len);
    sending = false;
    while (!rc && !p->done && !broken) {
        receive();
        if (!p->done)
            wait_unlocked();
    }
    if (!rc)
        rc = p->done ? p->result : -XEN_EIO;
    p->used = false;
    spin_unlock(&xs_lock);
    return rc;
}

/* ---- the operations ---- */

/* path\0 (or path\0 + extra bytes) as a payload. */
static long path_request(uint32_t type, xenstore_tx_t tx, const char *path, const void *extra,
                         size_t extra_len, void *reply, size_t cap)
{
    static char buf[XS_MAX_PENDING][XENSTORE_PAYLOAD_MAX];
    static spinlock_t buf_lock = SPIN_LOCK_UNLOCKED;
    static bool buf_used[XS_MAX_PENDING];
    size_t plen = strlen(path) + 1;
    unsigned int slot;
    char *b = NULL;
    long rc;

    if (plen + extra_len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    while (!b) {
        spin_lock(&buf_lock);
        for (slot = 0; slot < XS_MAX_PENDING && !b; slot++)
            if (!buf_used[slot]) {
                buf_used[slot] = true;
                b = buf[slot];
            }
        spin_unlock(&buf_lock);
    }
    memcpy(b, path, plen);
    if (extra_len)
        memcpy(b + plen, extra, extra_len);
    rc = xenstore_request(type, tx, b, plen + extra_len, reply, cap);
    __atomic_store_n(&buf_used[(b - buf[0]) / XENSTORE_PAYLOAD_MAX], false, __ATOMIC_RELEASE);
    return rc;
}

static int ok_result(long rc)
{
    return rc < 0 ? (int)rc : 0;
}

long xenstore_read(xenstore_tx_t tx, const char *path, char *buf, size_t cap)
{
    return path_request(XS_READ, tx, path, NULL, 0, buf, cap);
}

long xenstore_read_str(xenstore_tx_t tx, const char *path, char *buf, size_t cap)
{
    long n = xenstore_read(tx, path, buf, cap ? cap - 1 : 0);

    if (cap)
        buf[n >= 0 ? (size_t)n : cap - 1] = '\0';
    return n;
}

int xenstore_write_bytes(xenstore_tx_t tx, const char *path, const void *value, size_t len)
{
    char ok[4];

    return ok_result(path_request(XS_WRITE, tx, path, value, len, ok, sizeof(ok)));
}

int xenstore_write(xenstore_tx_t tx, const char *path, const char *value)
{
    return xenstore_write_bytes(tx, path, value, strlen(value));
}

int xenstore_mkdir(xenstore_tx_t tx, const char *path)
{
    char ok[4];

    return ok_result(path_request(XS_MKDIR, tx, path, NULL, 0, ok, sizeof(ok)));
}

int xenstore_rm(xenstore_tx_t tx, const char *path)
{
    char ok[4];

    return ok_result(path_request(XS_RM, tx, path, NULL, 0, ok, sizeof(ok)));
}

long xenstore_directory(xenstore_tx_t tx, const char *path, char *buf, size_t cap)
{
    return path_request(XS_DIRECTORY, tx, path, NULL, 0, buf, cap);
}

long xenstore_get_perms(xenstore_tx_t tx, const char *path, char *buf, size_t cap)
{
    return path_request(XS_GET_PERMS, tx, path, NULL, 0, buf, cap);
}

int xenstore_set_perms(xenstore_tx_t tx, const char *path, const char *perms, size_t len)
{
    char ok[4];

    return ok_result(path_request(XS_SET_PERMS, tx, path, perms, len, ok, sizeof(ok)));
}

bool xenstore_exists(xenstore_tx_t tx, const char *path)
{
    char c;
    long rc = xenstore_read(tx, path, &c, 1);

    return rc >= 0 || rc == -XEN_E2BIG;
}

long xenstore_domain_path(unsigned int domid, char *buf, size_t cap)
{
    char id[16];

    snprintf(id, sizeof(id), "%u", domid);
    return path_request(XS_GET_DOMAIN_PATH, XENSTORE_TX_NONE, id, NULL, 0, buf, cap);
}

int xenstore_transaction_start(xenstore_tx_t *tx)
{
    char id[16];
    long n = xenstore_request(XS_TRANSACTION_START, XENSTORE_TX_NONE, "", 1, id, sizeof(id) - 1);
    unsigned long v = 0;

    if (n < 0)
        return (int)n;
    id[n] = '\0';
    for (long i = 0; i < n && id[i] >= '0' && id[i] <= '9'; i++)
        v = v * 10 + (unsigned long)(id[i] - '0');
    if (!v)
        return -XEN_EIO;
    *tx = (xenstore_tx_t)v;
    return 0;
}

int xenstore_transaction_end(xenstore_tx_t tx, bool abort)
{
    char ok[4];

    return ok_result(xenstore_request(XS_TRANSACTION_END, tx, abort ? "F" : "T", 2, ok,
                                      sizeof(ok)));
}

int xenstore_transact(int (*fn)(xenstore_tx_t tx, void *arg), void *arg, unsigned int tries)
{
    int rc = -XEN_EAGAIN;

    while (tries-- && rc == -XEN_EAGAIN) {
        xenstore_tx_t tx;

        rc = xenstore_transaction_start(&tx);
        if (rc)
            return rc;
        rc = fn(tx, arg);
        if (rc) {
            xenstore_transaction_end(tx, true);
            return rc;
        }
        rc = xenstore_transaction_end(tx, false);
    }
    return rc;
}

/* ---- watches ---- */

int xenstore_watch(const char *path, const char *token, xenstore_watch_fn fn, void *data)
{
    struct watch *w = NULL;
    char ok[4];
    long rc;

    if (strlen(token) >= TOKEN_MAX)
        return -XEN_EINVAL;
    spin_lock(&xs_lock);
    for (unsigned int i = 0; i < XS_MAX_WATCHES && !w; i++)
        if (!watches[i].used)
            w = &watches[i];
    if (w) {
        w->used = true;
        strcpy(w->token, token);
        w->fn = fn;
        w->data = data;
    }
    spin_unlock(&xs_lock);
    if (!w)
        return -XEN_ENOSPC;
    rc = path_request(XS_WATCH, XENSTORE_TX_NONE, path, token, strlen(token) + 1, ok,
                      sizeof(ok));
    if (rc < 0)
        w->used = false;
    return ok_result(rc);
}

int xenstore_unwatch(const char *path, const char *token)
{
    char ok[4];
    long rc = path_request(XS_UNWATCH, XENSTORE_TX_NONE, path, token, strlen(token) + 1, ok,
                           sizeof(ok));

    spin_lock(&xs_lock);
    for (unsigned int i = 0; i < XS_MAX_WATCHES; i++)
        if (watches[i].used && strcmp(watches[i].token, token) == 0)
            watches[i].used = false;
    spin_unlock(&xs_lock);
    return ok_result(rc);
}

unsigned int xenstore_dispatch(void)
{
    static struct event ev;     /* one dispatcher at a time: dispatch_lock */
    static spinlock_t dispatch_lock = SPIN_LOCK_UNLOCKED;
    unsigned int ran = 0;

    if (!transport)
        return 0;
    spin_lock(&dispatch_lock);
    for (;;) {
        xenstore_watch_fn fn = NULL;
        void *data = NULL;

        spin_lock(&xs_lock);
        if (!sending)
            receive();
        if (!ev_count) {
            spin_unlock(&xs_lock);
            break;
        }
        ev = events[ev_head];
        ev_head = (ev_head + 1) % EVENT_QUEUE;
        ev_count--;
        for (unsigned int i = 0; i < XS_MAX_WATCHES; i++)
            if (watches[i].used && strcmp(watches[i].token, ev.token) == 0) {
                fn = watches[i].fn;
                data = watches[i].data;
            }
        spin_unlock(&xs_lock);
        if (fn) {
            fn(ev.path, ev.token, data);
            ran++;
        }
    }
    spin_unlock(&dispatch_lock);
    return ran;
}

unsigned int xenstore_wait_event(uint64_t timeout_ns)
{
    unsigned int ran = xenstore_dispatch();

    while (!ran && transport && monotonic_ns() < timeout_ns) {
        transport->wait(timeout_ns < monotonic_ns() + WAIT_NS ? timeout_ns
                                                              : monotonic_ns() + WAIT_NS);
        ran = xenstore_dispatch();
    }
    return ran;
}

unsigned long xenstore_events_dropped(void)
{
    return ev_dropped;
}
