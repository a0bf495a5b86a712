/*
 * The shared-ring functions of public/io/ring.h, on a blkif ring (32
 * slots in a page) driven from both ends in one thread: producing and
 * consuming across the 2^32 wrap of the indices, notification suppression
 * and the final check (no wake-up is ever lost in any order of whole
 * steps), and the checks that keep a consumer from trusting the other
 * side's producer index.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <public/io/blkif.h>

static _Alignas(4096) unsigned char page[4096];
static struct blkif_sring *sring = (struct blkif_sring *)page;
static struct blkif_front_ring front;
static struct blkif_back_ring back;

/* A fresh ring whose indices all stand at idx. */
static void fresh(RING_IDX idx)
{
    memset(page, 0xa5, sizeof(page));
    blkif_sring_init(sring);
    sring->req_prod = sring->rsp_prod = idx;
    sring->req_event = sring->rsp_event = idx + 1;
    blkif_front_attach(&front, sring, idx, sizeof(page));
    blkif_back_attach(&back, sring, idx, sizeof(page));
}

/* The front end queues one request tagged `id` (not yet pushed). */
static void queue_request(uint64_t id)
{
    struct blkif_request *rq = blkif_request_slot(&front, front.req_prod_pvt++);

    memset(rq, 0, sizeof(*rq));
    rq->operation = BLKIF_OP_READ;
    rq->id = id;
}

/* The back end answers every request it may consume; how many. */
static int answer_all(void)
{
    RING_IDX prod;
    int n = blkif_requests_to_consume(&back, &prod);

    assert_true(n >= 0);
    for (int i = 0; i < n; i++) {
        struct blkif_request rq;
        struct blkif_response *rsp;

        blkif_copy_request(&back, back.req_cons++, &rq);
        rsp = blkif_response_slot(&back, back.rsp_prod_pvt++);
        rsp->id = rq.id;
        rsp->operation = rq.operation;
        rsp->status = BLKIF_RSP_OKAY;
    }
    assert_int_equal(back.req_cons, prod);
    return n;
}

/* sring_init: empty, both events at 1, the header's padding zero. */
static void init_state(void **state)
{
    memset(page, 0xff, sizeof(page));
    blkif_sring_init(sring);
    blkif_front_init(&front, sring, sizeof(page));
    blkif_back_init(&back, sring, sizeof(page));
    assert_int_equal(sring->req_prod, 0);
    assert_int_equal(sring->rsp_prod, 0);
    assert_int_equal(sring->req_event, 1);
    assert_int_equal(sring->rsp_event, 1);
    for (unsigned int i = 0; i < sizeof(sring->__pad); i++)
        assert_int_equal(sring->__pad[i], 0);
    assert_int_equal(sring->pvt.pvt_pad[3], 0);
    assert_int_equal(front.nr_ents, 32);
    assert_int_equal(back.nr_ents, 32);
    assert_int_equal(blkif_free_requests(&front), 32);
    assert_false(blkif_full(&front));
    assert_int_equal(blkif_unconsumed_requests(&back), 0);
    assert_int_equal(blkif_unconsumed_responses(&front), 0);
}

/* Requests and responses go round the ring many times across the 2^32
 * wrap of the indices, ids in order, counts right throughout. */
static void wrap_around(void **state)
{
    uint64_t next_id = 0, expect_id = 0;

    fresh(0xffffff00u);
    for (unsigned int round = 0; round < 200; round++) {
        unsigned int batch = 1 + round % 32;
        RING_IDX prod;
        int n;

        for (unsigned int i = 0; i < batch; i++)
            queue_request(next_id++);
        assert_int_equal(blkif_free_requests(&front), 32 - batch);
        assert_int_equal(blkif_full(&front), batch == 32);
        blkif_push_requests(&front);
        assert_int_equal(blkif_unconsumed_requests(&back), batch);
        assert_int_equal(answer_all(), (int)batch);
        blkif_push_responses(&back);

        n = blkif_responses_to_consume(&front, &prod);
        assert_int_equal(n, (int)batch);
        for (int i = 0; i < n; i++) {
            struct blkif_response rsp;

            blkif_copy_response(&front, front.rsp_cons++, &rsp);
            assert_int_equal(rsp.id, expect_id++);
            assert_int_equal(rsp.status, BLKIF_RSP_OKAY);
        }
        assert_int_equal(blkif_free_requests(&front), 32);
    }
    /* The indices did wrap. */
    assert_true(front.req_prod_pvt < 0xffffff00u);
    assert_int_equal(front.req_prod_pvt, (RING_IDX)(0xffffff00u + next_id));
}

/* A consumer that asked for a notification gets exactly one for a batch;
 * while it has not looked again, further pushes notify nobody. */
static void notification_suppression(void **state)
{
    fresh(0xfffffffeu);

    /* The back end sleeps: it asked for the next request. */
    assert_false(blkif_final_check_for_requests(&back));
    assert_int_equal(sring->req_event, (RING_IDX)(back.req_cons + 1));
    queue_request(1);
    queue_request(2);
    queue_request(3);
    assert_true(blkif_push_requests_and_check_notify(&front));
    /* It has not consumed yet: more requests need no notification. */
    queue_request(4);
    assert_false(blkif_push_requests_and_check_notify(&front));
    /* Nothing new published: no notification either. */
    assert_false(blkif_push_requests_and_check_notify(&front));

    /* The back end works, then answers all four in one batch; the front
     * end had asked to hear of the first response. */
    assert_true(blkif_final_check_for_requests(&back));
    assert_int_equal(answer_all(), 4);
    assert_false(blkif_final_check_for_requests(&back));
    assert_true(blkif_push_responses_and_check_notify(&back));
    assert_false(blkif_push_responses_and_check_notify(&back));

    /* A front end that is still busy (has not re-armed rsp_event since
     * the first response) is not notified of later ones. */
    queue_request(5);
    assert_true(blkif_push_requests_and_check_notify(&front));
    assert_int_equal(answer_all(), 1);
    assert_false(blkif_push_responses_and_check_notify(&back));
    /* Re-armed past everything consumed so far, it is notified again. */
    front.rsp_cons += 5;
    assert_false(blkif_final_check_for_responses(&front));
    assert_false(blkif_final_check_for_requests(&back));
    queue_request(6);
    assert_true(blkif_push_requests_and_check_notify(&front));
    assert_int_equal(answer_all(), 1);
    assert_true(blkif_push_responses_and_check_notify(&back));
}

/* The final check finds work published before it re-armed, and leaves
 * the event alone then; with none, it re-arms at cons + 1. */
static void final_check(void **state)
{
    fresh(7);
    sring->req_event = 1000;        /* stale: far from the indices */
    queue_request(1);
    blkif_push_requests(&front);    /* published without a notification */
    assert_true(blkif_final_check_for_requests(&back));
    assert_int_equal(sring->req_event, 1000);
    assert_int_equal(answer_all(), 1);
    assert_false(blkif_final_check_for_requests(&back));
    assert_int_equal(sring->req_event, 9);
    queue_request(2);
    assert_true(blkif_push_requests_and_check_notify(&front));
}

/*
 * Any order of whole steps loses no wake-up: a producer and a consumer
 * each take steps at random; the consumer sleeps only after a final check
 * that found nothing, and wakes only when notified.  Whenever it sleeps,
 * every request published is one it consumed, or it was notified of.
 */
static void no_lost_wakeup(void **state)
{
    bool asleep = false;
    unsigned int pending_wakeups = 0;

    srand(1);
    fresh(0xfffff000u);
    for (unsigned int step = 0; step < 200000; step++) {
        if (rand() % 2) {                           /* producer */
            unsigned int k = rand() % 4;

            for (unsigned int i = 0; i < k && !blkif_full(&front); i++)
                queue_request(step);
            if (blkif_push_requests_and_check_notify(&front))
                pending_wakeups++;
        } else if (!asleep) {                       /* consumer, awake */
            answer_all();
            blkif_push_responses(&back);
            front.rsp_cons = back.rsp_prod_pvt;     /* the front end reaps */
            if (!blkif_final_check_for_requests(&back))
                asleep = true;
        } else if (pending_wakeups) {               /* consumer, notified */
            pending_wakeups = 0;
            asleep = false;
        }
        if (asleep && !pending_wakeups)
            assert_int_equal(blkif_unconsumed_requests(&back), 0);
    }
}

/* The back end never trusts req_prod: ahead by more than a ring, or
 * behind what it consumed, is refused; up to exactly a ring is fine. */
static void hostile_request_producer(void **state)
{
    RING_IDX prod = 0;

    fresh(0xfffffff0u);
    for (unsigned int i = 0; i < 10; i++)
        queue_request(i);
    blkif_push_requests(&front);
    assert_int_equal(answer_all(), 10);             /* 10 answered */
    for (unsigned int i = 0; i < 5; i++)
        queue_request(i);
    blkif_push_requests(&front);
    back.req_cons += 3;                             /* 3 of 5 consumed */

    /* Honest: 2 left. */
    assert_int_equal(blkif_requests_to_consume(&back, &prod), 2);
    /* A whole ring unanswered is the most there can be. */
    sring->req_prod = back.rsp_prod_pvt + 32;
    assert_int_equal(blkif_requests_to_consume(&back, &prod), 29);
    assert_int_equal(prod, back.rsp_prod_pvt + 32);
    assert_int_equal(blkif_unconsumed_requests(&back), 29);
    /* One more, far ahead, or wrapped all the way round. */
    prod = 12345;
    sring->req_prod = back.rsp_prod_pvt + 33;
    assert_int_equal(blkif_requests_to_consume(&back, &prod), -1);
    assert_int_equal(prod, 12345);                  /* untouched on refusal */
    assert_int_equal(blkif_unconsumed_requests(&back), 29); /* clamped */
    sring->req_prod = back.req_cons + 0x80000000u;
    assert_int_equal(blkif_requests_to_consume(&back, &prod), -1);
    assert_true(blkif_unconsumed_requests(&back) <= 32);
    /* Backwards: below what was consumed, or below what was answered. */
    sring->req_prod = back.req_cons - 1;
    assert_int_equal(blkif_requests_to_consume(&back, &prod), -1);
    sring->req_prod = back.rsp_prod_pvt - 1;
    assert_int_equal(blkif_requests_to_consume(&back, &prod), -1);
    /* Exactly where the back end is: nothing to do. */
    sring->req_prod = back.req_cons;
    assert_int_equal(blkif_requests_to_consume(&back, &prod), 0);
}

/* Any 32-bit req_prod, with the back end in any state: the answer is -1
 * or a count that keeps the consumer inside the requests it was sent. */
static void hostile_producer_sampled(void **state)
{
    srand(2);
    for (unsigned int i = 0; i < 1000000; i++) {
        RING_IDX base = (RING_IDX)rand() * 2654435761u;
        RING_IDX consumed = rand() % 33, prod_in = 0;
        RING_IDX p = i % 4 ? (RING_IDX)rand() * 40503u : base + (RING_IDX)(rand() % 70) - 4;
        int n;

        back = (struct blkif_back_ring){ .rsp_prod_pvt = base, .req_cons = base + consumed,
                                         .nr_ents = 32, .sring = sring };
        sring->req_prod = p;
        n = blkif_requests_to_consume(&back, &prod_in);
        if ((RING_IDX)(p - base) > 32 || (RING_IDX)(p - base) < consumed) {
            assert_int_equal(n, -1);
        } else {
            assert_int_equal(n, (int)(p - base - consumed));
            assert_true(consumed + (RING_IDX)n <= 32);
        }
        assert_true(blkif_unconsumed_requests(&back) <= 32 - consumed);
    }
}

/* The front end never trusts rsp_prod either. */
static void hostile_response_producer(void **state)
{
    RING_IDX prod;

    fresh(100);
    for (unsigned int i = 0; i < 6; i++)
        queue_request(i);
    blkif_push_requests(&front);
    assert_int_equal(answer_all(), 6);
    blkif_push_responses(&back);
    front.rsp_cons += 2;
    assert_int_equal(blkif_responses_to_consume(&front, &prod), 4);
    sring->rsp_prod = front.req_prod_pvt + 1;       /* answers a request never sent */
    assert_int_equal(blkif_responses_to_consume(&front, &prod), -1);
    sring->rsp_prod = front.rsp_cons - 1;           /* backwards */
    assert_int_equal(blkif_responses_to_consume(&front, &prod), -1);
    sring->rsp_prod = front.req_prod_pvt;           /* everything answered */
    assert_int_equal(blkif_responses_to_consume(&front, &prod), 4);
}

/* A request is copied whole: a front end rewriting the slot afterwards
 * does not change what the back end checked. */
static void copy_is_private(void **state)
{
    struct blkif_request copy;

    fresh(0);
    queue_request(42);
    blkif_request_slot(&front, 0)->nr_segments = 3;
    blkif_push_requests(&front);
    blkif_copy_request(&back, 0, &copy);
    blkif_request_slot(&front, 0)->nr_segments = 200;
    blkif_request_slot(&front, 0)->id = 7;
    assert_int_equal(copy.nr_segments, 3);
    assert_int_equal(copy.id, 42);
    /* Slot 32 is slot 0 again. */
    blkif_copy_request(&back, 32, &copy);
    assert_int_equal(copy.nr_segments, 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_state),
        cmocka_unit_test(wrap_around),
        cmocka_unit_test(notification_suppression),
        cmocka_unit_test(final_check),
        cmocka_unit_test(no_lost_wakeup),
        cmocka_unit_test(hostile_request_producer),
        cmocka_unit_test(hostile_producer_sampled),
        cmocka_unit_test(hostile_response_producer),
        cmocka_unit_test(copy_is_private),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
