/*
 * dom0's domain builder (guests/dom0/xg_build.c), run by this test as
 * dom0, on a kernel from its ramdisk (/boot/peer.elf, the conformance
 * peer kernel, in the cpio archive run.sh loads after dom0's kernel):
 * a domU built at run time boots, does what its command line says (here:
 * power off) and is destroyed to nothing; kernels malformed in each way
 * and memory sizes that cannot work fail with a named error and leave
 * nothing allocated - no domain, not one frame.
 */
#include <string.h>
#include <console/xencons_back.h>
#include "../../../../guests/dom0/ramdisk.h"
#include "../../../../guests/dom0/xg_build.h"
#include "../../lib/domains.h"
#include "../../lib/domctl.h"
#include "../../lib/test.h"

static const void *peer;
static size_t peer_len;
static long baseline;
static char err[128];
static uint8_t bad[1024 * 1024];

static struct xg_spec spec(const char *name, const void *kernel, size_t len, uint64_t mb)
{
    return (struct xg_spec){ .name = name, .kernel = kernel, .kernel_len = len,
                             .memory_mb = mb, .vcpus = 1, .cmdline = "reason=0" };
}

/* No domain but dom0 exists. */
static bool alone(void)
{
    struct xen_domctl_getdomaininfo info[4];

    return domain_list(1, info, 4) == 0;
}

static void ramdisk(void)
{
    EXPECT_EQ(ramdisk_file("/boot/peer.elf", &peer, &peer_len), 0);
    EXPECT_TRUE(peer_len > 4096);
    EXPECT_EQ(ramdisk_file("/boot/none.elf", &peer, &peer_len) , -XEN_ENOENT);
    EXPECT_EQ(ramdisk_file("boot/peer.elf", &peer, &peer_len), 0);
}

/* Built paused with all its memory; started, it runs its command line
 * (power off); destroyed, nothing is left. */
static void build_run_destroy_once(void)
{
    struct xg_spec s = spec("b1", peer, peer_len, 16);
    struct xen_domctl_getdomaininfo info = { 0 };
    struct xg_result r;
    long code = DOMAIN_RUNNING;

    if (!peer || !EXPECT_EQ(xg_build(&s, &r, err, sizeof(err)), 0)) {
        xtf_failure("build: %s", err);
        return;
    }
    if (EXPECT_EQ(dctl_info(r.domid, &info), 0)) {
        EXPECT_TRUE(info.flags & XEN_DOMINF_paused);
        EXPECT_EQ(info.tot_pages, 16 * 256);
        EXPECT_EQ(info.nr_online_vcpus, 1);
    }
    EXPECT_EQ(xencons_back_connect(r.domid), 0);
    EXPECT_EQ(dctl0(XEN_DOMCTL_unpausedomain, r.domid), 0);
    for (unsigned int i = 0; i < 2000 && code == DOMAIN_RUNNING; i++) {
        sleep_ns(5 * NSEC_PER_MSEC);
        code = domain_shutdown_code(r.domid);
    }
    EXPECT_EQ(code, SHUTDOWN_poweroff);
    xencons_back_reap();
    EXPECT_EQ(xg_destroy(r.domid), 0);
    EXPECT_EQ(dctl_info(r.domid, &info), -XEN_ESRCH);
}

/* The first round fills dom0's and the hypervisor's caches (the window's
 * tables, grant maptrack, allocator pages); the second must give back
 * exactly what it took. */
static void build_run_destroy(void)
{
    build_run_destroy_once();
    baseline = machine_free_frames();
    EXPECT_TRUE(baseline > 0);
    for (unsigned int i = 0; i < 3; i++)
        build_run_destroy_once();
    EXPECT_EQ(machine_free_frames(), baseline);
}

static void expect_refused(const char *what, const void *kernel, size_t len, uint64_t mb,
                           long want, const char *msg)
{
    struct xg_spec s = spec(what, kernel, len, mb);
    struct xg_result r;
    long rc = xg_build(&s, &r, err, sizeof(err));

    if (rc != want || !strstr(err, msg))
        xtf_failure("%s: %ld \"%s\", expected %ld \"...%s...\"", what, rc, err, want, msg);
    else
        EXPECT_TRUE(true);
    if (!alone() || machine_free_frames() != baseline)
        xtf_failure("%s: something was left allocated (alone %d, free %ld, baseline %ld)", what,
                    alone(), machine_free_frames(), baseline);
}

/* A copy of the peer kernel with `n` bytes at `off` replaced. */
static size_t corrupt(size_t off, const void *with, size_t n)
{
    size_t len = peer_len < sizeof(bad) ? peer_len : sizeof(bad);

    memcpy(bad, peer, len);
    memcpy(bad + off, with, n);
    return len;
}

/* Where the file bytes of the peer kernel's first segment end. */
static size_t segment_end(void)
{
    uint64_t phoff, offset, filesz;

    memcpy(&phoff, (const uint8_t *)peer + 32, 8);
    memcpy(&offset, (const uint8_t *)peer + phoff + 8, 8);
    memcpy(&filesz, (const uint8_t *)peer + phoff + 32, 8);
    return (size_t)(offset + filesz);
}

/* Malformed kernels: -ENOEXEC "bad kernel", nothing allocated. */
static void bad_kernels(void)
{
    static const uint8_t zero2[2], x86[2] = { 62, 0 }, class32 = 1, big = 2, dyn[2] = { 3, 0 };
    static const uint64_t far_entry = 0x7000000000ULL;
    size_t len;

    if (!peer || peer_len > sizeof(bad))
        return (void)xtf_error("peer kernel missing or larger than the buffer");
    len = corrupt(0, "\177ELG", 4);
    expect_refused("magic", bad, len, 16, -XEN_ENOEXEC, "bad kernel");
    len = corrupt(4, &class32, 1);
    expect_refused("class", bad, len, 16, -XEN_ENOEXEC, "bad kernel");
    len = corrupt(5, &big, 1);
    expect_refused("endian", bad, len, 16, -XEN_ENOEXEC, "bad kernel");
    len = corrupt(16, dyn, 2);
    expect_refused("type", bad, len, 16, -XEN_ENOEXEC, "bad kernel");
    len = corrupt(18, x86, 2);
    expect_refused("machine", bad, len, 16, -XEN_ENOEXEC, "bad kernel");
    len = corrupt(24, &far_entry, 8);
    expect_refused("entry", bad, len, 16, -XEN_ENOEXEC, "bad kernel");
    len = corrupt(56, zero2, 2);                    /* e_phnum 0: no PT_LOAD */
    expect_refused("no segments", bad, len, 16, -XEN_ENOEXEC, "bad kernel");
    expect_refused("truncated", peer, 100, 16, -XEN_ENOEXEC, "bad kernel");
    expect_refused("cut short", peer, segment_end() - 1, 16, -XEN_ENOEXEC, "bad kernel");
    expect_refused("empty", peer, 0, 16, -XEN_ENOEXEC, "bad kernel");
}

/* Memory that cannot hold the kernel, more than the machine has, none:
 * a named error, nothing kept.  The smallest domain (1 MiB) builds. */
static void bad_memory(void)
{
    static const uint64_t huge = 0x10000000ULL;     /* a 256 MiB segment */
    uint64_t free_mb = (uint64_t)baseline / 256;
    struct xg_spec s = spec("smallest", peer, peer_len, 1);
    struct xg_result r;
    size_t len = corrupt(0, "", 0);
    uint64_t phoff, memsz_at;

    /* The first program header's p_memsz, made larger than the domain. */
    memcpy(&phoff, bad + 32, 8);
    memsz_at = phoff + 40;
    if (memsz_at + 8 <= len) {
        memcpy(bad + memsz_at, &huge, 8);
        expect_refused("too big", bad, len, 16, -XEN_ENOEXEC, "bad kernel");
    }
    expect_refused("exhausted", peer, peer_len, free_mb + 8, -XEN_ENOMEM, "out of memory");
    expect_refused("zero", peer, peer_len, 0, -XEN_EINVAL, "out of range");
    if (EXPECT_EQ(xg_build(&s, &r, err, sizeof(err)), 0))
        EXPECT_EQ(xg_destroy(r.domid), 0);
    EXPECT_TRUE(alone());
    EXPECT_EQ(machine_free_frames(), baseline);
}

/* Built and destroyed without running, again and again: no leak. */
static void cycles(void)
{
    struct xg_spec s = spec("c", peer, peer_len, 8);
    struct xg_result r;
    long bad_round = 0;

    long before;

    s.vcpus = 2;        /* the first two-VCPU domain: its round fills caches */
    if (!EXPECT_EQ(xg_build(&s, &r, err, sizeof(err)), 0) || !EXPECT_EQ(xg_destroy(r.domid), 0))
        return;
    before = machine_free_frames();
    for (unsigned int i = 0; i < 10 && !bad_round; i++)
        if (xg_build(&s, &r, err, sizeof(err)) || xg_destroy(r.domid))
            bad_round = i + 1;
    EXPECT_EQ(bad_round, 0);
    EXPECT_TRUE(alone());
    EXPECT_EQ(machine_free_frames(), before);
}

static const struct test tests[] = {
    /* The ramdisk holds the peer kernel. */
    TEST(ramdisk),
    /* A domU built from dom0 runs, powers off, is destroyed to nothing
     * (four times: free memory after the first is the baseline). */
    TEST(build_run_destroy),
    /* Malformed kernels: a named error, nothing allocated. */
    TEST(bad_kernels),
    /* A kernel larger than its memory, more memory than the machine has,
     * none; the smallest domain. */
    TEST(bad_memory),
    /* Ten two-VCPU builds destroyed unstarted: free memory unchanged. */
    TEST(cycles),
};

int main(void)
{
    return run_tests("xl/build", tests, ARRAY_SIZE(tests));
}
