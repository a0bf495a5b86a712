# The pvh family: auto-translated (type="pvh") test guests of our own,
# included by tests/conformance/build.mk before it lists its kernels.
#
# Each test is tests/conformance/pvh/<test>/main.c on the small runtime in
# pvh/lib/ (no PV guest library: these guests own their page tables and
# see guest-physical memory), linked at GUEST_RAM_BASE and shipped as a
# flat binary, $(CONF_OUT)/pvh/<test>.bin, which the pvh builder loads.
# Tests named in CONF_OWN_KERNEL_TESTS are built here; conformance's
# build.mk takes their kernel from CONF_KERNEL_<test>.

PVH_OUT := $(CONF_OUT)/pvh
PVH_CFLAGS = $(GUEST_CFLAGS) -mcmodel=medany -fno-pic -Itests/conformance/pvh/lib
PVH_LDFLAGS := -nostdlib -static -march=rv64imac -mabi=lp64 -Wl,--no-warn-rwx-segments \
               -T tests/conformance/pvh/lib/pvh.lds
PVH_LIB_OBJS := $(PVH_OUT)/lib/head.o $(PVH_OUT)/lib/rt.o $(PVH_OUT)/lib/calls.o

# Every pvh/<test>/main.c; race_* ones are the SMP revocation tests; pv_*
# ones are PV kernels of the standard guest library (built and listed as
# every other family's).
PVH_PV_TESTS := $(patsubst tests/conformance/%/main.c,%,\
                  $(wildcard tests/conformance/pvh/pv_*/main.c))
PVH_ALL := $(filter-out $(PVH_PV_TESTS),\
             $(patsubst tests/conformance/%/main.c,%,$(wildcard tests/conformance/pvh/*/main.c)))
PVH_SMP_TESTS := $(filter pvh/race_%,$(PVH_ALL))
PVH_TESTS := $(filter-out $(PVH_SMP_TESTS),$(PVH_ALL))

PVH_ARGS := type="pvh"
$(foreach t,$(PVH_TESTS) $(PVH_SMP_TESTS),$(eval CONF_ARGS_$(t) := $(PVH_ARGS)))
$(foreach t,$(PVH_TESTS) $(PVH_SMP_TESTS),$(eval CONF_KERNEL_$(t) := $(CONF_OUT)/$(t).bin))
CONF_OWN_KERNEL_TESTS += $(PVH_TESTS) $(PVH_SMP_TESTS)
CONF_DOMU_TESTS += $(PVH_TESTS) $(PVH_SMP_TESTS) $(PVH_PV_TESTS)

CONF_OPTS_pvh/sbi_hsm := vcpus=2
CONF_OPTS_pvh/sbi_ipi_rfence := vcpus=2
# The PV granter (gnttab/granter) as domain 2, granting to the test (d1).
CONF_PEERS_pvh/grant_pv_peer := granter@to=1+rw=10+ro=11+sleep=100000@gnttab/granter
CONF_PEERS_pvh/physmap_hostile := granter@to=1+rw=10+sleep=100000@gnttab/granter
# Revocations against writers on other VCPUs, real parallel harts (as race/).
CONF_OPTS_pvh/race_physmap := smp=4 vcpus=4 icount=0 repeat=3 alone=1 timeout=150
CONF_OPTS_pvh/race_unmap := smp=4 vcpus=4 icount=0 repeat=3 alone=1 timeout=150
CONF_PEERS_pvh/race_unmap := granter@to=1+rw=10+sleep=100000@gnttab/granter

$(PVH_OUT)/lib/%.o: tests/conformance/pvh/lib/%.S
	@mkdir -p $(@D)
	$(Q)$(RV_CC) $(PVH_CFLAGS) -c $< -o $@

$(PVH_OUT)/%.o: tests/conformance/pvh/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(RV_CC) $(PVH_CFLAGS) -c $< -o $@

$(PVH_OUT)/%.elf: $(PVH_OUT)/%/main.o $(PVH_LIB_OBJS) tests/conformance/pvh/lib/pvh.lds
	$(Q)$(RV_CC) $(PVH_LDFLAGS) -o $@ $< $(PVH_LIB_OBJS) $(PVH_EXTRA) $(GUEST_LIBC_DIR)/libc.a \
	    $(GUEST_LIBGCC)

# The race tests add their writers (lib/race.c).
$(foreach t,$(PVH_SMP_TESTS),$(eval $(PVH_OUT)/$(notdir $(t)).elf: $(PVH_OUT)/lib/race.o))
$(foreach t,$(PVH_SMP_TESTS),$(eval $(PVH_OUT)/$(notdir $(t)).elf: PVH_EXTRA := $(PVH_OUT)/lib/race.o))

$(PVH_OUT)/%.bin: $(PVH_OUT)/%.elf
	$(Q)$(RV_OBJCOPY) -O binary $< $@

# Keep the objects and ELFs make would delete as intermediates.
.SECONDARY: $(PVH_LIB_OBJS) $(PVH_OUT)/lib/race.o $(patsubst %,$(CONF_OUT)/%/main.o,$(PVH_ALL)) \
            $(patsubst %,$(CONF_OUT)/%.elf,$(PVH_ALL))

-include $(PVH_LIB_OBJS:.o=.d) $(PVH_OUT)/lib/race.d $(patsubst %,$(CONF_OUT)/%/main.d,$(PVH_ALL))
