/*
 * Helpers for the xenstore family: the raw store ring (below the guest
 * library's client, for the hostile cases) and the witness.
 *
 * The witness (tests/conformance/xenstore/witness) is a second domU that
 * keeps using the store while a test attacks it: it writes a node, reads
 * it back and commits a small transaction, over and over, and counts the
 * round trips that gave the right answer in a page it grants to the test
 * (grant ref XS_WITNESS_REF, read-write, to domain 1).  The test maps the
 * page and, after each hostile case, checks that the count went on
 * rising with no failure: other domains' store access still works, even
 * when the test's own connection is broken for good.  A test listing the
 * witness as its peer (name@run@xenstore/witness) has it as domain 2.
 */
#ifndef CONFORMANCE_XS_TEST_H
#define CONFORMANCE_XS_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/xs_wire.h>

#define XS_WITNESS_REF    8
#define XS_WITNESS_DOMID  2
#define XS_WITNESS_MAGIC  0x57495445u     /* "WITE" */

struct xs_witness {
    uint32_t magic;         /* XS_WITNESS_MAGIC once it is running */
    uint32_t rounds;        /* round trips that gave the right answer */
    uint32_t failures;      /* ... that did not */
    int32_t last_err;       /* the last failure's error */
    uint32_t stop;          /* set by the test: the witness powers off */
};

/* Map the witness's page, waiting up to 2 s for it to be granted. */
bool xs_witness_attach(void);
/*
 * The witness completed at least 3 more good round trips within 2 s and
 * none failed.  Reports FAILURE (with the witness's last error) if not.
 */
bool xs_others_served(void);
/* Tell the witness to power off. */
void xs_witness_stop(void);

/* This domain's store ring (found through start_info and the P2M). */
struct xenstore_domain_interface *xs_ring(void);
/* Put bytes on the request ring as they are, and notify. */
void xs_raw_send(const void *msg, size_t len);
/*
 * Take one reply (header and up to cap payload bytes) from the response
 * ring, waiting up to 1 s.  Returns the payload length, or -1.
 */
long xs_raw_reply(struct xsd_sockmsg *hdr, char *body, size_t cap);
/* A framed request with a payload, then its reply; -1 if none came. */
long xs_raw_request(uint32_t type, uint32_t req_id, uint32_t tx_id, const void *payload,
                    uint32_t len, struct xsd_sockmsg *hdr, char *body, size_t cap);
/* Wait up to 1 s for the daemon to report an error in the ring's field. */
uint32_t xs_ring_error_wait(void);

#endif /* CONFORMANCE_XS_TEST_H */
