/*
 * Our public/io/xs_wire.h against Xen's own, as Debian's libxen-dev ships
 * it (/usr/include/xen/io/xs_wire.h): the same message numbers, header
 * and ring-page layouts, limits and constants, and the same error names
 * in the same order.  The layout checks are static assertions, so a
 * difference stops the build; the error names are compared at run time.
 *
 * Both headers use the same names, so Xen's is included first with every
 * name it defines moved aside (DEB_...), its macro values captured in an
 * enum, and its macros undefined before ours comes in.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define XS_NAMES(X) \
    X(XS_CONTROL) X(XS_DIRECTORY) X(XS_READ) X(XS_GET_PERMS) X(XS_WATCH) \
    X(XS_UNWATCH) X(XS_TRANSACTION_START) X(XS_TRANSACTION_END) \
    X(XS_INTRODUCE) X(XS_RELEASE) X(XS_GET_DOMAIN_PATH) X(XS_WRITE) \
    X(XS_MKDIR) X(XS_RM) X(XS_SET_PERMS) X(XS_WATCH_EVENT) X(XS_ERROR) \
    X(XS_IS_DOMAIN_INTRODUCED) X(XS_RESUME) X(XS_SET_TARGET) \
    X(XS_RESET_WATCHES) X(XS_DIRECTORY_PART) X(XS_TYPE_COUNT) X(XS_INVALID) \
    X(XS_WATCH_PATH) X(XS_WATCH_TOKEN)

#define xsd_sockmsg_type            deb_xsd_sockmsg_type
#define xsd_sockmsg                 deb_xsd_sockmsg
#define xsd_errors                  deb_xsd_errors
#define xs_watch_type               deb_xs_watch_type
#define xenstore_domain_interface   deb_xenstore_domain_interface
#define XENSTORE_RING_IDX           DEB_XENSTORE_RING_IDX
#define XS_CONTROL DEB_XS_CONTROL
#define XS_DIRECTORY DEB_XS_DIRECTORY
#define XS_READ DEB_XS_READ
#define XS_GET_PERMS DEB_XS_GET_PERMS
#define XS_WATCH DEB_XS_WATCH
#define XS_UNWATCH DEB_XS_UNWATCH
#define XS_TRANSACTION_START DEB_XS_TRANSACTION_START
#define XS_TRANSACTION_END DEB_XS_TRANSACTION_END
#define XS_INTRODUCE DEB_XS_INTRODUCE
#define XS_RELEASE DEB_XS_RELEASE
#define XS_GET_DOMAIN_PATH DEB_XS_GET_DOMAIN_PATH
#define XS_WRITE DEB_XS_WRITE
#define XS_MKDIR DEB_XS_MKDIR
#define XS_RM DEB_XS_RM
#define XS_SET_PERMS DEB_XS_SET_PERMS
#define XS_WATCH_EVENT DEB_XS_WATCH_EVENT
#define XS_ERROR DEB_XS_ERROR
#define XS_IS_DOMAIN_INTRODUCED DEB_XS_IS_DOMAIN_INTRODUCED
#define XS_RESUME DEB_XS_RESUME
#define XS_SET_TARGET DEB_XS_SET_TARGET
#define XS_RESET_WATCHES DEB_XS_RESET_WATCHES
#define XS_DIRECTORY_PART DEB_XS_DIRECTORY_PART
#define XS_TYPE_COUNT DEB_XS_TYPE_COUNT
#define XS_INVALID DEB_XS_INVALID
#define XS_WATCH_PATH DEB_XS_WATCH_PATH
#define XS_WATCH_TOKEN DEB_XS_WATCH_TOKEN
#include <xen/io/xs_wire.h>

enum {
    DEB_RING_SIZE = XENSTORE_RING_SIZE,
    DEB_MASK_TEST = MASK_XENSTORE_IDX(0x12345u),
    DEB_PAYLOAD_MAX = XENSTORE_PAYLOAD_MAX,
    DEB_ABS_PATH_MAX = XENSTORE_ABS_PATH_MAX,
    DEB_REL_PATH_MAX = XENSTORE_REL_PATH_MAX,
    DEB_FEATURE_RECONNECTION = XENSTORE_SERVER_FEATURE_RECONNECTION,
    DEB_FEATURE_ERROR = XENSTORE_SERVER_FEATURE_ERROR,
    DEB_CONNECTED = XENSTORE_CONNECTED,
    DEB_RECONNECT = XENSTORE_RECONNECT,
    DEB_ERROR_NONE = XENSTORE_ERROR_NONE,
    DEB_ERROR_COMM = XENSTORE_ERROR_COMM,
    DEB_ERROR_RINGIDX = XENSTORE_ERROR_RINGIDX,
    DEB_ERROR_PROTO = XENSTORE_ERROR_PROTO,
    DEB_XS_DEBUG = XS_DEBUG,
};

#undef XS_DEBUG
#undef XENSTORE_RING_SIZE
#undef MASK_XENSTORE_IDX
#undef XENSTORE_PAYLOAD_MAX
#undef XENSTORE_ABS_PATH_MAX
#undef XENSTORE_REL_PATH_MAX
#undef XENSTORE_SERVER_FEATURE_RECONNECTION
#undef XENSTORE_SERVER_FEATURE_ERROR
#undef XENSTORE_CONNECTED
#undef XENSTORE_RECONNECT
#undef XENSTORE_ERROR_NONE
#undef XENSTORE_ERROR_COMM
#undef XENSTORE_ERROR_RINGIDX
#undef XENSTORE_ERROR_PROTO
#undef xsd_sockmsg_type
#undef xsd_sockmsg
#undef xsd_errors
#undef xs_watch_type
#undef xenstore_domain_interface
#undef XENSTORE_RING_IDX
#undef XS_CONTROL
#undef XS_DIRECTORY
#undef XS_READ
#undef XS_GET_PERMS
#undef XS_WATCH
#undef XS_UNWATCH
#undef XS_TRANSACTION_START
#undef XS_TRANSACTION_END
#undef XS_INTRODUCE
#undef XS_RELEASE
#undef XS_GET_DOMAIN_PATH
#undef XS_WRITE
#undef XS_MKDIR
#undef XS_RM
#undef XS_SET_PERMS
#undef XS_WATCH_EVENT
#undef XS_ERROR
#undef XS_IS_DOMAIN_INTRODUCED
#undef XS_RESUME
#undef XS_SET_TARGET
#undef XS_RESET_WATCHES
#undef XS_DIRECTORY_PART
#undef XS_TYPE_COUNT
#undef XS_INVALID
#undef XS_WATCH_PATH
#undef XS_WATCH_TOKEN

#include <public/io/xs_wire.h>

/* Every message type and watch index has Xen's value. */
#define SAME_VALUE(n) _Static_assert((long)n == (long)DEB_##n, #n);
XS_NAMES(SAME_VALUE)
_Static_assert((long)XS_DEBUG == (long)DEB_XS_DEBUG, "XS_DEBUG");

/* The header. */
#define SAME_OFF(t, f) \
    _Static_assert(offsetof(struct t, f) == offsetof(struct deb_##t, f), #t "." #f); \
    _Static_assert(sizeof(((struct t *)0)->f) == sizeof(((struct deb_##t *)0)->f), \
                   #t "." #f " size");
_Static_assert(sizeof(struct xsd_sockmsg) == sizeof(struct deb_xsd_sockmsg), "xsd_sockmsg");
SAME_OFF(xsd_sockmsg, type)
SAME_OFF(xsd_sockmsg, req_id)
SAME_OFF(xsd_sockmsg, tx_id)
SAME_OFF(xsd_sockmsg, len)

/* The ring page. */
_Static_assert(sizeof(struct xenstore_domain_interface) ==
               sizeof(struct deb_xenstore_domain_interface), "xenstore_domain_interface");
SAME_OFF(xenstore_domain_interface, req)
SAME_OFF(xenstore_domain_interface, rsp)
SAME_OFF(xenstore_domain_interface, req_cons)
SAME_OFF(xenstore_domain_interface, req_prod)
SAME_OFF(xenstore_domain_interface, rsp_cons)
SAME_OFF(xenstore_domain_interface, rsp_prod)
SAME_OFF(xenstore_domain_interface, server_features)
SAME_OFF(xenstore_domain_interface, connection)
SAME_OFF(xenstore_domain_interface, error)
_Static_assert(sizeof(XENSTORE_RING_IDX) == sizeof(DEB_XENSTORE_RING_IDX), "ring idx");

/* Limits and constants. */
_Static_assert(XENSTORE_RING_SIZE == DEB_RING_SIZE, "ring size");
_Static_assert(MASK_XENSTORE_IDX(0x12345u) == DEB_MASK_TEST, "mask");
_Static_assert(XENSTORE_PAYLOAD_MAX == DEB_PAYLOAD_MAX, "payload max");
_Static_assert(XENSTORE_ABS_PATH_MAX == DEB_ABS_PATH_MAX, "abs path max");
_Static_assert(XENSTORE_REL_PATH_MAX == DEB_REL_PATH_MAX, "rel path max");
_Static_assert(XENSTORE_SERVER_FEATURE_RECONNECTION == DEB_FEATURE_RECONNECTION, "feature");
_Static_assert(XENSTORE_SERVER_FEATURE_ERROR == DEB_FEATURE_ERROR, "feature");
_Static_assert(XENSTORE_CONNECTED == DEB_CONNECTED, "connected");
_Static_assert(XENSTORE_RECONNECT == DEB_RECONNECT, "reconnect");
_Static_assert(XENSTORE_ERROR_NONE == DEB_ERROR_NONE, "error none");
_Static_assert(XENSTORE_ERROR_COMM == DEB_ERROR_COMM, "error comm");
_Static_assert(XENSTORE_ERROR_RINGIDX == DEB_ERROR_RINGIDX, "error ringidx");
_Static_assert(XENSTORE_ERROR_PROTO == DEB_ERROR_PROTO, "error proto");

/* The errno names an XS_ERROR carries: Xen's list, in Xen's order. */
static void error_names_match(void **state)
{
#define NAME(name, num) #name,
    static const char *const ours[] = { XSD_ERROR_LIST(NAME) };
#undef NAME
    size_t n = sizeof(deb_xsd_errors) / sizeof(deb_xsd_errors[0]);
    size_t i;

    assert_int_equal(sizeof(ours) / sizeof(ours[0]), n);
    for (i = 0; i < n; i++)
        assert_string_equal(ours[i], deb_xsd_errors[i].errstring);
}

/* Our numbers are Linux's, as Xen's public errno.h says: the host's. */
static void error_numbers_are_linux(void **state)
{
#define NUM(name, num) assert_int_equal(num, name);
    XSD_ERROR_LIST(NUM)
#undef NUM
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_names_match),
        cmocka_unit_test(error_numbers_are_linux),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
