# xenstore/build.mk -- the XenStore daemon core, built three ways, plus
# the host daemon.  Included by the top-level Makefile before the test
# fragments, which use XS_UT_LIB and XS_FZ_OBJS.
#
#   $(BUILD)/xenstore/xenstored-host     the core over a Unix socket (host)
#   $(BUILD)/xenstore/rv/libxenstored.a  the core for dom0: freestanding
#                                        riscv64, against picolibc's headers
#   XS_UT_LIB                            the core under ASan + UBSan, for
#                                        tests/unit (make check)
#   XS_FZ_OBJS                           the core with libFuzzer coverage,
#                                        for tests/fuzz
#
# The core is plain C that needs only string functions and snprintf from
# a C library, so it is compiled unmodified for each; no renaming is
# needed, as it defines no libc names.

XS_SRCS := $(addprefix xenstore/,daemon.c node.c path.c perms.c view.c tree.c \
             watch.c conn.c dispatch.c ops_node.c ops_conn.c domain.c)
XS_OUT  := $(BUILD)/xenstore
XS_INC  := -Ihypervisor/include -Ixenstore

XS_HOST_CFLAGS = -g -O2 $(WARN) $(XS_INC) -MMD -MP
XS_HOST_OBJS := $(patsubst xenstore/%.c,$(XS_OUT)/host/%.o,$(XS_SRCS) xenstore/host/main.c)

$(XS_OUT)/host/%.o: xenstore/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(XS_HOST_CFLAGS) -c $< -o $@

$(XS_OUT)/xenstored-host: $(XS_HOST_OBJS)
	$(HOST_CC) -o $@ $^

XS_RV_OBJS := $(patsubst xenstore/%.c,$(XS_OUT)/rv/%.o,$(XS_SRCS))
XS_RV_LIB  := $(XS_OUT)/rv/libxenstored.a

$(XS_OUT)/rv/%.o: xenstore/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(GUEST_CFLAGS) -Ixenstore -c $< -o $@

$(XS_RV_LIB): $(XS_RV_OBJS)
	rm -f $@
	$(CROSS)ar rcs $@ $^

XS_UT_OBJS := $(patsubst xenstore/%.c,$(BUILD)/unit/xenstore/%.o,$(XS_SRCS))
XS_UT_LIB  := $(BUILD)/unit/xenstore/libxenstored.a

$(BUILD)/unit/xenstore/%.o: xenstore/%.c
	@mkdir -p $(@D)
	$(HOST_CC) $(UT_CFLAGS) -Ixenstore -c $< -o $@

$(XS_UT_LIB): $(XS_UT_OBJS)
	rm -f $@
	ar rcs $@ $^

XS_FZ_OBJS := $(patsubst xenstore/%.c,$(BUILD)/fuzz/xenstore/%.o,$(XS_SRCS))

$(BUILD)/fuzz/xenstore/%.o: xenstore/%.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	$(Q)$(FZ_CC) $(FZ_CFLAGS) -fsanitize=fuzzer-no-link -Ixenstore -c $< -o $@

.PHONY: xenstored xs-interop
xenstored: $(XS_OUT)/xenstored-host $(XS_RV_LIB)
all: xenstored

# Xen's xenstore-utils against the host daemon (part of make test).
xs-interop: $(XS_OUT)/xenstored-host
	@BUILD=$(BUILD) tests/xs-interop/run.sh

-include $(XS_HOST_OBJS:.o=.d) $(XS_RV_OBJS:.o=.d) $(XS_UT_OBJS:.o=.d) $(XS_FZ_OBJS:.o=.d)
