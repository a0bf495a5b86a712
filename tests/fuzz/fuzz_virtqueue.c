/*
 * drivers/virtio/virtqueue.c against a device that writes anything: the
 * input is a list of 4-byte records, each a step of the driver (add a
 * chain, publish, take what is used) or of the device (write a used entry
 * with any id and length, move used->idx anywhere, scribble on the
 * descriptor table or the available ring).
 *
 * After every step: every token the queue hands back was given to it, is
 * handed back once, with no more bytes than its chain let the device
 * write; the free descriptors and those of the chains in flight add up to
 * the queue's size; and a broken queue takes and gives nothing more.
 */
#include "fuzz.h"
#include "../../drivers/virtio/virtio.h"
#include "../../drivers/virtio/virtqueue.h"

#define SIZE 16
#define MAX_TOKENS 4096

struct token_state {
    bool in_flight;
    unsigned int descs;
    uint32_t writable;
};

static struct virtqueue vq;
static _Alignas(16) uint8_t desc[4096], avail[4096], used[4096];
static struct token_state tokens[MAX_TOKENS];
static unsigned int nr_tokens;

static void add(const uint8_t *a)
{
    struct virtq_buf bufs[SIZE + 2];
    unsigned int n = 1 + a[0] % (SIZE + 1), writable = a[1] % (n + 1);
    uint32_t wbytes = 0;
    int rc;

    if (nr_tokens == MAX_TOKENS)
        return;
    for (unsigned int i = 0; i < n; i++) {
        bufs[i] = (struct virtq_buf){ 0x80000000ULL + i * 4096, 1 + a[2] * 16u + i,
                                      i >= n - writable };
        wbytes += bufs[i].device_writes ? bufs[i].len : 0;
    }
    rc = virtq_add(&vq, bufs, n, (void *)(uintptr_t)(nr_tokens + 1));
    CHECK(rc == 0 || rc == -XEN_ENOSPC || rc == -XEN_EIO);
    CHECK(rc != -XEN_EIO || vq.broken);
    if (rc == 0)
        tokens[nr_tokens++] = (struct token_state){ true, n, wbytes };
}

static void take(void)
{
    uint32_t len = 0;
    void *t = virtq_get_used(&vq, &len);
    uintptr_t i = (uintptr_t)t;

    if (!t)
        return;
    CHECK(!vq.broken);
    CHECK(i >= 1 && i <= nr_tokens);
    CHECK(tokens[i - 1].in_flight);
    CHECK(len <= tokens[i - 1].writable);
    tokens[i - 1].in_flight = false;
}

static void device_used(const uint8_t *a)
{
    uint16_t idx = vq.used->idx;

    vq.used->ring[idx % SIZE] = (struct virtq_used_elem){
        a[0] & 0x80 ? vq.avail->ring[a[0] % SIZE] : a[0], (uint32_t)a[1] * a[2] };
    vq.used->idx = (uint16_t)(idx + 1 + (a[2] & 0x80 ? a[1] : 0));
}

static void check(void)
{
    unsigned int in_flight = 0, descs = 0;

    for (unsigned int i = 0; i < nr_tokens; i++)
        if (tokens[i].in_flight) {
            in_flight++;
            descs += tokens[i].descs;
        }
    if (!vq.broken) {
        CHECK(vq.nr_free + descs == SIZE);
        CHECK(virtq_in_flight(&vq) == in_flight);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nr_tokens = 0;
    memset(tokens, 0, sizeof(tokens));
    CHECK(virtq_init(&vq, SIZE, desc, avail, used) == 0);
    for (size_t off = 0; off + 4 <= size; off += 4) {
        const uint8_t *r = data + off;

        switch (r[0] % 7) {
        case 0: add(r + 1); break;
        case 1: virtq_publish(&vq); break;
        case 2: take(); break;
        case 3: device_used(r + 1); break;
        case 4: vq.used->idx = (uint16_t)(r[1] | r[2] << 8); break;
        case 5: desc[r[1] % sizeof(desc)] = r[2]; break;        /* scribbles */
        default: avail[r[1] % (6 + 2 * SIZE)] = r[2]; break;
        }
        check();
        if (vq.broken) {
            uint32_t len;
            struct virtq_buf b = { 1, 1, false };

            CHECK(virtq_get_used(&vq, &len) == NULL);
            CHECK(virtq_add(&vq, &b, 1, (void *)1) == -XEN_EIO);
        }
    }
    return 0;
}
