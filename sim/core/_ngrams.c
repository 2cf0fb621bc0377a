/* The learned layer's hot loop in C: a turn's word n-grams looked up in the weight table.
 *
 * `score_in_python` in sim/core/ngrams.py does the same work and is used when this module was
 * not built; tests/core/test_ngrams.py checks both give the same sums, to the last bit, and the
 * same weightiest phrases on every labelled line. Keep the two in step.
 *
 * Words are `[a-z0-9]+(?:'[a-z]+)?` or a single `?` / `!`, apostrophes dropped, all-digit words
 * read as "0". Features are the distinct 1-, 2- and 3-grams (words joined by one space), in
 * order of first occurrence by size, then the first word marked as the opening ("^word").
 * A feature's key is the CRC-32 of its text (0 read as 1), looked up by linear probing from
 * slot key % slots.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static uint32_t crc_table[256];

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

static void crc_init(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

/* CRC-32 (zlib's) carried on over more bytes: start from 0xFFFFFFFF, finish with ~c. */
static uint32_t crc_more(uint32_t c, const char *s, Py_ssize_t len) {
    for (Py_ssize_t i = 0; i < len; i++) c = crc_table[(c ^ (unsigned char)s[i]) & 0xFF] ^ (c >> 8);
    return c;
}

typedef struct {
    Py_ssize_t at; /* where the normalised word starts in `words` */
    Py_ssize_t len;
} Word;

typedef struct {
    uint32_t key;
    Py_ssize_t word; /* the feature's first word */
    int size;        /* its words; 0 for the opening-word marker */
} Seen;

static int is_word_char(Py_UCS4 c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* Are the features (a, size) and (b, size) the same text? Only same-size features can be: a
 * word holds no space, and no word holds "^". */
static int same_words(const Word *toks, const char *words, Py_ssize_t a, Py_ssize_t b, int size) {
    int n = size ? size : 1;
    for (int j = 0; j < n; j++) {
        const Word *x = &toks[a + j], *y = &toks[b + j];
        if (x->len != y->len || memcmp(words + x->at, words + y->at, x->len) != 0) return 0;
    }
    return 1;
}

/* The (first word, words) tuples of phrases that open in a turn's first words, made once: a
 * turn's dozen new tuples each call cost ~550 instructions, most of it the cyclic collector that
 * their allocation set off. */
#define SHARED_WORDS 64
static PyObject *shared_phrase[SHARED_WORDS][4];

static PyObject *phrase(Py_ssize_t word, int size) {
    if (word < SHARED_WORDS && size >= 0 && size < 4 && shared_phrase[word][size])
        return Py_NewRef(shared_phrase[word][size]);
    return Py_BuildValue("(ni)", word, size);
}

/* score(low, bias, keys, first, count, numbers, weights, slots) -> (score, best)
 * score: the biases plus every distinct weighted feature's weights, summed in feature order;
 * best: per behaviour, the (first word, words) of the feature that weighs most for it (the
 * first on a tie; words 0 for the opening-word marker), or None if none weighs for it. */
static PyObject *score(PyObject *self, PyObject *args) {
    PyObject *low, *bias;
    Py_buffer keys = {0}, first = {0}, count = {0}, numbers = {0}, weights = {0};
    Py_ssize_t slots;
    if (!PyArg_ParseTuple(args, "UO!y*y*y*y*y*n", &low, &PyList_Type, &bias, &keys, &first, &count,
                          &numbers, &weights, &slots))
        return NULL;

    PyObject *result = NULL, *scores = NULL, *best = NULL;
    Word *toks = NULL;
    char *words = NULL;
    uint32_t *crcs = NULL;
    Seen *seen = NULL, *feats = NULL;
    Py_ssize_t *slot_of = NULL;
    int32_t *seen_at = NULL;
    double *sums = NULL, *best_w = NULL;
    Py_ssize_t *best_word = NULL;
    int *best_size = NULL;
    Py_ssize_t nbeh = PyList_GET_SIZE(bias);
    Py_ssize_t pairs = numbers.len;

    if (slots <= 0 || keys.len < 4 * slots || first.len < 4 * slots || count.len < slots ||
        weights.len < (Py_ssize_t)sizeof(float) * pairs) {
        PyErr_SetString(PyExc_ValueError, "the weight table's arrays do not match its size");
        goto done;
    }

    int kind = PyUnicode_KIND(low);
    const void *data = PyUnicode_DATA(low);
    Py_ssize_t n = PyUnicode_GET_LENGTH(low);

    /* Normalised words can only be shorter than the text. */
    toks = PyMem_Malloc(sizeof(Word) * (n + 1));
    words = PyMem_Malloc(n + 1);
    crcs = PyMem_Malloc(sizeof(uint32_t) * (3 * n + 4));
    seen = PyMem_Malloc(sizeof(Seen) * (3 * n + 4));
    feats = PyMem_Malloc(sizeof(Seen) * (3 * n + 4));
    slot_of = PyMem_Malloc(sizeof(Py_ssize_t) * (3 * n + 4));
    sums = PyMem_Malloc(sizeof(double) * (nbeh + 1));
    best_w = PyMem_Malloc(sizeof(double) * (nbeh + 1));
    best_word = PyMem_Malloc(sizeof(Py_ssize_t) * (nbeh + 1));
    best_size = PyMem_Malloc(sizeof(int) * (nbeh + 1));
    if (!toks || !words || !crcs || !seen || !feats || !slot_of || !sums || !best_w || !best_word || !best_size) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t b = 0; b < nbeh; b++) {
        sums[b] = PyFloat_AsDouble(PyList_GET_ITEM(bias, b));
        if (sums[b] == -1.0 && PyErr_Occurred()) goto done;
        best_w[b] = 0.0;
        best_word[b] = -1;
        best_size[b] = 0;
    }

    Py_ssize_t ntok = 0, used = 0, i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '?' || c == '!') {
            toks[ntok].at = used;
            toks[ntok].len = 1;
            words[used++] = (char)c;
            ntok++;
            i++;
            continue;
        }
        if (!is_word_char(c)) {
            i++;
            continue;
        }
        Py_ssize_t start = used;
        int digits = 1;
        while (i < n && is_word_char(c = PyUnicode_READ(kind, data, i))) {
            if (c < '0' || c > '9') digits = 0;
            words[used++] = (char)c;
            i++;
        }
        /* "'[a-z]+" may follow: "don't" is one word, written "dont". */
        if (i + 1 < n && PyUnicode_READ(kind, data, i) == '\'') {
            Py_UCS4 d = PyUnicode_READ(kind, data, i + 1);
            if (d >= 'a' && d <= 'z') {
                digits = 0;
                i++;
                while (i < n && (d = PyUnicode_READ(kind, data, i)) >= 'a' && d <= 'z') {
                    words[used++] = (char)d;
                    i++;
                }
            }
        }
        if (digits) {
            used = start;
            words[used++] = '0';
        }
        toks[ntok].at = start;
        toks[ntok].len = used - start;
        ntok++;
    }

    /* Every n-gram's key, each carried on from the one a word shorter: "a b c" from "a b". */
    for (Py_ssize_t t = 0; t < ntok; t++) {
        uint32_t c = crc_more(0xFFFFFFFFu, words + toks[t].at, toks[t].len);
        crcs[3 * t] = ~c;
        for (int j = 1; j < 3 && t + j < ntok; j++) {
            c = crc_more(c, " ", 1);
            c = crc_more(c, words + toks[t + j].at, toks[t + j].len);
            crcs[3 * t + j] = ~c;
        }
    }
    uint32_t opening = ntok ? ~crc_more(crc_more(0xFFFFFFFFu, "^", 1), words + toks[0].at, toks[0].len) : 0;

    const uint32_t *k = keys.buf, *f = first.buf;
    const uint8_t *cnt = count.buf, *num = numbers.buf;
    const float *w = weights.buf; /* single precision: the weights are written to 4 decimals */
    Py_ssize_t nseen = 0, nfeat = 0;

    /* Every feature in order, its first slot asked of memory ahead of use: the table is larger
     * than the caches, and waiting for each probe in turn was most of this function's time. */
    for (int size = 1; size <= 4; size++) {
        Py_ssize_t last = size <= 3 ? ntok - size + 1 : (ntok ? 1 : 0);
        for (Py_ssize_t t = 0; t < last; t++) {
            uint32_t key = size <= 3 ? crcs[3 * t + size - 1] : opening;
            if (!key) key = 1;
            feats[nfeat].key = key;
            feats[nfeat].word = t;
            feats[nfeat].size = size == 4 ? 0 : size; /* how its words are counted in `best` */
            Py_ssize_t slot = key % (uint32_t)slots;
            slot_of[nfeat++] = slot;
            PREFETCH(&k[slot]);
        }
    }
    /* Find each weighted feature's slot, and ask for its weights ahead of summing them. */
    for (Py_ssize_t i = 0; i < nfeat; i++) {
        uint32_t key = feats[i].key;
        Py_ssize_t slot = slot_of[i];
        while (k[slot] && k[slot] != key) slot = slot + 1 < slots ? slot + 1 : 0;
        if (k[slot] != key) {
            slot_of[i] = -1;
            continue;
        }
        slot_of[i] = slot;
        if (f[slot] < (uint32_t)pairs) {
            PREFETCH(&num[f[slot]]);
            PREFETCH(&w[f[slot]]);
        }
    }

    /* The features already counted, by key: an open-addressing set of indexes into `seen`
     * (comparing each feature with every one before it cost more than the lookups). */
    Py_ssize_t cap = 8;
    while (cap < 2 * nfeat) cap <<= 1;
    seen_at = PyMem_Malloc(sizeof(int32_t) * cap);
    if (!seen_at) {
        PyErr_NoMemory();
        goto done;
    }
    memset(seen_at, 0xFF, sizeof(int32_t) * cap);
    for (Py_ssize_t i = 0; i < nfeat; i++) {
        if (slot_of[i] < 0) continue;
        Py_ssize_t slot = slot_of[i], t = feats[i].word;
        uint32_t key = feats[i].key;
        int marker = feats[i].size;
        int repeat = 0;
        Py_ssize_t h = (Py_ssize_t)(key & (uint32_t)(cap - 1));
        for (; seen_at[h] >= 0; h = (h + 1) & (cap - 1)) {
            const Seen *x = &seen[seen_at[h]];
            if (x->key == key && x->size == marker && same_words(toks, words, x->word, t, marker)) {
                repeat = 1;
                break;
            }
        }
        if (repeat) continue; /* its first occurrence has counted */
        seen_at[h] = (int32_t)nseen;
        seen[nseen].key = key;
        seen[nseen].word = t;
        seen[nseen].size = marker;
        nseen++;
        Py_ssize_t at = f[slot], end = at + cnt[slot];
        if (end > pairs) {
            PyErr_SetString(PyExc_ValueError, "a feature's weights run past the table");
            goto done;
        }
        for (Py_ssize_t p = at; p < end; p++) {
            Py_ssize_t b = num[p];
            if (b >= nbeh) {
                PyErr_SetString(PyExc_IndexError, "a weight's behaviour number is out of range");
                goto done;
            }
            sums[b] += (double)w[p];
            if (w[p] > best_w[b]) {
                best_w[b] = w[p];
                best_word[b] = t;
                best_size[b] = marker;
            }
        }
    }

    scores = PyList_New(nbeh);
    best = PyList_New(nbeh);
    if (!scores || !best) goto done;
    for (Py_ssize_t b = 0; b < nbeh; b++) {
        PyObject *v = PyFloat_FromDouble(sums[b]);
        if (!v) goto done;
        PyList_SET_ITEM(scores, b, v);
        if (best_word[b] < 0) {
            PyList_SET_ITEM(best, b, Py_NewRef(Py_None));
            continue;
        }
        PyObject *at = phrase(best_word[b], best_size[b]);
        if (!at) goto done;
        PyList_SET_ITEM(best, b, at);
    }
    result = PyTuple_Pack(2, scores, best);

done:
    Py_XDECREF(scores);
    Py_XDECREF(best);
    PyMem_Free(toks);
    PyMem_Free(words);
    PyMem_Free(crcs);
    PyMem_Free(seen);
    PyMem_Free(feats);
    PyMem_Free(slot_of);
    PyMem_Free(seen_at);
    PyMem_Free(sums);
    PyMem_Free(best_w);
    PyMem_Free(best_word);
    PyMem_Free(best_size);
    PyBuffer_Release(&keys);
    PyBuffer_Release(&first);
    PyBuffer_Release(&count);
    PyBuffer_Release(&numbers);
    PyBuffer_Release(&weights);
    return result;
}

static PyMethodDef methods[] = {
    {"score", score, METH_VARARGS, "The summed scores and each behaviour's weightiest phrase of a lower-cased text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_ngrams", NULL, -1, methods};

PyMODINIT_FUNC PyInit__ngrams(void) {
    crc_init();
    for (Py_ssize_t w = 0; w < SHARED_WORDS; w++)
        for (int size = 0; size < 4; size++)
            if (!shared_phrase[w][size] && !(shared_phrase[w][size] = Py_BuildValue("(ni)", w, size)))
                return NULL;
    return PyModule_Create(&module);
}
