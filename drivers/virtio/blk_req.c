/* A virtio-blk request as a descriptor chain: blk_req.h. */
#include "blk_req.h"

static bool data_ok(const struct vblk_seg *segs, unsigned int nsegs)
{
    uint64_t total = 0;

    for (unsigned int i = 0; i < nsegs; i++) {
        if (!segs[i].len)
            return false;
        total += segs[i].len;
    }
    return nsegs && total % VIRTIO_BLK_SECTOR_SIZE == 0;
}

int vblk_chain(uint32_t type, uint64_t hdr_addr, uint64_t status_addr,
               const struct vblk_seg *segs, unsigned int nsegs,
               struct virtq_buf *out, unsigned int max_out)
{
    unsigned int n = 0;

    switch (type) {
    case VIRTIO_BLK_T_IN:
    case VIRTIO_BLK_T_OUT:
        if (!data_ok(segs, nsegs))
            return -XEN_EINVAL;
        break;
    case VIRTIO_BLK_T_FLUSH:
        if (nsegs)
            return -XEN_EINVAL;
        break;
    default:
        return -XEN_EINVAL;
    }
    if (nsegs + 2 > max_out)
        return -XEN_EINVAL;
    out[n++] = (struct virtq_buf){ hdr_addr, sizeof(struct virtio_blk_outhdr), false };
    for (unsigned int i = 0; i < nsegs; i++)
        out[n++] = (struct virtq_buf){ segs[i].addr, segs[i].len, type == VIRTIO_BLK_T_IN };
    out[n++] = (struct virtq_buf){ status_addr, 1, true };
    return (int)n;
}

int vblk_status(uint8_t status, uint32_t written, uint32_t expect)
{
    switch (status) {
    case VIRTIO_BLK_S_OK:
        return written == expect ? 0 : -XEN_EIO;
    case VIRTIO_BLK_S_UNSUPP:
        return -XEN_EOPNOTSUPP;
    default:
        return -XEN_EIO;
    }
}
