# The conformance tests: in-guest hypercall tests after the Xen Test
# Framework.  Included by the top-level Makefile.
#
#   make               also builds every test kernel and the manifest
#   make conformance   builds, then runs them all (scripts/conformance.py);
#                      CONFORMANCE_ARGS passes options and filters on,
#                      e.g. CONFORMANCE_ARGS="sched/ -j 4"
#
# Each test is a small guest kernel, tests/conformance/<family>/<test>/main.c,
# linked with the guest library (guests/build.mk) and the framework in
# tests/conformance/lib/.  The runner's manifest,
# $(BUILD)/conformance/tests.list, has one line per test (format in
# scripts/conformance.py):
#
#   <family>/<test> <role> [options] <kernel.elf> [peer.elf::bootargs ...]
#
# A test listed in CONF_DOMU_TESTS runs as domain 1 under the standard
# dom0; one in CONF_DOM0_TESTS is dom0 itself.  A dom0 test may have peers:
# further domUs, all running the peer kernel (tests/conformance/peer/),
# listed in CONF_PEERS_<family>/<test> as name@actions.  The n-th peer is
# domain n; its actions (peer/main.c has the grammar) become its command
# line, e.g. r3@reason=3 boots `name="r3" memory=8 extra="reason=3"`.
# CONF_ARGS_<family>/<test> adds bootargs (xl.cfg words without quotes,
# e.g. maxmem=20) to a domU-role test kernel's own description.
# CONF_OPTS_<family>/<test> are runner options for the test (smp=N harts,
# vcpus=N VCPUs for the test kernel, dom0_vcpus=N for the standard dom0,
# append=OPT,OPT hypervisor options, commas standing for blanks).
# domU tests may have peers too: the test is domain 1, the n-th peer is
# domain n+1.  A peer written name@actions@k runs another kernel,
# $(CONF_OUT)/k.elf built from tests/conformance/k/main.c (list k in
# CONF_PEER_KERNELS; actions must not be empty); it reads its actions from
# its command line as it likes.  A fourth field, name@actions@k@words, adds
# xl.cfg words to the peer's description ('+' for blanks), e.g. vcpus=4.

CONF_OUT := $(BUILD)/conformance

CONF_DOMU_TESTS := \
    version/basic \
    console/write console/read_denied \
    hypercall/enosys hypercall/registers hypercall/guest_access \
    sched/yield sched/block_timer sched/shutdown_invalid sched/remote_shutdown_denied \
    sbi/base_probe sbi/unknown_ext sbi/srst_invalid \
    evtchn/virq_basic evtchn/mask_unmask evtchn/exhaust \
    fault/reflected \
    sysctl/denied

# issue 3: multicall and memory_op
CONF_DOMU_TESTS += \
    multicall/basic multicall/nested multicall/bad_list multicall/continuation \
    memory/query memory/reservation memory/release memory/populate memory/continuation \
    mmu/satp_direct mmu/pte_rules mmu/foreign_map mmu/writable_alias mmu/pin mmu/batch \
    mmu/functional mmu/batch_limits mmu/multicall_shape

CONF_DOM0_TESTS := \
    version/privileged \
    console/read \
    sched/shutdown_reasons sched/shutdown_code sched/remote_shutdown \
    sbi/srst_reset \
    fault/isolation fault/unhandleable \
    sysctl/privileged \
    context/fp_registers

# Page-table hypercalls: hypervisor-side smoke checks (h-mm).
CONF_DOMU_TESTS += mmu/hv_smoke
CONF_DOM0_TESTS += mmu/hv_smoke_dom0

CONF_PEERS_sched/shutdown_reasons := r0@reason=0 r1@reason=1 r2@reason=2 \
                                     r3@reason=3 r4@reason=4 r5@reason=5
CONF_PEERS_sched/shutdown_code    := latch1@latch=1+reason=0 latch4@latch=4+latch=5+reason=0
CONF_PEERS_sched/remote_shutdown  := idle@forever
CONF_PEERS_sbi/srst_reset         := off@srst=0 cold@srst=1 warm@srst=2 \
                                     fail@srst_reason=1+srst=0
CONF_PEERS_fault/isolation        := faulter@fault=stvec0 sleeper@sleep=300+reason=0
CONF_PEERS_fault/unhandleable     := nostvec@fault=stvec0 badstvec@fault=badstvec
CONF_PEERS_sysctl/privileged      := idle@forever
CONF_PEERS_context/fp_registers   := fp1@fp=300 fp2@fp=300

# issue 3: memory tests run with 4 MiB of headroom over memory=16
CONF_DOM0_TESTS += memory/foreign mmu/foreign_map_dom0 mmu/satp_direct_dom0
CONF_PEERS_mmu/foreign_map_dom0 := idle@forever
CONF_PEERS_mmu/satp_direct_dom0 := idle@forever
CONF_PEERS_memory/foreign := sleeper@sleep=300+reason=0
CONF_ARGS_memory/query := maxmem=20
CONF_ARGS_memory/reservation := maxmem=20
CONF_ARGS_memory/release := maxmem=20
CONF_ARGS_memory/populate := maxmem=20
CONF_ARGS_memory/continuation := maxmem=20
# Multi-VCPU guests and time (h-vcpu).
CONF_DOMU_TESTS += vcpu/ops vcpu/runstate vcpu/register_vcpu_info vcpu/smp_work \
                   vcpu/smp_work4 vcpu/singleshot vcpu/remote_event vcpu/runstate_shared \
                   time/monotonic time/wallclock
CONF_OPTS_vcpu/ops                := vcpus=2 dom0_vcpus=4
CONF_OPTS_vcpu/runstate           := vcpus=2
CONF_OPTS_vcpu/register_vcpu_info := vcpus=3
CONF_OPTS_vcpu/smp_work           := smp=4 vcpus=2
CONF_OPTS_vcpu/smp_work4          := smp=4 vcpus=4
CONF_OPTS_vcpu/singleshot         := vcpus=2
CONF_OPTS_vcpu/remote_event       := vcpus=2
CONF_OPTS_vcpu/runstate_shared    := smp=1 vcpus=2
CONF_OPTS_time/monotonic          := smp=4 vcpus=4
CONF_ARGS_mmu/foreign_map := maxmem=20
CONF_ARGS_mmu/functional := maxmem=20
# Grant tables (issue 5).
CONF_DOMU_TESTS += gnttab/basic gnttab/hostile gnttab/before_setup
CONF_DOM0_TESTS += gnttab/peer_map gnttab/dom0_limits
CONF_PEERS_gnttab/peer_map := granter@rw=10+ro=11+wrong=12+flip=20+sleep=300+unmap=0+reason=0@gnttab/granter

# Event channels (h-evtchn)
CONF_DOMU_TESTS += evtchn/interdomain evtchn/local_ports evtchn/poll evtchn/hostile
CONF_PEERS_evtchn/interdomain := echo@evtchn_connect=1+evtchn_echo=0 \
                                 quitter@evtchn_connect=1+sleep=20+reason=0
CONF_PEERS_evtchn/hostile     := echo@evtchn_decoy=0+evtchn_decoy=1+evtchn_connect=1+evtchn_echo=0

CONF_DOM0_TESTS += evtchn/dom0_ops
CONF_PEERS_evtchn/dom0_ops    := idle@forever off@sleep=100+reason=0

# VIRQ_CONSOLE and VIRQ_DEBUG raised by the hypervisor; preemptible reset (h-virq)
CONF_DOMU_TESTS += evtchn/virq_console_domu evtchn/reset_continuation
CONF_DOM0_TESTS += evtchn/virq_console

# The PV console rings (issue 9).
CONF_DOMU_TESTS += console/ring_domu console/input
CONF_DOM0_TESTS += console/ring_order console/write_for
CONF_PEERS_console/ring_order := spew@print=400+reason=0
# XenStore from a domU, served by the standard dom0's xenstored (issue 9).
CONF_DOMU_TESTS += xenstore/basic xenstore/watch_tx xenstore/hostile xenstore/control_shutdown
# Hostile and protocol cases run beside the witness (domain 2), which keeps
# using the store and counts its good round trips in a page the test maps.
XS_WITNESS := w@run@xenstore/witness
XS_WITNESSED := xenstore/hostile xenstore/protocol xenstore/access xenstore/limits \
                xenstore/ring_split xenstore/ring_backwards xenstore/ring_rsp xenstore/dying
CONF_DOMU_TESTS += $(filter-out xenstore/hostile,$(XS_WITNESSED))
$(foreach t,$(XS_WITNESSED),$(eval CONF_PEERS_$(t) := $(XS_WITNESS)))
CONF_PEERS_xenstore/dying += dier@die@xenstore/witness

CONF_PEER_KERNELS :=
CONF_PEER_KERNELS += gnttab/granter xenstore/witness
# The scheduling trace buffer (issue 4, item 6).
CONF_DOMU_TESTS += sysctl/tbuf_denied
CONF_DOM0_TESTS += sysctl/tbuf_op
CONF_PEERS_sysctl/tbuf_op := sp1@spin=600+reason=0 sp2@spin=600+reason=0

# Scheduler policies (issue 4).  CONF_OPTS_<test>: the runner's per-test
# smp=N and append=OPT,OPT (hypervisor options; commas for blanks).
CONF_DOMU_TESTS += sched/domctl_denied
CONF_DOM0_TESTS += sched/credit_weights sched/credit_cap sched/sedf_reservation \
                   sched/policy_credit sched/policy_sedf sched/param_checks
CONF_OPTS_sched/credit_weights   := smp=1 append=sched=credit
CONF_PEERS_sched/credit_weights  := w256@spin=0 w512@spin=0 w1024@spin=0
CONF_OPTS_sched/credit_cap       := smp=1 append=sched=credit
CONF_PEERS_sched/credit_cap      := capped@spin=0 free@spin=0
CONF_OPTS_sched/sedf_reservation := smp=1 append=sched=sedf
CONF_PEERS_sched/sedf_reservation := rt@spin=0 be@spin=0
CONF_OPTS_sched/policy_credit    := append=sched=credit
CONF_PEERS_sched/policy_credit   := a@spin=0 b@spin=0 c@spin=0
CONF_OPTS_sched/policy_sedf      := append=sched=sedf
CONF_PEERS_sched/policy_sedf     := a@spin=0 b@spin=0 c@spin=0
CONF_PEERS_sched/param_checks    := idle@forever
CONF_DOM0_TESTS += sched/trace_dump
CONF_PEERS_sched/trace_dump      := hog@spin=0 nap@sleep=10000
CONF_OPTS_sched/trace_dump       := append=tevt_mask=15

# SMP isolation (issue 14): revocations attacked from other VCPUs on real
# parallel harts (no -icount, each test alone on the host), each test
# booted several times, 100 rounds a boot; the long mode (make race-long)
# boots each RACE_LONG times.
RACE_OPTS := smp=4 vcpus=4 icount=0 repeat=3 alone=1 timeout=150
CONF_DOMU_TESTS += race/pin_vs_copy race/free_vs_copy race/pin_storm race/evtchn_close_send
CONF_DOM0_TESTS += race/unmap_vs_copy race/shutdown_midcall
CONF_OPTS_race/pin_vs_copy := $(RACE_OPTS)
CONF_OPTS_race/free_vs_copy := $(RACE_OPTS)
CONF_OPTS_race/pin_storm := $(RACE_OPTS)
CONF_OPTS_race/evtchn_close_send := $(RACE_OPTS)
CONF_OPTS_race/unmap_vs_copy := $(RACE_OPTS)
CONF_PEERS_race/unmap_vs_copy := granter@rw=10+sleep=100000@gnttab/granter
CONF_OPTS_race/shutdown_midcall := smp=4 icount=0 repeat=3 alone=1 timeout=150
CONF_PEERS_race/shutdown_midcall := s1@ms=200@race/stormer@vcpus=4 \
                                    s2@ms=300@race/stormer@vcpus=4 \
                                    s3@ms=400@race/stormer@vcpus=4
CONF_PEER_KERNELS += race/stormer

# dom0's virtio drivers and physical interrupts (issue 10): dom0 tests
# drive the devices run.sh attaches (the disk snapshot=on).
CONF_DOM0_TESTS += virtio/blk_read virtio/blk_write virtio/blk_errors virtio/net
CONF_DOM0_TESTS += physdev/dom0_ops physdev/unbind_pending physdev/storm
CONF_DOMU_TESTS += physdev/domu_refused
CONF_OPTS_physdev/storm := smp=1
CONF_PEERS_physdev/storm := spinner@spin=100+reason=0

# The split network driver (issue 10, h-net): each test is domain 1 on
# dom0's bridge; net/peer domUs (lib/net_test.h) answer it, a witness peer
# keeps pinging dom0 while a hostile test breaks its own interface.
NET_PEER := p@serve@net/peer
NET_WITNESS := w@witness@net/peer
CONF_PEER_KERNELS += net/peer
CONF_DOMU_TESTS += net/handshake net/ping_domu net/ping_gateway net/ping_dom0 net/udp_domu \
                   net/udp_dom0 net/broadcast net/mac_learning net/in_flight
CONF_PEERS_net/ping_domu := $(NET_PEER)
CONF_PEERS_net/udp_domu := $(NET_PEER)
CONF_PEERS_net/broadcast := $(NET_PEER)
CONF_PEERS_net/in_flight := $(NET_PEER)
CONF_PEERS_net/mac_learning := $(NET_PEER) s@serve@net/peer
NET_HOSTILE := $(addprefix net/hostile_,prod_ahead prod_backwards crosses_page too_many_frags \
                 size_mismatch bad_extra rx_prod_ahead bad_gref revoked_gref dropped flood \
                 ring_revoke ring_ungranted rx_revoked rx_hog)
CONF_DOMU_TESTS += $(NET_HOSTILE)
$(foreach t,$(NET_HOSTILE),$(eval CONF_PEERS_$(t) := $(NET_WITNESS)))
# Auto-translated guests (h-pvh): a family that builds its own kernels
# lists its tests in CONF_OWN_KERNEL_TESTS and each kernel's path in
# CONF_KERNEL_<test>.
CONF_OWN_KERNEL_TESTS :=
include tests/conformance/pvh/build.mk
# The split block driver (issue 10, items 4 and 6): domU tests against the
# standard dom0's blkback.  The hostile ones run beside the blk witness
# (domain 2, tests/conformance/blk/witness), which keeps using its own disk.
BLK_WITNESS := w@run@blk/witness
BLK_TESTS := blk/handshake blk/read blk/write blk/flush blk/barrier blk/multi_segment \
             blk/inflight blk/reconnect blk/durable
BLK_WITNESSED := blk/isolation blk/prod_ahead blk/prod_backwards blk/bad_nsegs blk/bad_range \
                 blk/bad_sects blk/bad_op blk/bad_grant blk/flood blk/ring_ungranted \
                 blk/bad_evtchn blk/state_flood
CONF_DOMU_TESTS += $(BLK_TESTS) $(BLK_WITNESSED)
$(foreach t,$(BLK_WITNESSED),$(eval CONF_PEERS_$(t) := $(BLK_WITNESS)))
# One hart: on two, the hypervisor sometimes stalls for good with CPU 0 in
# the disk's interrupt spinning on dom0's event_lock while dom0's
# EVTCHNOP_send holds it on CPU 1 (seen in blk/isolation, blk/bad_nsegs;
# reported with the issue).  Remove once that is fixed.
$(foreach t,$(BLK_TESTS) $(BLK_WITNESSED),$(eval CONF_OPTS_$(t) += smp=1))
CONF_PEER_KERNELS += blk/witness
# The hypervisor's entry counter the blk bench reads (XEN_SYSCTL_perfc_op).
CONF_DOM0_TESTS += sysctl/perfc
# Not a test: the crash test's writer (scripts/blk_crash.py).
CONF_PEER_KERNELS += blk/crash_writer
# Its own writable copy of the disk image, checked on the host afterwards;
# on the host's clock, since its flushes reach the host's disk, which
# takes real time (under -icount the virtual clock would jump past
# blkfront's time-outs meanwhile).
CONF_OPTS_blk/durable += disk=copy icount=0

# The toolstack's domctls (issue 11): dom0 creates, inspects and destroys
# domains; hostile arguments; everything refused from a domU.
CONF_DOM0_TESTS += domctl/lifecycle domctl/hostile
CONF_DOMU_TESTS += domctl/denied
CONF_PEERS_domctl/hostile := idle@forever

# The toolstack in dom0 (issue 11): tests that are dom0 link its pieces
# (CONF_OBJS_<test>) and get dom0's ramdisk, a cpio archive of kernels
# and configurations (scripts/mkramdisk.py).
XL_RAMDISK := $(CONF_OUT)/xl/ramdisk.cpio
XL_OBJS := $(addprefix $(BUILD)/guests/dom0/,cpio.c.o ramdisk.c.o xg_build.c.o xg_elf.c.o \
             xg_layout.c.o) $(DOM0_SHARED_OBJS)
CONF_DOM0_TESTS += xl/build
CONF_OPTS_xl/build := ramdisk=$(XL_RAMDISK)
CONF_OBJS_xl/build := $(XL_OBJS)

CONF_TESTS := $(CONF_DOMU_TESTS) $(CONF_DOM0_TESTS)
CONF_PEER_ELF := $(CONF_OUT)/peer.elf
CONF_LIB_TESTS := $(filter-out $(CONF_OWN_KERNEL_TESTS),$(CONF_TESTS))
CONF_ELFS := $(patsubst %,$(CONF_OUT)/%.elf,$(CONF_LIB_TESTS) $(CONF_PEER_KERNELS)) $(CONF_PEER_ELF) \
             $(foreach t,$(CONF_OWN_KERNEL_TESTS),$(CONF_KERNEL_$(t)))

CONF_LIB_OBJS := $(patsubst tests/conformance/%.c,$(CONF_OUT)/%.o,\
                   $(wildcard tests/conformance/lib/*.c))

$(CONF_OUT)/%.o: tests/conformance/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

$(foreach t,$(CONF_LIB_TESTS) $(CONF_PEER_KERNELS),\
    $(eval $(call guest_program,$(CONF_OUT)/$(t).elf,$(CONF_OUT)/$(t)/main.o $(CONF_LIB_OBJS) \
                                $(CONF_OBJS_$(t)))))
$(eval $(call guest_program,$(CONF_PEER_ELF),$(CONF_OUT)/peer/main.o $(CONF_LIB_OBJS)))

# dom0's ramdisk for the xl tests.
$(XL_RAMDISK): $(CONF_PEER_ELF) $(BUILD)/guests/domu.elf scripts/mkramdisk.py
	@mkdir -p $(@D)
	$(Q)$(PYTHON) scripts/mkramdisk.py $@ boot/peer.elf=$(CONF_PEER_ELF) \
	    boot/domu.elf=$(BUILD)/guests/domu.elf
all: $(XL_RAMDISK)

# One peer, name@actions, as a manifest word list.
conf_peer_name = $(firstword $(subst @, ,$(1)))
conf_peer_extra = $(word 2,$(subst @, ,$(1)))
conf_peer_kernel = $(if $(word 3,$(subst @, ,$(1))),$(CONF_OUT)/$(word 3,$(subst @, ,$(1))).elf,$(CONF_PEER_ELF))
conf_peer_desc = $(subst +, ,$(word 4,$(subst @, ,$(1))))
conf_peer = $(call conf_peer_kernel,$(1))::name="$(call conf_peer_name,$(1))" memory=8 \
            $(call conf_peer_desc,$(1)) extra="$(call conf_peer_extra,$(1))"

conf_line = $(strip $(1) $(2) $(CONF_OPTS_$(1)) $(or $(CONF_KERNEL_$(1)),$(CONF_OUT)/$(1).elf)$(if $(CONF_ARGS_$(1)),::$(CONF_ARGS_$(1))) $(foreach p,$(CONF_PEERS_$(1)),$(call conf_peer,$(p))))

$(CONF_OUT)/tests.list: tests/conformance/build.mk tests/conformance/pvh/build.mk
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)printf '%s\n' '# written by tests/conformance/build.mk' \
	    $(foreach t,$(CONF_DOMU_TESTS),'$(call conf_line,$(t),domu)') \
	    $(foreach t,$(CONF_DOM0_TESTS),'$(call conf_line,$(t),dom0)') > $@

all: $(CONF_ELFS) $(CONF_OUT)/tests.list

CONFORMANCE_ARGS ?=

conformance: all
	@$(PYTHON) scripts/conformance.py --build $(BUILD) $(CONFORMANCE_ARGS)

RACE_LONG ?= 200
.PHONY: race-long
race-long: all
	@$(PYTHON) scripts/conformance.py --build $(BUILD) --repeat $(RACE_LONG) race/

-include $(patsubst %.o,%.d,$(CONF_LIB_OBJS)) \
         $(patsubst %,$(CONF_OUT)/%/main.d,$(CONF_TESTS) $(CONF_PEER_KERNELS) peer)
