/*
 * Host implementation of the per-domain and per-VCPU arch state: no
 * registers, only what lets a test observe the arch calls the core makes
 * (see arch/host/domain.c).
 */
#ifndef ASM_HOST_VCPU_H
#define ASM_HOST_VCPU_H

#include <hv/types.h>

struct arch_vcpu {
    uint64_t entry, arg, arg1;     /* from arch_vcpu_init */
    bool initialised;
    unsigned long switched_in;     /* arch_context_switch(.., v) */
    unsigned long switched_out;    /* arch_context_switch(v, ..) */
    unsigned long upcall_unmasks;  /* arch_vcpu_unmask_upcall */
    unsigned long upcall_kicks;    /* arch_vcpu_kick_upcall */
    uint64_t root_mfn;             /* arch_vcpu_set_root */
};

/* The G-stage as a list of frames the domain may touch. */
#define HOST_GSTAGE_MAX 1024

struct host_gstage_entry {
    uint64_t mfn;
    bool writable;
};

struct arch_domain {
    bool initialised;
    unsigned int gstage_nr;
    struct host_gstage_entry gstage[HOST_GSTAGE_MAX];
    unsigned long gstage_flushes;
    unsigned long gstage_protects;     /* arch_gstage_protect calls that changed an entry */
    unsigned long tlb_flushes_local;   /* arch_guest_tlb_flush(d, false, ..) */
    unsigned long tlb_flushes_all;     /* arch_guest_tlb_flush(d, true, ..) */
};

#endif
