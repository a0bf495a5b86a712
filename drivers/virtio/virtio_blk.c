/* virtio-blk for dom0: virtio_blk.h. */
#include <string.h>
#include "virtio_blk.h"

#define SLOTS_PER_PAGE (PAGE_SIZE / sizeof(struct vblk_slot))

static struct vblk_slot *slot(struct virtio_blk *b, unsigned int i)
{
    return &b->slot_page[i / SLOTS_PER_PAGE][i % SLOTS_PER_PAGE];
}

static uint64_t wanted_features(void)
{
    return VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) |
           VIRTIO_BIT(VIRTIO_BLK_F_RO) | VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |
           VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
}

static void read_config(struct virtio_blk *b)
{
    uint64_t f = b->dev.features;

    b->capacity = virtio_mmio_config64(&b->dev, VIRTIO_BLK_CFG_CAPACITY);
    b->blk_size = f & VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE)
                      ? virtio_mmio_config32(&b->dev, VIRTIO_BLK_CFG_BLK_SIZE)
                      : VIRTIO_BLK_SECTOR_SIZE;
    b->seg_max = f & VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX)
                     ? virtio_mmio_config32(&b->dev, VIRTIO_BLK_CFG_SEG_MAX) : 0;
    b->size_max = f & VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX)
                      ? virtio_mmio_config32(&b->dev, VIRTIO_BLK_CFG_SIZE_MAX) : 0;
    b->read_only = f & VIRTIO_BIT(VIRTIO_BLK_F_RO);
    b->has_flush = f & VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
}

static int alloc_slots(struct virtio_blk *b)
{
    for (unsigned int p = 0; p < sizeof(b->slot_page) / sizeof(b->slot_page[0]); p++)
        if (!(b->slot_page[p] = alloc_page()))
            return -XEN_ENOMEM;
    b->nr_free_slots = 0;
    for (unsigned int i = VBLK_QUEUE; i-- > 0;)
        b->free_slot[b->nr_free_slots++] = (uint16_t)i;
    return 0;
}

int virtio_blk_init(struct virtio_blk *b, unsigned int nth)
{
    int rc;

    memset(b, 0, sizeof(*b));
    if ((rc = virtio_mmio_find(VIRTIO_ID_BLOCK, nth, &b->dev)) ||
        (rc = virtio_mmio_negotiate(&b->dev, wanted_features(), 0)))
        return rc;
    read_config(b);
    if ((rc = alloc_slots(b)) || (rc = virtio_mmio_setup_queue(&b->dev, 0, &b->vq, VBLK_QUEUE))) {
        virtio_mmio_fail(&b->dev);
        return rc;
    }
    virtio_mmio_ready(&b->dev);
    return 0;
}

int vblk_submit(struct virtio_blk *b, struct vblk_request *rq)
{
    struct virtq_buf bufs[VBLK_MAX_SEGS + 2];
    struct vblk_slot *s;
    unsigned int i;
    int n, rc;

    if (rq->nr_segs > VBLK_MAX_SEGS)
        return -XEN_EINVAL;
    if (!b->nr_free_slots)
        return -XEN_ENOSPC;
    i = b->free_slot[b->nr_free_slots - 1];
    s = slot(b, i);
    n = vblk_chain(rq->type, virtio_bus_addr(&s->hdr), virtio_bus_addr(&s->status), rq->seg,
                   rq->nr_segs, bufs, VBLK_MAX_SEGS + 2);
    if (n < 0)
        return n;
    s->hdr = (struct virtio_blk_outhdr){ .type = rq->type, .sector = rq->sector };
    s->status = 0xff;                   /* not a status the device gives */
    rq->slot = i;
    rq->expect = 0;
    for (int k = 0; k < n; k++)
        rq->expect += bufs[k].device_writes ? bufs[k].len : 0;
    rq->done = false;
    rc = virtq_add(&b->vq, bufs, (unsigned int)n, rq);
    if (rc)
        return rc;
    b->nr_free_slots--;
    virtio_mmio_kick(&b->dev, 0, &b->vq);
    return 0;
}

unsigned int vblk_reap(struct virtio_blk *b)
{
    struct vblk_request *rq;
    unsigned int n = 0;
    uint32_t len;

    while ((rq = virtq_get_used(&b->vq, &len))) {
        rq->status = vblk_status(slot(b, rq->slot)->status, len, rq->expect);
        rq->done = true;
        b->free_slot[b->nr_free_slots++] = (uint16_t)rq->slot;
        b->completed++;
        b->failed += rq->status != 0;
        n++;
    }
    return n;
}

int vblk_wait(struct virtio_blk *b, struct vblk_request *rq, uint64_t deadline)
{
    for (;;) {
        virtio_mmio_service(&b->dev);
        vblk_reap(b);
        if (rq->done)
            return 0;
        if (b->vq.broken)
            return -XEN_EIO;
        if (monotonic_ns() >= deadline)
            return -XEN_ETIMEDOUT;
        virtio_mmio_wait(&b->dev, deadline);
    }
}

int vblk_prepare(struct vblk_request *rq, uint32_t type, uint64_t sector, const void *buf,
                 size_t len)
{
    const char *p = buf;

    rq->type = type;
    rq->sector = sector;
    rq->nr_segs = 0;
    while (len) {
        size_t n = PAGE_SIZE - ((uintptr_t)p & (PAGE_SIZE - 1));

        if (n > len)
            n = len;
        if (rq->nr_segs == VBLK_MAX_SEGS)
            return -XEN_EINVAL;
        rq->seg[rq->nr_segs++] = (struct vblk_seg){ virtio_bus_addr(p), (uint32_t)n };
        p += n;
        len -= n;
    }
    return 0;
}

static int sync_request(struct virtio_blk *b, uint32_t type, uint64_t sector, const void *buf,
                        size_t len)
{
    static struct vblk_request rq;      /* one synchronous request at a time */
    int rc = vblk_prepare(&rq, type, sector, buf, len);

    if (!rc)
        rc = vblk_submit(b, &rq);
    if (!rc)
        rc = vblk_wait(b, &rq, monotonic_ns() + VBLK_TIMEOUT_NS);
    /* A device that does not answer in VBLK_TIMEOUT_NS is given up: rq
     * stays with it, so the queue is never used again. */
    if (rc == -XEN_ETIMEDOUT)
        b->vq.broken = true;
    return rc ? rc : rq.status;
}

int vblk_read(struct virtio_blk *b, uint64_t sector, void *buf, size_t len)
{
    return sync_request(b, VIRTIO_BLK_T_IN, sector, buf, len);
}

int vblk_write(struct virtio_blk *b, uint64_t sector, const void *buf, size_t len)
{
    return sync_request(b, VIRTIO_BLK_T_OUT, sector, buf, len);
}

int vblk_flush(struct virtio_blk *b)
{
    return sync_request(b, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
}
