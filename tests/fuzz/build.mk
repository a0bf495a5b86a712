# Fuzz harnesses: libFuzzer under ASan and UBSan, one per parser of
# untrusted input (DESIGN 8).  Needs clang.
#
#   make fuzz-build   build every tests/fuzz/fuzz_*.c into $(BUILD)/fuzz/
#   make fuzz         fuzz each harness for FUZZ_SECONDS (default 60) on
#                     $(BUILD)/fuzz/corpus/<harness>/: a copy of its seeds,
#                     plus whatever earlier runs found.  FUZZ_FLAGS adds
#                     libFuzzer options, e.g. FUZZ_FLAGS=-jobs=2
#   make fuzz-smoke   each harness over its seeds, then mutations with a
#                     fixed random seed, 2000 runs in all; fails on any
#                     crash (part of make test)
#
# A crash or hang leaves its input in $(BUILD)/fuzz/crash-<sha1> or
# timeout-<sha1>; replay it with `$(BUILD)/fuzz/<harness> <file>`.
#
# As for the unit tests, each parser is compiled unmodified against
# hypervisor/arch/host and its libc-named symbols are renamed with
# tests/unit/hv-renames.txt; here the compiler is clang, with coverage
# instrumentation.  libfdt is compiled from the copy the hypervisor is
# built from, with the hypervisor's libfdt_env.h, so that fuzz_fdt runs
# the code that boots.
#
# Seeds: tests/fuzz/corpus/<harness>/, plus, written at build time, the
# device trees of tests/unit/dts/ and tests/fuzz/dts/ and the ELF images
# of tests/fuzz/mkelf.py (with the guest kernels, when they have been
# built).  <harness>.dict holds the names and magic numbers the parser
# looks for.

FZ_OUT := $(BUILD)/fuzz
FZ_CC ?= clang
FZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FZ_CFLAGS := -g -O1 $(FZ_SAN) $(WARN) -Ihypervisor/include -Ihypervisor/arch/host/include \
             -Ihypervisor/lib -I$(LIBFDT_SRC) -MMD -MP
FZ_HV_CFLAGS := $(FZ_CFLAGS) -fsanitize=fuzzer-no-link -fno-builtin -fno-common
FZ_RENAMES := tests/unit/hv-renames.txt
FZ_RUN := UBSAN_OPTIONS=print_stacktrace=1
# For the loops below ($$h is the harness).  An input that runs for 10 s
# is a hang: libFuzzer would wait 20 min.
FZ_OPTS = -timeout=10 -dict=tests/fuzz/$$h.dict -artifact_prefix=$(FZ_OUT)/
FUZZ_SECONDS ?= 60
FUZZ_FLAGS ?=

# What each harness fuzzes, beyond the runtime (strings, printk, panic).
FZ_RUNTIME_SRCS := hypervisor/lib/string.c hypervisor/lib/vsnprintf.c hypervisor/arch/host/console.c
FZ_SRCS_fuzz_elf := hypervisor/core/elf.c
FZ_SRCS_fuzz_fdt := hypervisor/core/fdt.c
FZ_OBJS_fuzz_fdt := $(addprefix $(FZ_OUT)/libfdt/,fdt.o fdt_ro.o fdt_strerror.o)
FZ_SRCS_fuzz_cmdline := hypervisor/core/cmdline.c
FZ_SRCS_fuzz_domcfg := hypervisor/core/domcfg.c
# Grant tables (issue 5): the grant code on the host machine model.
FZ_SRCS_fuzz_gnttab := hypervisor/grant/grant_table.c hypervisor/grant/grant_map.c \
                       hypervisor/grant/grant_copy.c hypervisor/core/guest_access.c \
                       hypervisor/mm/frame.c hypervisor/mm/page_alloc.c hypervisor/mm/xmalloc.c \
                       $(addprefix hypervisor/mm/,page_type.c pte_rules.c pt_ops.c m2p.c p2m.c \
                         mm_invariants.c mm_hypercall.c mmu_update.c mmuext_op.c \
                         update_va_mapping.c) \
                       hypervisor/core/flush.c $(wildcard hypervisor/arch/host/*.c)
# (Not the model interrupt controller: it calls into core/irq.c.)
FZ_SRCS_fuzz_gnttab := $(filter-out hypervisor/arch/host/console.c hypervisor/arch/host/irq.c,\
                         $(FZ_SRCS_fuzz_gnttab))
# The page-table type system and its hypercalls, on the host machine model.
FZ_SRCS_fuzz_mmu := $(addprefix hypervisor/mm/,page_type.c pte_rules.c pt_ops.c m2p.c \
                      mm_invariants.c mm_hypercall.c mmu_update.c mmuext_op.c \
                      update_va_mapping.c frame.c page_alloc.c xmalloc.c) \
                    hypervisor/core/guest_access.c hypervisor/core/flush.c \
                    $(addprefix hypervisor/arch/host/,cpu.c domain.c guest_copy.c machine.c mm.c \
                      mm_setup.c time.c tlb_model.c)

# Event channels (h-evtchn): the stubs are in tests/unit/evtchn_env.h.
FZ_SRCS_fuzz_evtchn := hypervisor/event/event_channel.c hypervisor/event/event_2l.c \
                       hypervisor/event/event_check.c hypervisor/core/irq.c \
                       hypervisor/arch/host/irq.c

# dom0's virtqueues against a device that writes anything (issue 10).
FZ_SRCS_fuzz_virtqueue := drivers/virtio/virtqueue.c

# blkback's ring and request checks against a hostile front end (issue 10).
FZ_SRCS_fuzz_blkback := drivers/block/blkback_req.c
# netback's checks of a front end's rings (issue 10, h-net).
FZ_SRCS_fuzz_netback := drivers/net/netback_check.c
# dom0's ramdisk reader and xl.cfg parser (issue 11).
FZ_SRCS_fuzz_cpio := guests/dom0/cpio.c
FZ_SRCS_fuzz_xlcfg := guests/dom0/xlcfg.c

# The XenStore daemon core (issue 9): compiled by xenstore/build.mk with
# coverage; it uses libc's names, so it is not renamed.
FZ_OBJS_fuzz_xenstore := $(XS_FZ_OBJS)

FUZZERS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FZ_SEEDS := $(FZ_OUT)/seeds
FZ_DTS := $(wildcard tests/unit/dts/*.dts tests/fuzz/dts/*.dts)
FZ_SEED_FILES := $(patsubst tests/fuzz/corpus/%,$(FZ_SEEDS)/%,$(wildcard tests/fuzz/corpus/*/*)) \
                 $(patsubst %.dts,$(FZ_SEEDS)/fuzz_fdt/%.dtb,$(notdir $(FZ_DTS))) \
                 $(FZ_SEEDS)/fuzz_elf/tiny.elf

.PHONY: fuzz-build fuzz fuzz-smoke
fuzz-build: $(addprefix $(FZ_OUT)/,$(FUZZERS)) $(FZ_SEED_FILES)

fuzz: fuzz-build
	$(Q)fail=0; for h in $(FUZZERS); do \
	    mkdir -p $(FZ_OUT)/corpus/$$h && cp $(FZ_SEEDS)/$$h/* $(FZ_OUT)/corpus/$$h/ && \
	    $(FZ_RUN) $(FZ_OUT)/$$h $(FZ_OPTS) -max_total_time=$(FUZZ_SECONDS) \
	        $(FUZZ_FLAGS) $(FZ_OUT)/corpus/$$h || \
	    { echo "*** FAILED: $$h"; fail=1; }; \
	done; exit $$fail

# New inputs go to a scratch directory, so the seeds stay as they are.
fuzz-smoke: fuzz-build
	$(Q)fail=0; for h in $(FUZZERS); do \
	    rm -rf $(FZ_OUT)/smoke/$$h && mkdir -p $(FZ_OUT)/smoke/$$h && \
	    if $(FZ_RUN) $(FZ_OUT)/$$h $(FZ_OPTS) -runs=2000 -seed=1 \
	        $(FZ_OUT)/smoke/$$h $(FZ_SEEDS)/$$h \
	        > $(FZ_OUT)/smoke/$$h.log 2>&1; then \
	        echo "fuzz-smoke: $$h: $$(grep -o 'Done .*' $(FZ_OUT)/smoke/$$h.log)"; \
	    else \
	        cat $(FZ_OUT)/smoke/$$h.log; echo "*** FAILED: $$h"; fail=1; \
	    fi; \
	done; exit $$fail

# Hypervisor sources and libfdt: compile, then rename the libc-named symbols.
$(FZ_OUT)/hv/%.o: %.c $(FZ_RENAMES)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FZ_CC) $(FZ_HV_CFLAGS) -MT $@ -MF $(@:.o=.d) -c -o $@.tmp $<
	$(Q)objcopy --redefine-syms=$(FZ_RENAMES) $@.tmp $@ && rm -f $@.tmp

# Third-party sources: their own warnings are not ours to fix.  libfdt
# reads the header's blocks through struct pointers and, as its
# libfdt_internal.h says, assumes the platform tolerates unaligned reads;
# fdt_check_header() does not check the blocks' alignment, so UBSan's
# alignment check would stop every run in libfdt.
$(FZ_OUT)/libfdt/%.o: $(LIBFDT_SRC)/%.c $(FZ_RENAMES)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FZ_CC) $(FZ_HV_CFLAGS) -fno-sanitize=alignment -w -MT $@ -MF $(@:.o=.d) -c -o $@.tmp $<
	$(Q)objcopy --redefine-syms=$(FZ_RENAMES) $@.tmp $@ && rm -f $@.tmp

$(FZ_OUT)/tests/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FZ_CC) $(FZ_CFLAGS) -fsanitize=fuzzer -c -o $@ $<

define FZ_RULE
$(FZ_OUT)/$(1): $(FZ_OUT)/tests/$(1).o $(FZ_OBJS_$(1)) \
                $(patsubst %.c,$(FZ_OUT)/hv/%.o,$(FZ_SRCS_$(1)) $(FZ_RUNTIME_SRCS))
	@echo "  FUZZLD  $$@"
	$(Q)$(FZ_CC) $(FZ_SAN) -fsanitize=fuzzer -o $$@ $$^
endef
$(foreach h,$(FUZZERS),$(eval $(call FZ_RULE,$(h))))

# Seeds.
$(FZ_SEEDS)/fuzz_fdt/%.dtb: tests/unit/dts/%.dts
	@mkdir -p $(dir $@)
	$(Q)dtc -q -I dts -O dtb -o $@ $<

$(FZ_SEEDS)/fuzz_fdt/%.dtb: tests/fuzz/dts/%.dts
	@mkdir -p $(dir $@)
	$(Q)dtc -q -I dts -O dtb -o $@ $<

$(FZ_SEEDS)/fuzz_elf/tiny.elf: tests/fuzz/mkelf.py $(wildcard $(BUILD)/guests/*.elf)
	$(Q)$(PYTHON) tests/fuzz/mkelf.py $(dir $@) $(wildcard $(BUILD)/guests/*.elf)

$(FZ_SEEDS)/%: tests/fuzz/corpus/%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

-include $(patsubst %.c,$(FZ_OUT)/hv/%.d,$(FZ_RUNTIME_SRCS) $(foreach h,$(FUZZERS),$(FZ_SRCS_$(h)))) \
         $(wildcard $(FZ_OUT)/libfdt/*.d $(FZ_OUT)/tests/*.d)
