/*
 * Boot-time steps shared by every architecture (core/boot_mm.c,
 * core/domain_build.c).  Called on the boot CPU, in order, from the arch's
 * start_hv().
 */
#ifndef HV_BOOT_H
#define HV_BOOT_H

#include <hv/bootinfo.h>
#include <hv/cmdline.h>

extern struct hv_options hv_opts;

/* The hypervisor command line as given (/chosen/bootargs). */
const char *hv_cmdline(void);

/*
 * Build the frame table and give the allocator every RAM frame except the
 * firmware, the hypervisor image, the frame table, reserved memory, the
 * device tree and the boot modules.
 */
void boot_mm_init(const struct boot_info *bi, paddr_t image_start, paddr_t image_end,
                  paddr_t dtb, uint64_t dtb_size);
/* A module range overlaps nothing the hypervisor keeps (firmware, image,
 * frame table, reserved memory, device tree). */
bool boot_mm_module_ok(paddr_t start, uint64_t size);
/* Give a boot-time reserved range (a module, once loaded) back. */
void boot_mm_release(paddr_t start, uint64_t size);

/* Build dom0 from the first kernel module and a domU from each further
 * one; a domain whose module or description is bad is skipped with a named
 * error.  Returns the number of domains built. */
unsigned int build_boot_domains(const struct boot_info *bi);

#endif
