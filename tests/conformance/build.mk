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
#   <family>/<test> <role> <kernel.elf> [peer.elf::bootargs ...]
#
# A test listed in CONF_DOMU_TESTS runs as domain 1 under the standard
# dom0; one in CONF_DOM0_TESTS is dom0 itself.  A dom0 test may have peers:
# further domUs, all running the peer kernel (tests/conformance/peer/),
# listed in CONF_PEERS_<family>/<test> as name@actions.  The n-th peer is
# domain n; its actions (peer/main.c has the grammar) become its command
# line, e.g. r3@reason=3 boots `name="r3" memory=8 extra="reason=3"`.

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

CONF_DOM0_TESTS := \
    version/privileged \
    console/read \
    sched/shutdown_reasons sched/shutdown_code sched/remote_shutdown \
    sbi/srst_reset \
    fault/isolation fault/unhandleable \
    sysctl/privileged \
    context/fp_registers

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

# The scheduling trace buffer (issue 4, item 6).
CONF_DOMU_TESTS += sysctl/tbuf_denied
CONF_DOM0_TESTS += sysctl/tbuf_op
CONF_PEERS_sysctl/tbuf_op := sp1@spin=600+reason=0 sp2@spin=600+reason=0

# Scheduler policies (issue 4).  CONF_OPTS_<test>: the runner's per-test
# --smp=N and --append=OPT,OPT (hypervisor options; commas for blanks).
CONF_DOMU_TESTS += sched/domctl_denied
CONF_DOM0_TESTS += sched/credit_weights sched/credit_cap sched/sedf_reservation \
                   sched/policy_credit sched/policy_sedf sched/param_checks
CONF_OPTS_sched/credit_weights   := --smp=1 --append=sched=credit
CONF_PEERS_sched/credit_weights  := w256@spin=0 w512@spin=0 w1024@spin=0
CONF_OPTS_sched/credit_cap       := --smp=1 --append=sched=credit
CONF_PEERS_sched/credit_cap      := capped@spin=0 free@spin=0
CONF_OPTS_sched/sedf_reservation := --smp=1 --append=sched=sedf
CONF_PEERS_sched/sedf_reservation := rt@spin=0 be@spin=0
CONF_OPTS_sched/policy_credit    := --append=sched=credit
CONF_PEERS_sched/policy_credit   := a@spin=0 b@spin=0 c@spin=0
CONF_OPTS_sched/policy_sedf      := --append=sched=sedf
CONF_PEERS_sched/policy_sedf     := a@spin=0 b@spin=0 c@spin=0
CONF_PEERS_sched/param_checks    := idle@forever
CONF_DOM0_TESTS += sched/trace_dump
CONF_PEERS_sched/trace_dump      := hog@spin=0 nap@sleep=10000
CONF_OPTS_sched/trace_dump       := --append=tevt_mask=15

CONF_TESTS := $(CONF_DOMU_TESTS) $(CONF_DOM0_TESTS)
CONF_PEER_ELF := $(CONF_OUT)/peer.elf
CONF_ELFS := $(patsubst %,$(CONF_OUT)/%.elf,$(CONF_TESTS)) $(CONF_PEER_ELF)

CONF_LIB_OBJS := $(patsubst tests/conformance/%.c,$(CONF_OUT)/%.o,\
                   $(wildcard tests/conformance/lib/*.c))

$(CONF_OUT)/%.o: tests/conformance/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

$(foreach t,$(CONF_TESTS),\
    $(eval $(call guest_program,$(CONF_OUT)/$(t).elf,$(CONF_OUT)/$(t)/main.o $(CONF_LIB_OBJS))))
$(eval $(call guest_program,$(CONF_PEER_ELF),$(CONF_OUT)/peer/main.o $(CONF_LIB_OBJS)))

# One peer, name@actions, as a manifest word list.
conf_peer_name = $(firstword $(subst @, ,$(1)))
conf_peer_extra = $(word 2,$(subst @, ,$(1)))
conf_peer = $(CONF_PEER_ELF)::name="$(call conf_peer_name,$(1))" memory=8 \
            extra="$(call conf_peer_extra,$(1))"

conf_line = $(strip $(1) $(2) $(CONF_OUT)/$(1).elf $(CONF_OPTS_$(1)) \
                $(foreach p,$(CONF_PEERS_$(1)),$(call conf_peer,$(p))))

$(CONF_OUT)/tests.list: tests/conformance/build.mk
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)printf '%s\n' '# written by tests/conformance/build.mk' \
	    $(foreach t,$(CONF_DOMU_TESTS),'$(call conf_line,$(t),domu)') \
	    $(foreach t,$(CONF_DOM0_TESTS),'$(call conf_line,$(t),dom0)') > $@

all: $(CONF_ELFS) $(CONF_OUT)/tests.list

CONFORMANCE_ARGS ?=

conformance: all
	@$(PYTHON) scripts/conformance.py --build $(BUILD) $(CONFORMANCE_ARGS)

-include $(patsubst %.o,%.d,$(CONF_LIB_OBJS)) \
         $(patsubst %,$(CONF_OUT)/%/main.d,$(CONF_TESTS) peer)
