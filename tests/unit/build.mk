# Host unit tests: cmocka, under ASan and UBSan (DESIGN 8).
#
#   make check        build every tests/unit/test_*.c and run them all;
#                     fails if any test failed
#   make unit-build   build only
#
# Each test links the arch-neutral sources it tests, compiled unmodified
# for the host against hypervisor/arch/host, plus a runtime archive (the
# freestanding lib, the host arch, the allocators) from which the linker
# takes only what the test needs.  A new test_foo.c is picked up
# automatically; list the sources it tests in UT_SRCS_test_foo.
#
# The hypervisor's own string functions and snprintf have libc's names.
# Linked as they are, they would replace libc's for the whole process
# (cmocka, libfdt, the sanitizer runtimes), so every hypervisor object is
# renamed after compiling (hv-renames.txt: memcpy -> hv_memcpy, ...).
# Hypervisor code then calls the hypervisor's functions, everything else
# calls libc's, and test_string can compare the two.

UT_OUT := $(BUILD)/unit
UT_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UT_CFLAGS := -g -O1 $(UT_SAN) $(WARN) -Ihypervisor/include -Ihypervisor/arch/host/include \
             -MMD -MP
# As in the hypervisor build: -fno-builtin keeps lib/string.c from being
# compiled into calls to itself, and makes calls go to the renamed copies.
UT_HV_CFLAGS := $(UT_CFLAGS) -fno-builtin -fno-common
UT_RENAMES := tests/unit/hv-renames.txt
UT_LDLIBS := -lcmocka
UT_RUN_ENV := ASAN_OPTIONS=abort_on_error=0:detect_leaks=1 \
              UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

UT_RUNTIME_SRCS := hypervisor/lib/string.c hypervisor/lib/vsnprintf.c \
                   $(wildcard hypervisor/arch/host/*.c) \
                   hypervisor/mm/frame.c hypervisor/mm/page_alloc.c hypervisor/mm/xmalloc.c \
                   hypervisor/core/flush.c
UT_RUNTIME := $(UT_OUT)/libhvhost.a

# What each test tests, beyond the runtime.
UT_SRCS_test_cmdline := hypervisor/core/cmdline.c
UT_SRCS_test_domcfg := hypervisor/core/domcfg.c
UT_SRCS_test_elf := hypervisor/core/elf.c
UT_SRCS_test_fdt := hypervisor/core/fdt.c
UT_LIBS_test_fdt := -lfdt
UT_SRCS_test_dom0_fdt := hypervisor/core/dom0_fdt.c
UT_LIBS_test_dom0_fdt := -lfdt
UT_SRCS_test_sched_rr := hypervisor/sched/rr.c
UT_SRCS_test_boot_mm := hypervisor/core/boot_mm.c
# issue 3 (h-memop)
UT_SRCS_test_multicall := hypervisor/core/multicall.c hypervisor/core/guest_access.c

# The page-table type system and its hypercalls (mm/).
UT_MM_SRCS := $(addprefix hypervisor/mm/,page_type.c pte_rules.c pt_ops.c m2p.c mm_invariants.c p2m.c \
                mm_hypercall.c mmu_update.c mmuext_op.c update_va_mapping.c) \
              hypervisor/core/guest_access.c
UT_SRCS_test_page_type := $(UT_MM_SRCS)
# The guest TLB shootdown (issue 14) and the revocations that use it.
UT_SRCS_test_flush := $(UT_MM_SRCS)
# vcpu_time_info scale and the wall clock (h-vcpu)
UT_SRCS_test_time := hypervisor/core/time.c hypervisor/core/timer.c
UT_SRCS_test_vcpu_op := hypervisor/core/vcpu_op.c \
                        $(addprefix hypervisor/mm/,page_type.c pte_rules.c pt_ops.c m2p.c p2m.c \
                          mm_invariants.c)

# Event channels (h-evtchn)
UT_SRCS_test_evtchn := hypervisor/event/event_channel.c hypervisor/event/event_2l.c \
                       hypervisor/event/event_check.c hypervisor/core/irq.c
# dom0's virtio drivers (issue 10): their arch-neutral parts.
UT_SRCS_test_virtqueue := drivers/virtio/virtqueue.c drivers/virtio/blk_req.c
UT_CFLAGS_test_virtqueue := -Idrivers
# blkback's ring and request checks (issue 10, items 4 and 6).
UT_SRCS_test_blkback := drivers/block/blkback_req.c
UT_CFLAGS_test_blkback := -Idrivers
# Physical interrupts to dom0 (issue 10): pirqs on the host's model PLIC.
UT_SRCS_test_irq := $(UT_SRCS_test_evtchn) hypervisor/core/physdev.c

# Grant tables (issue 5).
UT_GRANT_SRCS = hypervisor/grant/grant_table.c hypervisor/grant/grant_map.c \
                 $(UT_MM_SRCS) \
                 hypervisor/grant/grant_copy.c
UT_SRCS_test_grant_table = $(UT_GRANT_SRCS)
# issue 3 (h-memop)
UT_SRCS_test_memory_op := hypervisor/mm/memory_op.c hypervisor/mm/physmap.c $(UT_MM_SRCS) \
                          hypervisor/grant/grant_table.c hypervisor/grant/grant_map.c \
                          hypervisor/grant/grant_copy.c
# Scheduler policies (issue 4): the simulated machine is tests/unit/sched_sim.h.
UT_SRCS_test_sched_credit := hypervisor/sched/credit.c
UT_SRCS_test_sched_sedf := hypervisor/sched/sedf.c
# The scheduling trace buffer (issue 4, item 6).
UT_SRCS_test_trace := hypervisor/core/trace.c

# Console input and the VIRQs raised from the hypervisor (h-virq)
UT_SRCS_test_console_input := hypervisor/core/console_input.c hypervisor/core/timer.c

# The PV console ring (issue 9): both ends, and the layout against libxen-dev.
UT_SRCS_test_xencons_ring := drivers/console/xencons_ring.c drivers/ring/byte_ring.c

# The XenStore daemon core (issue 9): xenstore/build.mk builds it under the
# same sanitizers as XS_UT_LIB; it uses libc's names, so it is not renamed.
UT_DEPS_test_xenstored := $(XS_UT_LIB)
UT_CFLAGS_test_xenstored := -Ixenstore
# Our public/io/xs_wire.h against Debian's libxen-dev <xen/io/xs_wire.h>.
UT_CFLAGS_test_xs_wire_abi := -Ixenstore

# The network split driver (issue 10, h-net): the bridge, the guests' IP
# stack and netback's request checks, all arch-neutral.
UT_SRCS_test_bridge := drivers/net/bridge.c
UT_SRCS_test_inet := drivers/net/inet.c drivers/net/inet_ip.c
UT_SRCS_test_netback_check := drivers/net/netback_check.c
# dom0's toolstack (issue 11): the ramdisk reader, the builder's layout.
UT_SRCS_test_cpio := guests/dom0/cpio.c
UT_SRCS_test_xg_layout := guests/dom0/xg_layout.c
UT_SRCS_test_xlcfg := guests/dom0/xlcfg.c

UT_DTS := $(wildcard tests/unit/dts/*.dts)
UT_DTBS := $(patsubst tests/unit/dts/%.dts,$(UT_OUT)/dts/%.dtb,$(UT_DTS))
UT_DEPS_test_fdt := $(UT_DTBS)
UT_CFLAGS_test_fdt := -DUT_DTB_DIR='"$(abspath $(UT_OUT)/dts)"'

UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
UNIT_TEST_BINS := $(addprefix $(UT_OUT)/,$(UNIT_TESTS))

.PHONY: check unit-build
unit-build: $(UNIT_TEST_BINS)

check: unit-build
	@fail=0; for t in $(UNIT_TEST_BINS); do \
	    echo "=== $$t"; \
	    $(UT_RUN_ENV) $$t || { echo "*** FAILED: $$t"; fail=1; }; \
	done; exit $$fail

# Hypervisor sources: compile, then rename the libc-named symbols.
$(UT_OUT)/hv/%.o: %.c $(UT_RENAMES)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(UT_HV_CFLAGS) -MT $@ -MF $(@:.o=.d) -c -o $@.tmp $<
	objcopy --redefine-syms=$(UT_RENAMES) $@.tmp $@
	@rm -f $@.tmp

$(UT_RUNTIME): $(patsubst %.c,$(UT_OUT)/hv/%.o,$(UT_RUNTIME_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(UT_OUT)/tests/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(UT_CFLAGS) $(UT_CFLAGS_$*) -c -o $@ $<

$(UT_OUT)/dts/%.dtb: tests/unit/dts/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

define UT_TEST_RULE
$(UT_OUT)/$(1): $(UT_OUT)/tests/$(1).o $(patsubst %.c,$(UT_OUT)/hv/%.o,$(UT_SRCS_$(1))) \
                $(UT_RUNTIME) $(UT_DEPS_$(1))
	$(HOST_CC) $(UT_SAN) -o $$@ $$(filter %.o %.a,$$^) $(UT_LIBS_$(1)) $(UT_LDLIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call UT_TEST_RULE,$(t))))

-include $(patsubst %.c,$(UT_OUT)/hv/%.d,$(UT_RUNTIME_SRCS) \
           $(foreach t,$(UNIT_TESTS),$(UT_SRCS_$(t)))) \
         $(patsubst %,$(UT_OUT)/tests/%.d,$(UNIT_TESTS))
