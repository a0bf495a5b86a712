/*
 * drivers/virtio: the split virtqueue (virtqueue.c), a virtio-blk
 * request's chain and status (blk_req.c) and feature negotiation
 * (virtio.h), on the host, with the test playing the device: it reads the
 * available ring and the descriptors, and writes used entries - honest
 * ones, and ones that break the rules, which must mark the queue broken
 * without a crash and without handing the driver anything it did not
 * give.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <virtio/blk_req.h>
#include <virtio/virtio.h>
#include <virtio/virtqueue.h>

static struct virtqueue vq;
static _Alignas(16) unsigned char desc_area[4096], avail_area[4096], used_area[4096];
static uint16_t dev_avail;              /* the device's next available entry */
static uint16_t dev_used;               /* the device's next used index */

static void setup_queue(unsigned int size)
{
    memset(desc_area, 0xee, sizeof(desc_area));
    assert_int_equal(virtq_init(&vq, size, desc_area, avail_area, used_area), 0);
    dev_avail = dev_used = 0;
}

static void *tok(unsigned int i) { return (void *)(uintptr_t)(0x1000 + i); }

/* The device takes the next available chain: its head, its buffers. */
static uint16_t device_take(struct virtq_buf *bufs, unsigned int *n)
{
    uint16_t head = vq.avail->ring[dev_avail++ & (vq.size - 1)], d = head;

    *n = 0;
    for (;;) {
        struct virtq_desc *e = &vq.desc[d];

        bufs[(*n)++] = (struct virtq_buf){ e->addr, e->len, e->flags & VIRTQ_DESC_F_WRITE };
        if (!(e->flags & VIRTQ_DESC_F_NEXT))
            return head;
        assert_true(*n < vq.size);
        d = e->next;
    }
}

/* The device returns a used entry (any id, any length). */
static void device_put(uint32_t id, uint32_t len)
{
    vq.used->ring[dev_used & (vq.size - 1)] = (struct virtq_used_elem){ id, len };
    dev_used++;
    vq.used->idx = dev_used;
}

static int add(unsigned int n, unsigned int writable, unsigned int i)
{
    struct virtq_buf bufs[16];

    for (unsigned int k = 0; k < n; k++)
        bufs[k] = (struct virtq_buf){ 0x80000000ULL + 0x1000 * k, 100 + k, k >= n - writable };
    return virtq_add(&vq, bufs, n, tok(i));
}

/* init: power-of-two sizes up to VIRTQ_MAX only, all zeroed. */
static void init_rules(void **state)
{
    assert_int_equal(virtq_init(&vq, 0, desc_area, avail_area, used_area), -XEN_EINVAL);
    assert_int_equal(virtq_init(&vq, 6, desc_area, avail_area, used_area), -XEN_EINVAL);
    assert_int_equal(virtq_init(&vq, 512, desc_area, avail_area, used_area), -XEN_EINVAL);
    assert_int_equal(virtq_init(&vq, 8, NULL, avail_area, used_area), -XEN_EINVAL);
    setup_queue(VIRTQ_MAX);
    assert_int_equal(virtq_desc_bytes(VIRTQ_MAX), 4096);
    assert_true(virtq_used_bytes(VIRTQ_MAX) <= 4096);
    assert_int_equal(vq.desc[5].addr, 0);
    assert_int_equal(vq.nr_free, VIRTQ_MAX);
}

/* A chain's descriptors as the device sees them: order, flags, links;
 * published once; returned with the token and length. */
static void chain_round_trip(void **state)
{
    struct virtq_buf got[16];
    unsigned int n;
    uint32_t len;
    uint16_t head;

    setup_queue(8);
    assert_int_equal(add(3, 1, 1), 0);
    assert_int_equal(vq.avail->idx, 0);                 /* not yet published */
    assert_true(virtq_publish(&vq));
    assert_false(virtq_publish(&vq));                   /* nothing new */
    assert_int_equal(vq.avail->idx, 1);
    head = device_take(got, &n);
    assert_int_equal(n, 3);
    assert_int_equal(got[0].addr, 0x80000000ULL);
    assert_false(got[0].device_writes);
    assert_false(got[1].device_writes);
    assert_true(got[2].device_writes);
    assert_int_equal(got[2].len, 102);
    assert_int_equal(virtq_in_flight(&vq), 1);
    assert_null(virtq_get_used(&vq, &len));             /* nothing used yet */
    device_put(head, 102);
    assert_ptr_equal(virtq_get_used(&vq, &len), tok(1));
    assert_int_equal(len, 102);
    assert_null(virtq_get_used(&vq, &len));
    assert_int_equal(vq.nr_free, 8);
    assert_int_equal(virtq_in_flight(&vq), 0);
}

/* Out-of-order completion, a full queue, and many rounds across the
 * 16-bit wrap of the ring indices, with varying chain lengths. */
static void wrap_and_reorder(void **state)
{
    struct virtq_buf got[16];
    uint16_t heads[8];
    unsigned int n;
    uint32_t len;

    setup_queue(8);
    assert_int_equal(add(9, 1, 0), -XEN_ENOSPC);
    for (unsigned int round = 0; round < 30000; round++) {
        unsigned int chains = 1 + round % 4, per = 1 + round % 2;

        for (unsigned int c = 0; c < chains; c++)
            assert_int_equal(add(per, 1, c), 0);
        if (chains * per == 8)
            assert_int_equal(add(1, 1, 9), -XEN_ENOSPC);
        virtq_publish(&vq);
        for (unsigned int c = 0; c < chains; c++)
            heads[c] = device_take(got, &n);
        for (unsigned int c = chains; c-- > 0;)         /* last first */
            device_put(heads[c], 100 + per - 1);
        for (unsigned int c = chains; c-- > 0;) {
            assert_ptr_equal(virtq_get_used(&vq, &len), tok(c));
            assert_int_equal(len, 100 + per - 1);
        }
        assert_int_equal(vq.nr_free, 8);
        assert_false(vq.broken);
    }
    assert_true(dev_used < 30000);                      /* wrapped */
}

/* Bad arguments from the driver. */
static void add_rules(void **state)
{
    struct virtq_buf bad[2] = { { 1, 1, true }, { 2, 2, false } };

    setup_queue(8);
    assert_int_equal(virtq_add(&vq, bad, 0, tok(0)), -XEN_EINVAL);
    assert_int_equal(virtq_add(&vq, bad, 1, NULL), -XEN_EINVAL);
    assert_int_equal(virtq_add(&vq, bad, 2, tok(0)), -XEN_EINVAL);  /* writable first */
    assert_int_equal(vq.nr_free, 8);
}

/* The device may ask not to be notified; the driver may ask for no
 * interrupts. */
static void notification_flags(void **state)
{
    setup_queue(8);
    vq.used->flags = VIRTQ_USED_F_NO_NOTIFY;
    assert_int_equal(add(1, 1, 0), 0);
    assert_false(virtq_publish(&vq));
    assert_int_equal(vq.avail->idx, 1);                 /* published all the same */
    vq.used->flags = 0;
    assert_int_equal(add(1, 1, 1), 0);
    assert_true(virtq_publish(&vq));
    virtq_interrupts(&vq, false);
    assert_int_equal(vq.avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
    virtq_interrupts(&vq, true);
    assert_int_equal(vq.avail->flags, 0);
}

/* One rule broken per case: the queue breaks, hands out nothing, and
 * refuses new work. */
static void hostile_device(void **state)
{
    struct virtq_buf got[16];
    unsigned int n;
    uint32_t len;
    uint16_t head;

    for (unsigned int c = 0; c < 7; c++) {
        setup_queue(8);
        assert_int_equal(add(2, 1, 0), 0);
        assert_int_equal(add(1, 1, 1), 0);
        virtq_publish(&vq);
        head = device_take(got, &n);
        switch (c) {
        case 0: device_put(8, 0); break;                /* id past the table */
        case 1: device_put(0xffffffffu, 0); break;
        case 2: device_put(head + 1, 0); break;         /* not a head in flight */
        case 3: device_put(head, 102); break;           /* longer than writable 101 */
        case 4: device_put(head, 0); vq.used->idx = 5; break;   /* more than given */
        case 5: vq.used->idx = 0x8000; break;           /* index far ahead */
        default: device_put(head, 0); device_put(head, 0); break;  /* twice */
        }
        if (c == 6)                                     /* the first is honest */
            assert_ptr_equal(virtq_get_used(&vq, &len), tok(0));
        assert_null(virtq_get_used(&vq, &len));
        assert_true(vq.broken);
        assert_null(virtq_get_used(&vq, &len));
        assert_int_equal(add(1, 1, 2), -XEN_EIO);
    }
}

/* A device scribbling over the descriptor table cannot corrupt the
 * driver's free list: it lives in private memory. */
static void scribbled_descriptors(void **state)
{
    struct virtq_buf got[16];
    unsigned int n;
    uint32_t len;

    setup_queue(8);
    assert_int_equal(add(4, 2, 0), 0);
    virtq_publish(&vq);
    device_put(device_take(got, &n), 0);
    memset(desc_area, 0xff, virtq_desc_bytes(8));
    assert_ptr_equal(virtq_get_used(&vq, &len), tok(0));
    for (unsigned int i = 0; i < 8; i++)
        assert_int_equal(add(1, 1, i), 0);
    assert_int_equal(vq.nr_free, 0);
}

/* Feature negotiation: required features must be offered; only offered
 * ones are accepted. */
static void negotiation(void **state)
{
    uint64_t acc = 0;
    uint64_t v1 = VIRTIO_BIT(VIRTIO_F_VERSION_1);

    assert_int_equal(virtio_negotiate(v1 | 0x21, 0x3, v1, &acc), 0);
    assert_int_equal(acc, v1 | 0x1);
    assert_int_equal(virtio_negotiate(0x21, 0x3, v1, &acc), -XEN_ENODEV);
    assert_int_equal(virtio_negotiate(~0ULL, 0, 0, &acc), 0);
    assert_int_equal(acc, 0);
}

/* virtio-blk chains: header, data (direction by type), status. */
static void blk_chains(void **state)
{
    struct vblk_seg segs[3] = { { 0x1000, 4096 }, { 0x5000, 512 }, { 0x9000, 1024 } };
    struct virtq_buf out[8];

    assert_int_equal(vblk_chain(VIRTIO_BLK_T_IN, 0xa0, 0xb0, segs, 3, out, 8), 5);
    assert_int_equal(out[0].addr, 0xa0);
    assert_int_equal(out[0].len, 16);
    assert_false(out[0].device_writes);
    assert_true(out[1].device_writes && out[2].device_writes && out[3].device_writes);
    assert_int_equal(out[4].addr, 0xb0);
    assert_int_equal(out[4].len, 1);
    assert_true(out[4].device_writes);
    assert_int_equal(vblk_chain(VIRTIO_BLK_T_OUT, 0xa0, 0xb0, segs, 3, out, 8), 5);
    assert_false(out[1].device_writes || out[2].device_writes || out[3].device_writes);
    assert_int_equal(vblk_chain(VIRTIO_BLK_T_FLUSH, 0xa0, 0xb0, NULL, 0, out, 8), 2);
    assert_int_equal(vblk_chain(VIRTIO_BLK_T_FLUSH, 0xa0, 0xb0, segs, 1, out, 8), -XEN_EINVAL);
    assert_int_equal(vblk_chain(VIRTIO_BLK_T_IN, 0xa0, 0xb0, segs, 0, out, 8), -XEN_EINVAL);
    assert_int_equal(vblk_chain(VIRTIO_BLK_T_GET_ID, 0xa0, 0xb0, segs, 1, out, 8), -XEN_EINVAL);
    assert_int_equal(vblk_chain(VIRTIO_BLK_T_IN, 0xa0, 0xb0, segs, 3, out, 4), -XEN_EINVAL);
    segs[1].len = 100;                                  /* not whole sectors */
    assert_int_equal(vblk_chain(VIRTIO_BLK_T_IN, 0xa0, 0xb0, segs, 3, out, 8), -XEN_EINVAL);
    segs[1].len = 0;
    assert_int_equal(vblk_chain(VIRTIO_BLK_T_OUT, 0xa0, 0xb0, segs, 3, out, 8), -XEN_EINVAL);
}

/* The status byte, and a device that claims success without writing
 * everything it was to write. */
static void blk_status(void **state)
{
    assert_int_equal(vblk_status(VIRTIO_BLK_S_OK, 4097, 4097), 0);
    assert_int_equal(vblk_status(VIRTIO_BLK_S_OK, 1, 4097), -XEN_EIO);
    assert_int_equal(vblk_status(VIRTIO_BLK_S_IOERR, 1, 4097), -XEN_EIO);
    assert_int_equal(vblk_status(VIRTIO_BLK_S_UNSUPP, 1, 1), -XEN_EOPNOTSUPP);
    assert_int_equal(vblk_status(0xff, 1, 1), -XEN_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_rules),
        cmocka_unit_test(chain_round_trip),
        cmocka_unit_test(wrap_and_reorder),
        cmocka_unit_test(add_rules),
        cmocka_unit_test(notification_flags),
        cmocka_unit_test(hostile_device),
        cmocka_unit_test(scribbled_descriptors),
        cmocka_unit_test(negotiation),
        cmocka_unit_test(blk_chains),
        cmocka_unit_test(blk_status),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
