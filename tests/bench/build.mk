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
BENCH_ELFS := $(patsubst %,$(BENCH_OUT)/%.elf,$(BENCH_KERNELS))

# Event channels (h-evtchn): kernels that run with options, listed as
# whole bench.list lines (format: scripts/bench.py).
BENCH_OPT_KERNELS := evtchn_pingpong
BENCH_PONG := peer=$(BUILD)/conformance/peer.elf peer_extra=evtchn_connect=1+evtchn_echo=0
BENCH_OPT_LINES := '$(BENCH_OUT)/evtchn_pingpong.elf smp=1 extra=1cpu $(BENCH_PONG)' \
                   '$(BENCH_OUT)/evtchn_pingpong.elf smp=2 extra=2cpu $(BENCH_PONG)'

# Grant tables (issue 5): map/unmap and copy of a peer's grants.
BENCH_OPT_KERNELS += grant_map
BENCH_OPT_LINES += '$(BENCH_OUT)/grant_map.elf peer=$(BUILD)/conformance/gnttab/granter.elf peer_extra=to=1+rw32=8+sleep=100000'

$(BENCH_OUT)/%.o: tests/bench/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

$(foreach k,$(BENCH_KERNELS) $(BENCH_OPT_KERNELS),\
    $(eval $(call guest_program,$(BENCH_OUT)/$(k).elf,$(BENCH_OUT)/$(k).o)))

$(BENCH_OUT)/bench.list: tests/bench/build.mk
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)printf '%s\n' '# written by tests/bench/build.mk' $(BENCH_ELFS) $(BENCH_OPT_LINES) > $@

all: $(BENCH_ELFS) $(patsubst %,$(BENCH_OUT)/%.elf,$(BENCH_OPT_KERNELS)) $(BENCH_OUT)/bench.list

bench: all
	@$(PYTHON) scripts/bench.py --build $(BUILD)

-include $(patsubst %,$(BENCH_OUT)/%.d,$(BENCH_KERNELS) $(BENCH_OPT_KERNELS))
