# Top-level build.  Plain make, out of tree into $(BUILD).
#
#   make            build the hypervisor, dom0, domU and the test kernels
#   make run        install what is missing, build, boot in QEMU with a
#                   virtio disk ($(BUILD)/disk.img) and NIC
#                   (TIMEOUT=N headless for at most N s; SCHED= SMP= MEM=)
#   make test       install what is missing, build, run every test
#   make check      host unit tests (cmocka, ASan + UBSan)
#   make conformance  in-QEMU hypercall conformance tests
#   make bench      benchmarks, BENCH lines
#   make clean

BUILD   ?= build
CROSS   ?= riscv64-unknown-elf-
RV_CC   := $(CROSS)gcc
RV_LD   := $(CROSS)ld
RV_OBJCOPY := $(CROSS)objcopy
RV_SIZE := $(CROSS)size
HOST_CC ?= gcc
PYTHON  ?= python3

# libfdt's sources, unpacked by scripts/setup-deps.sh from Debian's
# linux-source-6.1 package; never committed.
CACHE      ?= $(CURDIR)/.cache
LIBFDT_SRC := $(CACHE)/libfdt

WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wstrict-prototypes \
        -Wmissing-prototypes -Wshadow -Wpointer-arith -Wvla
RV_COMMON := -march=rv64imac_zicsr_zifencei -mabi=lp64 -ffreestanding -fno-builtin \
        -fno-common -fno-pie -fno-stack-protector -nostdinc -O2 -g -MMD -MP

# V=1 shows the full commands.
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

SCHED ?=
SMP   ?= 2
MEM   ?= 256M
TIMEOUT ?=

.PHONY: all run test check conformance bench clean distclean deps FORCE
all:

include hypervisor/build.mk
-include guests/build.mk
-include xenstore/build.mk
-include tests/unit/build.mk
-include tests/conformance/build.mk
-include tests/bench/build.mk
-include tests/fuzz/build.mk

deps:
	@scripts/setup-deps.sh

# The virtio-blk disk image (scripts/mkdisk.py: a pattern in every sector).
DISK_IMAGE := $(BUILD)/disk.img
$(DISK_IMAGE): scripts/mkdisk.py
	@mkdir -p $(@D)
	@echo "  DISK    $@"
	$(Q)$(PYTHON) scripts/mkdisk.py $@
all: $(DISK_IMAGE)

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh --smp "$(SMP)" --mem "$(MEM)" --sched "$(SCHED)" --timeout "$(TIMEOUT)"

test: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-tests.sh

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(CACHE)

# The scheduling trace drawn (scripts/trace-demo.sh): build/trace-$(SCHED).png
.PHONY: trace-demo
trace-demo: all
	@scripts/trace-demo.sh $(or $(SCHED),credit) $(if $(filter command line,$(origin SMP)),--smp $(SMP)) \
		--build $(BUILD)

# The block crash test's long mode (make test runs 100): QEMU killed at
# random points under a domU writing with flushes (scripts/blk_crash.py).
BLK_CRASH_LONG ?= 1000
.PHONY: blk-crash-long
blk-crash-long: all
	@$(PYTHON) scripts/blk_crash.py --build $(BUILD) --runs $(BLK_CRASH_LONG)
