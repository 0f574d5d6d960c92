/* marsad.text._scan: the hits of an Aho-Corasick automaton over a text, with a word-boundary pre-filter.
 *
 * Built by scripts/build_native.py beside the mypyc modules (optional: without it the phrase matcher reads
 * pyahocorasick's iterator, the same hits). See docs/native.md, "The scanner".
 *
 * Why: pyahocorasick's iterator walks the whole failure chain of the current node at every character to find
 * the next node that ends a key (it keeps no link to it), and builds each hit with Py_BuildValue. Over the
 * corpus that walk was the largest single item of the engine's profile (docs/performance.md, "The twelfth
 * session"). Here every node keeps its "output link" (the nearest node on its failure chain that ends a key), what
 * the walk reads of a node is 16 bytes (Hot), the root and the nodes of DENSE_CHILDREN children or more keep a row
 * of transitions, and the hits that the matcher would drop at once (a key inside a word) are never made into
 * Python objects.
 *
 * Scanner(items): ``items`` is an iterable of (key: str, value: object, mark: bool, max_suffix: int). Keys are
 * distinct and non-empty.
 *
 * Scanner.hits(text, classes): the hits in pyahocorasick's order (by end, then longer first), as a list of
 * (end - 1, value) tuples, the form of ``ahocorasick.Automaton.iter``. ``classes`` (bytes) classes each code
 * point below its length: 0 neither a word character nor a proclitic's letter, 1 another word character, 2 a
 * proclitic's letter; above it, str.isalnum() says word (1) or not (0). A hit of a key that is not a mark is
 * left out when the character after it is a word character (1 or 2) and the key allows no suffix
 * (max_suffix 0), or when the character before it is a word character that no proclitic has (1): the phrase
 * matcher drops such hits whatever else holds (marsad.lexicon.matcher._scan). With ``classes`` None every hit is
 * returned.
 *
 * Scanner.matches(text, classes, outs, marks, prefixes, match_type, max_prefix): marsad.lexicon.matcher._scan over
 * these hits, for a phrase matcher's values only: (core, entries or None for a mark, len(core), suffixes,
 * max_suffix, the entries of each further group...), with len(core) the key's length (read from the trie), entries
 * tuples of (payload, suffixes).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define ROOT_DENSE 0x800
/* a node with this many children or more (and the root) keeps a row of its transitions for every letter of the
 * keys, failures resolved: a failure ends at the first such node it reaches */
#define DENSE_CHILDREN 4

typedef struct {
    int32_t edge_start; /* its children: edges [edge_start, edge_start + edge_count) */
    int32_t edge_count;
    int32_t fail;
    int32_t output;     /* the nearest node on the failure chain (itself excluded) that ends a key, or -1 */
    int32_t key;        /* the key it ends, or -1 */
    int32_t depth;
    int32_t row;        /* its row of transitions (rows[row * width + symbol]), or -1 */
} Node;

/* what the scan reads of a node at every character, in 16 bytes (the nodes above are read only at a hit) */
typedef struct {
    int32_t fail;
    int32_t first_out; /* itself if it ends a key, else its output link; -1 for none */
    int32_t link;      /* one child: that child; a row: the row's offset in rows; else its first edge */
    uint16_t children; /* the number of its children, or ROW */
    uint16_t sym1;     /* one child: that child's symbol */
} Hot;

#define ROW 0xFFFF

typedef struct {
    PyObject_HEAD
    int built;          /* set last by a successful __init__: only then may a scan read the arrays */
    Hot *hot;
    uint16_t *edge_syms;
    Node *nodes;
    Py_ssize_t n_nodes;
    Py_UCS4 *edge_chars;
    int32_t *edge_targets;
    Py_ssize_t n_edges;
    int32_t root_dense[ROOT_DENSE]; /* the root's children below ROOT_DENSE (for the build; a scan reads its row) */
    uint16_t symbol[ROOT_DENSE]; /* the symbol of a key's letter below ROOT_DENSE (0: no key has it) */
    Py_ssize_t narrow;          /* the number of those letters */
    Py_UCS4 *wide;              /* the keys' letters from ROOT_DENSE up, in order: symbol = narrow + 1 + index */
    Py_ssize_t n_wide;
    int32_t *rows;
    Py_ssize_t width;           /* symbols + 1 */
    PyObject **values;  /* owned */
    uint8_t *marks;
    int32_t *max_suffix;
    Py_ssize_t n_keys;
} Scanner;

/* ---- building: a trie with a growable child list per node, then laid out breadth first */

typedef struct {
    Py_UCS4 *chars;
    int32_t *targets;
    int32_t count;
    int32_t cap;
    int32_t key;
    int32_t depth;
} TmpNode;

typedef struct {
    TmpNode *nodes;
    Py_ssize_t count;
    Py_ssize_t cap;
} Trie;

static int32_t trie_new_node(Trie *t, int32_t depth) {
    if (t->count == t->cap) {
        Py_ssize_t cap = t->cap ? t->cap * 2 : 1024;
        TmpNode *grown = PyMem_Realloc(t->nodes, (size_t)cap * sizeof(TmpNode));
        if (!grown) return -1;
        t->nodes = grown;
        t->cap = cap;
    }
    TmpNode *n = &t->nodes[t->count];
    n->chars = NULL;
    n->targets = NULL;
    n->count = n->cap = 0;
    n->key = -1;
    n->depth = depth;
    return (int32_t)t->count++;
}

static int32_t trie_child(Trie *t, int32_t node, Py_UCS4 c) {
    TmpNode *n = &t->nodes[node];
    for (int32_t i = 0; i < n->count; i++)
        if (n->chars[i] == c) return n->targets[i];
    return -1;
}

static int32_t trie_add_child(Trie *t, int32_t node, Py_UCS4 c) {
    int32_t child = trie_new_node(t, t->nodes[node].depth + 1);
    if (child < 0) return -1;
    TmpNode *n = &t->nodes[node]; /* (after the realloc of the nodes) */
    if (n->count == n->cap) {
        int32_t cap = n->cap ? n->cap * 2 : 2;
        Py_UCS4 *chars = PyMem_Realloc(n->chars, (size_t)cap * sizeof(Py_UCS4));
        if (!chars) return -1;
        n->chars = chars;
        int32_t *targets = PyMem_Realloc(n->targets, (size_t)cap * sizeof(int32_t));
        if (!targets) return -1;
        n->targets = targets;
        n->cap = cap;
    }
    n->chars[n->count] = c;
    n->targets[n->count] = child;
    n->count++;
    return child;
}

static void trie_free(Trie *t) {
    for (Py_ssize_t i = 0; i < t->count; i++) {
        PyMem_Free(t->nodes[i].chars);
        PyMem_Free(t->nodes[i].targets);
    }
    PyMem_Free(t->nodes);
}

static inline int32_t goto_node(const Scanner *s, int32_t node, Py_UCS4 c) {
    if (node == 0 && c < ROOT_DENSE) return s->root_dense[c];
    const Node *n = &s->nodes[node];
    const Py_UCS4 *chars = s->edge_chars + n->edge_start;
    for (int32_t i = 0; i < n->edge_count; i++)
        if (chars[i] == c) return s->edge_targets[n->edge_start + i];
    return -1;
}

static int scanner_rows(Scanner *s);

static int scanner_layout(Scanner *s, Trie *t) {
    Py_ssize_t n = t->count;
    int32_t *order = PyMem_Malloc((size_t)n * sizeof(int32_t));  /* breadth-first order: new id -> old id */
    int32_t *new_id = PyMem_Malloc((size_t)n * sizeof(int32_t)); /* old id -> new id */
    s->nodes = PyMem_Calloc((size_t)n, sizeof(Node));
    Py_ssize_t edges = 0;
    for (Py_ssize_t i = 0; i < n; i++) edges += t->nodes[i].count;
    s->edge_chars = PyMem_Malloc((size_t)(edges ? edges : 1) * sizeof(Py_UCS4));
    s->edge_targets = PyMem_Malloc((size_t)(edges ? edges : 1) * sizeof(int32_t));
    if (!order || !new_id || !s->nodes || !s->edge_chars || !s->edge_targets) {
        PyMem_Free(order);
        PyMem_Free(new_id);
        PyErr_NoMemory();
        return -1;
    }
    s->n_nodes = n;
    s->n_edges = edges;
    Py_ssize_t head = 0, tail = 0;
    order[tail++] = 0;
    new_id[0] = 0;
    while (head < tail) {
        TmpNode *tn = &t->nodes[order[head++]];
        for (int32_t i = 0; i < tn->count; i++) {
            new_id[tn->targets[i]] = (int32_t)tail;
            order[tail++] = tn->targets[i];
        }
    }
    Py_ssize_t e = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        TmpNode *tn = &t->nodes[order[i]];
        Node *node = &s->nodes[i];
        node->edge_start = (int32_t)e;
        node->edge_count = tn->count;
        node->key = tn->key;
        node->depth = tn->depth;
        node->fail = 0;
        node->output = -1;
        for (int32_t k = 0; k < tn->count; k++) { /* (in the order the keys were added: likeliest letters first) */
            s->edge_chars[e] = tn->chars[k];
            s->edge_targets[e] = new_id[tn->targets[k]];
            e++;
        }
    }
    for (int32_t c = 0; c < ROOT_DENSE; c++) s->root_dense[c] = -1;
    Node *root = &s->nodes[0];
    for (int32_t k = 0; k < root->edge_count; k++) {
        Py_UCS4 c = s->edge_chars[root->edge_start + k];
        if (c < ROOT_DENSE) s->root_dense[c] = s->edge_targets[root->edge_start + k];
    }
    /* failure and output links, breadth first (node ids are breadth-first: a parent's links are set first) */
    for (Py_ssize_t i = 0; i < n; i++) {
        Node *node = &s->nodes[i];
        for (int32_t k = 0; k < node->edge_count; k++) {
            Py_UCS4 c = s->edge_chars[node->edge_start + k];
            int32_t child = s->edge_targets[node->edge_start + k];
            int32_t f = -1;
            if (i != 0) {
                int32_t at = node->fail;
                for (;;) {
                    f = goto_node(s, at, c);
                    if (f >= 0 || at == 0) break;
                    at = s->nodes[at].fail;
                }
            }
            Node *ch = &s->nodes[child];
            ch->fail = f >= 0 ? f : 0;
            Node *fn = &s->nodes[ch->fail];
            ch->output = ch->fail == 0 ? -1 : (fn->key >= 0 ? ch->fail : fn->output);
        }
    }
    PyMem_Free(order);
    PyMem_Free(new_id);
    return scanner_rows(s);
}

static int cmp_ucs4(const void *a, const void *b) {
    Py_UCS4 x = *(const Py_UCS4 *)a, y = *(const Py_UCS4 *)b;
    return x < y ? -1 : x > y;
}

static inline Py_ssize_t symbol_of(const Scanner *s, Py_UCS4 c) {
    if (c < ROOT_DENSE) return s->symbol[c];
    Py_ssize_t lo = 0, hi = s->n_wide;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (s->wide[mid] < c) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->n_wide && s->wide[lo] == c ? s->narrow + 1 + lo : 0;
}

/* the letters' symbols, and the rows of the root and of the nodes with many children */
static int scanner_rows(Scanner *s) {
    memset(s->symbol, 0, sizeof s->symbol);
    Py_ssize_t narrow = 0, wide = 0;
    for (Py_ssize_t e = 0; e < s->n_edges; e++) {
        Py_UCS4 c = s->edge_chars[e];
        if (c < ROOT_DENSE) {
            if (!s->symbol[c]) s->symbol[c] = (uint16_t)++narrow;
        } else {
            wide++;
        }
    }
    s->wide = PyMem_Malloc((size_t)(wide ? wide : 1) * sizeof(Py_UCS4));
    if (!s->wide) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t w = 0;
    for (Py_ssize_t e = 0; e < s->n_edges; e++)
        if (s->edge_chars[e] >= ROOT_DENSE) s->wide[w++] = s->edge_chars[e];
    qsort(s->wide, (size_t)w, sizeof(Py_UCS4), cmp_ucs4);
    Py_ssize_t u = 0;
    for (Py_ssize_t i = 0; i < w; i++)
        if (u == 0 || s->wide[u - 1] != s->wide[i]) s->wide[u++] = s->wide[i];
    s->n_wide = u;
    s->narrow = narrow;
    /* symbols: 0 none, 1..narrow the narrow letters, narrow+1..narrow+u the wide ones */
    s->width = narrow + u + 1;
    Py_UCS4 *letter = PyMem_Malloc((size_t)s->width * sizeof(Py_UCS4));
    if (!letter) {
        PyErr_NoMemory();
        return -1;
    }
    letter[0] = 0;
    for (Py_UCS4 c = 0; c < ROOT_DENSE; c++)
        if (s->symbol[c]) letter[s->symbol[c]] = c;
    for (Py_ssize_t i = 0; i < u; i++) letter[narrow + 1 + i] = s->wide[i];
    Py_ssize_t n_rows = 0;
    for (Py_ssize_t i = 0; i < s->n_nodes; i++) {
        Node *node = &s->nodes[i];
        node->row = (i == 0 || node->edge_count >= DENSE_CHILDREN) ? (int32_t)n_rows++ : -1;
    }
    if (s->width >= ROW || n_rows > INT32_MAX / s->width) {
        PyMem_Free(letter);
        PyErr_SetString(PyExc_ValueError, "Scanner(items): the keys have more distinct letters than it can hold");
        return -1;
    }
    s->rows = PyMem_Malloc((size_t)(n_rows * s->width) * sizeof(int32_t));
    if (!s->rows) {
        PyMem_Free(letter);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < s->n_nodes; i++) {
        Node *node = &s->nodes[i];
        if (node->row < 0) continue;
        int32_t *row = s->rows + (Py_ssize_t)node->row * s->width;
        row[0] = 0;
        for (Py_ssize_t sym = 1; sym < s->width; sym++) {
            int32_t at = (int32_t)i, next;
            for (;;) {
                next = goto_node(s, at, letter[sym]);
                if (next >= 0 || at == 0) break;
                at = s->nodes[at].fail;
                if (s->nodes[at].row >= 0) { /* a shallower node's row, made before this one (breadth first) */
                    next = s->rows[(Py_ssize_t)s->nodes[at].row * s->width + sym];
                    break;
                }
            }
            row[sym] = next >= 0 ? next : 0;
        }
    }
    PyMem_Free(letter);
    s->hot = PyMem_Malloc((size_t)s->n_nodes * sizeof(Hot));
    s->edge_syms = PyMem_Malloc((size_t)(s->n_edges ? s->n_edges : 1) * sizeof(uint16_t));
    if (!s->hot || !s->edge_syms) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t e = 0; e < s->n_edges; e++) s->edge_syms[e] = (uint16_t)symbol_of(s, s->edge_chars[e]);
    for (Py_ssize_t i = 0; i < s->n_nodes; i++) {
        const Node *node = &s->nodes[i];
        Hot *h = &s->hot[i];
        h->fail = node->fail;
        h->first_out = node->key >= 0 ? (int32_t)i : node->output;
        h->sym1 = 0;
        if (node->row >= 0) {
            h->children = ROW;
            h->link = (int32_t)((Py_ssize_t)node->row * s->width);
        } else if (node->edge_count == 1) {
            h->children = 1;
            h->link = s->edge_targets[node->edge_start];
            h->sym1 = s->edge_syms[node->edge_start];
        } else {
            h->children = (uint16_t)node->edge_count;
            h->link = node->edge_start;
        }
    }
    return 0;
}

static int Scanner_traverse(Scanner *self, visitproc visit, void *arg) {
    if (self->values)
        for (Py_ssize_t i = 0; i < self->n_keys; i++) Py_VISIT(self->values[i]);
    return 0;
}

static int Scanner_clear(Scanner *self) {
    self->built = 0; /* (its values gone, it scans no more) */
    if (self->values)
        for (Py_ssize_t i = 0; i < self->n_keys; i++) Py_CLEAR(self->values[i]);
    return 0;
}

static void Scanner_dealloc(Scanner *self) {
    PyObject_GC_UnTrack(self);
    Scanner_clear(self);
    PyMem_Free(self->values);
    PyMem_Free(self->nodes);
    PyMem_Free(self->edge_chars);
    PyMem_Free(self->edge_targets);
    PyMem_Free(self->marks);
    PyMem_Free(self->max_suffix);
    PyMem_Free(self->wide);
    PyMem_Free(self->rows);
    PyMem_Free(self->hot);
    PyMem_Free(self->edge_syms);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int scanner_grow_keys(Scanner *self, Py_ssize_t *cap) {
    Py_ssize_t grown = *cap ? *cap * 2 : 1024;
    PyObject **values = PyMem_Realloc(self->values, (size_t)grown * sizeof(PyObject *));
    if (!values) return -1;
    self->values = values;
    uint8_t *marks = PyMem_Realloc(self->marks, (size_t)grown);
    if (!marks) return -1;
    self->marks = marks;
    int32_t *max_suffix = PyMem_Realloc(self->max_suffix, (size_t)grown * sizeof(int32_t));
    if (!max_suffix) return -1;
    self->max_suffix = max_suffix;
    *cap = grown;
    return 0;
}

static int Scanner_init(Scanner *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"items", NULL};
    PyObject *items;
    if (self->values || self->nodes) {
        PyErr_SetString(PyExc_RuntimeError, self->built ? "Scanner is already built"
                                                        : "Scanner: a build failed; make a new one");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O", kwlist, &items)) return -1;
    /* (read one item at a time: an automaton's items() is an iterator, and its items are not all held at once) */
    PyObject *iterator = PyObject_GetIter(items);
    if (!iterator) return -1;
    Trie trie = {NULL, 0, 0};
    int ok = 0;
    Py_ssize_t cap = 0;
    PyObject *item = NULL;
    if (scanner_grow_keys(self, &cap) < 0 || trie_new_node(&trie, 0) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    while ((item = PyIter_Next(iterator)) != NULL) {
        PyObject *key, *value, *mark;
        Py_ssize_t max_suffix;
        Py_ssize_t i = self->n_keys;
        if (!PyTuple_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "Scanner(items): each item must be a tuple (key, value, mark, max_suffix)");
            goto done;
        }
        if (!PyArg_ParseTuple(item, "UOOn", &key, &value, &mark, &max_suffix)) goto done;
        Py_ssize_t len = PyUnicode_GET_LENGTH(key);
        if (len == 0) {
            PyErr_SetString(PyExc_ValueError, "Scanner(items): an empty key");
            goto done;
        }
        if (max_suffix < 0 || max_suffix > INT32_MAX || i >= INT32_MAX) {
            PyErr_SetString(PyExc_ValueError, "Scanner(items): a suffix length or a number of keys out of range");
            goto done;
        }
        int kind = PyUnicode_KIND(key);
        const void *data = PyUnicode_DATA(key);
        int32_t node = 0;
        for (Py_ssize_t j = 0; j < len; j++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, j);
            int32_t next = trie_child(&trie, node, c);
            if (next < 0) next = trie_add_child(&trie, node, c);
            if (next < 0) {
                PyErr_NoMemory();
                goto done;
            }
            node = next;
        }
        if (trie.nodes[node].key >= 0) {
            PyErr_Format(PyExc_ValueError, "Scanner(items): the key %R is given twice", key);
            goto done;
        }
        int truth = PyObject_IsTrue(mark);
        if (truth < 0) goto done;
        if (i == cap && scanner_grow_keys(self, &cap) < 0) {
            PyErr_NoMemory();
            goto done;
        }
        trie.nodes[node].key = (int32_t)i;
        Py_INCREF(value);
        self->values[i] = value;
        self->marks[i] = (uint8_t)truth;
        self->max_suffix[i] = (int32_t)max_suffix;
        self->n_keys = i + 1;
        Py_CLEAR(item);
    }
    if (PyErr_Occurred()) goto done;
    ok = scanner_layout(self, &trie) == 0;
    self->built = ok;
done:
    Py_XDECREF(item);
    trie_free(&trie);
    Py_DECREF(iterator);
    return ok ? 0 : -1;
}

static inline int word_class(const unsigned char *classes, Py_ssize_t n_classes, Py_UCS4 c) {
    if ((Py_ssize_t)c < n_classes) return classes[c];
    return Py_UNICODE_ISALNUM(c) ? 1 : 0;
}

/* what a walk does with each hit it keeps: 0 to go on, -1 on an error (set) */
typedef int (*on_hit)(void *context, Py_ssize_t last, int32_t key, int32_t length);

/* the walk over ``text``: every hit in the automaton's order, less those the pre-filter drops when ``classes`` */
static int scanner_walk(const Scanner *self, PyObject *text, const unsigned char *classes, Py_ssize_t n_classes,
                        on_hit callback, void *context) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Node *nodes = self->nodes;
    const Hot *hot = self->hot;
    const uint16_t *edge_syms = self->edge_syms;
    const int32_t *edge_targets = self->edge_targets;
    const int32_t *rows = self->rows;
    int32_t state = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t sym = symbol_of(self, c);
        if (sym == 0) {
            state = 0; /* a letter of no key: back to the root, which ends no key */
            continue;
        }
        for (;;) {
            const Hot *h = &hot[state];
            if (h->children == ROW) {
                state = rows[h->link + sym];
                break;
            }
            if (h->children == 1) {
                if (h->sym1 == sym) {
                    state = h->link;
                    break;
                }
            } else if (h->children) {
                const uint16_t *syms = edge_syms + h->link;
                int32_t k = 0;
                while (k < h->children && syms[k] != sym) k++;
                if (k < h->children) {
                    state = edge_targets[h->link + k];
                    break;
                }
            }
            state = h->fail;
        }
        int32_t o = hot[state].first_out;
        while (o >= 0) {
            const Node *hit = &nodes[o];
            int32_t key = hit->key;
            o = hit->output;
            if (classes && !self->marks[key]) {
                if (self->max_suffix[key] == 0 && i + 1 < n &&
                    word_class(classes, n_classes, PyUnicode_READ(kind, data, i + 1)) != 0)
                    continue; /* a word character after a key that takes no suffix */
                Py_ssize_t before = i - hit->depth;
                if (before >= 0 && word_class(classes, n_classes, PyUnicode_READ(kind, data, before)) == 1)
                    continue; /* a letter no proclitic has before it: inside a word */
            }
            if (callback(context, i, key, hit->depth) < 0) return -1;
        }
    }
    return 0;
}

static int parse_classes(PyObject *classes_obj, const unsigned char **classes, Py_ssize_t *n_classes,
                         const char *where) {
    *classes = NULL;
    *n_classes = 0;
    if (classes_obj == Py_None) return 0;
    if (!PyBytes_Check(classes_obj)) {
        PyErr_Format(PyExc_TypeError, "%s: classes must be bytes or None", where);
        return -1;
    }
    *classes = (const unsigned char *)PyBytes_AS_STRING(classes_obj);
    *n_classes = PyBytes_GET_SIZE(classes_obj);
    return 0;
}

typedef struct {
    const Scanner *self;
    PyObject *out;
} HitsContext;

static int append_hit(void *context, Py_ssize_t last, int32_t key, int32_t length) {
    (void)length;
    HitsContext *ctx = context;
    PyObject *end = PyLong_FromSsize_t(last);
    if (!end) return -1;
    PyObject *value = ctx->self->values[key];
    Py_INCREF(value);
    PyObject *pair = PyTuple_New(2);
    if (!pair) {
        Py_DECREF(end);
        Py_DECREF(value);
        return -1;
    }
    PyTuple_SET_ITEM(pair, 0, end);
    PyTuple_SET_ITEM(pair, 1, value);
    int err = PyList_Append(ctx->out, pair);
    Py_DECREF(pair);
    return err;
}

static PyObject *Scanner_hits(Scanner *self, PyObject *args) {
    PyObject *text, *classes_obj;
    if (!PyArg_ParseTuple(args, "UO", &text, &classes_obj)) return NULL;
    if (!self->built) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is not built");
        return NULL;
    }
    const unsigned char *classes;
    Py_ssize_t n_classes;
    if (parse_classes(classes_obj, &classes, &n_classes, "Scanner.hits(text, classes)") < 0) return NULL;
    HitsContext ctx = {self, PyList_New(0)};
    if (!ctx.out) return NULL;
    if (scanner_walk(self, text, classes, n_classes, append_hit, &ctx) < 0) {
        Py_DECREF(ctx.out);
        return NULL;
    }
    return ctx.out;
}

/* ---- the phrase matcher's matches (marsad.lexicon.matcher._scan, the same steps in the same order) */

#define ALIF 0x0627
#define LAM 0x0644

typedef struct {
    const Scanner *self;
    PyObject *text;
    int kind;
    const void *data;
    Py_ssize_t n;
    const unsigned char *classes;
    Py_ssize_t n_classes;
    PyObject *outs;     /* list of lists, one per group */
    PyObject *out0;     /* outs[0] as the call found it (held: Python code a test runs may change outs) */
    Py_ssize_t groups;
    PyObject *marks;    /* list or None */
    PyObject *prefixes; /* frozenset of the proclitic chains */
    PyTypeObject *match_type;
    Py_ssize_t max_prefix;
} MatchContext;

static inline int is_word(const MatchContext *m, Py_UCS4 c) { /* (word_class != 0) */
    return word_class(m->classes, m->n_classes, c) != 0;
}

static PyObject *make_match(const MatchContext *m, PyObject *start, PyObject *end, PyObject *ts, PyObject *prefix,
                            PyObject *suffix, PyObject *core, PyObject *payload) {
    PyObject *match = m->match_type->tp_alloc(m->match_type, 7);
    if (!match) return NULL;
    PyObject *items[7] = {start, end, ts, prefix, suffix, core, payload};
    for (int k = 0; k < 7; k++) {
        Py_INCREF(items[k]);
        PyTuple_SET_ITEM(match, k, items[k]);
    }
    return match;
}

/* matcher._emit: one match for each entry of ``entries`` ((payload, suffixes) tuples) that allows ``suffix`` */
static int emit(const MatchContext *m, PyObject *out, PyObject *entries, PyObject *start, PyObject *end,
                PyObject *ts, PyObject *prefix, PyObject *suffix, PyObject *core) {
    if (!PyTuple_Check(entries)) {
        PyErr_SetString(PyExc_TypeError, "Scanner.matches: a value's entries must be a tuple");
        return -1;
    }
    int with_suffix = PyUnicode_GET_LENGTH(suffix) > 0;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(entries); k++) {
        PyObject *entry = PyTuple_GET_ITEM(entries, k);
        PyObject *payload = PySequence_GetItem(entry, 0);
        if (!payload) return -1;
        if (with_suffix) {
            PyObject *allowed = PySequence_GetItem(entry, 1);
            if (!allowed) {
                Py_DECREF(payload);
                return -1;
            }
            int in = PySequence_Contains(allowed, suffix);
            Py_DECREF(allowed);
            if (in <= 0) {
                Py_DECREF(payload);
                if (in < 0) return -1;
                continue;
            }
        }
        PyObject *match = make_match(m, start, end, ts, prefix, suffix, core, payload);
        Py_DECREF(payload);
        if (!match) return -1;
        int err = PyList_Append(out, match);
        Py_DECREF(match);
        if (err < 0) return -1;
    }
    return 0;
}

static int append_match(void *context, Py_ssize_t last, int32_t key, int32_t length) {
    const MatchContext *m = context;
    PyObject *value = m->self->values[key];
    if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) < 5) {
        PyErr_SetString(PyExc_TypeError, "Scanner.matches: a value is not a phrase matcher's tuple");
        return -1;
    }
    PyObject *core = PyTuple_GET_ITEM(value, 0);
    PyObject *entries = PyTuple_GET_ITEM(value, 1);
    Py_ssize_t end = last + 1;
    if (entries == Py_None) { /* a mark */
        if (m->marks == Py_None) return 0;
        PyObject *pair = Py_BuildValue("(nO)", end, core);
        if (!pair) return -1;
        int err = PyList_Append(m->marks, pair);
        Py_DECREF(pair);
        return err;
    }
    if (PyTuple_GET_SIZE(value) < 4 + m->groups || !PyUnicode_Check(core)) {
        PyErr_SetString(PyExc_TypeError, "Scanner.matches: a value lacks the entries of a group");
        return -1;
    }
    const Py_ssize_t n = m->n;
    /* right boundary: the rest of the token after the core must be a suffix some entry allows */
    Py_ssize_t te = end;
    if (end < n && is_word(m, PyUnicode_READ(m->kind, m->data, end))) {
        Py_ssize_t max_suffix = m->self->max_suffix[key];
        if (!max_suffix) return 0;
        te = end + 1;
        while (te < n && te - end <= max_suffix) {
            Py_UCS4 c = PyUnicode_READ(m->kind, m->data, te);
            if (!(Py_UNICODE_ISALNUM(c) || c == '_')) break;
            te++;
        }
        if (te - end > max_suffix) return 0;
    }
    /* left boundary: the start of the token, then a valid proclitic chain (of the proclitics' letters only) */
    Py_ssize_t start = end - length;
    Py_ssize_t ts = start, mstart = start, prefix_end = start;
    int before = start > 0 ? word_class(m->classes, m->n_classes, PyUnicode_READ(m->kind, m->data, start - 1)) : 0;
    if (before == 1) return 0; /* a letter that no proclitic chain holds: inside a word */
    if (before == 2) {
        ts = start - 1;
        Py_UCS4 c = PyUnicode_READ(m->kind, m->data, start - 1);
        while (ts > 0 && start - ts <= m->max_prefix) {
            c = PyUnicode_READ(m->kind, m->data, ts - 1);
            if (c >= (Py_UCS4)m->n_classes || m->classes[c] != 2) break;
            ts--;
        }
        if (start - ts > m->max_prefix || (ts > 0 && is_word(m, c))) return 0;
        Py_ssize_t chain = start - ts;
        Py_UCS4 last1 = PyUnicode_READ(m->kind, m->data, start - 1);
        Py_UCS4 last2 = chain >= 2 ? PyUnicode_READ(m->kind, m->data, start - 2) : 0;
        if (chain >= 2 && last2 == ALIF && last1 == LAM) {
            mstart = start - 2;
        } else if (chain >= 2 && last2 == LAM && last1 == LAM) {
            mstart = start - 1; /* لل = the preposition ل and the article */
        }
        prefix_end = mstart;
    }
    int result = -1;
    PyObject *suffix = NULL, *prefix = NULL, *chain = NULL, *o_start = NULL, *o_end = NULL, *o_ts = NULL;
    suffix = PyUnicode_Substring(m->text, end, te);
    if (!suffix) goto done;
    if (te > end) {
        int in = PySequence_Contains(PyTuple_GET_ITEM(value, 3), suffix);
        if (in <= 0) {
            result = in < 0 ? -1 : 0;
            goto done;
        }
    }
    if (ts < start) {
        chain = PyUnicode_Substring(m->text, ts, start);
        if (!chain) goto done;
        int in = PySet_Contains(m->prefixes, chain);
        if (in <= 0) {
            result = in < 0 ? -1 : 0;
            goto done;
        }
        prefix = PyUnicode_Substring(m->text, ts, prefix_end);
        if (!prefix) goto done;
    } else {
        prefix = PyUnicode_Substring(m->text, ts, ts);
        if (!prefix) goto done;
    }
    if (te > end) { /* a definite word takes no attached pronoun: "القراره" is a name in ة, not "قراره" */
        int definite = mstart < start;
        if (!definite && PyUnicode_GET_LENGTH(core) >= 2) {
            int ck = PyUnicode_KIND(core);
            const void *cd = PyUnicode_DATA(core);
            definite = PyUnicode_READ(ck, cd, 0) == ALIF && PyUnicode_READ(ck, cd, 1) == LAM;
        }
        if (definite) {
            result = 0;
            goto done;
        }
    }
    o_start = PyLong_FromSsize_t(mstart);
    o_end = PyLong_FromSsize_t(te);
    o_ts = PyLong_FromSsize_t(ts);
    if (!o_start || !o_end || !o_ts) goto done;
    if (emit(m, m->out0, entries, o_start, o_end, o_ts, prefix, suffix, core) < 0) goto done;
    for (Py_ssize_t g = 1; g < m->groups; g++) {
        PyObject *more = PyTuple_GET_ITEM(value, 4 + g);
        int truth = PyObject_IsTrue(more);
        if (truth < 0) goto done;
        if (!truth) continue;
        if (g >= PyList_GET_SIZE(m->outs)) { /* (as outs[g] in Python, should the list have shrunk) */
            PyErr_SetString(PyExc_IndexError, "list index out of range");
            goto done;
        }
        PyObject *out = PyList_GET_ITEM(m->outs, g);
        Py_INCREF(out);
        int err = emit(m, out, more, o_start, o_end, o_ts, prefix, suffix, core);
        Py_DECREF(out);
        if (err < 0) goto done;
    }
    result = 0;
done:
    Py_XDECREF(suffix);
    Py_XDECREF(prefix);
    Py_XDECREF(chain);
    Py_XDECREF(o_start);
    Py_XDECREF(o_end);
    Py_XDECREF(o_ts);
    return result;
}

static PyObject *Scanner_matches(Scanner *self, PyObject *args) {
    MatchContext m;
    PyObject *classes_obj, *match_type;
    if (!PyArg_ParseTuple(args, "UOO!OO!On", &m.text, &classes_obj, &PyList_Type, &m.outs, &m.marks,
                          &PyFrozenSet_Type, &m.prefixes, &match_type, &m.max_prefix))
        return NULL;
    if (!self->built) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is not built");
        return NULL;
    }
    if (!PyType_Check(match_type) || !PyType_IsSubtype((PyTypeObject *)match_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "Scanner.matches: match_type must be a tuple type");
        return NULL;
    }
    /* Python's own test of a type that tuple.__new__ may make (a C subtype with more fields is refused) */
    PyObject *probe = PyObject_CallMethod((PyObject *)&PyTuple_Type, "__new__", "O()", match_type);
    if (!probe) return NULL;
    Py_DECREF(probe);
    if (m.marks != Py_None && !PyList_Check(m.marks)) {
        PyErr_SetString(PyExc_TypeError, "Scanner.matches: marks must be a list or None");
        return NULL;
    }
    if (parse_classes(classes_obj, &m.classes, &m.n_classes, "Scanner.matches") < 0) return NULL;
    if (!m.classes) {
        PyErr_SetString(PyExc_TypeError, "Scanner.matches: classes must be bytes");
        return NULL;
    }
    m.groups = PyList_GET_SIZE(m.outs);
    for (Py_ssize_t g = 0; g < m.groups; g++) {
        if (!PyList_Check(PyList_GET_ITEM(m.outs, g))) {
            PyErr_SetString(PyExc_TypeError, "Scanner.matches: outs must be a list of lists");
            return NULL;
        }
    }
    if (m.groups < 1) {
        PyErr_SetString(PyExc_ValueError, "Scanner.matches: outs must hold a list for each group");
        return NULL;
    }
    m.self = self;
    m.kind = PyUnicode_KIND(m.text);
    m.data = PyUnicode_DATA(m.text);
    m.n = PyUnicode_GET_LENGTH(m.text);
    m.match_type = (PyTypeObject *)match_type;
    m.out0 = PyList_GET_ITEM(m.outs, 0);
    Py_INCREF(m.outs); /* (the lists stay alive whatever the callbacks do) */
    Py_INCREF(m.out0);
    int err = scanner_walk(self, m.text, m.classes, m.n_classes, append_match, &m);
    Py_DECREF(m.out0);
    Py_DECREF(m.outs);
    if (err < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *Scanner_stats(Scanner *self, PyObject *Py_UNUSED(ignored)) {
    return Py_BuildValue("{s:n,s:n,s:n}", "keys", self->n_keys, "nodes", self->n_nodes, "edges", self->n_edges);
}

static PyMethodDef Scanner_methods[] = {
    {"hits", (PyCFunction)Scanner_hits, METH_VARARGS,
     "hits(text, classes) -> [(end - 1, value), ...]: the hits in the automaton's order, those the phrase "
     "matcher drops at once left out (none with classes None)."},
    {"matches", (PyCFunction)Scanner_matches, METH_VARARGS,
     "matches(text, classes, outs, marks, prefixes, match_type, max_prefix): the phrase matcher's matches "
     "(marsad.lexicon.matcher._scan over this scanner's hits, the same steps in C) appended to outs, the marks "
     "to marks."},
    {"stats", (PyCFunction)Scanner_stats, METH_NOARGS, "The number of keys, nodes and edges."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "marsad.text._scan.Scanner",
    .tp_doc = "An Aho-Corasick automaton with output links, built from (key, value, mark, max_suffix) items.",
    .tp_basicsize = sizeof(Scanner),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)Scanner_traverse,
    .tp_clear = (inquiry)Scanner_clear,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
};

static struct PyModuleDef scan_module = {
    PyModuleDef_HEAD_INIT, "marsad.text._scan",
    "The hits of an Aho-Corasick automaton with a word-boundary pre-filter (see the C source's head).", -1, NULL,
};

PyMODINIT_FUNC PyInit__scan(void) {
    if (PyType_Ready(&ScannerType) < 0) return NULL;
    PyObject *m = PyModule_Create(&scan_module);
    if (!m) return NULL;
    Py_INCREF(&ScannerType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(&ScannerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
