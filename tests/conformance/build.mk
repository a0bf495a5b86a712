# The conformance tests: each test is a small guest kernel on the guest
# library (guests/build.mk) plus lib/report.c.  This fragment builds them,
# writes the runner's manifest $(BUILD)/conformance/tests.list (format:
# scripts/conformance.py) and defines `make conformance`.
#
# A test is listed in CONF_TESTS as family/name:role[:peers], where role is
# domu (the test is domain 1 under the standard dom0) or dom0, and peers are
# further kernels of the same family, each booted as a domU.

CONF_OUT := $(BUILD)/conformance

CONF_TESTS := version/basic:domu \
              console/write:domu \
              hypercall/enosys:domu \
              sched/basic:domu \
              sbi/base:domu \
              fault/isolation:dom0:faulter+sleeper

CONF_PEERS := fault/faulter fault/sleeper

conf_name = $(word 1,$(subst :, ,$(1)))
conf_role = $(word 2,$(subst :, ,$(1)))
conf_peers = $(subst +, ,$(word 3,$(subst :, ,$(1))))
conf_family = $(firstword $(subst /, ,$(1)))

CONF_KERNELS := $(foreach t,$(CONF_TESTS),$(call conf_name,$(t))) $(CONF_PEERS)
CONF_ELFS := $(patsubst %,$(CONF_OUT)/%.elf,$(CONF_KERNELS))
CONF_LIB_OBJ := $(CONF_OUT)/lib/report.o

$(CONF_OUT)/%.o: tests/conformance/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

$(foreach k,$(CONF_KERNELS),$(eval $(call guest_program,$(CONF_OUT)/$(k).elf,$(CONF_OUT)/$(k).o $(CONF_LIB_OBJ))))

# One manifest line per test: name role kernel [peer::bootargs ...]
conf_line = $(call conf_name,$(1)) $(call conf_role,$(1)) $(CONF_OUT)/$(call conf_name,$(1)).elf \
    $(foreach p,$(call conf_peers,$(1)),$(CONF_OUT)/$(call conf_family,$(call conf_name,$(1)))/$(p).elf::name="$(p)" memory=8)

$(CONF_OUT)/tests.list: tests/conformance/build.mk
	@mkdir -p $(@D)
	$(Q)printf '%s\n' $(foreach t,$(CONF_TESTS),'$(call conf_line,$(t))') > $@

all: $(CONF_ELFS) $(CONF_OUT)/tests.list

conformance: all
	@$(PYTHON) scripts/conformance.py
