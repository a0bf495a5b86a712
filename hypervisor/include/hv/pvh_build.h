/*
 * The boot-time builder of auto-translated domains (type="pvh";
 * core/domain_build_pvh.c), called by the PV builder's loop
 * (core/domain_build.c) for a domU whose description says so.
 */
#ifndef HV_PVH_BUILD_H
#define HV_PVH_BUILD_H

#include <hv/types.h>

struct boot_module;
struct domain_config;

/* Build domain `id` from kernel module `mod` as `cfg` describes, its VCPU
 * n on pCPU (cpu + n) % online.  0, or a negative errno with the reason
 * printed: the domain is then not built and holds nothing. */
int pvh_build_domain(const struct boot_module *mod, domid_t id,
                     const struct domain_config *cfg, unsigned int cpu);

#endif /* HV_PVH_BUILD_H */
