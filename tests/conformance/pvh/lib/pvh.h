/*
 * A small runtime for the auto-translated (type="pvh") test guests: no
 * start_info, no P2M, its own page tables if it wants any.  It runs with
 * translation off (virtual = guest-physical) unless a test turns it on.
 *
 * A test defines its checks as the PV framework's tests do (lib/test.h):
 *
 *     static const struct pvh_test tests[] = { PVH_TEST(boot_registers) };
 *     void pvh_main(void) { pvh_run("pvh/boot", tests, ARRAY_SIZE(tests)); }
 *
 * pvh_run prints "Test result: SUCCESS|FAILURE|ERROR|SKIP" and powers the
 * domain off through SBI SRST.  A test that starts other VCPUs defines
 * pvh_secondary(hartid, opaque) for them.
 */
#ifndef PVH_TEST_H
#define PVH_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/errno.h>
#include <public/xen.h>
#include <sbi.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PAGE_SIZE 4096UL

struct pvh_test {
    const char *name;
    void (*fn)(void);
};
#define PVH_TEST(f) { #f, f }

/* Provided by each test. */
void pvh_main(void);
void pvh_secondary(unsigned long hartid, unsigned long opaque);

void pvh_run(const char *name, const struct pvh_test *tests, unsigned int n);

/* Entry registers of VCPU 0 and the device tree it got. */
extern unsigned long pvh_boot_hartid;
extern const void *pvh_fdt;

/* Reporting. */
void pvh_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pvh_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pvh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pvh_pass(void);             /* counts an assertion that held */
void pvh_skip(const char *why);

#define EXPECT_EQ(a, b) do {                                                        \
        long long _a = (long long)(a), _b = (long long)(b);                         \
        if (_a != _b)                                                               \
            pvh_fail("%s:%d: %s = %lld (%#llx), want %lld", __FILE__, __LINE__, #a,  \
                     _a, (unsigned long long)_a, _b);                               \
        else                                                                        \
            pvh_pass();                                                             \
    } while (0)
#define EXPECT_TRUE(c) do {                                                         \
        if (!(c))                                                                   \
            pvh_fail("%s:%d: %s is false", __FILE__, __LINE__, #c);                 \
        else                                                                        \
            pvh_pass();                                                             \
    } while (0)

/* Calls. */
long hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
               unsigned long a3, unsigned long a4);
/* SBI calls: the guest library's own wrapper (guests/kernel/include). */
static inline struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
                                     unsigned long a1, unsigned long a2)
{
    return sbi_ecall(ext, fid, a0, a1, a2, 0, 0, 0);
}

#define SBI_EXT_RFENCE 0x52464E43
#define SBI_ERR_ALREADY_AVAILABLE -6

/* Traps: a test arms a catcher, touches something, and reads what came. */
struct pvh_trap_frame {
    unsigned long x[32];
    unsigned long sepc, scause;
};
struct pvh_caught {
    unsigned long scause, stval, sepc;
    unsigned int count;
};
/* Catch exceptions on this hart: record them and skip the instruction. */
void catch_begin(struct pvh_caught *c);
void catch_end(void);
/* An interrupt handler for this hart (scause with the top bit cleared). */
extern void (*volatile pvh_irq_handler[8])(unsigned long irq);

/* Memory probes that a catcher may turn into faults: they return the
 * value (or 0 when caught). */
unsigned long probe_read(unsigned long addr);
void probe_write(unsigned long addr, unsigned long v);

static inline unsigned long csr_read_time(void)
{
    unsigned long t;

    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}
static inline unsigned long hart_id(void)
{
    unsigned long tp;

    __asm__ volatile("mv %0, tp" : "=r"(tp));
    return tp;
}
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" :: "rK"(v) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" :: "rK"(v) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" :: "rK"(v) : "memory")
#define csr_read(csr) ({ unsigned long _v; __asm__ volatile("csrr %0, " #csr : "=r"(_v)); _v; })

/* Busy-wait for `us` microseconds of the time counter (10 MHz on virt). */
void udelay(unsigned long us);

/* The guest-physical layout (public/arch-riscv.h). */
extern char _end[];
#define RAM_BASE GUEST_RAM_BASE
/* A page of RAM nobody else in the image uses: n-th free page after it. */
static inline unsigned long free_page(unsigned int n)
{
    return (((unsigned long)_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) + n * PAGE_SIZE;
}

/* Minimal flattened-device-tree reading: the property `prop` of the node
 * at `path` ("/hypervisor", "/memory@80000000", "/cpus/cpu@0"), its length
 * in *len; NULL if absent. */
const void *fdt_prop(const void *fdt, const char *path, const char *prop, unsigned int *len);
static inline uint32_t be32(const void *p)
{
    const uint8_t *b = p;

    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

#include <string.h>      /* picolibc's: position-independent enough */

#endif

/* ---- common calls (lib/calls.c) ---- */
#include <public/grant_table.h>
#include <public/memory.h>

#define NO_GFN (~0UL)
long add_to_physmap(domid_t dom, unsigned int space, unsigned long idx, unsigned long gpfn);
long current_reservation(void);
long hvm_get(domid_t dom, unsigned int index, uint64_t *value);
long hvm_set(domid_t dom, unsigned int index, uint64_t value);
long register_vcpu_info(unsigned int vcpu, unsigned long gfn, unsigned int offset);
/* Map the grant-table frame idx at gfn: 0 or -errno. */
long map_grant_frame(unsigned int idx, unsigned long gfn);
/* One GNTTABOP_copy: its status. */
int16_t grant_copy(const struct gnttab_copy_ptr *src, const struct gnttab_copy_ptr *dst,
                   uint16_t len, uint16_t flags);
/* GNTTABOP_map_grant_ref of (dom, ref) at guest-physical gpa: the status;
 * *handle and *bus on success. */
int16_t grant_map(domid_t dom, grant_ref_t ref, unsigned long gpa, uint32_t flags,
                  grant_handle_t *handle, uint64_t *bus);
int16_t grant_unmap(unsigned long gpa, grant_handle_t handle);
/* grant_map, retried (yielding) while the peer has not granted yet. */
int16_t grant_map_retry(domid_t dom, grant_ref_t ref, unsigned long gpa, uint32_t flags,
                        grant_handle_t *handle);
/* Our domain id (from the grant-table entries the builder seeded we
 * cannot learn it: DOMCTL is dom0's; the tests run as domain 1). */
#define SELF_ID 1
/* Read faults at addr: the scause, or ~0 if the read worked. */
unsigned long read_fault(unsigned long addr);
unsigned long write_fault(unsigned long addr, unsigned long v);

/* Map shared_info at a hole (0x40000000) and mask every event channel, so
 * that no event upcall shares the supervisor software interrupt with the
 * SBI IPIs a test counts.  Returns shared_info. */
struct shared_info *quiet_events(void);

/* ---- revocation races (lib/race.c), on real parallel harts ---- */
/* VCPUs 1..3 store a counter, over and over, to `target` + 8 * hart until
 * the store faults; the test's VCPU 0 revokes the mapping in between.
 * race_round() arms the writers for one round (after the mapping is in
 * place) and waits until each has stored at least `min` times. */
#define RACE_WRITERS 3
void race_start_writers(void);
bool race_round(unsigned long target, unsigned long min);
/* Wait until every writer has faulted in this round: false on time-out. */
bool race_wait_faulted(void);
void race_stop(void);
