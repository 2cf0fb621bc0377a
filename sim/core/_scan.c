/* The detection rules' literal scan and branch dispatch in C (see sim/core/rules.py).
 *
 * A `Scanner` holds an Aho-Corasick automaton over every literal the rule branches need, and for
 * each literal its entries: branch number * 4 + kind, where kind 0-2 says the literal meets the
 * branch's requirement at that level and kind 3 says a match of the branch can start with it.
 *
 * `Scanner.scan(text)` walks the text once and returns a `Scan`: the branches whose requirements
 * (every level the branch has) all occur, and where each leading literal starts. `Scan.search`
 * then finds a rule's leftmost match as its whole pattern would: branch by branch, earliest
 * branch first on a tie; a branch with leading literals is only tried, with `match`, where one
 * of them starts, and any other with `search`.
 *
 * `Rule` is the base of rules.Rule: its `search(text, pos)` finds the text's scan in the rule
 * set's cache (or asks the rule set for one) and runs `Scan.search` without a Python frame.
 *
 * rules.py does the same in Python when this module was not built; tests/core/test_rules.py
 * checks both against the whole patterns. Keep the two in step.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>
#include <stdint.h>
#include "structmember.h"
#include <string.h>

#define LEVELS 3
#define LEAD 3

/* A node of the automaton. Nodes are numbered breadth first, so the few shallow nodes a text
 * visits most sit together in memory, and a node's children are neighbours. */
typedef struct {
    int32_t first_child, next_sibling, fail, out, dict_link;
    int32_t row; /* its row of `rows` (children by ASCII code), or -1 */
    Py_UCS4 ch;  /* the character leading into it */
} Node;

/* One requirement a literal meets: `bits` or-ed into word `at` of a scan's LEVELS bit sets. */
typedef struct {
    uint64_t bits;
    int32_t at;
} MaskPair;

/* What a scan needs of a literal it finds, in one record: its pairs were in two arrays and its
 * counts in three more, a cache miss each on a text's every literal. */
typedef struct {
    int32_t pairs;  /* its first pair in `pair` */
    int32_t length;
    int16_t masks;  /* its pairs */
    int16_t leads;  /* the branches it leads (see `lead_start`) */
} Literal;

typedef struct {
    PyObject_HEAD
    Py_ssize_t nodes;
    Py_ssize_t rows_used;
    Node *node;          /* the automaton, once built (the arrays below are only for building) */
    Py_ssize_t literals;
    Py_ssize_t width; /* branches */
    Py_ssize_t words; /* 64-bit words of a bit set over the branches */
    Py_UCS4 *ch;         /* the character leading into each node */
    int32_t *first_child, *next_sibling, *fail, *out, *dict_link;
    int32_t *row;        /* per node, its row of `rows` or -1: busy nodes' children by ASCII code */
    int32_t *rows;
    Literal *lit;        /* per literal */
    MaskPair *pair;      /* the literals' requirement bits, each literal's together */
    /* Per literal (offsets, literals + 1 of them): the branches it can open. */
    int32_t *lead_start, *lead_branch;
    uint64_t *required;   /* LEVELS bit sets: branches with a requirement at that level */
    uint64_t *leading;    /* branches tried only where a leading literal starts */
    uint64_t *at_start;   /* of those, branches that can also match at the very start */
} Scanner;

typedef struct {
    PyObject_HEAD
    Scanner *scanner;
    PyObject *text;
    uint64_t *found; /* the candidate branches */
    Py_ssize_t hits;
    int32_t *hit_start, *hit_literal; /* leading literals by start, in order */
} Scan;

static PyTypeObject ScannerType;
static PyTypeObject ScanType;
static PyObject *str_match, *str_search, *str_start;

static inline int lowest_bit(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_ctzll(x);
#else
    int n = 0;
    for (; !(x & 1); x >>= 1) n++;
    return n;
#endif
}

static inline int bit(const uint64_t *set, Py_ssize_t b) { return (int)((set[b >> 6] >> (b & 63)) & 1); }
static inline void set_bit(uint64_t *set, Py_ssize_t b) { set[b >> 6] |= (uint64_t)1 << (b & 63); }

/* Nodes with this many children or more get a row: walking a list of them costs more. */
#define BUSY 4

static inline int32_t child(const Scanner *s, int32_t node, Py_UCS4 c) {
    if (c < 128 && s->row[node] >= 0) return s->rows[s->row[node] * 128 + c];
    for (int32_t n = s->first_child[node]; n >= 0; n = s->next_sibling[n])
        if (s->ch[n] == c) return n;
    return -1;
}

static void free_building(Scanner *s) {
    PyMem_Free(s->ch);
    PyMem_Free(s->first_child);
    PyMem_Free(s->next_sibling);
    PyMem_Free(s->fail);
    PyMem_Free(s->out);
    PyMem_Free(s->dict_link);
    PyMem_Free(s->row);
    s->ch = NULL;
    s->first_child = s->next_sibling = s->fail = s->out = s->dict_link = s->row = NULL;
}

/* Renumber the built trie breadth first (`order`: every node but the root, in that order) into
 * `node`, and let the building arrays go. */
static int pack(Scanner *s, const int32_t *order) {
    Py_ssize_t n = s->nodes;
    int32_t *id = PyMem_Malloc(n * sizeof(int32_t));
    s->node = PyMem_Malloc(n * sizeof(Node));
    if (!id || !s->node) {
        PyMem_Free(id);
        PyErr_NoMemory();
        return -1;
    }
    id[0] = 0;
    for (Py_ssize_t i = 0; i < n - 1; i++) id[order[i]] = (int32_t)(i + 1);
    for (Py_ssize_t u = 0; u < n; u++) {
        Node *x = &s->node[id[u]];
        x->first_child = s->first_child[u] >= 0 ? id[s->first_child[u]] : -1;
        x->next_sibling = s->next_sibling[u] >= 0 ? id[s->next_sibling[u]] : -1;
        x->fail = id[s->fail[u]];
        x->out = s->out[u];
        x->dict_link = s->dict_link[u] >= 0 ? id[s->dict_link[u]] : -1;
        x->row = s->row[u];
        x->ch = s->ch[u];
    }
    for (Py_ssize_t r = 0; r < s->rows_used * 128; r++)
        if (s->rows[r] >= 0) s->rows[r] = id[s->rows[r]];
    PyMem_Free(id);
    free_building(s);
    return 0;
}

static void scanner_dealloc(Scanner *s) {
    free_building(s); /* still there if building failed */
    PyMem_Free(s->node);
    PyMem_Free(s->rows);
    PyMem_Free(s->lit);
    PyMem_Free(s->pair);
    PyMem_Free(s->lead_start);
    PyMem_Free(s->lead_branch);
    PyMem_Free(s->required);
    PyMem_Free(s->leading);
    PyMem_Free(s->at_start);
    Py_TYPE(s)->tp_free((PyObject *)s);
}

/* Scanner(literals, entries, width, at_start): `entries[i]` lists literal i's entries (see the
 * top); `at_start` lists the leading branches that can also match at the text's start ("^"). */
static PyObject *scanner_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    PyObject *literals, *entries, *at_start;
    Py_ssize_t width;
    static char *names[] = {"literals", "entries", "width", "at_start", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!O!nO!", names, &PyList_Type, &literals, &PyList_Type,
                                     &entries, &width, &PyList_Type, &at_start))
        return NULL;
    Py_ssize_t nlit = PyList_GET_SIZE(literals);
    if (PyList_GET_SIZE(entries) != nlit || width < 0 || nlit >= INT32_MAX / 2) {
        PyErr_SetString(PyExc_ValueError, "each literal needs its entries, and the width must be >= 0");
        return NULL;
    }
    Scanner *s = (Scanner *)type->tp_alloc(type, 0);
    if (!s) return NULL;
    s->literals = nlit;
    s->width = width;
    s->words = (width + 63) / 64 + 1;

    Py_ssize_t chars = 0, nentries = 0;
    for (Py_ssize_t i = 0; i < nlit; i++) {
        PyObject *lit = PyList_GET_ITEM(literals, i), *e = PyList_GET_ITEM(entries, i);
        if (!PyUnicode_Check(lit) || PyUnicode_GET_LENGTH(lit) == 0 || !PyList_Check(e)) {
            PyErr_SetString(PyExc_TypeError, "literals must be non-empty strings, entries lists of ints");
            goto fail;
        }
        chars += PyUnicode_GET_LENGTH(lit);
        nentries += PyList_GET_SIZE(e);
    }
    if (chars >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "too many literal characters");
        goto fail;
    }
    Py_ssize_t cap = chars + 1;
    s->ch = PyMem_Calloc(cap, sizeof(Py_UCS4));
    s->first_child = PyMem_Malloc(cap * sizeof(int32_t));
    s->next_sibling = PyMem_Malloc(cap * sizeof(int32_t));
    s->fail = PyMem_Calloc(cap, sizeof(int32_t));
    s->out = PyMem_Malloc(cap * sizeof(int32_t));
    s->dict_link = PyMem_Malloc(cap * sizeof(int32_t));
    s->row = PyMem_Malloc(cap * sizeof(int32_t));
    s->rows = PyMem_Malloc(128 * sizeof(int32_t));
    s->lit = PyMem_Calloc(nlit + 1, sizeof(Literal));
    s->pair = PyMem_Malloc((nentries + 1) * sizeof(MaskPair));
    s->lead_start = PyMem_Malloc((nlit + 1) * sizeof(int32_t));
    s->lead_branch = PyMem_Malloc((nentries + 1) * sizeof(int32_t));
    s->required = PyMem_Calloc(LEVELS * s->words, sizeof(uint64_t));
    s->leading = PyMem_Calloc(s->words, sizeof(uint64_t));
    s->at_start = PyMem_Calloc(s->words, sizeof(uint64_t));
    if (!s->ch || !s->first_child || !s->next_sibling || !s->fail || !s->out || !s->dict_link || !s->row ||
        !s->rows || !s->lit || !s->pair || !s->lead_start ||
        !s->lead_branch || !s->required || !s->leading || !s->at_start) {
        PyErr_NoMemory();
        goto fail;
    }
    /* The root always has a row: most characters of a text are read there. */
    for (int c = 0; c < 128; c++) s->rows[c] = -1;
    s->row[0] = 0;
    Py_ssize_t nrows = 1;
    s->nodes = 1;
    s->first_child[0] = s->next_sibling[0] = s->out[0] = s->dict_link[0] = -1;

    /* The trie, and each literal's entries. */
    Py_ssize_t masks = 0, leads = 0;
    for (Py_ssize_t i = 0; i < nlit; i++) {
        PyObject *lit = PyList_GET_ITEM(literals, i), *e = PyList_GET_ITEM(entries, i);
        int kind = PyUnicode_KIND(lit);
        const void *data = PyUnicode_DATA(lit);
        Py_ssize_t len = PyUnicode_GET_LENGTH(lit);
        int32_t node = 0;
        for (Py_ssize_t j = 0; j < len; j++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, j);
            int32_t next = child(s, node, c);
            if (next < 0) {
                next = (int32_t)s->nodes++;
                s->ch[next] = c;
                s->first_child[next] = -1;
                s->out[next] = -1;
                s->dict_link[next] = -1;
                s->row[next] = -1;
                s->next_sibling[next] = s->first_child[node];
                s->first_child[node] = next;
                if (c < 128 && s->row[node] >= 0) s->rows[s->row[node] * 128 + c] = next;
                int children = 0;
                for (int32_t k = s->first_child[node]; k >= 0; k = s->next_sibling[k]) children++;
                if (children == BUSY) { /* give it a row now, holding the children so far */
                    int32_t *grown = PyMem_Realloc(s->rows, (nrows + 1) * 128 * sizeof(int32_t));
                    if (!grown) {
                        PyErr_NoMemory();
                        goto fail;
                    }
                    s->rows = grown;
                    for (int k = 0; k < 128; k++) grown[nrows * 128 + k] = -1;
                    for (int32_t k = s->first_child[node]; k >= 0; k = s->next_sibling[k])
                        if (s->ch[k] < 128) grown[nrows * 128 + s->ch[k]] = k;
                    s->row[node] = (int32_t)nrows++;
                }
            }
            node = next;
        }
        if (s->out[node] >= 0) {
            PyErr_SetString(PyExc_ValueError, "a literal is listed twice");
            goto fail;
        }
        s->out[node] = (int32_t)i;
        s->lit[i].length = (int32_t)len;
        s->lit[i].pairs = (int32_t)masks;
        s->lead_start[i] = (int32_t)leads;
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(e); j++) {
            long v = PyLong_AsLong(PyList_GET_ITEM(e, j));
            if (v == -1 && PyErr_Occurred()) goto fail;
            if (v < 0 || v / 4 >= width) {
                PyErr_SetString(PyExc_ValueError, "an entry names a branch out of range");
                goto fail;
            }
            Py_ssize_t branch = v >> 2;
            if ((v & 3) == LEAD) {
                s->lead_branch[leads++] = (int32_t)branch;
                set_bit(s->leading, branch);
                continue;
            }
            set_bit(s->required + (v & 3) * s->words, branch);
            /* One pair per bit-set word: a literal most rules need ("that") sets many bits. */
            int32_t index = (int32_t)((v & 3) * s->words + (branch >> 6));
            Py_ssize_t k = s->lit[i].pairs;
            while (k < masks && s->pair[k].at != index) k++;
            if (k == masks) {
                if (masks - s->lit[i].pairs >= INT16_MAX) {
                    PyErr_SetString(PyExc_ValueError, "a literal meets too many requirements");
                    goto fail;
                }
                s->pair[masks].at = index;
                s->pair[masks++].bits = 0;
            }
            s->pair[k].bits |= (uint64_t)1 << (branch & 63);
        }
    }
    s->lead_start[nlit] = (int32_t)leads;
    for (Py_ssize_t i = 0; i < nlit; i++) {
        s->lit[i].masks = (int16_t)((i + 1 < nlit ? s->lit[i + 1].pairs : (int32_t)masks) - s->lit[i].pairs);
        if (s->lead_start[i + 1] - s->lead_start[i] > INT16_MAX) {
            PyErr_SetString(PyExc_ValueError, "a literal leads too many branches");
            goto fail;
        }
        s->lit[i].leads = (int16_t)(s->lead_start[i + 1] - s->lead_start[i]);
    }
    for (Py_ssize_t j = 0; j < PyList_GET_SIZE(at_start); j++) {
        Py_ssize_t b = PyLong_AsSsize_t(PyList_GET_ITEM(at_start, j));
        if (b == -1 && PyErr_Occurred()) goto fail;
        if (b < 0 || b >= width) {
            PyErr_SetString(PyExc_ValueError, "a branch out of range starts at the start");
            goto fail;
        }
        set_bit(s->leading, b);
        set_bit(s->at_start, b);
    }

    /* Failure links, breadth first: a node's link is the longest proper suffix in the trie. */
    int32_t *queue = PyMem_Malloc(s->nodes * sizeof(int32_t));
    if (!queue) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t head = 0, tail = 0;
    for (int32_t n = s->first_child[0]; n >= 0; n = s->next_sibling[n]) {
        s->fail[n] = 0;
        queue[tail++] = n;
    }
    while (head < tail) {
        int32_t u = queue[head++];
        for (int32_t v = s->first_child[u]; v >= 0; v = s->next_sibling[v]) {
            int32_t f = s->fail[u], to;
            while ((to = child(s, f, s->ch[v])) < 0 && f != 0) f = s->fail[f];
            s->fail[v] = to >= 0 && to != v ? to : 0;
            int32_t w = s->fail[v];
            s->dict_link[v] = s->out[w] >= 0 ? w : s->dict_link[w];
            queue[tail++] = v;
        }
    }
    /* A busy node's row becomes complete: where it has no child by a character, the row holds
     * the state its failure links would reach. A scan then crosses such a node in one lookup.
     * Breadth first, a node's failure target (shallower) is complete before the node is. */
    for (Py_ssize_t i = -1; i < tail; i++) {
        int32_t u = i < 0 ? 0 : queue[i];
        if (s->row[u] < 0) continue;
        int32_t *row = s->rows + (Py_ssize_t)s->row[u] * 128;
        for (int c = 0; c < 128; c++) {
            if (row[c] >= 0) continue;
            int32_t v = u == 0 ? 0 : s->fail[u], to = -1;
            while (v != 0 && s->row[v] < 0 && (to = child(s, v, (Py_UCS4)c)) < 0) v = s->fail[v];
            if (to >= 0) row[c] = to;
            else if (s->row[v] >= 0 && v != u) row[c] = s->rows[(Py_ssize_t)s->row[v] * 128 + c];
            else row[c] = 0;
        }
    }
    s->rows_used = nrows;
    int packed = pack(s, queue);
    PyMem_Free(queue);
    if (packed < 0) goto fail;
    return (PyObject *)s;

fail:
    Py_DECREF(s);
    return NULL;
}

static void scan_dealloc(Scan *r) {
    Py_XDECREF(r->scanner);
    Py_XDECREF(r->text);
    PyMem_Free(r->found);
    PyMem_Free(r->hit_start);
    PyMem_Free(r->hit_literal);
    Py_TYPE(r)->tp_free((PyObject *)r);
}

/* scan(text) -> Scan */
static PyObject *scanner_scan(Scanner *s, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "scan() needs a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), words = s->words, cap = 16, hits = 0;
    Scan *r = PyObject_New(Scan, &ScanType);
    if (!r) return NULL;
    r->scanner = (Scanner *)Py_NewRef(s);
    r->text = Py_NewRef(text);
    r->hits = 0;
    r->found = PyMem_Calloc(LEVELS * words, sizeof(uint64_t));
    r->hit_start = PyMem_Malloc(cap * sizeof(int32_t));
    r->hit_literal = PyMem_Malloc(cap * sizeof(int32_t));
    if (!r->found || !r->hit_start || !r->hit_literal || n >= INT32_MAX) {
        Py_DECREF(r);
        return PyErr_NoMemory();
    }
    uint64_t *met = r->found; /* LEVELS bit sets while scanning; the first becomes the answer */
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int32_t state = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        for (;;) {
            const Node *x = &s->node[state];
            if (c < 128 && x->row >= 0) { /* complete: failure links already followed */
                state = s->rows[x->row * 128 + c];
                break;
            }
            int32_t to = -1;
            for (int32_t k = x->first_child; k >= 0; k = s->node[k].next_sibling)
                if (s->node[k].ch == c) {
                    to = k;
                    break;
                }
            if (to >= 0 || state == 0) {
                state = to >= 0 ? to : 0;
                break;
            }
            state = x->fail;
        }
        const Node *at = &s->node[state];
        for (int32_t v = at->out >= 0 ? state : at->dict_link; v > 0; v = s->node[v].dict_link) {
            int32_t lit = s->node[v].out;
            const Literal *found = &s->lit[lit];
            const MaskPair *pair = s->pair + found->pairs;
            for (int k = 0; k < found->masks; k++) met[pair[k].at] |= pair[k].bits;
            if (!found->leads) continue;
            if (hits == cap) {
                cap *= 2;
                int32_t *a = PyMem_Realloc(r->hit_start, cap * sizeof(int32_t));
                if (a) r->hit_start = a;
                int32_t *b = a ? PyMem_Realloc(r->hit_literal, cap * sizeof(int32_t)) : NULL;
                if (b) r->hit_literal = b;
                if (!a || !b) {
                    Py_DECREF(r);
                    return PyErr_NoMemory();
                }
            }
            /* Found in order of their ends: insert by start, after any of the same start. */
            int32_t start = (int32_t)(i - found->length + 1);
            Py_ssize_t k = hits++;
            while (k > 0 && r->hit_start[k - 1] > start) {
                r->hit_start[k] = r->hit_start[k - 1];
                r->hit_literal[k] = r->hit_literal[k - 1];
                k--;
            }
            r->hit_start[k] = start;
            r->hit_literal[k] = lit;
        }
    }
    r->hits = hits;
    /* A branch is a candidate when every level it has a requirement at is met; a branch with
     * no requirement at all is always one. */
    for (Py_ssize_t w = 0; w < words; w++) {
        uint64_t found = met[w] | ~s->required[w];
        for (int level = 1; level < LEVELS; level++)
            found &= met[level * words + w] | ~s->required[level * words + w];
        met[w] = found;
    }
    /* Bits past the last branch are not branches. */
    Py_ssize_t last = s->width;
    met[last >> 6] &= ((uint64_t)1 << (last & 63)) - 1;
    for (Py_ssize_t w = (last >> 6) + 1; w < words; w++) met[w] = 0;
    return (PyObject *)r;
}

static int is_lead(const Scanner *s, int32_t lit, Py_ssize_t branch) {
    for (int32_t k = s->lead_start[lit]; k < s->lead_start[lit + 1]; k++)
        if (s->lead_branch[k] == branch) return 1;
    return 0;
}

/* pattern.match(text, at) or pattern.search(text, at) */
static PyObject *call(PyObject *name, PyObject *pattern, PyObject *text, Py_ssize_t at) {
    PyObject *pos = PyLong_FromSsize_t(at);
    if (!pos) return NULL;
    PyObject *args[3] = {pattern, text, pos};
    PyObject *m = PyObject_VectorcallMethod(name, args, 3 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    Py_DECREF(pos);
    return m;
}

/* The leftmost match of the rule whose branches are `branches` (a list), numbered from
 * `first`, at or after `pos`; None if there is none. */
static PyObject *search_rule(Scan *r, Py_ssize_t first, PyObject *branches, Py_ssize_t pos) {
    const Scanner *s = r->scanner;
    Py_ssize_t n = PyList_GET_SIZE(branches);
    if (first < 0 || first + n > s->width) {
        PyErr_SetString(PyExc_ValueError, "the branches run past the scanner's");
        return NULL;
    }
    if (pos < 0) pos = 0;
    PyObject *best = NULL;
    Py_ssize_t best_start = PY_SSIZE_T_MAX;
    /* The candidates among this rule's branches, lowest first, a 64-bit word at a time: a
     * rule has up to a few hundred branches and a text makes few of them candidates. */
    Py_ssize_t end = first + n;
    for (Py_ssize_t w = first >> 6; n > 0 && w <= (end - 1) >> 6; w++) {
        uint64_t word = r->found[w];
        if (w == first >> 6) word &= ~(uint64_t)0 << (first & 63);
        if (w == (end - 1) >> 6 && (end & 63)) word &= ((uint64_t)1 << (end & 63)) - 1;
        for (; word; word &= word - 1) {
            Py_ssize_t b = (w << 6) + lowest_bit(word);
            Py_ssize_t j = b - first;
            PyObject *pattern = PyList_GET_ITEM(branches, j);
            if (!bit(s->leading, b)) {
                PyObject *m = call(str_search, pattern, r->text, pos);
                if (!m) goto error;
                if (m == Py_None) {
                    Py_DECREF(m);
                    continue;
                }
                PyObject *at = PyObject_CallMethodNoArgs(m, str_start);
                Py_ssize_t start = at ? PyLong_AsSsize_t(at) : -1;
                Py_XDECREF(at);
                if (start == -1 && PyErr_Occurred()) {
                    Py_DECREF(m);
                    goto error;
                }
                if (start < best_start) {
                    Py_XSETREF(best, m);
                    best_start = start;
                } else {
                    Py_DECREF(m);
                }
                continue;
            }
            /* Every match of this branch starts where one of its leading literals does (or, for
             * a branch that may open with "^", at the very start): try those places in order. */
            Py_ssize_t tried = -1;
            for (Py_ssize_t h = -1; h < r->hits; h++) {
                Py_ssize_t at;
                if (h < 0) {
                    if (!bit(s->at_start, b) || pos != 0) continue;
                    at = 0;
                } else {
                    at = r->hit_start[h];
                    if (at < pos || at == tried || !is_lead(s, r->hit_literal[h], b)) continue;
                }
                if (at >= best_start) break;
                tried = at;
                PyObject *m = call(str_match, pattern, r->text, at);
                if (!m) goto error;
                if (m == Py_None) {
                    Py_DECREF(m);
                    continue;
                }
                Py_XSETREF(best, m);
                best_start = at;
                break;
            }
        }
    }
    if (best) return best;
    Py_RETURN_NONE;

error:
    Py_XDECREF(best);
    return NULL;
}

/* search(first_bit, branches, pos): see search_rule. */
static PyObject *scan_search(Scan *r, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "search(first_bit, branches: list, pos)");
        return NULL;
    }
    Py_ssize_t first = PyLong_AsSsize_t(args[0]), pos = PyLong_AsSsize_t(args[2]);
    if ((first == -1 || pos == -1) && PyErr_Occurred()) return NULL;
    return search_rule(r, first, args[1], pos);
}

/* ---------------------------------------------------------------- a rule's search, in C
 *
 * A turn makes ~40 rule searches, most of them ruled out by the scan at once: as a Python
 * method, the call itself was most of their cost. `Rule` (rules.py) subclasses this type. */

typedef struct {
    PyObject_HEAD
    PyObject *owner;    /* the rule set: its `scan(text)` scans a text not yet seen */
    PyObject *scans;    /* the rule set's scans by text */
    PyObject *branches; /* the compiled branches (a list), or None before planning */
    Py_ssize_t first_bit;
} RuleBase;

static int rule_traverse(RuleBase *self, visitproc visit, void *arg) {
    Py_VISIT(self->owner);
    Py_VISIT(self->scans);
    Py_VISIT(self->branches);
    return 0;
}

static int rule_clear(RuleBase *self) {
    Py_CLEAR(self->owner);
    Py_CLEAR(self->scans);
    Py_CLEAR(self->branches);
    return 0;
}

static void rule_dealloc(RuleBase *self) {
    PyObject_GC_UnTrack(self);
    rule_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *str_scan;

/* search(text, pos=0) -> the leftmost match, as the whole pattern's `search` would find it. */
/* The rule's leftmost match in `text` at or after `pos`, or None. */
static PyObject *rule_search_at(RuleBase *self, PyObject *text, Py_ssize_t pos) {
    if (!self->owner || !self->scans || !PyDict_Check(self->scans)) {
        PyErr_SetString(PyExc_RuntimeError, "the rule belongs to no rule set");
        return NULL;
    }
    PyObject *scan = PyDict_GetItemWithError(self->scans, text);
    if (scan) {
        Py_INCREF(scan);
    } else {
        if (PyErr_Occurred()) return NULL;
        scan = PyObject_CallMethodOneArg(self->owner, str_scan, text);
        if (!scan) return NULL;
    }
    PyObject *branches = self->branches ? Py_NewRef(self->branches) : Py_NewRef(Py_None), *result;
    if (Py_IS_TYPE(scan, &ScanType) && PyList_Check(branches)) {
        result = search_rule((Scan *)scan, self->first_bit, branches, pos);
    } else { /* the scan in Python (see rules.py) */
        result = PyObject_CallMethod(scan, "search", "nOn", self->first_bit, branches, pos);
    }
    Py_DECREF(branches);
    Py_DECREF(scan);
    return result;
}

/* search(text, pos=0) -> the leftmost match, as the whole pattern's `search` would find it. */
static PyObject *rule_search(RuleBase *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs < 1 || nargs > 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "search(text: str, pos: int = 0)");
        return NULL;
    }
    Py_ssize_t pos = 0;
    if (nargs == 2 && (pos = PyLong_AsSsize_t(args[1])) == -1 && PyErr_Occurred()) return NULL;
    return rule_search_at(self, args[0], pos);
}

/* ---------------------------------------------------------------- finditer, in C too
 *
 * Every non-overlapping match, left to right, as the whole pattern's `finditer` for patterns
 * that cannot match the empty text (no detection rule can: after an empty match this moves on
 * a character, where `re` may still find a longer match at the same place). A turn runs ~10
 * of these, most finding nothing, and a Python generator cost more than its searches. */

typedef struct {
    PyObject_HEAD
    RuleBase *rule;
    PyObject *text;
    Py_ssize_t pos; /* where the next search starts; past the end when done */
} RuleMatches;

static PyTypeObject RuleMatchesType;

static void matches_dealloc(RuleMatches *it) {
    PyObject_GC_UnTrack(it);
    Py_XDECREF(it->rule);
    Py_XDECREF(it->text);
    PyObject_GC_Del(it);
}

static int matches_traverse(RuleMatches *it, visitproc visit, void *arg) {
    Py_VISIT(it->rule);
    Py_VISIT(it->text);
    return 0;
}

static Py_ssize_t match_bound(PyObject *m, PyObject *name) {
    PyObject *at = PyObject_CallMethodNoArgs(m, name);
    if (!at) return -1;
    Py_ssize_t v = PyLong_AsSsize_t(at);
    Py_DECREF(at);
    return v;
}

static PyObject *str_end;

static PyObject *matches_next(RuleMatches *it) {
    if (it->pos > PyUnicode_GET_LENGTH(it->text)) return NULL;
    PyObject *m = rule_search_at(it->rule, it->text, it->pos);
    if (!m) return NULL;
    if (m == Py_None) {
        Py_DECREF(m);
        it->pos = PY_SSIZE_T_MAX;
        return NULL;
    }
    Py_ssize_t start = match_bound(m, str_start), end = start < 0 ? -1 : match_bound(m, str_end);
    if (end < 0) {
        Py_DECREF(m);
        return NULL;
    }
    it->pos = end > start ? end : end + 1; /* an empty match: move on a character */
    return m;
}

static PyTypeObject RuleMatchesType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "sim.core._scan.RuleMatches",
    .tp_basicsize = sizeof(RuleMatches),
    .tp_dealloc = (destructor)matches_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)matches_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)matches_next,
};

/* finditer(text) -> an iterator over every non-overlapping match, left to right. */
static PyObject *rule_finditer(RuleBase *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "finditer(text: str)");
        return NULL;
    }
    RuleMatches *it = PyObject_GC_New(RuleMatches, &RuleMatchesType);
    if (!it) return NULL;
    it->rule = (RuleBase *)Py_NewRef(self);
    it->text = Py_NewRef(text);
    it->pos = 0;
    PyObject_GC_Track(it);
    return (PyObject *)it;
}

static PyMethodDef rule_methods[] = {
    {"search", (PyCFunction)(void (*)(void))rule_search, METH_FASTCALL,
     "The leftmost match, as the whole pattern's search would find it."},
    {"finditer", (PyCFunction)rule_finditer, METH_O,
     "Every non-overlapping match, left to right, as the whole pattern's finditer."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef rule_members[] = {
    {"_owner", T_OBJECT, offsetof(RuleBase, owner), 0, "The rule set."},
    {"_scans", T_OBJECT, offsetof(RuleBase, scans), 0, "The rule set's scans by text."},
    {"branches", T_OBJECT, offsetof(RuleBase, branches), 0, "The compiled branches, or None."},
    {"first_bit", T_PYSSIZET, offsetof(RuleBase, first_bit), 0, "The first branch's number."},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject RuleType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "sim.core._scan.Rule",
    .tp_basicsize = sizeof(RuleBase),
    .tp_dealloc = (destructor)rule_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A rule's search over its rule set's scans (subclassed by rules.Rule).",
    .tp_traverse = (traverseproc)rule_traverse,
    .tp_clear = (inquiry)rule_clear,
    .tp_methods = rule_methods,
    .tp_members = rule_members,
    .tp_new = PyType_GenericNew,
};

static PyObject *scan_candidates(Scan *r, void *closure) {
    (void)closure;
    Py_ssize_t words = (r->scanner->width + 63) / 64;
    unsigned char *bytes = PyMem_Malloc(words * 8 + 1);
    if (!bytes) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < words * 8; i++) bytes[i] = (unsigned char)(r->found[i / 8] >> (8 * (i % 8)));
    PyObject *out = _PyLong_FromByteArray(bytes, words * 8, 1, 0); /* little-endian, unsigned */
    PyMem_Free(bytes);
    return out;
}

static PyMethodDef scanner_methods[] = {
    {"scan", (PyCFunction)scanner_scan, METH_O, "The candidate branches and leading literals of a text."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef scan_methods[] = {
    {"search", (PyCFunction)(void (*)(void))scan_search, METH_FASTCALL,
     "The leftmost match of a rule's branches at or after a position, or None."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef scan_getset[] = {
    {"candidates", (getter)scan_candidates, NULL, "The candidate branches' bits.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "sim.core._scan.Scanner",
    .tp_basicsize = sizeof(Scanner),
    .tp_dealloc = (destructor)scanner_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "An Aho-Corasick automaton over the rule branches' literals.",
    .tp_methods = scanner_methods,
    .tp_new = scanner_new,
};

static PyTypeObject ScanType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "sim.core._scan.Scan",
    .tp_basicsize = sizeof(Scan),
    .tp_dealloc = (destructor)scan_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One text's candidate branches and leading literals.",
    .tp_methods = scan_methods,
    .tp_getset = scan_getset,
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", NULL, -1, NULL};

PyMODINIT_FUNC PyInit__scan(void) {
    str_match = PyUnicode_InternFromString("match");
    str_search = PyUnicode_InternFromString("search");
    str_start = PyUnicode_InternFromString("start");
    str_scan = PyUnicode_InternFromString("scan");
    str_end = PyUnicode_InternFromString("end");
    if (!str_match || !str_search || !str_start || !str_scan || !str_end) return NULL;
    if (PyType_Ready(&ScannerType) < 0 || PyType_Ready(&ScanType) < 0 || PyType_Ready(&RuleType) < 0 ||
        PyType_Ready(&RuleMatchesType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    if (PyModule_AddObjectRef(m, "Scanner", (PyObject *)&ScannerType) < 0 ||
        PyModule_AddObjectRef(m, "Scan", (PyObject *)&ScanType) < 0 ||
        PyModule_AddObjectRef(m, "Rule", (PyObject *)&RuleType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
