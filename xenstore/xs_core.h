/*
 * The daemon core's internal types, shared by the files of xenstore/.
 * Nothing outside xenstore/ includes this; the API is xenstored.h.
 *
 * Node records are immutable once installed in a table: a change builds
 * a new record and replaces the old one, so a transaction can keep private
 * records beside the main table and a failed operation leaves nothing half
 * changed.  Each record is one allocation: the struct, then its
 * permissions, path, value and child list.
 *
 * A view (struct xs_ctx) is what one request sees: the main table, or the
 * main table overlaid by one transaction's private table.  Every tree
 * operation goes through view_get / view_put / view_del, which also record
 * what a transaction touched (for the EAGAIN check at commit).
 */
#ifndef XENSTORE_XS_CORE_H
#define XENSTORE_XS_CORE_H

#include "xenstored.h"

/* Access bits, as stored in permission entries and as computed. */
#define XS_PERM_NONE   0u
#define XS_PERM_READ   1u
#define XS_PERM_WRITE  2u
#define XS_PERM_BOTH   3u
#define XS_PERM_OWNER  4u   /* computed only: owner or dom0 */

/* The size Xen counts for a node record, against XS_QUOTA_NODE_SIZE. */
#define XS_NODE_HDR_BYTES  24u
#define XS_PERM_BYTES       8u

struct xs_perm {
    uint32_t domid;
    uint32_t perm;                  /* XS_PERM_NONE..BOTH */
};

struct xs_node {
    struct xs_node *hnext;          /* hash chain of the table holding it */
    uint32_t hash;                  /* of path */
    uint32_t flags;                 /* XS_N_*, transaction tables only */
    uint64_t gen;                   /* main table: generation of last change */
    uint64_t base_gen;              /* transaction: main gen when first touched, 0 = absent */
    uint32_t nperms, pathlen, datalen, childlen;
    struct xs_perm *perms;          /* perms[0]: owner and default access */
    char *path;                     /* NUL-terminated, pathlen bytes without it */
    char *data;                     /* datalen bytes */
    char *children;                 /* names, each NUL-terminated; childlen bytes */
};
#define XS_N_READ     1u    /* only read: the contents are the main table's */
#define XS_N_DELETED  2u    /* removed by the transaction */

struct xs_table {
    struct xs_node **slot;
    uint32_t nslots;                /* a power of two, or 0 before first use */
    uint32_t count;
};

/* A watch event a transaction will fire when it commits. */
struct xs_pending {
    struct xs_pending *next;
    bool exact;
    uint32_t nperms, nold;
    struct xs_perm *perms;          /* the node's perms, then its old ones */
    char *path;
};

struct xs_txn {
    struct xs_txn *next;
    uint32_t id;
    bool failed;                    /* an event could not be queued: commit fails */
    long created;                   /* net nodes the connection's domain gained */
    struct xs_table tab;            /* private records and read marks */
    struct xs_pending *events, **events_tail;
};

struct xs_watch {
    struct xs_watch *next;
    uint32_t prefix_len;            /* bytes to strip from event paths (relative watch) */
    char *path;                     /* canonical */
    char *token;
};

/* One queued outgoing message: header and payload, `off` bytes sent. */
struct xs_msg {
    struct xs_msg *next;
    uint32_t len, off;
    bool event;
    char buf[];
};

struct xs_domain {
    struct xs_domain *next;
    unsigned int domid;
    struct xs_conn *conn;
};

/* Nodes owned per domain. */
struct xs_acct {
    struct xs_acct *next;
    unsigned int domid;
    unsigned long nodes;
};

struct xs_conn {
    struct xs_daemon *d;
    struct xs_conn *next;           /* daemon's list, creation order */
    unsigned int domid;
    bool priv;
    unsigned int error;             /* XENSTORE_ERROR_* once broken */
    void *tpriv;                    /* the transport's */
    struct xs_domain *dom;          /* the domain it serves, if any */

    uint32_t in_used;               /* bytes of the message in progress */
    union {
        struct xsd_sockmsg hdr;
        char raw[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    } in;

    struct xs_msg *out_head, **out_tail;
    size_t out_bytes;               /* unsent bytes queued */
    unsigned int out_replies;       /* replies (not events) queued */
    unsigned long dropped;

    struct xs_watch *watches;
    unsigned int nwatches;
    struct xs_txn *txns;
    unsigned int ntxns;
    uint32_t next_txn_id;
};

struct xs_daemon {
    struct xs_host_ops ops;
    struct xs_table nodes;
    uint64_t gen;                   /* last generation handed out */
    struct xs_conn *conns, **conns_tail;
    struct xs_domain *domains;
    struct xs_acct *acct;
};

/* What one request sees and who is asking. */
struct xs_ctx {
    struct xs_daemon *d;
    struct xs_txn *t;               /* NULL: the main table */
    struct xs_conn *c;              /* NULL for dom0's direct calls */
    unsigned int domid;
    bool priv;
};

/* daemon.c: memory */
void *xs_alloc(struct xs_daemon *d, size_t size);
void *xs_zalloc(struct xs_daemon *d, size_t size);
void xs_free(struct xs_daemon *d, void *p);
char *xs_strdup(struct xs_daemon *d, const char *s);
void xs_log(const struct xs_daemon *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* node.c: records and tables */
struct xs_node *node_build(struct xs_daemon *d, const char *path,
                           const struct xs_perm *perms, uint32_t nperms,
                           const void *data, uint32_t datalen,
                           const char *children, uint32_t childlen);
struct xs_node *node_with_data(struct xs_daemon *d, const struct xs_node *n,
                               const void *data, uint32_t len);
struct xs_node *node_with_perms(struct xs_daemon *d, const struct xs_node *n,
                                const struct xs_perm *perms, uint32_t nperms);
struct xs_node *node_with_child(struct xs_daemon *d, const struct xs_node *n,
                                const char *name);
struct xs_node *node_without_child(struct xs_daemon *d, const struct xs_node *n,
                                   const char *name);
bool node_has_child(const struct xs_node *n, const char *name);
uint32_t node_size(const struct xs_node *n);
uint32_t xs_hash(const char *s);
struct xs_node *table_find(const struct xs_table *tab, const char *path);
int table_init(struct xs_daemon *d, struct xs_table *tab);
void table_insert(struct xs_daemon *d, struct xs_table *tab, struct xs_node *n);
struct xs_node *table_unlink(struct xs_table *tab, const char *path);
void table_free(struct xs_daemon *d, struct xs_table *tab);
/* The main table, with per-domain accounting. */
void main_install(struct xs_daemon *d, struct xs_node *n);
void main_remove(struct xs_daemon *d, const char *path);
void main_chown(struct xs_daemon *d, struct xs_node *n, unsigned int domid);
unsigned long acct_nodes(const struct xs_daemon *d, unsigned int domid);
int acct_reserve(struct xs_daemon *d, unsigned int domid);
void acct_forget(struct xs_daemon *d, unsigned int domid);

/* path.c */
int path_canon(const struct xs_ctx *x, const char *in, bool allow_special,
               char **out);
char *path_parent(struct xs_daemon *d, const char *path);
const char *path_base(const char *path);
char *path_child(struct xs_daemon *d, const char *parent, const char *name);
bool path_is_below(const char *path, const char *top);
int parse_uint(const char *s, unsigned long max, unsigned long *out);
size_t home_path(unsigned int domid, char *buf, size_t len);

/* perms.c */
unsigned int perm_access(const struct xs_ctx *x, const struct xs_perm *perms,
                         uint32_t nperms);
int perms_parse(const char *strings, uint32_t len, uint32_t count,
                struct xs_perm *out);
uint32_t perms_format(const struct xs_perm *perms, uint32_t nperms, char *buf,
                      uint32_t len);
bool perm_domain_known(const struct xs_daemon *d, unsigned int domid);
void perms_drop_unknown(const struct xs_daemon *d, struct xs_perm *perms,
                        uint32_t *nperms);

/* view.c */
int view_get(const struct xs_ctx *x, const char *path,
             const struct xs_node **out);
int view_put(const struct xs_ctx *x, struct xs_node *n);
int view_del(const struct xs_ctx *x, const char *path);
void txn_free(struct xs_daemon *d, struct xs_txn *t);
int txn_commit(const struct xs_ctx *x);

/* tree.c */
int tree_get(const struct xs_ctx *x, const char *path, unsigned int need,
             const struct xs_node **out);
int tree_write(const struct xs_ctx *x, const char *path, const void *val,
               uint32_t len, bool only_create);
int tree_rm(const struct xs_ctx *x, const char *path);
int tree_set_perms(const struct xs_ctx *x, const char *path,
                   const struct xs_perm *perms, uint32_t nperms);

/* watch.c */
/* Who may see an event: readers under perms, or under old (SET_PERMS). */
struct xs_event_perms {
    const struct xs_perm *perms, *old;
    uint32_t nperms, nold;
};
void watch_note(const struct xs_ctx *x, const char *path, bool exact,
                const struct xs_event_perms *ep);
void watch_fire(struct xs_daemon *d, const char *path, bool exact,
                const struct xs_event_perms *ep);
int watch_add(struct xs_conn *c, const char *path, const char *token,
              bool relative);
int watch_del(struct xs_conn *c, const char *path, const char *token);
void watch_del_all(struct xs_conn *c);

/* conn.c */
int conn_reply(struct xs_conn *c, const struct xsd_sockmsg *req,
               uint32_t type, const void *data, uint32_t len);
void conn_error(struct xs_conn *c, const struct xsd_sockmsg *req, int err);
void conn_event(struct xs_conn *c, const char *path, const char *token);
void conn_drop_txns(struct xs_conn *c);
void conn_drop_all(struct xs_conn *c);

/* dispatch.c: one request being answered */
struct xs_req {
    struct xs_ctx x;
    const struct xsd_sockmsg *hdr;
    const char *p;                  /* payload */
    uint32_t len;
};
typedef int xs_handler(struct xs_req *r);
void xs_process(struct xs_conn *c);
const char *req_onearg(const struct xs_req *r);
uint32_t req_strings(const struct xs_req *r, const char **vec, uint32_t n);
int req_reply(struct xs_req *r, const void *data, uint32_t len);
int req_ok(struct xs_req *r);
int req_domid(const char *s, unsigned int *domid);

/* ops_node.c, ops_conn.c, domain.c: the handlers */
xs_handler op_directory, op_directory_part, op_read, op_write, op_mkdir,
           op_rm, op_get_perms, op_set_perms;
xs_handler op_watch, op_unwatch, op_reset_watches, op_txn_start, op_txn_end,
           op_control;
xs_handler op_introduce, op_release, op_is_introduced, op_get_domain_path,
           op_resume;

/* domain.c */
struct xs_domain *domain_find(const struct xs_daemon *d, unsigned int domid);
void domain_forget_conn(struct xs_conn *c);

#endif /* XENSTORE_XS_CORE_H */
