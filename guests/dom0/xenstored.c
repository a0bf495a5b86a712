/*
 * dom0's xenstored glue (xenstored.h): the ring transport, dom0's
 * in-process client transport, and the toolstack's part of introducing
 * and releasing domains.
 *
 * A served domain is a slot: the mapped ring, the port here, and the
 * core's connection.  The port's handler only notes that there is work
 * (the daemon runs in thread context, in xsd_poll); the dom0 main loop
 * wakes on the event.
 *
 * Departures from Xen: the toolstack's part (the home and standard
 * nodes) is done by this code in dom0's xenstored process, not by a
 * separate toolstack; and it comes after XS_INTRODUCE, not before, since
 * a permission entry may only name an introduced domain (xenstored.h).
 * The boot-time domain's ring is held meanwhile, so the store the domain
 * sees is the same.
 */
#include <stdio.h>
#include <string.h>
#include <kernel.h>
#include <domains.h>
#include <gnttab.h>
#include <heap.h>
#include <xenstore.h>
#include <ring/byte_ring.h>
#include <public/grant_table.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <xenstored.h>
#include "xenstored.h"

#define MAX_SERVED 64
#define LIST_BATCH 32

struct served {
    bool used;
    bool held;                        /* not served until its nodes are written */
    bool broken;
    unsigned int domid;
    char name[XEN_DOMCTL_NAME_MAX];   /* kept after release, for dom0's log */
    struct xs_conn *conn;
    struct xenstore_domain_interface *ring;
    struct gnttab_mapping map;
    evtchn_port_t port;
};

static struct xs_daemon *xsd;
static struct xs_conn *self_conn;
static struct served served[MAX_SERVED];
static unsigned int turn;

/* ---- the core's environment ---- */

static void *xsd_alloc(void *ctx, size_t size)
{
    return kmalloc(size);
}

static void xsd_free(void *ctx, void *p)
{
    kfree(p);
}

static void xsd_log(void *ctx, const char *line)
{
    printk("xenstored: %s\n", line);
}

static void xsd_conn_gone(void *ctx, struct xs_conn *conn)
{
    struct served *s = xs_conn_priv(conn);

    if (s)
        s->conn = NULL;
}

static int xsd_introduce(void *ctx, unsigned int domid, uint64_t mfn, uint32_t port);

static const struct xs_host_ops ops = {
    .alloc = xsd_alloc, .free = xsd_free, .log = xsd_log, .conn_gone = xsd_conn_gone,
    .introduce = xsd_introduce,
};

/* ---- dom0's own client, in process ---- */

static long self_send(const void *buf, size_t len)
{
    long done = 0;

    while ((size_t)done < len) {
        long n = xs_conn_input(self_conn, (const char *)buf + done, len - (size_t)done);

        if (n < 0)
            return n;
        if (n == 0)
            break;
        done += n;
    }
    return done;
}

static long self_recv(void *buf, size_t len)
{
    return (long)xs_conn_output(self_conn, buf, len);
}

static void self_wait(uint64_t timeout_ns)
{
    xsd_poll();
}

static const struct xenstore_transport self_transport = { self_send, self_recv, self_wait };

/* ---- the rings ---- */

static void on_store_event(evtchn_port_t port, void *data)
{
    /* Not reached: the store ports are masked (see xsd_ports). */
}

/* One turn of one domain: a request's worth in, what fits out. */
static bool serve(struct served *s)
{
    struct xenstore_domain_interface *r = s->ring;
    struct byte_ring req = { r->req, XENSTORE_RING_SIZE, &r->req_cons, &r->req_prod };
    struct byte_ring rsp = { r->rsp, XENSTORE_RING_SIZE, &r->rsp_cons, &r->rsp_prod };
    static char buf[XENSTORE_RING_SIZE];
    bool moved = false;
    long n, room;

    if (s->broken || s->held || !s->conn)
        return false;
    n = byte_ring_pending(&req);
    room = byte_ring_pending(&rsp);
    if (n < 0 || room < 0) {
        s->broken = true;
        r->error = XENSTORE_ERROR_RINGIDX;
        notify_remote_via_evtchn(s->port);
        printk("xenstored: d%u's ring has impossible indices: no longer served\n", s->domid);
        return false;
    }
    if (n > 0 && xs_conn_wants_input(s->conn)) {
        long done = 0;

        /*
         * Only what the connection takes leaves the ring: once its
         * replies go unread (outstanding quota) the rest waits there.
         */
        n = byte_ring_peek(&req, buf, (size_t)n);
        while (done < n) {
            long used = xs_conn_input(s->conn, buf + done, (size_t)(n - done));

            if (used <= 0)
                break;
            done += used;
        }
        if (xs_conn_error(s->conn) != XENSTORE_ERROR_NONE)
            done = n;       /* a broken connection: the rest is dropped */
        byte_ring_advance(&req, (size_t)done);
        moved = done > 0;
    }
    if (xs_conn_error(s->conn) != XENSTORE_ERROR_NONE && !s->broken) {
        s->broken = true;
        r->error = xs_conn_error(s->conn);
    }
    room = XENSTORE_RING_SIZE - room;
    if (room > 0 && xs_conn_output_pending(s->conn)) {
        size_t out = xs_conn_output(s->conn, buf, (size_t)room);

        byte_ring_produce(&rsp, buf, out);
        moved |= out > 0;
    }
    if (moved)
        notify_remote_via_evtchn(s->port);
    return moved;
}

void xsd_poll(void)
{
    bool busy = true;

    if (!xsd)
        return;
    /* Cleared before serving: a request that comes meanwhile sets it again. */
    for (unsigned int i = 0; i < MAX_SERVED; i++)
        if (served[i].used && served[i].port)
            evtchn_test_and_clear(served[i].port);
    /* Round robin, one turn each, until nobody moved (bounded by traffic). */
    for (unsigned int rounds = 0; busy && rounds < 64; rounds++) {
        busy = false;
        for (unsigned int i = 0; i < MAX_SERVED; i++) {
            struct served *s = &served[(turn + i) % MAX_SERVED];

            if (s->used)
                busy |= serve(s);
        }
        turn++;
    }
}

/* ---- introducing ---- */

/*
 * While dom0 introduces a boot-time domain, the new slot is held: that
 * domain is already running and may have sent requests, which must wait
 * until its home and standard nodes are written.  (A domain a toolstack
 * builds is still paused when it is introduced.)
 */
static bool hold_new;

static struct served *slot_of(unsigned int domid)
{
    for (unsigned int i = 0; i < MAX_SERVED; i++)
        if (served[i].used && served[i].domid == domid)
            return &served[i];
    return NULL;
}

static void domain_name(unsigned int domid, char *name, size_t cap)
{
    xen_domctl_t op = { .cmd = XEN_DOMCTL_get_domain_name,
                        .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
                        .domain = (domid_t)domid };

    if (HYPERVISOR_domctl(&op))
        snprintf(name, cap, "domain-%u", domid);
    else
        snprintf(name, cap, "%s", op.u.get_domain_name.name);
}

/*
 * XS_INTRODUCE from dom0 (xs_host_ops.introduce): serve domain domid's
 * ring.  As Xen's xenstored does, the ring is mapped through the grant
 * entry its builder filled (GNTTAB_RESERVED_XENSTORE; `mfn` is only
 * checked against it) and the domain's unbound port `port` is bound here.
 * Introducing a served domain again is fine (Xen's re-introduce).
 */
/* Whether domain domid is auto-translated (XEN_DOMINF_hvm_guest). */
static bool translated(unsigned int domid)
{
    struct xen_domctl_getdomaininfo info;

    return domain_list((domid_t)domid, &info, 1) == 1 && info.domain == domid &&
           (info.flags & XEN_DOMINF_hvm_guest);
}

static int xsd_introduce(void *ctx, unsigned int domid, uint64_t mfn, uint32_t port)
{
    struct served *s = slot_of(domid);
    long rc;

    if (s)
        return 0;
    /* A free slot, one of a released domain last (its name is kept). */
    for (unsigned int i = 0; i < MAX_SERVED && !s; i++)
        if (!served[i].used && !served[i].name[0])
            s = &served[i];
    for (unsigned int i = 0; i < MAX_SERVED && !s; i++)
        if (!served[i].used)
            s = &served[i];
    if (!s)
        return XEN_ENOSPC;
    *s = (struct served){ .domid = domid, .held = hold_new };
    rc = gnttab_map((domid_t)domid, GNTTAB_RESERVED_XENSTORE, false, &s->map);
    if (rc)
        return XEN_EINVAL;
    /* An auto-translated domain's STORE_PFN is a guest frame (public/hvm/
     * hvm_op.h): only a PV domain's can be compared with the machine
     * frame the grant gave us. */
    if (s->map.dev_bus_addr >> PAGE_SHIFT != mfn && !translated(domid)) {
        gnttab_unmap(&s->map);
        return XEN_EINVAL;      /* not the page the domain granted */
    }
    s->ring = s->map.va;
    rc = bind_interdomain((domid_t)domid, (evtchn_port_t)port, on_store_event, s);
    if (rc < 0) {
        gnttab_unmap(&s->map);
        return XEN_EINVAL;
    }
    s->port = (evtchn_port_t)rc;
    mask_evtchn(s->port);       /* dom0's main loop polls it (xsd_ports) */
    rc = xs_domain_introduce(xsd, domid, &s->conn);
    if (rc) {
        unbind_evtchn(s->port);
        gnttab_unmap(&s->map);
        return (int)rc;
    }
    domain_name(domid, s->name, sizeof(s->name));
    xs_conn_set_priv(s->conn, s);
    s->ring->server_features = XENSTORE_SERVER_FEATURE_ERROR;
    s->used = true;
    return 0;
}

static long param(unsigned int domid, uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = (domid_t)domid, .index = index };
    long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);

    *value = p.value;
    return rc;
}

static void write_node(unsigned int domid, const char *node, const char *value)
{
    char path[96];

    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, node);
    xenstore_write(XENSTORE_TX_NONE, path, value);
}

/*
 * The nodes Xen's toolstack writes for a new domain, in the home libxl
 * lays out (xs_domain_make_home): all of these are dom0's, the domain
 * may read them.
 */
static void write_standard_nodes(unsigned int domid, const struct xen_domctl_getdomaininfo *info,
                                 uint64_t store_mfn, uint64_t store_port, uint64_t cons_mfn,
                                 uint64_t cons_port)
{
    char v[64];

    xs_domain_make_home(xsd, domid);
    domain_name(domid, v, sizeof(v));
    write_node(domid, "name", v);
    snprintf(v, sizeof(v), "%u", domid);
    write_node(domid, "domid", v);
    snprintf(v, sizeof(v), "/vm/00000000-0000-0000-0000-%012x", domid);
    write_node(domid, "vm", v);
    snprintf(v, sizeof(v), "%lu", (unsigned long)info->tot_pages * 4);
    write_node(domid, "memory/target", v);
    snprintf(v, sizeof(v), "%lu", (unsigned long)info->max_pages * 4);
    write_node(domid, "memory/static-max", v);
    snprintf(v, sizeof(v), "%lu", (unsigned long)cons_mfn);
    write_node(domid, "console/ring-ref", v);
    snprintf(v, sizeof(v), "%lu", (unsigned long)cons_port);
    write_node(domid, "console/port", v);
    write_node(domid, "console/type", "xenconsoled");
    snprintf(v, sizeof(v), "%lu", (unsigned long)store_mfn);
    write_node(domid, "store/ring-ref", v);
    snprintf(v, sizeof(v), "%lu", (unsigned long)store_port);
    write_node(domid, "store/port", v);
    xenstore_mkdir(XENSTORE_TX_NONE, "/local/domain/0");
}

/*
 * A boot-time domain, as a toolstack would: its ring and port from
 * HVMOP_get_param, XS_INTRODUCE through dom0's own client (which reaches
 * xsd_introduce), then its home and standard nodes; only then is its ring
 * served.
 */
static int introduce(unsigned int domid, const struct xen_domctl_getdomaininfo *info)
{
    uint64_t store_mfn = 0, store_port = 0, cons_mfn = 0, cons_port = 0;
    char msg[64], reply[8];
    struct served *s;
    long rc;
    int len;

    rc = param(domid, HVM_PARAM_STORE_PFN, &store_mfn);
    if (!rc)
        rc = param(domid, HVM_PARAM_STORE_EVTCHN, &store_port);
    param(domid, HVM_PARAM_CONSOLE_PFN, &cons_mfn);
    param(domid, HVM_PARAM_CONSOLE_EVTCHN, &cons_port);
    if (rc || !store_mfn)
        return rc ? (int)rc : -XEN_ENOENT;
    len = snprintf(msg, sizeof(msg), "%u%c%lu%c%lu", domid, 0, (unsigned long)store_mfn, 0,
                   (unsigned long)store_port);
    hold_new = true;
    rc = xenstore_request(XS_INTRODUCE, XENSTORE_TX_NONE, msg, (size_t)len + 1, reply,
                          sizeof(reply));
    hold_new = false;
    if (rc < 0)
        return (int)rc;
    write_standard_nodes(domid, info, store_mfn, store_port, cons_mfn, cons_port);
    s = slot_of(domid);
    if (s)
        s->held = false;
    return 0;
}

int xsd_introduce_domain(unsigned int domid, const char *name)
{
    struct xen_domctl_getdomaininfo info;
    struct served *s;
    int rc;

    if (domain_info((domid_t)domid, &info))
        return -XEN_ESRCH;
    rc = introduce(domid, &info);
    if (rc || !name)
        return rc;
    write_node(domid, "name", name);
    s = slot_of(domid);
    if (s)
        snprintf(s->name, sizeof(s->name), "%s", name);
    return 0;
}

int xsd_start(void)
{
    static struct xen_domctl_getdomaininfo info[LIST_BATCH];
    domid_t first = 1;

    xsd = xs_daemon_new(&ops);
    if (!xsd || !(self_conn = xs_conn_new(xsd, 0)))
        return -XEN_ENOMEM;
    xenstore_set_transport(&self_transport);
    for (;;) {
        long n = domain_list(first, info, LIST_BATCH);

        for (long i = 0; i < n; i++) {
            char name[64];
            int rc = introduce(info[i].domain, &info[i]);

            if (rc)
                printk("xenstored: d%u not introduced (%d)\n", info[i].domain, rc);
            else
                printk("xenstored: introduced d%u (%s)\n", info[i].domain,
                       xsd_domain_name(info[i].domain, name, sizeof(name)));
        }
        if (n < LIST_BATCH)
            return 0;
        first = info[LIST_BATCH - 1].domain + 1;
    }
}

unsigned int xsd_ports(evtchn_port_t *ports, unsigned int max)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < MAX_SERVED && n < max; i++)
        if (served[i].used && served[i].port)
            ports[n++] = served[i].port;
    return n;
}

/* ---- releasing ---- */

static void release(struct served *s)
{
    if (s->port)
        unbind_evtchn(s->port);
    xs_domain_release(xsd, s->domid);
    xs_rm_domain_home(xsd, s->domid);
    gnttab_unmap(&s->map);
    s->used = false;
}

unsigned int xsd_reap(void)
{
    unsigned int released = 0;

    for (unsigned int i = 0; i < MAX_SERVED; i++)
        if (served[i].used && domain_finished((domid_t)served[i].domid)) {
            release(&served[i]);
            released++;
        }
    return released;
}

/*
 * The store name; once the domain is released (its home gone) the name
 * it had, so that dom0 can still report its end by name.
 */
const char *xsd_domain_name(unsigned int domid, char *buf, size_t cap)
{
    char path[48];

    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    if (xsd && xenstore_read_str(XENSTORE_TX_NONE, path, buf, cap) >= 0)
        return buf;
    snprintf(buf, cap, "?");
    for (unsigned int i = 0; i < MAX_SERVED; i++)
        if (served[i].domid == domid && served[i].name[0])
            snprintf(buf, cap, "%s", served[i].name);
    return buf;
}

void xsd_counts(unsigned long *nodes, unsigned long *watches)
{
    *nodes = xsd ? xs_node_count(xsd) : 0;
    *watches = xsd ? xs_watch_count(xsd) : 0;
}
