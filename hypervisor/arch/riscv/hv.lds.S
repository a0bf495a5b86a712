/* Linker script for the hypervisor image: sections page aligned so that
 * each can get its own permissions in the hypervisor's page tables. */
#include <asm/layout.h>

OUTPUT_ARCH(riscv)
ENTRY(_start)

SECTIONS
{
    . = HV_LOAD_ADDR;
    _start_image = .;

    .text : {
        _stext = .;
        *(.text.head)
        *(.text .text.*)
        . = ALIGN(4096);
        _etext = .;
    }

    .rodata : {
        _srodata = .;
        *(.rodata .rodata.*)
        *(.srodata .srodata.*)
        . = ALIGN(8);
        __ex_table_start = .;
        *(__ex_table)
        __ex_table_end = .;
        . = ALIGN(4096);
        _erodata = .;
    }

    .data : {
        _sdata = .;
        *(.data .data.*)
        *(.sdata .sdata.*)
        . = ALIGN(4096);
    }

    .bss (NOLOAD) : {
        *(.bss.stacks)          /* not cleared: no stack needs zeroes */
        _sbss = .;
        *(.sbss .sbss.*)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(4096);
        _ebss = .;
    }

    _end = .;

    /DISCARD/ : {
        *(.comment)
        *(.note*)
        *(.eh_frame*)
        *(.riscv.attributes)
    }
}
