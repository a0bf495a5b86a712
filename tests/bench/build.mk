# Benchmarks: small guest kernels that time one thing each and print
# "BENCH <name> <value> <unit>" lines.  Included by the top-level Makefile.
#
#   make        also builds the bench kernels and $(BUILD)/bench/bench.list
#   make bench  builds everything, then runs scripts/bench.py, which boots
#               each listed kernel as domU 1 under the standard dom0 with
#               -icount shift=0,sleep=off (virtual time: 1 instruction =
#               1 ns) and collects the BENCH lines
#
# A kernel is tests/bench/<name>.c; the figures it prints are named in its
# own header comment.  bench.list has one kernel a line, `<kernel.elf>
# [smp=N] [extra=ARGS] [peer=<elf> [peer_extra=ARGS]]` (scripts/bench.py).

BENCH_OUT := $(BUILD)/bench
BENCH_KERNELS := null_hypercall
BENCH_KERNELS += mmu
# XenStore and the PV console (issue 9); its watch and four-domain runs
# (tests/bench/xenstore_console.c) boot the same kernel as the peers.
BENCH_KERNELS += xenstore_console
BENCH_ELFS := $(patsubst %,$(BENCH_OUT)/%.elf,$(BENCH_KERNELS))
BENCH_XS := $(BENCH_OUT)/xenstore_console.elf
BENCH_XS_LINES := '$(BENCH_XS) extra=watch peer=$(BENCH_XS) peer_extra=writer' \
                  '$(BENCH_XS) extra=tx4 peer=$(BENCH_XS) peer_extra=txpeer npeer=3'

# Event channels (h-evtchn): kernels that run with options, listed as
# whole bench.list lines (format: scripts/bench.py).
BENCH_OPT_KERNELS := evtchn_pingpong
BENCH_PONG := peer=$(BUILD)/conformance/peer.elf peer_extra=evtchn_connect=1+evtchn_echo=0
BENCH_OPT_LINES := '$(BENCH_OUT)/evtchn_pingpong.elf smp=1 extra=1cpu $(BENCH_PONG)' \
                   '$(BENCH_OUT)/evtchn_pingpong.elf smp=2 extra=2cpu $(BENCH_PONG)'

# Grant tables (issue 5): map/unmap and copy of a peer's grants.
BENCH_OPT_KERNELS += grant_map
BENCH_OPT_LINES += '$(BENCH_OUT)/grant_map.elf peer=$(BUILD)/conformance/gnttab/granter.elf peer_extra=to=1+rw32=8+sleep=100000'

# SMP isolation (issue 14): contended pins and grant maps on real parallel
# harts (icount=0: the host's clock), against a granter peer.
BENCH_OPT_KERNELS += smp_contention
BENCH_OPT_LINES += '$(BENCH_OUT)/smp_contention.elf smp=4 icount=0 cfg=vcpus=4 peer=$(BUILD)/conformance/gnttab/granter.elf peer_extra=to=1+rw32=8+sleep=100000'

# dom0's virtio-blk driver on the disk, natively (issue 10): runs as dom0.
BENCH_OPT_KERNELS += blk_native
BENCH_OPT_LINES += '$(BENCH_OUT)/blk_native.elf role=dom0'
# The split block driver from a domU (issue 10): blkfront -> blkback; on
# one hart, as the blk tests (tests/conformance/build.mk says why).
BENCH_OPT_KERNELS += blk_virtual
BENCH_OPT_LINES += '$(BENCH_OUT)/blk_virtual.elf smp=1'

# The split network driver (issue 10, h-net): domU 1 against a net/peer
# domU on dom0's bridge (tests/bench/net.c).
BENCH_OPT_KERNELS += net
BENCH_OPT_LINES += '$(BENCH_OUT)/net.elf peer=$(BUILD)/conformance/net/peer.elf peer_extra=serve'

$(BENCH_OUT)/%.o: tests/bench/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

$(foreach k,$(BENCH_KERNELS) $(BENCH_OPT_KERNELS),\
    $(eval $(call guest_program,$(BENCH_OUT)/$(k).elf,$(BENCH_OUT)/$(k).o)))

$(BENCH_OUT)/bench.list: tests/bench/build.mk
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)printf '%s\n' '# written by tests/bench/build.mk' \
	    $(BENCH_ELFS) $(BENCH_XS_LINES) $(BENCH_OPT_LINES) $(BENCH_SCHED_LINES) > $@

all: $(BENCH_ELFS) $(patsubst %,$(BENCH_OUT)/%.elf,$(BENCH_OPT_KERNELS)) $(BENCH_OUT)/bench.list

bench: all
	@$(PYTHON) scripts/bench.py --build $(BUILD)

-include $(patsubst %,$(BENCH_OUT)/%.d,$(BENCH_KERNELS) $(BENCH_OPT_KERNELS))

# Host-built scheduler figures (issue 4): tests/bench/host/sched_bench.c
# drives sched/credit.c and sched/sedf.c on the host, compiled -O2 without
# sanitizers (the unit tests' sources, renamed the same way); scripts/bench.py
# runs $(BENCH_HOST_BIN) and collects its BENCH lines.
BENCH_HOST_OUT := $(BUILD)/bench/host
BENCH_HOST_BIN := $(BENCH_HOST_OUT)/sched_bench
BENCH_HOST_CFLAGS := -O2 $(WARN) -Ihypervisor/include -Ihypervisor/arch/host/include -MMD -MP
# (Objects, not an archive: the model interrupt controller, which calls
# into core/irq.c, stays out.)
BENCH_HOST_HV_OBJS := $(patsubst %.c,$(BENCH_HOST_OUT)/hv/%.o,\
    hypervisor/sched/credit.c hypervisor/sched/sedf.c \
    $(filter-out hypervisor/arch/host/irq.c,$(UT_RUNTIME_SRCS)))

$(BENCH_HOST_OUT)/hv/%.o: %.c $(UT_RENAMES)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(BENCH_HOST_CFLAGS) -fno-builtin -fno-common -MT $@ -MF $(@:.o=.d) \
	    -c -o $@.tmp $<
	$(Q)objcopy --redefine-syms=$(UT_RENAMES) $@.tmp $@
	@rm -f $@.tmp

$(BENCH_HOST_BIN): tests/bench/host/sched_bench.c $(BENCH_HOST_HV_OBJS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOST_CC) $(BENCH_HOST_CFLAGS) -MF $@.d -o $@ $< $(BENCH_HOST_HV_OBJS) -lcmocka

all: $(BENCH_HOST_BIN)
bench: $(BENCH_HOST_BIN)

# Wake-up latency in QEMU (issue 4): tests/bench/wake_latency.c as domU 1
# beside three CPU-bound peers (the conformance peer, spin=0) on one pCPU,
# under Credit and under SEDF with a 1 ms / 10 ms reservation.  Extra
# bench.list words (scripts/bench.py): append= hypervisor options, peers=N
# CPU-bound peers, cfg= domain-description words and extra= the kernel's
# command line, commas standing for blanks.
BENCH_SCHED_ELF := $(BENCH_OUT)/wake_latency.elf
$(eval $(call guest_program,$(BENCH_SCHED_ELF),$(BENCH_OUT)/wake_latency.o))
all: $(BENCH_SCHED_ELF)
-include $(BENCH_OUT)/wake_latency.d
BENCH_SCHED_LINES := \
    '$(BENCH_OUT)/wake_latency.elf smp=1 append=sched=credit peers=3 extra=credit' \
    '$(BENCH_OUT)/wake_latency.elf smp=1 append=sched=sedf peers=3 cfg=period=10,slice=1 extra=sedf'

-include $(BENCH_HOST_HV_OBJS:.o=.d) $(BENCH_HOST_BIN).d
