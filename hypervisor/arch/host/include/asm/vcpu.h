/* Host implementation: VCPUs and domains have no architectural state. */
#ifndef ASM_HOST_VCPU_H
#define ASM_HOST_VCPU_H

struct arch_vcpu {
    unsigned long dummy;
};

struct arch_domain {
    unsigned long dummy;
};

#endif
