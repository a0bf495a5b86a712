/* Peer for fault/isolation: sleep 300 ms in steps, then power off. */
#include "../lib/test.h"

int main(void)
{
    for (int i = 0; i < 30; i++)
        sleep_ns(10000000);
    printk("sleeper: done\n");
    return 0;
}
