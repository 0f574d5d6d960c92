/* marsad.text._scan: the hits of an Aho-Corasick automaton over a text, with a word-boundary pre-filter.
 *
 * Built by scripts/build_native.py beside the mypyc modules (optional: without it the phrase matcher reads
 * pyahocorasick's iterator, the same hits). See docs/native.md, "The scanner".
 *
 * Why: pyahocorasick's iterator walks the whole failure chain of the current node at every character to find
 * the next node that ends a key (it keeps no link to it), and builds each hit with Py_BuildValue. Over the
 * corpus that walk was the largest single item of the engine's profile (docs/performance.md, "The twelfth
 * session"). Here every node keeps its "output link" (the nearest node on its failure chain that ends a key),
 * the root's transitions for code points below 0x800 are one array, and the hits that the matcher would drop at
 * once (a key inside a word) are never made into Python objects.
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
    Hot *hot;
    uint16_t *edge_syms;
    Node *nodes;
    Py_ssize_t n_nodes;
    Py_UCS4 *edge_chars;
    int32_t *edge_targets;
    Py_ssize_t n_edges;
    int32_t root_dense[ROOT_DENSE];
    uint16_t symbol[ROOT_DENSE]; /* the symbol of a key's letter below ROOT_DENSE (0: no key has it) */
    Py_ssize_t narrow;          /* the number of those letters */
    Py_UCS4 *wide;              /* the keys' letters from ROOT_DENSE up, in order: symbol = ROOT_SYMBOLS + index */
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
    if (s->width >= ROW) {
        PyErr_SetString(PyExc_ValueError, "Scanner(items): the keys have more distinct letters than it can hold");
        return -1;
    }
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

static void Scanner_dealloc(Scanner *self) {
    if (self->values) {
        for (Py_ssize_t i = 0; i < self->n_keys; i++) Py_XDECREF(self->values[i]);
        PyMem_Free(self->values);
    }
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
        PyErr_SetString(PyExc_RuntimeError, "Scanner is already built");
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

static PyObject *Scanner_hits(Scanner *self, PyObject *args) {
    PyObject *text, *classes_obj;
    if (!PyArg_ParseTuple(args, "UO", &text, &classes_obj)) return NULL;
    if (!self->nodes) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is not built");
        return NULL;
    }
    const unsigned char *classes = NULL;
    Py_ssize_t n_classes = 0;
    if (classes_obj != Py_None) {
        if (!PyBytes_Check(classes_obj)) {
            PyErr_SetString(PyExc_TypeError, "Scanner.hits(text, classes): classes must be bytes or None");
            return NULL;
        }
        classes = (const unsigned char *)PyBytes_AS_STRING(classes_obj);
        n_classes = PyBytes_GET_SIZE(classes_obj);
    }
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
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
                Py_ssize_t before = i + 1 - hit->depth - 1;
                if (before >= 0 && word_class(classes, n_classes, PyUnicode_READ(kind, data, before)) == 1)
                    continue; /* a letter no proclitic has before it: inside a word */
            }
            PyObject *end = PyLong_FromSsize_t(i);
            if (!end) goto fail;
            PyObject *value = self->values[key];
            Py_INCREF(value);
            PyObject *pair = PyTuple_New(2);
            if (!pair) {
                Py_DECREF(end);
                Py_DECREF(value);
                goto fail;
            }
            PyTuple_SET_ITEM(pair, 0, end);
            PyTuple_SET_ITEM(pair, 1, value);
            int err = PyList_Append(out, pair);
            Py_DECREF(pair);
            if (err < 0) goto fail;
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyObject *Scanner_stats(Scanner *self, PyObject *Py_UNUSED(ignored)) {
    return Py_BuildValue("{s:n,s:n,s:n}", "keys", self->n_keys, "nodes", self->n_nodes, "edges", self->n_edges);
}

static PyMethodDef Scanner_methods[] = {
    {"hits", (PyCFunction)Scanner_hits, METH_VARARGS,
     "hits(text, classes) -> [(end - 1, value), ...]: the hits in the automaton's order, those the phrase "
     "matcher drops at once left out (none with classes None)."},
    {"stats", (PyCFunction)Scanner_stats, METH_NOARGS, "The number of keys, nodes and edges."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "marsad.text._scan.Scanner",
    .tp_doc = "An Aho-Corasick automaton with output links, built from (key, value, mark, max_suffix) items.",
    .tp_basicsize = sizeof(Scanner),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
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
