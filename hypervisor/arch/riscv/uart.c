/* The ns16550 UART at /chosen/stdout-path, polled. */
#include <hv/arch/console.h>
#include <asm/uart.h>

#define UART_RBR 0    /* receive buffer (read) */
#define UART_THR 0    /* transmit holding (write) */
#define UART_LSR 5    /* line status */
#define LSR_DR   0x01 /* data ready */
#define LSR_THRE 0x20 /* transmit holding register empty */

static volatile uint8_t *uart_base;
static unsigned int uart_shift;

/*
 * Output before the UART is known (the device tree is parsed first, and
 * its warnings matter) waits here and is sent when uart_init() runs.
 */
static char early_buf[4096];
static unsigned int early_len;

void uart_init(paddr_t base, unsigned int reg_shift)
{
    uart_base = (volatile uint8_t *)base;
    uart_shift = reg_shift;
    for (unsigned int i = 0; i < early_len; i++)
        arch_console_putc(early_buf[i]);
    early_len = 0;
}

static inline uint8_t uart_read(unsigned int reg)
{
    return uart_base[reg << uart_shift];
}

static inline void uart_write(unsigned int reg, uint8_t v)
{
    uart_base[reg << uart_shift] = v;
}

void arch_console_putc(char c)
{
    if (!uart_base) {
        if (early_len < sizeof(early_buf))
            early_buf[early_len++] = c;
        return;
    }
    while (!(uart_read(UART_LSR) & LSR_THRE))
        ;
    uart_write(UART_THR, (uint8_t)c);
}

int arch_console_getc(void)
{
    if (!uart_base || !(uart_read(UART_LSR) & LSR_DR))
        return -1;
    return uart_read(UART_RBR);
}
