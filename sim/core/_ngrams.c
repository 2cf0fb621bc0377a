/* The learned layer's hot loop in C: a turn's word n-grams looked up in the weight table.
 *
 * `ngrams.score` in Python does the same work (sim/core/ngrams.py) and is used when this module
 * was not built; tests/core/test_ngrams.py checks both give the same hits and the same sums to
 * the last bit on every corpus line. Keep the two in step.
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

static void crc_init(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32_of(const char *s, Py_ssize_t len) {
    uint32_t c = 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < len; i++) c = crc_table[(c ^ (unsigned char)s[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

typedef struct {
    Py_ssize_t at;  /* where the normalised word starts in `words` */
    Py_ssize_t len;
} Word;

typedef struct {
    const char *text;
    Py_ssize_t len;
} Seen;

static int is_word_char(Py_UCS4 c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* score(low, bias, keys, first, count, numbers, weights, slots) -> (score, hits, best)
 * score: the biases plus every distinct weighted n-gram's weights, summed in feature order;
 * hits: (first word, words, first weight, weights) per weighted feature, words 0 for "^word";
 * best: per behaviour, the hit that weighs most for it (the first on a tie), or -1 if none
 * weighs for it. */
static PyObject *score(PyObject *self, PyObject *args) {
    PyObject *low, *bias;
    Py_buffer keys = {0}, first = {0}, count = {0}, numbers = {0}, weights = {0};
    unsigned long slots;
    if (!PyArg_ParseTuple(args, "UO!y*y*y*y*y*k", &low, &PyList_Type, &bias, &keys, &first, &count,
                          &numbers, &weights, &slots))
        return NULL;

    PyObject *result = NULL, *scores = NULL, *hits = NULL;
    Word *toks = NULL;
    char *words = NULL, *gram = NULL;
    Seen *seen = NULL;
    double *sums = NULL, *best_w = NULL;
    Py_ssize_t *best_at = NULL;
    PyObject *best = NULL;
    Py_ssize_t nbeh = PyList_GET_SIZE(bias);

    int kind = PyUnicode_KIND(low);
    const void *data = PyUnicode_DATA(low);
    Py_ssize_t n = PyUnicode_GET_LENGTH(low);

    /* Normalised words can only be shorter than the text; each is at most followed by a space. */
    toks = PyMem_Malloc(sizeof(Word) * (n + 1));
    words = PyMem_Malloc(n + 1);
    /* Every distinct weighted feature's text is kept: at most 13 characters per character. */
    gram = PyMem_Malloc(14 * (n + 1));
    seen = PyMem_Malloc(sizeof(Seen) * (3 * (n + 1) + 1));
    sums = PyMem_Malloc(sizeof(double) * (nbeh + 1));
    best_w = PyMem_Malloc(sizeof(double) * (nbeh + 1));
    best_at = PyMem_Malloc(sizeof(Py_ssize_t) * (nbeh + 1));
    if (!toks || !words || !gram || !seen || !sums || !best_w || !best_at) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t b = 0; b < nbeh; b++) {
        sums[b] = PyFloat_AsDouble(PyList_GET_ITEM(bias, b));
        if (sums[b] == -1.0 && PyErr_Occurred()) goto done;
        best_w[b] = 0.0;
        best_at[b] = -1;
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

    hits = PyList_New(0);
    if (!hits) goto done;
    const uint32_t *k = keys.buf, *f = first.buf;
    const uint8_t *cnt = count.buf, *num = numbers.buf;
    const double *w = weights.buf;
    Py_ssize_t nseen = 0, gram_room = 14 * (n + 1);
    char *store = gram;  /* the texts of weighted features, kept to tell repeats apart */
    Py_ssize_t stored = 0;
    char buf[512];

    for (int size = 1; size <= 4; size++) {
        Py_ssize_t last = size <= 3 ? ntok - size + 1 : (ntok ? 1 : 0);
        for (Py_ssize_t t = 0; t < last; t++) {
            /* The feature's text: "a b c", or "^a" for the opening word (size 4 here). */
            char *text = buf;
            Py_ssize_t len = 0, want = 0;
            int words_in = size <= 3 ? size : 1;
            for (int j = 0; j < words_in; j++) want += toks[t + j].len + 1;
            if (want > (Py_ssize_t)sizeof(buf)) {
                text = PyMem_Malloc(want + 1);
                if (!text) {
                    PyErr_NoMemory();
                    goto done;
                }
            }
            if (size == 4) text[len++] = '^';
            for (int j = 0; j < words_in; j++) {
                if (j) text[len++] = ' ';
                memcpy(text + len, words + toks[t + j].at, toks[t + j].len);
                len += toks[t + j].len;
            }
            uint32_t key = crc32_of(text, len);
            if (!key) key = 1;
            unsigned long slot = key % slots;
            while (k[slot] && k[slot] != key) slot = slot + 1 < slots ? slot + 1 : 0;
            int weighted = k[slot] == key;
            if (weighted) {
                for (Py_ssize_t s = 0; s < nseen; s++) {
                    if (seen[s].len == len && memcmp(seen[s].text, text, len) == 0) {
                        weighted = 0; /* a repeat: the first occurrence already counted */
                        break;
                    }
                }
            }
            if (weighted) {
                if (stored + len > gram_room) {
                    PyErr_SetString(PyExc_RuntimeError, "n-gram store overflow");
                    if (text != buf) PyMem_Free(text);
                    goto done;
                } else {
                    memcpy(store + stored, text, len);
                    seen[nseen].text = store + stored;
                    seen[nseen].len = len;
                    stored += len;
                    nseen++;
                }
            }
            if (weighted) {
                uint32_t at = f[slot];
                uint8_t many = cnt[slot];
                Py_ssize_t index = PyList_GET_SIZE(hits);
                for (uint32_t p = at; p < at + many; p++) {
                    if (num[p] >= nbeh) {
                        PyErr_SetString(PyExc_IndexError, "a weight's behaviour number is out of range");
                        if (text != buf) PyMem_Free(text);
                        goto done;
                    }
                    sums[num[p]] += w[p];
                    if (w[p] > best_w[num[p]]) {
                        best_w[num[p]] = w[p];
                        best_at[num[p]] = index;
                    }
                }
                PyObject *hit = Py_BuildValue("(nnkk)", t, (Py_ssize_t)(size <= 3 ? size : 0),
                                              (unsigned long)at, (unsigned long)many);
                if (!hit || PyList_Append(hits, hit) < 0) {
                    Py_XDECREF(hit);
                    if (text != buf) PyMem_Free(text);
                    goto done;
                }
                Py_DECREF(hit);
            }
            if (text != buf) PyMem_Free(text);
        }
    }

    scores = PyList_New(nbeh);
    if (!scores) goto done;
    for (Py_ssize_t b = 0; b < nbeh; b++) {
        PyObject *v = PyFloat_FromDouble(sums[b]);
        if (!v) goto done;
        PyList_SET_ITEM(scores, b, v);
    }
    best = PyList_New(nbeh);
    if (!best) goto done;
    for (Py_ssize_t b = 0; b < nbeh; b++) {
        PyObject *v = PyLong_FromSsize_t(best_at[b]);
        if (!v) goto done;
        PyList_SET_ITEM(best, b, v);
    }
    result = PyTuple_Pack(3, scores, hits, best);

done:
    Py_XDECREF(scores);
    Py_XDECREF(hits);
    Py_XDECREF(best);
    PyMem_Free(toks);
    PyMem_Free(words);
    PyMem_Free(gram);
    PyMem_Free(seen);
    PyMem_Free(sums);
    PyMem_Free(best_w);
    PyMem_Free(best_at);
    PyBuffer_Release(&keys);
    PyBuffer_Release(&first);
    PyBuffer_Release(&count);
    PyBuffer_Release(&numbers);
    PyBuffer_Release(&weights);
    return result;
}

static PyMethodDef methods[] = {
    {"score", score, METH_VARARGS, "The summed scores and the weighted n-grams of a lower-cased text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_ngrams", NULL, -1, methods};

PyMODINIT_FUNC PyInit__ngrams(void) {
    crc_init();
    return PyModule_Create(&module);
}
