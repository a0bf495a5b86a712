/*
 * blkback (blkback.h).
 *
 * A vbd is a slot of vbds[]; a request in flight is a slot of pool[],
 * holding the checked request, its virtio request and its mappings.  A
 * barrier goes through stages (flush, data, flush), each a virtio request
 * of the same slot.  A vbd that is disconnected while requests are in
 * flight keeps its slot (ring unmapped, port closed) until the device has
 * returned them: their pages are unmapped then, and no response is sent.
 *
 * Locking: none; everything runs in dom0's main loop (thread context).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include <gnttab.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <xenbus/xenbus_back.h>
#include "blkback.h"
#include "blkback_req.h"

#define MAX_VBDS XENBUS_MAX_DEVICES
#define DESCS_PER_REQUEST (BLKIF_MAX_SEGMENTS_PER_REQUEST + 2)

enum stage { STAGE_NONE, STAGE_FLUSH_BEFORE, STAGE_DATA, STAGE_FLUSH_AFTER };

struct vbd_stats {
    unsigned long reads, writes, flushes, barriers, errors, unsupported;
    unsigned long sectors_read, sectors_written;
};

/* What a connection cost, from its connect to its disconnect. */
struct cost {
    unsigned long requests;
    uint64_t hv_entries;              /* the hypervisor's, all CPUs */
    uint64_t dom0_running_ns;
};

struct vbd {
    bool used;                        /* the slot is taken */
    bool live;                        /* connected: the ring is served */
    bool removed;                     /* free the slot once idle */
    struct xenbus_device *dev;
    domid_t domid;
    struct blkback_disk disk;
    uint64_t first;                   /* of dom0's disk */
    blkif_back_ring_t ring;
    struct gnttab_mapping ring_map;
    evtchn_port_t port;
    unsigned int inflight;
    bool barrier_waiting;             /* held: earlier requests must finish */
    struct blkif_request held;
    struct vbd_stats st;
    struct cost at_connect;
};

struct pending {
    bool used;
    struct vbd *vbd;
    struct blkback_io io;
    enum stage stage;
    unsigned int nr_mapped;
    struct gnttab_mapping map[BLKIF_MAX_SEGMENTS_PER_REQUEST];
    struct vblk_request vrq;
};

static struct virtio_blk *disk;
static struct vbd vbds[MAX_VBDS];
static struct pending pool[BLKBACK_MAX_INFLIGHT];
static unsigned int pool_used, turn;

/* ---- requests in flight ---- */

static struct pending *pending_get(struct vbd *v)
{
    for (unsigned int i = 0; i < BLKBACK_MAX_INFLIGHT; i++)
        if (!pool[i].used) {
            memset(&pool[i], 0, offsetof(struct pending, vrq));
            pool[i].used = true;
            pool[i].vbd = v;
            pool_used++;
            v->inflight++;
            return &pool[i];
        }
    return NULL;
}

/* Is there room for one more request, here and in the virtqueue? */
static bool room_for_request(void)
{
    return pool_used < BLKBACK_MAX_INFLIGHT && disk->nr_free_slots > 0 &&
           disk->vq.nr_free >= DESCS_PER_REQUEST && !disk->vq.broken;
}

static void unmap_segments(struct pending *p)
{
    int16_t st[BLKIF_MAX_SEGMENTS_PER_REQUEST];

    if (p->nr_mapped)
        gnttab_unmap_batch(p->map, st, p->nr_mapped);
    p->nr_mapped = 0;
}

/* Map the request's pages (writable for a read): 0, or the request fails. */
static int map_segments(struct pending *p)
{
    domid_t dom[BLKIF_MAX_SEGMENTS_PER_REQUEST] = { 0 };
    grant_ref_t ref[BLKIF_MAX_SEGMENTS_PER_REQUEST] = { 0 };
    int16_t st[BLKIF_MAX_SEGMENTS_PER_REQUEST];
    struct gnttab_mapping m[BLKIF_MAX_SEGMENTS_PER_REQUEST];
    unsigned int n = p->io.nr_segs, ok = 0;
    int rc;

    for (unsigned int i = 0; i < n; i++) {
        dom[i] = p->vbd->domid;
        ref[i] = p->io.seg[i].gref;
    }
    rc = gnttab_map_batch(dom, ref, p->io.operation != BLKIF_OP_READ, m, st, n);
    /* Keep every mapping that succeeded, so that all of them are undone. */
    for (unsigned int i = 0; i < n && !rc; i++)
        if (st[i] == GNTST_okay)
            p->map[ok++] = m[i];
    p->nr_mapped = ok;
    if (rc || ok != n) {
        unmap_segments(p);
        return -XEN_EINVAL;
    }
    return 0;
}

static void respond(struct vbd *v, uint64_t id, uint8_t op, int16_t status)
{
    if (status == BLKIF_RSP_ERROR)
        v->st.errors++;
    else if (status == BLKIF_RSP_EOPNOTSUPP)
        v->st.unsupported++;
    blkback_respond(&v->ring, id, op, status);
}

static void push_responses(struct vbd *v)
{
    if (blkif_push_responses_and_check_notify(&v->ring))
        notify_remote_via_evtchn(v->port);
}

/* Queue stage `stage` of p with the device. */
static int submit_stage(struct pending *p, enum stage stage)
{
    struct vblk_request *rq = &p->vrq;
    const struct blkback_io *io = &p->io;

    p->stage = stage;
    rq->nr_segs = 0;
    rq->sector = 0;
    if (stage != STAGE_DATA) {
        rq->type = VIRTIO_BLK_T_FLUSH;
        return vblk_submit(disk, rq);
    }
    rq->type = io->operation == BLKIF_OP_READ ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT;
    rq->sector = p->vbd->first + io->sector;
    for (unsigned int i = 0; i < io->nr_segs; i++)
        rq->seg[i] = (struct vblk_seg){ p->map[i].dev_bus_addr + io->seg[i].offset,
                                        io->seg[i].len };
    rq->nr_segs = io->nr_segs;
    return vblk_submit(disk, rq);
}

static void finish(struct pending *p, int16_t status)
{
    struct vbd *v = p->vbd;

    unmap_segments(p);
    if (v->live)
        respond(v, p->io.id, p->io.operation, status);
    p->used = false;
    pool_used--;
    v->inflight--;
}

static void count(struct vbd *v, const struct blkback_io *io)
{
    switch (io->operation) {
    case BLKIF_OP_READ:
        v->st.reads++;
        v->st.sectors_read += io->nr_sectors;
        break;
    case BLKIF_OP_WRITE:
        v->st.writes++;
        v->st.sectors_written += io->nr_sectors;
        break;
    case BLKIF_OP_WRITE_BARRIER:
        v->st.barriers++;
        v->st.sectors_written += io->nr_sectors;
        break;
    default:
        v->st.flushes++;
    }
}

/* A checked request: map, then hand its first stage to the device. */
static void start(struct vbd *v, const struct blkback_io *io)
{
    struct pending *p = pending_get(v);
    enum stage first = STAGE_DATA;

    p->io = *io;
    if (io->operation == BLKIF_OP_FLUSH_DISKCACHE)
        first = STAGE_FLUSH_AFTER;
    else if (io->operation == BLKIF_OP_WRITE_BARRIER)
        first = STAGE_FLUSH_BEFORE;
    if (io->nr_segs && map_segments(p)) {
        finish(p, BLKIF_RSP_ERROR);
        return;
    }
    count(v, io);
    if (submit_stage(p, first))
        finish(p, BLKIF_RSP_ERROR);
}

/* The device returned p's current stage. */
static void stage_done(struct pending *p)
{
    int status = p->vrq.status;

    if (status) {
        finish(p, status == -XEN_EOPNOTSUPP ? BLKIF_RSP_EOPNOTSUPP : BLKIF_RSP_ERROR);
        return;
    }
    if (p->stage == STAGE_FLUSH_BEFORE && p->io.nr_segs) {
        if (submit_stage(p, STAGE_DATA))
            finish(p, BLKIF_RSP_ERROR);
        return;
    }
    if (p->stage == STAGE_DATA && p->io.operation == BLKIF_OP_WRITE_BARRIER) {
        if (submit_stage(p, STAGE_FLUSH_AFTER))
            finish(p, BLKIF_RSP_ERROR);
        return;
    }
    finish(p, BLKIF_RSP_OKAY);
}

/* ---- the rings ---- */

/* One request off the ring: answered at once, started, or held (barrier). */
static void take_one(struct vbd *v, const struct blkif_request *req)
{
    struct blkback_io io;
    int status = blkback_check(req, &v->disk, &io);

    if (status != BLKIF_RSP_OKAY) {
        respond(v, io.id, io.operation, (int16_t)status);
        return;
    }
    if (io.operation == BLKIF_OP_WRITE_BARRIER && v->inflight) {
        v->held = *req;
        v->barrier_waiting = true;
        return;
    }
    start(v, &io);
}

static void release_barrier(struct vbd *v)
{
    struct blkback_io io;

    if (!v->barrier_waiting || v->inflight || !room_for_request())
        return;
    v->barrier_waiting = false;
    blkback_check(&v->held, &v->disk, &io);
    start(v, &io);
}

/* Up to BLKBACK_BATCH requests of v's: whether any was taken. */
static bool serve_ring(struct vbd *v)
{
    struct blkif_request req;
    unsigned int n = 0;

    release_barrier(v);
    while (n < BLKBACK_BATCH && v->live && !v->barrier_waiting && room_for_request()) {
        int got = blkback_take(&v->ring, &req, 1);

        if (got < 0) {
            xenbus_dev_fatal(v->dev, -XEN_EINVAL, "impossible req_prod on the ring");
            break;
        }
        if (!got)
            break;
        take_one(v, &req);
        n++;
    }
    return n > 0;
}

static void reap_device(void)
{
    virtio_mmio_service(&disk->dev);
    vblk_reap(disk);
    for (unsigned int i = 0; i < BLKBACK_MAX_INFLIGHT; i++)
        if (pool[i].used && pool[i].vrq.done) {
            pool[i].vrq.done = false;
            stage_done(&pool[i]);
        }
}

static void vbd_release_if_idle(struct vbd *v)
{
    if (v->removed && !v->inflight)
        v->used = false;
}

/* Serve every ring until none moves (bounded): whether any moved. */
static bool serve_rings(void)
{
    bool busy = true, moved = false;

    for (unsigned int rounds = 0; busy && rounds < 64; rounds++) {
        busy = false;
        reap_device();
        for (unsigned int i = 0; i < MAX_VBDS; i++) {
            struct vbd *v = &vbds[(turn + i) % MAX_VBDS];

            if (v->used && v->live)
                busy |= serve_ring(v);
        }
        turn++;
        moved |= busy;
    }
    reap_device();
    return moved;
}

/*
 * Push the responses; the final check says whether a front end published
 * requests meanwhile (they are served at once, not after the next event).
 */
static bool push_and_check(void)
{
    bool more = false;

    for (unsigned int i = 0; i < MAX_VBDS; i++) {
        struct vbd *v = &vbds[i];

        if (v->used && v->live) {
            push_responses(v);
            more |= !v->barrier_waiting && room_for_request() &&
                    blkif_final_check_for_requests(&v->ring);
        }
        if (v->used)
            vbd_release_if_idle(v);
    }
    return more;
}

static void blkback_poll(void)
{
    if (!disk)
        return;
    /* Cleared before serving: a request that comes meanwhile sets it again. */
    for (unsigned int i = 0; i < MAX_VBDS; i++)
        if (vbds[i].used && vbds[i].live)
            evtchn_test_and_clear(vbds[i].port);
    for (unsigned int passes = 0; passes < 16; passes++) {
        serve_rings();
        if (!push_and_check())
            break;
    }
}

static unsigned int blkback_ports(evtchn_port_t *ports, unsigned int max)
{
    unsigned int n = 0;

    if (disk && disk->dev.port && n < max)
        ports[n++] = disk->dev.port;
    for (unsigned int i = 0; i < MAX_VBDS && n < max; i++)
        if (vbds[i].used && vbds[i].live)
            ports[n++] = vbds[i].port;
    return n;
}

/* ---- what a connection cost ---- */

/* The hypervisor's entry count, summed over its CPUs (perfc_op). */
static uint64_t hv_entries(void)
{
    static uint32_t vals[64];
    xen_sysctl_t op = { .cmd = XEN_SYSCTL_perfc_op,
                        .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    uint64_t sum = 0;

    op.u.perfc_op.cmd = XEN_SYSCTL_PERFCOP_query;
    set_xen_guest_handle(op.u.perfc_op.val, vals);
    if (HYPERVISOR_sysctl(&op))
        return 0;
    for (unsigned int i = 0; i < op.u.perfc_op.nr_vals && i < 64; i++)
        sum += vals[i];
    return sum;
}

static uint64_t running_ns(void)
{
    uint64_t sum = 0;

    for (unsigned int i = 0; i < nr_vcpus(); i++) {
        struct vcpu_runstate_info r;

        if (!HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, i, &r))
            sum += r.time[RUNSTATE_running];
    }
    return sum;
}

static unsigned long requests(const struct vbd *v)
{
    return v->st.reads + v->st.writes + v->st.barriers + v->st.flushes + v->st.errors +
           v->st.unsupported;
}

static struct cost cost_now(const struct vbd *v)
{
    return (struct cost){ requests(v), hv_entries(), running_ns() };
}

/*
 * The last connection's cost, for benchmarks (rvxen's nodes, not Xen's):
 * stat-requests, stat-hv-entries and stat-dom0-running-ns, the number of
 * requests answered, the hypervisor's entries and dom0's running time
 * between connect and disconnect.
 */
static void publish_cost(const struct vbd *v)
{
    struct cost now = cost_now(v);
    char n[24];

    snprintf(n, sizeof(n), "%lu", now.requests - v->at_connect.requests);
    xenbus_dev_write_be(v->dev, "stat-requests", n);
    snprintf(n, sizeof(n), "%llu", (unsigned long long)(now.hv_entries -
                                                         v->at_connect.hv_entries));
    xenbus_dev_write_be(v->dev, "stat-hv-entries", n);
    snprintf(n, sizeof(n), "%llu", (unsigned long long)(now.dom0_running_ns -
                                                         v->at_connect.dom0_running_ns));
    xenbus_dev_write_be(v->dev, "stat-dom0-running-ns", n);
}

/* ---- the XenBus side ---- */

static struct vbd *vbd_of(struct xenbus_device *dev)
{
    return dev->priv;
}

/* params "first+count": the slice, checked against dom0's disk. */
static int parse_params(const char *s, uint64_t *first, uint64_t *count)
{
    char *end;
    unsigned long long f = strtoull(s, &end, 10), n;

    if (end == s || *end != '+')
        return -XEN_EINVAL;
    s = end + 1;
    n = strtoull(s, &end, 10);
    if (end == s || *end || !n || f > disk->capacity || n > disk->capacity - f)
        return -XEN_EINVAL;
    *first = f;
    *count = n;
    return 0;
}

static int publish_features(struct xenbus_device *dev, const struct vbd *v)
{
    const char *flag = v->disk.flush ? "1" : "0";
    int rc;

    if ((rc = xenbus_dev_write_be(dev, "feature-barrier", flag)) ||
        (rc = xenbus_dev_write_be(dev, "feature-flush-cache", flag)))
        return rc;
    return 0;
}

static int vbd_probe(struct xenbus_device *dev)
{
    char params[48], mode[4] = "w";
    struct vbd *v = NULL;
    int rc;

    if (!disk)
        return -XEN_ENODEV;
    for (unsigned int i = 0; i < MAX_VBDS && !v; i++)
        if (!vbds[i].used)
            v = &vbds[i];
    if (!v)
        return -XEN_ENOSPC;
    memset(v, 0, sizeof(*v));
    if (xenbus_dev_read_be(dev, "params", params, sizeof(params)) < 0 ||
        parse_params(params, &v->first, &v->disk.sectors))
        return -XEN_EINVAL;
    xenbus_dev_read_be(dev, "mode", mode, sizeof(mode));
    v->disk.readonly = strcmp(mode, "w") != 0 || disk->read_only;
    v->disk.flush = v->disk.barrier = disk->has_flush;
    v->dev = dev;
    v->domid = dev->fe_domid;
    rc = publish_features(dev, v);
    if (rc)
        return rc;
    v->used = true;
    dev->priv = v;
    return 0;
}

/* The front end's protocol node: absent, or a name of the 64-bit layout. */
static bool protocol_ok(struct xenbus_device *dev)
{
    static const char *const same_layout[] = { "riscv64-abi", "x86_64-abi", "arm-abi" };
    char proto[24];
    long n = xenbus_dev_read_fe(dev, "protocol", proto, sizeof(proto));

    if (n == -XEN_ENOENT)
        return true;
    for (unsigned int i = 0; n >= 0 && i < sizeof(same_layout) / sizeof(same_layout[0]); i++)
        if (!strcmp(proto, same_layout[i]))
            return true;
    return false;
}

static int publish_disk(struct xenbus_device *dev, const struct vbd *v)
{
    char n[24];
    int rc;

    snprintf(n, sizeof(n), "%llu", (unsigned long long)v->disk.sectors);
    if ((rc = xenbus_dev_write_be(dev, "sectors", n)) ||
        (rc = xenbus_dev_write_be(dev, "sector-size", "512")))
        return rc;
    snprintf(n, sizeof(n), "%u", v->disk.readonly ? VDISK_READONLY : 0);
    return xenbus_dev_write_be(dev, "info", n);
}

static int vbd_connect(struct xenbus_device *dev)
{
    struct vbd *v = vbd_of(dev);
    unsigned long ref, port;
    long rc;

    if (v->inflight)
        return -XEN_EBUSY;      /* the last connection's I/O is still out */
    if (xenbus_dev_read_fe_ulong(dev, "ring-ref", &ref) || ref > UINT32_MAX ||
        xenbus_dev_read_fe_ulong(dev, "event-channel", &port) || port > UINT32_MAX)
        return -XEN_EINVAL;
    if (!protocol_ok(dev))
        return -XEN_EOPNOTSUPP;
    if (gnttab_map(v->domid, (grant_ref_t)ref, false, &v->ring_map))
        return -XEN_EINVAL;
    rc = bind_interdomain(v->domid, (evtchn_port_t)port, NULL, NULL);
    if (rc < 0) {
        gnttab_unmap(&v->ring_map);
        return -XEN_EINVAL;
    }
    v->port = (evtchn_port_t)rc;
    mask_evtchn(v->port);       /* dom0's main loop polls it */
    blkif_back_init(&v->ring, v->ring_map.va, XEN_PAGE_SIZE);
    v->barrier_waiting = false;
    rc = publish_disk(dev, v);
    if (rc) {
        unbind_evtchn(v->port);
        gnttab_unmap(&v->ring_map);
        return (int)rc;
    }
    v->at_connect = cost_now(v);
    v->live = true;
    return 0;
}

static void vbd_disconnect(struct xenbus_device *dev)
{
    struct vbd *v = vbd_of(dev);

    if (!v || !v->live)
        return;
    if (v->dev)
        publish_cost(v);
    v->live = false;
    v->barrier_waiting = false;
    unbind_evtchn(v->port);
    gnttab_unmap(&v->ring_map);
}

/* The disk's summary, printed when it goes (its domain has finished). */
static void print_summary(const struct vbd *v)
{
    printk("blkback: d%u xvda: %lu reads (%lu sectors), %lu writes, %lu barriers "
           "(%lu sectors), %lu flushes, %lu errors, %lu unsupported\n",
           v->domid, v->st.reads, v->st.sectors_read, v->st.writes, v->st.barriers,
           v->st.sectors_written, v->st.flushes, v->st.errors, v->st.unsupported);
}

static void vbd_remove(struct xenbus_device *dev)
{
    struct vbd *v = vbd_of(dev);

    vbd_disconnect(dev);
    print_summary(v);
    v->removed = true;
    v->dev = NULL;
    dev->priv = NULL;
    vbd_release_if_idle(v);
}

static const struct xenbus_backend_ops vbd_ops = {
    .type = "vbd",
    .probe = vbd_probe,
    .connect = vbd_connect,
    .disconnect = vbd_disconnect,
    .remove = vbd_remove,
    .poll = blkback_poll,
    .ports = blkback_ports,
};

int blkback_init(struct virtio_blk *d)
{
    disk = d;
    return xenbus_backend_register(&vbd_ops);
}

int blkback_default_params(unsigned int domid, char *buf, size_t cap)
{
    uint64_t first = (uint64_t)domid * BLKBACK_SLICE_SECTORS;

    if (!disk || !domid || first + BLKBACK_SLICE_SECTORS > disk->capacity)
        return -XEN_ENOSPC;
    snprintf(buf, cap, "%llu+%u", (unsigned long long)first, BLKBACK_SLICE_SECTORS);
    return 0;
}

