/*
 * Host arch: simulated machine memory behind the direct map.
 *
 * Machine addresses [ram_base, ram_base + ram_size) map onto one page-aligned
 * heap buffer.  Translation outside it panics: in a test, a machine address
 * that is not RAM is always a bug in the code under test.  The one-past-the-
 * end address is allowed, because code computes end pointers.
 */
#include <stdlib.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <asm/host.h>

static unsigned char *ram;
static paddr_t ram_base;
static uint64_t ram_size;

void *host_ram_init(paddr_t base, uint64_t size)
{
    host_ram_free();
    BUG_ON((base | size) & (PAGE_SIZE - 1));
    ram = aligned_alloc(PAGE_SIZE, size);
    BUG_ON(!ram);
    ram_base = base;
    ram_size = size;
    return ram;
}

void host_ram_free(void)
{
    free(ram);
    ram = NULL;
    ram_base = ram_size = 0;
}

paddr_t host_ram_base(void) { return ram_base; }
uint64_t host_ram_size(void) { return ram_size; }

void *maddr_to_virt(paddr_t pa)
{
    if (!ram || pa < ram_base || pa - ram_base > ram_size)
        panic("maddr_to_virt(%#llx): not simulated RAM", (unsigned long long)pa);
    return ram + (pa - ram_base);
}

paddr_t virt_to_maddr(const void *va)
{
    const unsigned char *p = va;

    if (!ram || p < ram || (uint64_t)(p - ram) > ram_size)
        panic("virt_to_maddr(%p): not simulated RAM", va);
    return ram_base + (paddr_t)(p - ram);
}
