/*
 * Shared I/O rings: the request/response channel between a front end (in
 * the domain that uses a device) and a back end (in the domain that has
 * the device), as Xen lays them out (reference/xen-abi.md 14).
 *
 * == The shared page ==
 *
 * A ring lives in one granted page (or 2^order pages).  It starts with a
 * 64-byte header,
 *     req_prod   @0   the front end's count of requests published,
 *     req_event  @4   the back end's wake-up threshold for requests,
 *     rsp_prod   @8   the back end's count of responses published,
 *     rsp_event  @12  the front end's wake-up threshold for responses,
 *     pvt        @16  4 bytes a protocol may use (netif: smartpoll),
 *     pad        @20  44 bytes of zeros,
 * followed by the slots, at offset 64: an array of a union of the request
 * and the response type.  The number of slots is the largest power of two
 * that fits in the area (4 KiB: 32 blkif slots, 256 netif tx or rx slots).
 *
 * The four indices are free-running 32-bit counters (RING_IDX): they only
 * ever grow, wrap at 2^32, and name slot (idx & (slots - 1)).  A response
 * reuses the slot of a request the back end has consumed, so a slot holds
 * either a request or a response.  All differences are taken modulo 2^32,
 * which keeps every comparison right across the wrap.
 *
 * Each side keeps private state next to the shared page: the front end
 * its next request index (req_prod_pvt) and the first response it has not
 * consumed (rsp_cons); the back end its next response index (rsp_prod_pvt)
 * and the first request it has not consumed (req_cons).  Only the front
 * end initialises the page: producers 0, both events 1.
 *
 * == Producing ==
 *
 * The producer fills slots at its private index, then publishes them by
 * storing the private index into the shared producer field, with a write
 * barrier between the slot contents and the index, so the consumer never
 * sees an index ahead of the data.
 *
 * == Notification suppression ==
 *
 * A consumer that is about to sleep asks to be woken by the first new item
 * after those it has seen: it sets its event field to (its consumer
 * index + 1).  A producer that publishes items (old, new] sends a
 * notification only if that threshold lies in (old, new], i.e. when
 * (new - event) < (new - old) modulo 2^32; otherwise the consumer is
 * still busy and will see the items without being told.  A full barrier
 * between publishing and reading the event field pairs with the
 * consumer's "final check" below, so that of the two one always sees the
 * other: no item can be left with a sleeping consumer and no notification.
 *
 * == The final check ==
 *
 * Before sleeping, a consumer that found no work sets its event field to
 * (consumer index + 1), issues a full barrier, and looks again: an item
 * published in between is found now, and one published later carries a
 * notification.
 *
 * == Trust ==
 *
 * The page is writable by both domains, so everything in it may change at
 * any moment.  A back end must never trust the front end's req_prod: it
 * reads it once, checks it against what is possible (no more than a
 * ring's worth of requests unanswered, never behind what it has already
 * consumed), and copies each request out of its slot before looking at
 * any field.  The front end treats rsp_prod the same way.  The
 * *_requests_to_consume() and *_responses_to_consume() functions below do
 * the index half of that; *_copy_request() and *_copy_response() the copy.
 *
 * == How this header differs from Xen's ==
 *
 * The layouts and the index arithmetic are Xen's.  Xen's header is a set
 * of generic macros (RING_PUSH_REQUESTS(r), ...).  Here DEFINE_RING_TYPES
 * generates, next to the structures, typed inline functions for one ring
 * type, named after it: for `DEFINE_RING_TYPES(blkif, req, rsp)`,
 * blkif_front_init(), blkif_push_requests_and_check_notify(),
 * blkif_final_check_for_requests(), and so on.  They evaluate each
 * argument once, read every shared index exactly once per use (atomic
 * loads and stores, so the compiler cannot re-read one after a check),
 * return their answer instead of assigning a macro argument, and the
 * compiler checks that a blkif ring is not handed to a netif function.
 * The correspondence with Xen's macros:
 *
 *   SHARED_RING_INIT(s)                       name_sring_init(s)
 *   FRONT_RING_INIT / _ATTACH(r, s, [i,] sz)  name_front_init / _attach
 *   BACK_RING_INIT / _ATTACH(r, s, [i,] sz)   name_back_init / _attach
 *   RING_SIZE(r)                              r->nr_ents
 *   RING_FREE_REQUESTS(r), RING_FULL(r)       name_free_requests, name_full
 *   RING_GET_REQUEST(r, i) (front, to fill)   name_request_slot(r, i)
 *   RING_GET_RESPONSE(r, i) (back, to fill)   name_response_slot(r, i)
 *   RING_COPY_REQUEST / RING_COPY_RESPONSE    name_copy_request / _response
 *   RING_HAS_UNCONSUMED_REQUESTS(r)           name_unconsumed_requests(r)
 *   RING_HAS_UNCONSUMED_RESPONSES(r)          name_unconsumed_responses(r)
 *   RING_REQUEST_PROD_OVERFLOW / _CONS_       name_requests_to_consume()
 *   RING_RESPONSE_PROD_OVERFLOW               name_responses_to_consume()
 *   RING_PUSH_REQUESTS[_AND_CHECK_NOTIFY]     name_push_requests[_and_check_notify]
 *   RING_PUSH_RESPONSES[_AND_CHECK_NOTIFY]    name_push_responses[_and_check_notify]
 *   RING_FINAL_CHECK_FOR_REQUESTS             name_final_check_for_requests
 *   RING_FINAL_CHECK_FOR_RESPONSES            name_final_check_for_responses
 *
 * Barriers: xen_mb() (full), xen_rmb() (earlier loads before later loads
 * and stores) and xen_wmb() (earlier loads and stores before later stores)
 * default to the compiler's atomic fences; an environment may define its
 * own before including this header.
 */
#ifndef PUBLIC_IO_RING_H
#define PUBLIC_IO_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef unsigned int RING_IDX;

#ifndef xen_mb
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef xen_rmb
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
#ifndef xen_wmb
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

/* A shared index read or written exactly once, where the code says. */
#define XEN_RING_LOAD(field)       __atomic_load_n(&(field), __ATOMIC_RELAXED)
#define XEN_RING_STORE(field, val) __atomic_store_n(&(field), (val), __ATOMIC_RELAXED)

/* Bytes of the header in front of the slots. */
#define XEN_RING_HEADER_SIZE 64

/*
 * The largest power of two not above n (0 for 0), as a constant
 * expression, for n < 2^24: ring sizes known at compile time.
 */
#define XEN_RING_P2_(n, b) ((n) >= (1u << (b)) ? (1u << (b))
#define XEN_RING_POW2_FLOOR(n)                                                \
    (XEN_RING_P2_(n, 23) : XEN_RING_P2_(n, 22) : XEN_RING_P2_(n, 21) :         \
     XEN_RING_P2_(n, 20) : XEN_RING_P2_(n, 19) : XEN_RING_P2_(n, 18) :         \
     XEN_RING_P2_(n, 17) : XEN_RING_P2_(n, 16) : XEN_RING_P2_(n, 15) :         \
     XEN_RING_P2_(n, 14) : XEN_RING_P2_(n, 13) : XEN_RING_P2_(n, 12) :         \
     XEN_RING_P2_(n, 11) : XEN_RING_P2_(n, 10) : XEN_RING_P2_(n, 9) :          \
     XEN_RING_P2_(n, 8) : XEN_RING_P2_(n, 7) : XEN_RING_P2_(n, 6) :            \
     XEN_RING_P2_(n, 5) : XEN_RING_P2_(n, 4) : XEN_RING_P2_(n, 3) :            \
     XEN_RING_P2_(n, 2) : XEN_RING_P2_(n, 1) : XEN_RING_P2_(n, 0) : 0u)))))))))))))))))))))))))

/*
 * Slots of ring type `name` in an area of `bytes` bytes, as a constant
 * (Xen's __CONST_RING_SIZE): __CONST_RING_SIZE(blkif, 4096) is 32.
 */
#define XEN_RING_CONST_SIZE(name, bytes)                                      \
    XEN_RING_POW2_FLOOR(((bytes) - XEN_RING_HEADER_SIZE) /                    \
                        sizeof(union name##_sring_entry))

/*
 * DEFINE_RING_TYPES(name, req_t, rsp_t): the shared page, the two private
 * ring structures and their functions for one protocol.
 */
#define DEFINE_RING_TYPES(name, req_t, rsp_t)                                 \
                                                                              \
union name##_sring_entry {                                                    \
    req_t req;                                                                \
    rsp_t rsp;                                                                \
};                                                                            \
                                                                              \
struct name##_sring {                                                         \
    RING_IDX req_prod, req_event;                                             \
    RING_IDX rsp_prod, rsp_event;                                             \
    union {                                                                   \
        struct {                                                              \
            uint8_t smartpoll_active;                                         \
        } netif;                                                              \
        struct {                                                              \
            uint8_t msg;                                                      \
        } tapif_user;                                                         \
        uint8_t pvt_pad[4];                                                   \
    } pvt;                                                                    \
    uint8_t __pad[44];                                                        \
    union name##_sring_entry ring[1]; /* as many as fit: nr_ents */           \
};                                                                            \
                                                                              \
struct name##_front_ring {                                                    \
    RING_IDX req_prod_pvt;        /* next request to fill */                  \
    RING_IDX rsp_cons;            /* next response to consume */              \
    unsigned int nr_ents;         /* slots: a power of two */                 \
    struct name##_sring *sring;                                               \
};                                                                            \
                                                                              \
struct name##_back_ring {                                                     \
    RING_IDX rsp_prod_pvt;        /* next response to fill */                 \
    RING_IDX req_cons;            /* next request to consume */               \
    unsigned int nr_ents;                                                     \
    struct name##_sring *sring;                                               \
};                                                                            \
                                                                              \
typedef struct name##_sring name##_sring_t;                                   \
typedef struct name##_front_ring name##_front_ring_t;                         \
typedef struct name##_back_ring name##_back_ring_t;                           \
                                                                              \
/* Slots in an area of `bytes` bytes (at least the header plus one). */       \
static inline unsigned int name##_ring_slots(size_t bytes)                    \
{                                                                             \
    size_t n = (bytes - offsetof(struct name##_sring, ring)) /                \
               sizeof(union name##_sring_entry);                              \
    unsigned int p = 1;                                                       \
                                                                              \
    while ((size_t)p * 2 <= n)                                                \
        p *= 2;                                                               \
    return n ? p : 0;                                                         \
}                                                                             \
                                                                              \
/* The front end, once, before granting the page: an empty ring. */          \
static inline void name##_sring_init(struct name##_sring *s)                  \
{                                                                             \
    s->req_prod = s->rsp_prod = 0;                                            \
    s->req_event = s->rsp_event = 1;                                          \
    for (unsigned int i = 0; i < sizeof(s->pvt.pvt_pad); i++)                 \
        s->pvt.pvt_pad[i] = 0;                                                \
    for (unsigned int i = 0; i < sizeof(s->__pad); i++)                       \
        s->__pad[i] = 0;                                                      \
}                                                                             \
                                                                              \
/* Private state for a ring whose indices all stand at `idx`. */             \
static inline void name##_front_attach(struct name##_front_ring *r,           \
                                       struct name##_sring *s, RING_IDX idx,  \
                                       size_t bytes)                          \
{                                                                             \
    r->req_prod_pvt = idx;                                                    \
    r->rsp_cons = idx;                                                        \
    r->nr_ents = name##_ring_slots(bytes);                                    \
    r->sring = s;                                                             \
}                                                                             \
                                                                              \
static inline void name##_front_init(struct name##_front_ring *r,             \
                                     struct name##_sring *s, size_t bytes)    \
{                                                                             \
    name##_front_attach(r, s, 0, bytes);                                      \
}                                                                             \
                                                                              \
static inline void name##_back_attach(struct name##_back_ring *r,             \
                                      struct name##_sring *s, RING_IDX idx,   \
                                      size_t bytes)                           \
{                                                                             \
    r->rsp_prod_pvt = idx;                                                    \
    r->req_cons = idx;                                                        \
    r->nr_ents = name##_ring_slots(bytes);                                    \
    r->sring = s;                                                             \
}                                                                             \
                                                                              \
static inline void name##_back_init(struct name##_back_ring *r,               \
                                    struct name##_sring *s, size_t bytes)     \
{                                                                             \
    name##_back_attach(r, s, 0, bytes);                                       \
}                                                                             \
                                                                              \
/* Front end: slots it may still fill before responses free some. */         \
static inline unsigned int name##_free_requests(const struct name##_front_ring *r) \
{                                                                             \
    return r->nr_ents - (r->req_prod_pvt - r->rsp_cons);                      \
}                                                                             \
                                                                              \
static inline bool name##_full(const struct name##_front_ring *r)             \
{                                                                             \
    return name##_free_requests(r) == 0;                                      \
}                                                                             \
                                                                              \
/* Front end: the slot of request idx, to fill before pushing. */            \
static inline req_t *name##_request_slot(struct name##_front_ring *r,         \
                                         RING_IDX idx)                        \
{                                                                             \
    return &r->sring->ring[idx & (r->nr_ents - 1)].req;                       \
}                                                                             \
                                                                              \
/* Back end: the slot of response idx, to fill before pushing. */            \
static inline rsp_t *name##_response_slot(struct name##_back_ring *r,         \
                                          RING_IDX idx)                       \
{                                                                             \
    return &r->sring->ring[idx & (r->nr_ents - 1)].rsp;                       \
}                                                                             \
                                                                              \
/* Back end: request idx copied out of the shared slot, whole, once. */      \
static inline void name##_copy_request(const struct name##_back_ring *r,      \
                                       RING_IDX idx, req_t *out)              \
{                                                                             \
    *out = *(const volatile req_t *)&r->sring->ring[idx & (r->nr_ents - 1)].req; \
}                                                                             \
                                                                              \
/* Front end: response idx copied out of the shared slot, whole, once. */    \
static inline void name##_copy_response(const struct name##_front_ring *r,    \
                                        RING_IDX idx, rsp_t *out)             \
{                                                                             \
    *out = *(const volatile rsp_t *)&r->sring->ring[idx & (r->nr_ents - 1)].rsp; \
}                                                                             \
                                                                              \
/*                                                                            \
 * Back end: requests published and not yet consumed, at most the slots      \
 * not holding unanswered requests (Xen's clamp: however far ahead the       \
 * front end claims to be, the count never exceeds the ring).               \
 */                                                                           \
static inline unsigned int name##_unconsumed_requests(const struct name##_back_ring *r) \
{                                                                             \
    RING_IDX published = XEN_RING_LOAD(r->sring->req_prod) - r->req_cons;     \
    RING_IDX room = r->nr_ents - (r->req_cons - r->rsp_prod_pvt);             \
                                                                              \
    return published < room ? published : room;                               \
}                                                                             \
                                                                              \
/* Front end: responses published and not yet consumed. */                   \
static inline unsigned int name##_unconsumed_responses(const struct name##_front_ring *r) \
{                                                                             \
    return XEN_RING_LOAD(r->sring->rsp_prod) - r->rsp_cons;                   \
}                                                                             \
                                                                              \
/*                                                                            \
 * Back end: read req_prod once and check it.  Returns the number of         \
 * requests from req_cons that may be consumed, with the index read in       \
 * *prod; or -1 if the front end published an impossible index: more than   \
 * a ring's worth of requests without responses (Xen's                       \
 * RING_REQUEST_PROD_OVERFLOW), or fewer than the back end has already       \
 * consumed (the index moved backwards).  The slots up to *prod may be       \
 * read after this returns (it orders the reads after the index).            \
 */                                                                           \
static inline int name##_requests_to_consume(const struct name##_back_ring *r, \
                                             RING_IDX *prod)                  \
{                                                                             \
    RING_IDX p = XEN_RING_LOAD(r->sring->req_prod);                           \
    RING_IDX unanswered = p - r->rsp_prod_pvt;                                \
    RING_IDX consumed = r->req_cons - r->rsp_prod_pvt;                        \
                                                                              \
    xen_rmb();                                                                \
    if (unanswered > r->nr_ents || unanswered < consumed)                     \
        return -1;                                                            \
    *prod = p;                                                                \
    return (int)(unanswered - consumed);                                      \
}                                                                             \
                                                                              \
/*                                                                            \
 * Front end: the same for rsp_prod: -1 if the back end answered more        \
 * requests than were published, or moved its index backwards.              \
 */                                                                           \
static inline int name##_responses_to_consume(const struct name##_front_ring *r, \
                                              RING_IDX *prod)                 \
{                                                                             \
    RING_IDX p = XEN_RING_LOAD(r->sring->rsp_prod);                           \
    RING_IDX answered = p - r->rsp_cons;                                      \
                                                                              \
    xen_rmb();                                                                \
    if (answered > r->req_prod_pvt - r->rsp_cons)                             \
        return -1;                                                            \
    *prod = p;                                                                \
    return (int)answered;                                                     \
}                                                                             \
                                                                              \
/* Front end: publish the requests filled up to req_prod_pvt. */             \
static inline void name##_push_requests(struct name##_front_ring *r)          \
{                                                                             \
    xen_wmb();                                                                \
    XEN_RING_STORE(r->sring->req_prod, r->req_prod_pvt);                      \
}                                                                             \
                                                                              \
/* Back end: publish the responses filled up to rsp_prod_pvt. */             \
static inline void name##_push_responses(struct name##_back_ring *r)          \
{                                                                             \
    xen_wmb();                                                                \
    XEN_RING_STORE(r->sring->rsp_prod, r->rsp_prod_pvt);                      \
}                                                                             \
                                                                              \
/* Publish, then: must the back end be notified? */                          \
static inline bool name##_push_requests_and_check_notify(struct name##_front_ring *r) \
{                                                                             \
    RING_IDX old = XEN_RING_LOAD(r->sring->req_prod);                         \
    RING_IDX new_ = r->req_prod_pvt;                                          \
                                                                              \
    xen_wmb();                                                                \
    XEN_RING_STORE(r->sring->req_prod, new_);                                 \
    xen_mb();                                                                 \
    return (RING_IDX)(new_ - XEN_RING_LOAD(r->sring->req_event)) <            \
           (RING_IDX)(new_ - old);                                            \
}                                                                             \
                                                                              \
/* Publish, then: must the front end be notified? */                         \
static inline bool name##_push_responses_and_check_notify(struct name##_back_ring *r) \
{                                                                             \
    RING_IDX old = XEN_RING_LOAD(r->sring->rsp_prod);                         \
    RING_IDX new_ = r->rsp_prod_pvt;                                          \
                                                                              \
    xen_wmb();                                                                \
    XEN_RING_STORE(r->sring->rsp_prod, new_);                                 \
    xen_mb();                                                                 \
    return (RING_IDX)(new_ - XEN_RING_LOAD(r->sring->rsp_event)) <            \
           (RING_IDX)(new_ - old);                                            \
}                                                                             \
                                                                              \
/*                                                                            \
 * Back end, before sleeping: true if there are requests to consume; if     \
 * not, asks to be notified of the next one first, then looks again.        \
 */                                                                           \
static inline bool name##_final_check_for_requests(struct name##_back_ring *r) \
{                                                                             \
    if (name##_unconsumed_requests(r))                                        \
        return true;                                                          \
    XEN_RING_STORE(r->sring->req_event, r->req_cons + 1);                     \
    xen_mb();                                                                 \
    return name##_unconsumed_requests(r) != 0;                                \
}                                                                             \
                                                                              \
/* Front end, before sleeping: the same for responses. */                    \
static inline bool name##_final_check_for_responses(struct name##_front_ring *r) \
{                                                                             \
    if (name##_unconsumed_responses(r))                                       \
        return true;                                                          \
    XEN_RING_STORE(r->sring->rsp_event, r->rsp_cons + 1);                     \
    xen_mb();                                                                 \
    return name##_unconsumed_responses(r) != 0;                               \
}                                                                             \
                                                                              \
struct name##_sring  /* a declaration, so the invocation ends with ';' */

#endif /* PUBLIC_IO_RING_H */
