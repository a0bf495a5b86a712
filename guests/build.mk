# guests/build.mk -- the guest-kernel library and the programs built on it.
# Included by the top-level Makefile (which sets BUILD, RV_CC, WARN,
# RV_COMMON).
#
# Outputs:
#   $(BUILD)/guests/libkernel.a   the library (guests/kernel/), with libfdt
#                                 and dom0's drivers (drivers/virtio/)
#   $(BUILD)/guests/dom0.elf      guests/dom0/
#   $(BUILD)/guests/domu.elf      guests/domu/
#
# For other fragments (tests/conformance, drivers, ...) that build guest
# kernels of their own:
#
#   GUEST_INCLUDES  -I/-isystem flags: the library API (guests/kernel/include),
#                   the public ABI (<public/...>) and picolibc's headers.
#   GUEST_CFLAGS    full flags to compile a guest C or assembly file,
#                   GUEST_INCLUDES included:
#                       $(RV_CC) $(GUEST_CFLAGS) -c foo.c -o foo.o
#   GUEST_LIB       the library archive, a prerequisite of every program.
#   guest_program   a rule template that links a program:
#                       $(eval $(call guest_program,<out.elf>,<objects>))
#                   <objects> must define `int main(void)`; the library
#                   supplies _start, setup and everything else.  The rule
#                   depends on the objects, GUEST_LIB and the linker script.
#
# Example (one test kernel):
#   $(BUILD)/tests/conformance/foo.o: tests/conformance/foo.c
#   	@mkdir -p $(@D)
#   	$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@
#   $(eval $(call guest_program,$(BUILD)/tests/conformance/foo.elf,$(BUILD)/tests/conformance/foo.o))
#
# C library: picolibc (Debian's picolibc-riscv64-unknown-elf) for the
# string functions and vsnprintf.  Its multilib is picked by path, not by
# -march: GCC 12 does not map rv64imac_zicsr_zifencei to the rv64imac/lp64
# multilib and would silently link the rv64gc one.  printf is bound to the
# integer-only formatter (__i_vfprintf), the one picolibc offers for code
# that prints no floating point: smaller images, no soft-float code.

PICOLIBC       ?= /usr/lib/picolibc/riscv64-unknown-elf
GUEST_LIBC_DIR := $(PICOLIBC)/lib/rv64imac/lp64
GUEST_LIBGCC   := $(shell $(RV_CC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name)
GUEST_CC_INC   := $(shell $(RV_CC) -print-file-name=include)

GUEST_INCLUDES := -Iguests/kernel/include -Ihypervisor/include -Idrivers \
                  -isystem $(PICOLIBC)/include -isystem $(GUEST_CC_INC) \
                  -Iguests/kernel/fdt -isystem $(LIBFDT_SRC)
GUEST_CFLAGS   := $(RV_COMMON) $(WARN) -mcmodel=medlow $(GUEST_INCLUDES)
GUEST_LIB      := $(BUILD)/guests/libkernel.a
GUEST_LDS      := guests/kernel/guest.lds
GUEST_LDFLAGS  := -nostdlib -static -march=rv64imac -mabi=lp64 \
                  -T $(GUEST_LDS) -Wl,--gc-sections \
                  -Wl,--defsym=vfprintf=__i_vfprintf -Wl,-u,_start
GUEST_LDLIBS   := -Wl,--start-group $(GUEST_LIB) $(GUEST_LIBC_DIR)/libc.a \
                  $(GUEST_LIBGCC) -Wl,--end-group

# $(call guest_program,<out.elf>,<objects>) -- see above.
define guest_program
$(1): $(2) $(GUEST_LIB) $(GUEST_LDS)
	@mkdir -p $$(@D)
	$$(RV_CC) $$(GUEST_LDFLAGS) -o $$@ $(2) $$(GUEST_LDLIBS)
endef

GUEST_KERNEL_SRCS := $(wildcard guests/kernel/*.c guests/kernel/*.S)
# The drivers every guest kernel carries: the shared byte rings, the PV
# console's front end (a domU's printk) and back end (run by dom0); and
# dom0's virtio drivers (drivers/virtio/), linked only into the programs
# that use them.
GUEST_DRIVER_SRCS := $(wildcard drivers/console/*.c drivers/ring/*.c drivers/virtio/*.c)
# The XenBus device framework (drivers/xenbus/: dom0's device creation and
# back-end registry, the front ends' handshake helper) and the split block
# driver (drivers/block/).
GUEST_DRIVER_SRCS += $(wildcard drivers/xenbus/*.c drivers/block/*.c)
# The split network driver (drivers/net/): netback and the bridge for
# dom0, netfront and the IPv4 stack for every guest.
GUEST_DRIVER_SRCS += $(wildcard drivers/net/*.c)
GUEST_KERNEL_OBJS := $(patsubst guests/%,$(BUILD)/guests/%.o,$(GUEST_KERNEL_SRCS)) \
                     $(patsubst drivers/%,$(BUILD)/drivers/%.o,$(GUEST_DRIVER_SRCS))

$(BUILD)/guests/%.c.o: guests/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/drivers/%.c.o: drivers/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/guests/%.S.o: guests/%.S
	@mkdir -p $(@D)
	$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

# libfdt, from the same cache as the hypervisor's, for dom0's device tree
# (guests/kernel/fdt/libfdt_env.h); in the library archive, so only the
# programs that read a tree link it.  Third-party: its warnings are not
# ours to fix.
GUEST_LIBFDT_OBJS := $(patsubst %,$(BUILD)/guests/libfdt/%.o,fdt fdt_ro fdt_strerror)

$(BUILD)/guests/libfdt/%.o: $(LIBFDT_SRC)/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(RV_COMMON) -mcmodel=medlow $(GUEST_INCLUDES) -w -c $< -o $@

$(GUEST_LIB): $(GUEST_KERNEL_OBJS) $(GUEST_LIBFDT_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(CROSS)ar rcs $@ $^

# dom0 runs xenstored: its glue plus the daemon core (xenstore/build.mk).
DOM0_OBJS := $(patsubst guests/%.c,$(BUILD)/guests/%.c.o,$(wildcard guests/dom0/*.c))
$(DOM0_OBJS): GUEST_CFLAGS += -Ixenstore
# dom0's domain builder checks kernels with the hypervisor's own ELF rules:
# hypervisor/core/elf.c compiled for dom0 too (one copy of them; it needs
# only hv/elf.h, hv/errno.h and hv/lib.h), behind guests/dom0/xg_elf.c.
DOM0_SHARED_OBJS := $(BUILD)/guests/shared/elf.c.o
$(BUILD)/guests/shared/elf.c.o: hypervisor/core/elf.c
	@mkdir -p $(@D)
	$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@
$(eval $(call guest_program,$(BUILD)/guests/dom0.elf,$(DOM0_OBJS) $(DOM0_SHARED_OBJS) $(BUILD)/xenstore/rv/libxenstored.a))
$(eval $(call guest_program,$(BUILD)/guests/domu.elf,$(BUILD)/guests/domu/main.c.o))

all: $(BUILD)/guests/dom0.elf $(BUILD)/guests/domu.elf

# dom0's ramdisk (issue 11): the toolstack's files - the domU kernel and
# the xl configurations and scripts of tests/system/data/xl/ - as a cpio
# archive run.sh loads after dom0's kernel (make run takes it by default).
DOM0_RAMDISK := $(BUILD)/dom0-ramdisk.cpio
DOM0_RAMDISK_FILES := $(wildcard tests/system/data/xl/*)
$(DOM0_RAMDISK): $(BUILD)/guests/domu.elf $(DOM0_RAMDISK_FILES) scripts/mkramdisk.py
	$(PYTHON) scripts/mkramdisk.py $@ boot/domu.elf=$(BUILD)/guests/domu.elf \
	    $(foreach f,$(DOM0_RAMDISK_FILES),etc/xen/$(notdir $(f))=$(f))
all: $(DOM0_RAMDISK)

# The long create/destroy cycle test (issue 11): 1000 cycles instead of
# make test's 100 (tests/system/xl.sh).
.PHONY: xl-cycles-long
xl-cycles-long: all
	@bash -c 'set -e; cd $(CURDIR); BUILD=$(BUILD); logdir=$(BUILD)/system; mkdir -p $$logdir; \
	    passed=0; failed=0; result() { if [ -z "$$2" ]; then echo "PASS system/$$1"; \
	    else echo "FAIL system/$$1: $$2"; exit 1; fi; }; XL_CYCLES=1000; . tests/system/xl.sh'

-include $(GUEST_KERNEL_OBJS:.o=.d) $(BUILD)/guests/dom0/main.c.d $(BUILD)/guests/domu/main.c.d \
         $(DOM0_OBJS:.o=.d) $(DOM0_SHARED_OBJS:.o=.d)
