/*
 * The per-connection messages: WATCH, UNWATCH, RESET_WATCHES,
 * TRANSACTION_START, TRANSACTION_END and CONTROL.
 */
#include <stdio.h>
#include <string.h>
#include "xs_core.h"

/* vec[0] as a canonical watch path; *relative says how it was given. */
static int watch_args(struct xs_req *r, const char **vec, char **path,
                      bool *relative)
{
    if (req_strings(r, vec, 2) != 2)
        return XEN_EINVAL;
    *relative = vec[0][0] != '/' && vec[0][0] != '@';
    return path_canon(&r->x, vec[0], true, path);
}

/* WATCH (add) or UNWATCH. */
static int watch_op(struct xs_req *r, bool add)
{
    struct xs_conn *c = r->x.c;
    const char *vec[2];
    bool relative;
    char *path;
    int err = watch_args(r, vec, &path, &relative);

    if (err)
        return err;
    err = add ? watch_add(c, path, vec[1], relative) : watch_del(c, path, vec[1]);
    xs_free(r->x.d, path);
    if (err)
        return err;
    err = req_ok(r);
    /* Xen fires every new watch once, straight after the reply. */
    if (add)
        conn_event(c, vec[0], vec[1]);
    return err;
}

int op_watch(struct xs_req *r)
{
    return watch_op(r, true);
}

int op_unwatch(struct xs_req *r)
{
    return watch_op(r, false);
}

/* Drops the connection's watches and its transactions, as Xen does. */
int op_reset_watches(struct xs_req *r)
{
    watch_del_all(r->x.c);
    conn_drop_txns(r->x.c);
    return req_ok(r);
}

static uint32_t unused_txn_id(struct xs_conn *c)
{
    const struct xs_txn *t;
    uint32_t id;

    do {
        id = c->next_txn_id++;
        for (t = c->txns; t && t->id != id; t = t->next)
            ;
    } while (id == 0 || t);
    return id;
}

int op_txn_start(struct xs_req *r)
{
    struct xs_conn *c = r->x.c;
    struct xs_txn *t;
    char id[12];
    int err;

    if (r->x.t)
        return XEN_EBUSY;
    if (!c->priv && c->ntxns >= XS_QUOTA_TRANSACTIONS)
        return XEN_ENOSPC;
    t = xs_zalloc(c->d, sizeof(*t));
    if (!t)
        return XEN_ENOMEM;
    if (table_init(c->d, &t->tab)) {
        xs_free(c->d, t);
        return XEN_ENOMEM;
    }
    t->events_tail = &t->events;
    t->id = unused_txn_id(c);
    snprintf(id, sizeof(id), "%u", t->id);
    err = req_reply(r, id, strlen(id) + 1);
    if (err) {
        txn_free(c->d, t);
        return err;
    }
    t->next = c->txns;
    c->txns = t;
    c->ntxns++;
    return 0;
}

int op_txn_end(struct xs_req *r)
{
    struct xs_conn *c = r->x.c;
    const char *arg = req_onearg(r);
    struct xs_txn **pp;
    int err = 0;

    if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
        return XEN_EINVAL;
    if (!r->x.t)
        return XEN_ENOENT;
    for (pp = &c->txns; *pp != r->x.t; pp = &(*pp)->next)
        ;
    *pp = r->x.t->next;
    c->ntxns--;
    if (!strcmp(arg, "T"))
        err = txn_commit(&r->x);
    txn_free(c->d, r->x.t);
    r->x.t = NULL;
    return err ? err : req_ok(r);
}

static int control_quota(struct xs_req *r)
{
    char text[256];
    int len = snprintf(text, sizeof(text),
                       "nodes %u\nnode-size %u\nwatches %u\ntransactions %u\n"
                       "transaction-nodes %u\nnode-permissions %u\n"
                       "outstanding %u\n",
                       XS_QUOTA_NODES, XS_QUOTA_NODE_SIZE, XS_QUOTA_WATCHES,
                       XS_QUOTA_TRANSACTIONS, XS_QUOTA_TXN_NODES,
                       XS_QUOTA_PERMS, XS_QUOTA_OUTSTANDING);

    return req_reply(r, text, len + 1);
}

/* CONTROL, dom0 only: "print\0text\0" and "quota\0". */
int op_control(struct xs_req *r)
{
    const char *vec[2];
    uint32_t n = req_strings(r, vec, 2);

    if (n == 2 && !strcmp(vec[0], "print")) {
        xs_log(r->x.d, "control: %s", vec[1]);
        return req_ok(r);
    }
    if (n == 1 && !strcmp(vec[0], "quota"))
        return control_quota(r);
    return XEN_EINVAL;
}
