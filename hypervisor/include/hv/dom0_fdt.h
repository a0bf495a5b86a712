/*
 * dom0's device tree (core/dom0_fdt.c): the virtio-mmio slots of `bi`,
 * each with its registers and its pirq, as a flattened device tree
 * written into buf.  0, or -ENOSPC if it does not fit in size bytes.  The
 * tree's length is then fdt_totalsize(buf).
 */
#ifndef HV_DOM0_FDT_H
#define HV_DOM0_FDT_H

#include <hv/types.h>

struct boot_info;

int dom0_fdt_build(const struct boot_info *bi, void *buf, size_t size);

#endif /* HV_DOM0_FDT_H */
