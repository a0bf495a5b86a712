/*
 * Secondary VCPUs (see smp.h).
 *
 * A VCPU's first context (public/arch-riscv.h, vcpu_guest_context) is
 * secondary_entry(cpu) on a stack of its own, with tp at a copy of the TLS
 * block, the page tables VCPU 0 is using now and the library's trap
 * vector.  It then loops: run the work vcpu_start() left, mark it done,
 * VCPUOP_down itself; the next VCPUOP_up returns from that call into the
 * next round.  vcpu_start() waits for the VCPU to be down before it hands
 * out new work, so an up can never be lost to a down still in flight.
 */
#include <string.h>
#include "kernel.h"

#define SMP_STACK_SIZE (16 * 1024)

extern char __tls_base[], __tdata_end[], __tls_end[];

static struct guest_cpu cpus[GUEST_MAX_VCPUS];
static char stacks[GUEST_MAX_VCPUS - 1][SMP_STACK_SIZE] __attribute__((aligned(16)));

static vcpu_info_t *default_vcpu_info(unsigned int id)
{
    if (id < XEN_LEGACY_MAX_VCPUS)
        return &shared_info->vcpu_info[id];
    return (vcpu_info_t *)((char *)shared_info + XEN_RISCV_VCPU_INFO_OFFSET(id));
}

struct guest_cpu *guest_cpu(unsigned int id)
{
    return &cpus[id];
}

void smp_init_boot_cpu(void)
{
    for (unsigned int i = 0; i < GUEST_MAX_VCPUS; i++) {
        cpus[i].id = i;
        cpus[i].vcpu_info = default_vcpu_info(i);
        cpus[i].timer_port = -XEN_ENOENT;
    }
    cpus[0].initialised = true;
    cpus[0].state = GUEST_CPU_RUNNING;
    csr_write(sscratch, (unsigned long)&cpus[0]);
}

unsigned int nr_vcpus(void)
{
    unsigned int n = 1;

    while (n < GUEST_MAX_VCPUS && HYPERVISOR_vcpu_op(VCPUOP_is_up, n, NULL) >= 0)
        n++;
    return n;
}

static void __attribute__((noreturn)) secondary_entry(struct guest_cpu *c)
{
    csr_write(sscratch, (unsigned long)c);
    csr_set(sie, SIE_SSIE);
    clock_init_cpu();
    local_irq_enable();
    for (;;) {
        __atomic_store_n(&c->state, GUEST_CPU_RUNNING, __ATOMIC_SEQ_CST);
        c->fn(c->arg);
        __atomic_store_n(&c->state, GUEST_CPU_DONE, __ATOMIC_SEQ_CST);
        HYPERVISOR_vcpu_op(VCPUOP_down, c->id, NULL);
    }
}

/* A TLS block of the VCPU's own: the template's data, zeroed .tbss. */
static void *new_tls(void)
{
    size_t size = (size_t)(__tls_end - __tls_base);
    char *tls;

    if (!size)
        return NULL;
    if (size > PAGE_SIZE || !(tls = alloc_page()))
        panic("smp: no TLS block of %zu bytes", size);
    memcpy(tls, __tls_base, (size_t)(__tdata_end - __tls_base));
    return tls;
}

static long initialise(struct guest_cpu *c)
{
    struct vcpu_guest_context ctx;

    memset(&ctx, 0, sizeof(ctx));
    ctx.pc = (uintptr_t)secondary_entry;
    ctx.x[2] = (uintptr_t)stacks[c->id - 1] + SMP_STACK_SIZE;
    ctx.x[4] = (uintptr_t)new_tls();
    ctx.x[10] = (uintptr_t)c;
    ctx.satp = csr_read(satp);
    ctx.stvec = (uintptr_t)trap_entry;
    return HYPERVISOR_vcpu_op(VCPUOP_initialise, c->id, &ctx);
}

long vcpu_start(unsigned int id, void (*fn)(void *arg), void *arg)
{
    struct guest_cpu *c;
    long rc;

    if (id == 0 || id >= GUEST_MAX_VCPUS)
        return -XEN_EINVAL;
    c = &cpus[id];
    c->id = id;
    if (__atomic_load_n(&c->state, __ATOMIC_SEQ_CST) != GUEST_CPU_OFF) {
        vcpu_wait(id);
        while (HYPERVISOR_vcpu_op(VCPUOP_is_up, id, NULL) == 1)
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    c->fn = fn;
    c->arg = arg;
    __atomic_store_n(&c->state, GUEST_CPU_STARTING, __ATOMIC_SEQ_CST);
    if (!c->initialised) {
        rc = initialise(c);
        if (rc) {
            __atomic_store_n(&c->state, GUEST_CPU_OFF, __ATOMIC_SEQ_CST);
            return rc;
        }
        c->initialised = true;
    }
    rc = HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL);
    if (rc)
        __atomic_store_n(&c->state, GUEST_CPU_OFF, __ATOMIC_SEQ_CST);
    return rc;
}

void vcpu_wait(unsigned int id)
{
    int st;

    while ((st = __atomic_load_n(&cpus[id].state, __ATOMIC_SEQ_CST)) == GUEST_CPU_STARTING ||
           st == GUEST_CPU_RUNNING)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}
