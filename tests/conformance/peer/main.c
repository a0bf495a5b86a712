/*
 * The peer kernel: a domU that dom0-role tests boot beside themselves.
 * It does what its command line (start_info.cmd_line, the domain's
 * `extra=`) says, action by action, and the dom0 test watches the result
 * through getdomaininfo.  Actions are separated by '+' or blanks:
 *
 *   reason=N       SCHEDOP_shutdown with reason N
 *   latch=N        SCHEDOP_shutdown_code with reason N
 *   sleep=MS       sleep MS milliseconds (in 10 ms steps: timer + block)
 *   srst_reason=R  the reason the next srst= passes (default 0)
 *   srst=T         SBI system reset of type T
 *   fault=stvec0   clear stvec, then store to an unmapped address
 *   fault=badstvec point stvec at an unmapped address, then ebreak
 *   forever        block until shut down from outside
 *   fp=MS          fill the FP registers with this domain's pattern, then
 *                  for MS milliseconds yield and sleep, checking them after
 *                  each: a register that changed crashes the domain
 *   evtchn_connect=D  connect to the port domain D offers (lib/peer_link.h)
 *   evtchn_offer=D    offer a port to D and wait for D to connect
 *   evtchn_echo=N     answer N events on that link, each with one event
 *                     (N=0: for ever)
 *   evtchn_decoy=D    allocate an unbound port for D that nobody uses
 *   spin=MS        burn CPU for MS milliseconds (0: until the machine goes off)
 *   print=N        print N numbered lines ("peer line K of N" and padding)
 *                  as fast as the console takes them
 *
 * Falling off the end powers off.  A refused shutdown, an SBI reset that
 * returns, a fault that returns, or an unknown action crashes the domain
 * (after saying why), which no test expects.
 */
#include <stdlib.h>
#include <string.h>
#include "../lib/fp.h"
#include "../lib/peer_link.h"
#include "../lib/test.h"

#define SLEEP_STEP_NS (10 * NSEC_PER_MSEC)

static unsigned long srst_reason;

static void do_shutdown(unsigned int reason, int cmd)
{
    struct sched_shutdown s = { .reason = reason };
    long rc;

    console_flush();
    rc = HYPERVISOR_sched_op(cmd, &s);
    if (cmd == SCHEDOP_shutdown || rc)
        panic("peer: sched_op(%d, reason %u) returned %ld", cmd, reason, rc);
}

static void do_sleep(unsigned long ms)
{
    for (unsigned long done = 0; done < ms * NSEC_PER_MSEC; done += SLEEP_STEP_NS)
        sleep_ns(SLEEP_STEP_NS);
}

static void do_srst(unsigned long type)
{
    struct sbiret r;

    console_flush();
    r = sbi_ecall(SBI_EXT_SRST, SBI_SRST_RESET, type, srst_reason, 0, 0, 0, 0);
    panic("peer: SBI reset(%lu, %lu) returned %ld", type, srst_reason, r.error);
}

static void do_fault(const char *how)
{
    console_flush();
    if (!strcmp(how, "stvec0")) {
        csr_write(stvec, 0);
        *(volatile unsigned long *)UNMAPPED_VA = 1;
    } else if (!strcmp(how, "badstvec")) {
        csr_write(stvec, UNMAPPED_VA);
        __asm__ volatile("ebreak");
    }
    panic("peer: fault=%s did not end the domain", how);
}

static void do_fp(unsigned long ms)
{
    uint64_t seed = start_info->nr_pages ^ (uint64_t)xen_own_domid() << 32;
    uint64_t end = monotonic_ns() + ms * NSEC_PER_MSEC;
    int bad;

    fp_fill(seed);
    while (monotonic_ns() < end) {
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        sleep_ns(NSEC_PER_MSEC);
        bad = fp_check(seed);
        if (bad >= 0)
            panic("peer: f%d changed across a world switch", bad);
    }
}

static evtchn_port_t link_port;

static void do_link(domid_t other, bool offer)
{
    long port = offer ? link_offer(other) : link_connect(other, 10 * LINK_TIMEOUT_NS);

    if (port < 0 || (offer && !link_wait((evtchn_port_t)port, 10 * LINK_TIMEOUT_NS)))
        panic("peer: no event-channel link with d%u (%ld)", other, port);
    link_port = (evtchn_port_t)port;
}

/* Answer events on the link; it may be closed and reconnected meanwhile. */
static void do_echo(unsigned long n)
{
    if (!link_port)
        panic("peer: evtchn_echo without a link");
    for (unsigned long done = 0; n == 0 || done < n;) {
        if (link_wait(link_port, 100 * NSEC_PER_MSEC)) {
            notify_remote_via_evtchn(link_port);
            done++;
        }
    }
}

static void do_decoy(domid_t other)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = other };

    if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op))
        panic("peer: evtchn_decoy=%u refused", other);
}

/* Burn CPU for ms milliseconds (0: until the machine goes off). */
static void do_spin(unsigned long ms)
{
    uint64_t end = monotonic_ns() + ms * NSEC_PER_MSEC;
    volatile unsigned long work = 0;

    while (!ms || monotonic_ns() < end)
        work++;
}

static void do_print(unsigned long n)
{
    for (unsigned long k = 0; k < n; k++)
        printk("peer line %lu of %lu ........................................\n", k, n);
}

static void forever(void)
{
    for (;;)
        block_domain();
}

static void act(const char *key, const char *value)
{
    unsigned long n = strtoul(value, NULL, 0);

    if (!strcmp(key, "reason"))
        do_shutdown((unsigned int)n, SCHEDOP_shutdown);
    else if (!strcmp(key, "latch"))
        do_shutdown((unsigned int)n, SCHEDOP_shutdown_code);
    else if (!strcmp(key, "sleep"))
        do_sleep(n);
    else if (!strcmp(key, "srst_reason"))
        srst_reason = n;
    else if (!strcmp(key, "srst"))
        do_srst(n);
    else if (!strcmp(key, "fault"))
        do_fault(value);
    else if (!strcmp(key, "fp"))
        do_fp(n);
    else if (!strcmp(key, "evtchn_connect") || !strcmp(key, "evtchn_offer"))
        do_link((domid_t)n, key[7] == 'o');
    else if (!strcmp(key, "evtchn_echo"))
        do_echo(n);
    else if (!strcmp(key, "evtchn_decoy"))
        do_decoy((domid_t)n);
    else if (!strcmp(key, "forever"))
        forever();
    else if (!strcmp(key, "spin"))
        do_spin(n);
    else if (!strcmp(key, "print"))
        do_print(n);
    else
        panic("peer: unknown action \"%s\"", key);
}

int main(void)
{
    static char cmdline[MAX_GUEST_CMDLINE];
    char *save = NULL;

    strncpy(cmdline, (const char *)start_info->cmd_line, sizeof(cmdline) - 1);
    printk("peer: \"%s\"\n", cmdline);
    for (char *w = strtok_r(cmdline, "+ ", &save); w; w = strtok_r(NULL, "+ ", &save)) {
        char *eq = strchr(w, '=');

        if (eq)
            *eq++ = '\0';
        act(w, eq ? eq : "");
    }
    return 0;
}
