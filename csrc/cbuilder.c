/*
 * planlint._cbuilder: libyaml events -> planlint's data and positions, in C.
 *
 * The same result as the Python event builder (planlint.loader._EventBuilder)
 * for the documents plans are made of: plain mappings, lists and scalars. The
 * parser is the libyaml that ruamel.yaml.clib bundles (0.1.7, csrc/libyaml/),
 * so that events, marks and errors are those the Python path sees.
 *
 * Anything unusual is *handed back*: build() returns None and the caller runs
 * the Python builder on the same text, which then makes every message. Handed
 * back: parser errors, anchors, aliases, tags, merge keys (any key "<<"),
 * duplicate keys, keys that are not scalars, directives, a root that is not a
 * mapping or a list, a second document, the node and depth limits, integers
 * other than plain decimals of up to 18 digits, floats written with "_" or
 * that are not finite, plain scalars that could be numbers and hold a line
 * break, text that is not valid UTF-8 (lone surrogates).
 *
 * Positions are 0-based marks as tuples: (line, column, end_line, end_column),
 * and (line, column, end_line, end_column, last_item_path) for a block
 * collection with items; planlint.positions turns them into Spans.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <string.h>

#include "yaml.h"

/* Deeper documents (never plans) are left to the Python builder, which says why. */
#define DEPTH_CAP 100
/* Longer plain decimals are left to Python's int(). */
#define MAX_INT_DIGITS 18

typedef struct {
    yaml_parser_t parser;
    yaml_event_t event;
    int has_event;
    int handed_back;
    PyObject *values;  /* path -> position of the value */
    PyObject *keys;    /* path -> position of its key */
    PyObject *quoted;  /* [(position, style)] of quoted and block scalars */
    Py_ssize_t count;
    Py_ssize_t max_nodes;
    int depth;
    int max_depth;
    int saw_whole_float;
} Builder;

static PyObject *STYLE_SINGLE, *STYLE_DOUBLE, *STYLE_LITERAL, *STYLE_FOLDED;

static PyObject *build_node(Builder *b, PyObject *path, PyObject *key_position);

/* Give the document to the Python builder: NULL with no exception set. */
static PyObject *
hand_back(Builder *b)
{
    b->handed_back = 1;
    return NULL;
}

static int
next_event(Builder *b)
{
    if (b->has_event) {
        yaml_event_delete(&b->event);
        b->has_event = 0;
    }
    if (!yaml_parser_parse(&b->parser, &b->event)) {
        b->handed_back = 1;
        return -1;
    }
    b->has_event = 1;
    return 0;
}

/* (line, column, end_line, end_column[, last]) from 0-based marks; last may be NULL. */
static PyObject *
points(yaml_mark_t start, yaml_mark_t end, PyObject *last)
{
    PyObject *result = PyTuple_New(last == NULL ? 4 : 5);
    if (result == NULL)
        return NULL;
    size_t numbers[4] = {start.line, start.column, end.line, end.column};
    for (Py_ssize_t i = 0; i < 4; i++) {
        PyObject *number = PyLong_FromSize_t(numbers[i]);
        if (number == NULL) {
            Py_DECREF(result);
            return NULL;
        }
        PyTuple_SET_ITEM(result, i, number);
    }
    if (last != NULL) {
        Py_INCREF(last);
        PyTuple_SET_ITEM(result, 4, last);
    }
    return result;
}

static PyObject *
position(yaml_mark_t start, yaml_mark_t end)
{
    return points(start, end, NULL);
}

static PyObject *
extended(PyObject *path, PyObject *step)
{
    Py_ssize_t size = PyTuple_GET_SIZE(path);
    PyObject *result = PyTuple_New(size + 1);
    if (result == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *item = PyTuple_GET_ITEM(path, i);
        Py_INCREF(item);
        PyTuple_SET_ITEM(result, i, item);
    }
    Py_INCREF(step);
    PyTuple_SET_ITEM(result, size, step);
    return result;
}

/* Record a node's position (and its key's): PositionIndex.add. */
static int
record(Builder *b, PyObject *path, PyObject *value_position, PyObject *key_position)
{
    if (PyDict_SetDefault(b->values, path, value_position) == NULL)
        return -1;
    if (key_position != NULL && PyDict_SetDefault(b->keys, path, key_position) == NULL)
        return -1;
    return 0;
}

static int
note_quoted(Builder *b, PyObject *where, yaml_scalar_style_t style)
{
    PyObject *name;
    switch (style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: name = STYLE_SINGLE; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: name = STYLE_DOUBLE; break;
    case YAML_LITERAL_SCALAR_STYLE: name = STYLE_LITERAL; break;
    case YAML_FOLDED_SCALAR_STYLE: name = STYLE_FOLDED; break;
    default: return 0;
    }
    PyObject *entry = PyTuple_Pack(2, where, name);
    if (entry == NULL)
        return -1;
    int failed = PyList_Append(b->quoted, entry);
    Py_DECREF(entry);
    return failed;
}

/* ------------------------------------------------------------------ plain scalars */

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
all_of(const char *s, const char *end, const char *allowed)
{
    if (s >= end)
        return 0;
    for (; s < end; s++)
        if (*s == '\0' || strchr(allowed, *s) == NULL)
            return 0;
    return 1;
}

/* The int pattern of the YAML 1.2 core schema as planlint resolves it
   (loader._PLAIN_RESOLVERS): [-+]? then 0b[01_]+, 0o?[0-7_]+, [0-9_]+ or 0x[0-9a-fA-F_]+. */
static int
matches_int(const char *s, Py_ssize_t n)
{
    const char *end = s + n;
    if (s < end && (*s == '-' || *s == '+'))
        s++;
    if (all_of(s, end, "0123456789_"))
        return 1;
    if (end - s > 2 && s[0] == '0' && s[1] == 'b')
        return all_of(s + 2, end, "01_");
    if (end - s > 2 && s[0] == '0' && s[1] == 'o')
        return all_of(s + 2, end, "01234567_");
    if (end - s > 2 && s[0] == '0' && s[1] == 'x')
        return all_of(s + 2, end, "0123456789abcdefABCDEF_");
    return 0;
}

/* [0-9_]* from s; returns where it stopped. */
static const char *
skip_digits(const char *s, const char *end)
{
    while (s < end && (is_digit(*s) || *s == '_'))
        s++;
    return s;
}

/* [eE] then a sign ([-+] when sign_required, [-+]? otherwise) then [0-9]+, up to end. */
static int
exponent_to_end(const char *s, const char *end, int sign_required)
{
    if (s >= end || (*s != 'e' && *s != 'E'))
        return 0;
    s++;
    if (s < end && (*s == '-' || *s == '+'))
        s++;
    else if (sign_required)
        return 0;
    if (s >= end)
        return 0;
    for (; s < end; s++)
        if (!is_digit(*s))
            return 0;
    return 1;
}

enum { NOT_FLOAT, FINITE_FLOAT, SPECIAL_FLOAT };

/* The float pattern of loader._PLAIN_RESOLVERS, alternative by alternative. */
static int
float_kind(const char *s, Py_ssize_t n)
{
    const char *end = s + n;
    const char *p = s;
    if (n == 4 && s[0] == '.' && (!memcmp(s + 1, "nan", 3) || !memcmp(s + 1, "NaN", 3) || !memcmp(s + 1, "NAN", 3)))
        return SPECIAL_FLOAT;
    if (p < end && (*p == '-' || *p == '+'))
        p++;
    if (end - p == 4 && p[0] == '.' && (!memcmp(p + 1, "inf", 3) || !memcmp(p + 1, "Inf", 3) || !memcmp(p + 1, "INF", 3)))
        return SPECIAL_FLOAT;
    if (p < end && is_digit(*p)) {
        const char *q = skip_digits(p + 1, end);
        if (q < end && *q == '.') {
            q = skip_digits(q + 1, end);
            return (q == end || exponent_to_end(q, end, 0)) ? FINITE_FLOAT : NOT_FLOAT;
        }
        return exponent_to_end(q, end, 0) ? FINITE_FLOAT : NOT_FLOAT;
    }
    if (p < end && *p == '.') {
        const char *q = skip_digits(p + 1, end);
        if (q == p + 1)
            return NOT_FLOAT;
        return (q == end || exponent_to_end(q, end, 1)) ? FINITE_FLOAT : NOT_FLOAT;
    }
    return NOT_FLOAT;
}

static PyObject *
decimal(Builder *b, const char *s, Py_ssize_t n)
{
    int negative = 0;
    const char *end = s + n;
    if (*s == '-' || *s == '+') {
        negative = *s == '-';
        s++;
    }
    if (end - s > MAX_INT_DIGITS)
        return hand_back(b);
    long long number = 0;
    for (; s < end; s++)
        number = number * 10 + (*s - '0');
    return PyLong_FromLongLong(negative ? -number : number);
}

static PyObject *
finite_float(Builder *b, const char *s, Py_ssize_t n)
{
    char buffer[64];
    if (memchr(s, '_', n) != NULL || n >= (Py_ssize_t)sizeof(buffer))
        return hand_back(b);
    for (Py_ssize_t i = 0; i < n; i++)
        buffer[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    buffer[n] = '\0';
    char *stop = NULL;
    double number = PyOS_string_to_double(buffer, &stop, NULL);
    if (number == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return hand_back(b);
    }
    if (stop != buffer + n || !isfinite(number))
        return hand_back(b);
    if (floor(number) == number)
        b->saw_whole_float = 1; /* 4.0: the model reads it as 4 */
    return PyFloat_FromDouble(number);
}

static int
is_word(const char *s, Py_ssize_t n, const char *a, const char *b, const char *c)
{
    Py_ssize_t length = (Py_ssize_t)strlen(a);
    return n == length && (!memcmp(s, a, n) || !memcmp(s, b, n) || !memcmp(s, c, n));
}

/* A plain, untagged scalar as planlint reads it (loader._EventBuilder._scalar):
   null, a bool, a number, or text. */
static PyObject *
plain_value(Builder *b, const char *s, Py_ssize_t n)
{
    if (n == 0)
        Py_RETURN_NONE;
    char first = s[0];
    if (first == '\0' || strchr("~nNtTfF-+.0123456789", first) == NULL)
        return PyUnicode_DecodeUTF8(s, n, "strict");
    if ((n == 1 && first == '~') || is_word(s, n, "null", "Null", "NULL"))
        Py_RETURN_NONE;
    if (is_word(s, n, "true", "True", "TRUE"))
        Py_RETURN_TRUE;
    if (is_word(s, n, "false", "False", "FALSE"))
        Py_RETURN_FALSE;
    if (strchr("nNtTfF", first) != NULL)
        return PyUnicode_DecodeUTF8(s, n, "strict");
    if (memchr(s, '\n', n) != NULL)
        return hand_back(b); /* a regular expression's $ may match before it */
    if (matches_int(s, n)) {
        const char *digits = (first == '-' || first == '+') ? s + 1 : s;
        if (all_of(digits, s + n, "0123456789"))
            return decimal(b, s, n);
        return hand_back(b); /* 0x.., 0o.., 0b.., underscores */
    }
    switch (float_kind(s, n)) {
    case FINITE_FLOAT: return finite_float(b, s, n);
    case SPECIAL_FLOAT: return hand_back(b); /* .nan and .inf are noted by the Python builder */
    default: return PyUnicode_DecodeUTF8(s, n, "strict");
    }
}

/* ------------------------------------------------------------------ nodes */

static PyObject *
build_scalar(Builder *b, PyObject *path, PyObject *key_position)
{
    yaml_event_t *event = &b->event;
    if (event->data.scalar.anchor != NULL || event->data.scalar.tag != NULL)
        return hand_back(b);
    const char *text = (const char *)event->data.scalar.value;
    Py_ssize_t length = (Py_ssize_t)event->data.scalar.length;
    yaml_scalar_style_t style = event->data.scalar.style;
    PyObject *where = position(event->start_mark, event->end_mark);
    if (where == NULL)
        return NULL;
    PyObject *value = NULL;
    if (record(b, path, where, key_position) < 0)
        goto done;
    if (style == YAML_PLAIN_SCALAR_STYLE && event->data.scalar.plain_implicit) {
        value = plain_value(b, text, length);
    } else {
        if (note_quoted(b, where, style) < 0)
            goto done;
        value = PyUnicode_DecodeUTF8(text, length, "strict");
    }
    if (value == NULL && PyErr_Occurred() && PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
        PyErr_Clear(); /* "\ud800" written as an escape: the Python path decides */
        hand_back(b);
    }
done:
    Py_DECREF(where);
    return value;
}

/* The position of a finished collection (loader._EventBuilder._collection). */
static PyObject *
collection_position(yaml_mark_t start, int flow, yaml_event_t *end_event, PyObject *last)
{
    if (flow)
        return position(start, end_event->end_mark);
    if (last == NULL)
        return position(start, end_event->start_mark);
    return points(start, end_event->start_mark, last);
}

static PyObject *
build_sequence(Builder *b, PyObject *path, PyObject *key_position)
{
    yaml_mark_t start = b->event.start_mark;
    int flow = b->event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    PyObject *items = PyList_New(0);
    PyObject *last = NULL;
    if (items == NULL)
        return NULL;
    for (;;) {
        if (next_event(b) < 0)
            goto failed;
        if (b->event.type == YAML_SEQUENCE_END_EVENT || b->event.type == YAML_MAPPING_END_EVENT)
            break;
        PyObject *number = PyLong_FromSsize_t(PyList_GET_SIZE(items));
        if (number == NULL)
            goto failed;
        PyObject *item_path = extended(path, number);
        Py_DECREF(number);
        if (item_path == NULL)
            goto failed;
        Py_XDECREF(last);
        last = item_path;
        PyObject *item = build_node(b, item_path, NULL);
        if (item == NULL)
            goto failed;
        int failed = PyList_Append(items, item);
        Py_DECREF(item);
        if (failed < 0)
            goto failed;
    }
    PyObject *where = collection_position(start, flow, &b->event, last);
    if (where == NULL || record(b, path, where, key_position) < 0) {
        Py_XDECREF(where);
        goto failed;
    }
    Py_DECREF(where);
    Py_XDECREF(last);
    return items;
failed:
    Py_XDECREF(last);
    Py_DECREF(items);
    return NULL;
}

static PyObject *
build_mapping(Builder *b, PyObject *path, PyObject *key_position)
{
    yaml_mark_t start = b->event.start_mark;
    int flow = b->event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    PyObject *result = PyDict_New();
    PyObject *last = NULL;
    if (result == NULL)
        return NULL;
    for (;;) {
        if (next_event(b) < 0)
            goto failed;
        yaml_event_t *event = &b->event;
        if (event->type == YAML_MAPPING_END_EVENT || event->type == YAML_SEQUENCE_END_EVENT)
            break;
        if (event->type != YAML_SCALAR_EVENT || event->data.scalar.anchor != NULL || event->data.scalar.tag != NULL) {
            hand_back(b);
            goto failed;
        }
        if (++b->count > b->max_nodes) {
            hand_back(b);
            goto failed;
        }
        const char *text = (const char *)event->data.scalar.value;
        Py_ssize_t length = (Py_ssize_t)event->data.scalar.length;
        if (length == 2 && text[0] == '<' && text[1] == '<') {
            hand_back(b); /* a merge key, or a key that reads like one */
            goto failed;
        }
        PyObject *key = PyUnicode_DecodeUTF8(text, length, "strict");
        if (key == NULL) {
            if (PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
                PyErr_Clear();
                hand_back(b);
            }
            goto failed;
        }
        int seen = PyDict_Contains(result, key);
        if (seen != 0) {
            Py_DECREF(key);
            if (seen > 0)
                hand_back(b); /* a duplicate key: PL002 */
            goto failed;
        }
        PyObject *key_where = position(event->start_mark, event->end_mark);
        if (key_where == NULL) {
            Py_DECREF(key);
            goto failed;
        }
        yaml_scalar_style_t style = event->data.scalar.style;
        if ((style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
            && note_quoted(b, key_where, style) < 0) {
            Py_DECREF(key_where);
            Py_DECREF(key);
            goto failed;
        }
        PyObject *value_path = extended(path, key);
        if (value_path == NULL) {
            Py_DECREF(key_where);
            Py_DECREF(key);
            goto failed;
        }
        Py_XDECREF(last);
        last = value_path;
        PyObject *value = next_event(b) < 0 ? NULL : build_node(b, value_path, key_where);
        Py_DECREF(key_where);
        if (value == NULL) {
            Py_DECREF(key);
            goto failed;
        }
        int failed = PyDict_SetItem(result, key, value);
        Py_DECREF(key);
        Py_DECREF(value);
        if (failed < 0)
            goto failed;
    }
    PyObject *where = collection_position(start, flow, &b->event, last);
    if (where == NULL || record(b, path, where, key_position) < 0) {
        Py_XDECREF(where);
        goto failed;
    }
    Py_DECREF(where);
    Py_XDECREF(last);
    return result;
failed:
    Py_XDECREF(last);
    Py_DECREF(result);
    return NULL;
}

/* Build the node whose first event is the current one. */
static PyObject *
build_node(Builder *b, PyObject *path, PyObject *key_position)
{
    if (++b->count > b->max_nodes)
        return hand_back(b);
    yaml_event_t *event = &b->event;
    switch (event->type) {
    case YAML_SCALAR_EVENT:
        return build_scalar(b, path, key_position);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int sequence = event->type == YAML_SEQUENCE_START_EVENT;
        if ((sequence ? event->data.sequence_start.anchor : event->data.mapping_start.anchor) != NULL
            || (sequence ? event->data.sequence_start.tag : event->data.mapping_start.tag) != NULL)
            return hand_back(b);
        if (++b->depth > b->max_depth)
            return hand_back(b);
        if (Py_EnterRecursiveCall(" while building a plan"))
            return NULL;
        PyObject *value = sequence ? build_sequence(b, path, key_position) : build_mapping(b, path, key_position);
        Py_LeaveRecursiveCall();
        b->depth--;
        return value;
    }
    default:
        return hand_back(b); /* an alias */
    }
}

/* The stream: one document whose root is a mapping or a list, nothing unusual around it. */
static PyObject *
build_document(Builder *b)
{
    if (next_event(b) < 0 || b->event.type != YAML_STREAM_START_EVENT)
        return hand_back(b);
    if (next_event(b) < 0 || b->event.type != YAML_DOCUMENT_START_EVENT)
        return hand_back(b); /* an empty file */
    if (b->event.data.document_start.version_directive != NULL
        || b->event.data.document_start.tag_directives.start != b->event.data.document_start.tag_directives.end)
        return hand_back(b);
    if (next_event(b) < 0)
        return NULL;
    if (b->event.type != YAML_MAPPING_START_EVENT && b->event.type != YAML_SEQUENCE_START_EVENT)
        return hand_back(b); /* a scalar or an alias as the whole document */
    PyObject *root = PyTuple_New(0);
    if (root == NULL)
        return NULL;
    PyObject *data = build_node(b, root, NULL);
    Py_DECREF(root);
    if (data == NULL)
        return NULL;
    if (next_event(b) < 0 || b->event.type != YAML_DOCUMENT_END_EVENT || next_event(b) < 0
        || b->event.type != YAML_STREAM_END_EVENT) {
        Py_DECREF(data);
        return hand_back(b); /* a second document, or an error after the first */
    }
    return data;
}

PyDoc_STRVAR(build_doc,
             "build(text, max_nodes, max_depth) -> (data, values, keys, quoted, saw_whole_float) or None\n\n"
             "None: the text needs the Python builder (an error, or anything unusual).");

static PyObject *
build(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *text;
    Py_ssize_t max_nodes;
    int max_depth;
    if (!PyArg_ParseTuple(args, "Uni:build", &text, &max_nodes, &max_depth))
        return NULL;
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(text, &size);
    if (utf8 == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
            return NULL;
        PyErr_Clear(); /* lone surrogates: the Python path reports them */
        Py_RETURN_NONE;
    }
    Builder b;
    memset(&b, 0, sizeof(b));
    b.max_nodes = max_nodes;
    b.max_depth = max_depth < DEPTH_CAP ? max_depth : DEPTH_CAP;
    b.values = PyDict_New();
    b.keys = PyDict_New();
    b.quoted = PyList_New(0);
    PyObject *result = NULL;
    if (b.values == NULL || b.keys == NULL || b.quoted == NULL)
        goto done;
    if (!yaml_parser_initialize(&b.parser)) {
        PyErr_NoMemory();
        goto done;
    }
    yaml_parser_set_input_string(&b.parser, (const unsigned char *)utf8, (size_t)size);
    PyObject *data = build_document(&b);
    if (b.has_event)
        yaml_event_delete(&b.event);
    yaml_parser_delete(&b.parser);
    if (data != NULL) {
        result = Py_BuildValue("(NOOOO)", data, b.values, b.keys, b.quoted, b.saw_whole_float ? Py_True : Py_False);
    } else if (!PyErr_Occurred()) {
        result = Py_None; /* handed back */
        Py_INCREF(result);
    }
done:
    Py_XDECREF(b.values);
    Py_XDECREF(b.keys);
    Py_XDECREF(b.quoted);
    return result;
}

static PyMethodDef methods[] = {
    {"build", build, METH_VARARGS, build_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "planlint._cbuilder",
    .m_doc = "libyaml events -> planlint's data and positions (see csrc/cbuilder.c); the Python builder handles the rest.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__cbuilder(void)
{
    STYLE_SINGLE = PyUnicode_InternFromString("'");
    STYLE_DOUBLE = PyUnicode_InternFromString("\"");
    STYLE_LITERAL = PyUnicode_InternFromString("|");
    STYLE_FOLDED = PyUnicode_InternFromString(">");
    if (STYLE_SINGLE == NULL || STYLE_DOUBLE == NULL || STYLE_LITERAL == NULL || STYLE_FOLDED == NULL)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddStringConstant(m, "LIBYAML_VERSION", yaml_get_version_string()) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
