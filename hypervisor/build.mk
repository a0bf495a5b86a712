# The hypervisor: arch-neutral core + arch/riscv + libfdt (from the cache).
#
# Arch-neutral sources compile unmodified for the host tests too
# (tests/unit/build.mk picks the ones it needs).

HV_OUT := $(BUILD)/hv
HV_ELF := $(HV_OUT)/hypervisor.elf

HV_NEUTRAL_SRCS := $(wildcard hypervisor/lib/*.c hypervisor/core/*.c \
                     hypervisor/mm/*.c hypervisor/sched/*.c hypervisor/event/*.c \
                     hypervisor/grant/*.c)
HV_RISCV_SRCS := $(filter-out hypervisor/arch/riscv/asm-offsets.c hypervisor/arch/riscv/hv.lds.S, \
                   $(wildcard hypervisor/arch/riscv/*.c hypervisor/arch/riscv/*.S))
LIBFDT_SRCS := $(addprefix $(LIBFDT_SRC)/,fdt.c fdt_ro.c fdt_sw.c fdt_strerror.c)

HV_INCLUDES := -Ihypervisor/include -Ihypervisor/arch/riscv/include -I$(HV_OUT)/include \
               -Ihypervisor/lib -I$(LIBFDT_SRC) \
               -isystem $(shell $(RV_CC) -print-file-name=include)
HV_CFLAGS := $(RV_COMMON) -mcmodel=medany -mno-relax $(WARN) $(HV_INCLUDES)
HV_ASFLAGS := $(RV_COMMON) -mcmodel=medany -mno-relax -D__ASSEMBLY__ $(HV_INCLUDES)
HV_LDFLAGS := -nostdlib -static -T $(HV_OUT)/hv.lds --no-relax -Map=$(HV_OUT)/hypervisor.map

HV_OBJS := $(patsubst %,$(HV_OUT)/%.o,$(HV_NEUTRAL_SRCS) $(HV_RISCV_SRCS)) \
           $(patsubst $(LIBFDT_SRC)/%.c,$(HV_OUT)/libfdt/%.o,$(LIBFDT_SRCS))
HV_OFFSETS := $(HV_OUT)/include/asm-offsets.h

all: $(HV_ELF)

$(HV_ELF): $(HV_OBJS) $(HV_OUT)/hv.lds
	@echo "  LD      $@"
	$(Q)$(RV_LD) $(HV_LDFLAGS) -o $@ $(HV_OBJS) $(shell $(RV_CC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name)
	@$(RV_SIZE) $@ | tail -1 | awk '{ printf "hypervisor: %d bytes text, %d data, %d bss\n", $$1, $$2, $$3 }'

$(HV_OUT)/hv.lds: hypervisor/arch/riscv/hv.lds.S
	@mkdir -p $(dir $@)
	$(Q)$(RV_CC) -E -P -D__ASSEMBLY__ $(HV_INCLUDES) -o $@ $<

# The offsets follow the structures asm-offsets.c includes: its dependency
# file names them (a stale offset breaks entry.S and head.S silently).
$(HV_OFFSETS): hypervisor/arch/riscv/asm-offsets.c
	@mkdir -p $(dir $@)
	$(Q)$(RV_CC) $(HV_CFLAGS) -I$(HV_OUT)/include -MT $@ -MF $(HV_OUT)/asm-offsets.d \
	    -S -o $(HV_OUT)/asm-offsets.s $<
	$(Q)sed -n 's/.*@@OFFSET \([A-Za-z0-9_]*\) \$$\{0,1\}\(-\{0,1\}[0-9]*\).*/#define \1 \2/p' \
	    $(HV_OUT)/asm-offsets.s > $@.tmp && mv $@.tmp $@

$(HV_OUT)/%.c.o: %.c | $(HV_OFFSETS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(RV_CC) $(HV_CFLAGS) -c -o $@ $<

$(HV_OUT)/%.S.o: %.S $(HV_OFFSETS)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(RV_CC) $(HV_ASFLAGS) -c -o $@ $<

# Third-party sources: their own warnings are not ours to fix.
$(HV_OUT)/libfdt/%.o: $(LIBFDT_SRC)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(RV_CC) $(RV_COMMON) -mcmodel=medany -mno-relax $(HV_INCLUDES) -w -c -o $@ $<

-include $(HV_OBJS:.o=.d) $(HV_OUT)/asm-offsets.d
