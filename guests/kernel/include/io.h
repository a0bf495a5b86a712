/*
 * Device access for dom0's drivers: mapping a device's registers, reading
 * and writing them, and the barriers DMA needs.
 *
 * ioremap() maps machine addresses the domain has I/O permission for
 * (the hypervisor refuses others: public/arch-riscv.h's device tree says
 * which) into a window of the address space set aside for it,
 * IOREMAP_VA.. IOREMAP_VA + IOREMAP_SIZE, read-write, never executable.
 * Mappings are never undone; the window is handed out upwards.
 *
 * Register access is 8, 16 or 32 bits wide (aligned), little-endian,
 * through volatile pointers.  The fences follow the RISC-V memory model for I/O:
 *   mmio_wmb()  earlier writes to memory are seen by a device before a
 *               later register write (before telling a device to look at
 *               descriptors);
 *   mmio_rmb()  a register read completes before later memory reads (after
 *               reading that a device has written memory);
 *   dma_mb()    full fence, memory and I/O.
 */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include <stddef.h>
#include <stdint.h>

#define IOREMAP_VA   0x3800000000UL
#define IOREMAP_SIZE (1UL << 30)

/* The VA of [maddr, maddr + size), or NULL (no room, or refused). */
void *ioremap(uint64_t maddr, size_t size);

static inline uint8_t mmio_read8(const volatile void *base, unsigned int off)
{
    return *((const volatile uint8_t *)base + off);
}

static inline uint16_t mmio_read16(const volatile void *base, unsigned int off)
{
    return *(const volatile uint16_t *)((const volatile char *)base + off);
}

static inline uint32_t mmio_read32(const volatile void *base, unsigned int off)
{
    return *(const volatile uint32_t *)((const volatile char *)base + off);
}

static inline void mmio_write32(volatile void *base, unsigned int off, uint32_t v)
{
    *(volatile uint32_t *)((volatile char *)base + off) = v;
}

static inline void mmio_wmb(void) { __asm__ volatile("fence w,o" ::: "memory"); }
static inline void mmio_rmb(void) { __asm__ volatile("fence i,r" ::: "memory"); }
static inline void dma_mb(void) { __asm__ volatile("fence iorw,iorw" ::: "memory"); }

#endif /* GUEST_IO_H */
