/* Peer for fault/isolation: remove its trap vector, then touch an
 * unmapped address.  The hypervisor must crash this domain only. */
#include "../lib/test.h"

int main(void)
{
    printk("faulter: clearing stvec and faulting\n");
    __asm__ volatile("csrw stvec, zero");
    *(volatile unsigned long *)0x3f00000000UL = 1;
    printk("faulter: still alive, which is wrong\n");
    return 0;
}
