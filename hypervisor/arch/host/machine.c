/*
 * Host arch: the machine contract (hv/arch/machine.h) and the physical
 * console (hv/arch/console.h).  Power-off is recorded and, like panic(),
 * longjmps to host_panic_jmp when a test set it (value 2), else aborts.
 * Reschedule IPIs are counted per CPU.  Console bytes go to a capture
 * buffer; input comes from what a test fed with host_console_feed().
 */
#include <stdlib.h>
#include <hv/arch/console.h>
#include <hv/arch/cpu.h>
#include <hv/arch/machine.h>
#include <hv/lib.h>
#include <asm/host.h>

unsigned int nr_cpus_online = 1;
int host_machine_off_how = -1;
unsigned long host_resched_ipis[NR_CPUS];

static char out_buf[HOST_CONSOLE_SIZE];
static size_t out_len;
static char in_buf[HOST_CONSOLE_SIZE];
static size_t in_len, in_pos;

void arch_machine_off(enum machine_off how)
{
    host_machine_off_how = (int)how;
    if (host_panic_jmp)
        longjmp(*host_panic_jmp, 2);
    abort();
}

void arch_smp_send_reschedule(unsigned int cpu)
{
    BUG_ON(cpu >= NR_CPUS);
    host_resched_ipis[cpu]++;
}

void arch_console_putc(char c)
{
    if (out_len < sizeof(out_buf) - 1)   /* full: keep the oldest output */
        out_buf[out_len++] = c;
    out_buf[out_len] = '\0';
}

int arch_console_getc(void)
{
    return in_pos < in_len ? (unsigned char)in_buf[in_pos++] : -1;
}

const char *host_console_output(void) { return out_buf; }

void host_console_reset(void)
{
    out_len = in_len = in_pos = 0;
    out_buf[0] = '\0';
}

void host_console_feed(const char *bytes, size_t len)
{
    len = MIN(len, sizeof(in_buf) - in_len);
    memcpy(in_buf + in_len, bytes, len);
    in_len += len;
}
