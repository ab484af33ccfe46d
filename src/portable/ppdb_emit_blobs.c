/* SPDX-License-Identifier: MIT */
/*
 * Blob encoders of the Portable PDB emitter: sequence points, document names, local
 * constant signatures, embedded sources, import lists, and the conversion of Windows
 * "MD2" custom debug info into the portable kinds that have one.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "base/checked.h"
#include "base/cursor.h"
#include "base/inflate.h"
#include "base/utf.h"
#include "portable/ppdb_blobs.h"
#include "portable/ppdb_cdi.h"
#include "portable/ppdb_emit_private.h"

#define MAX_ROWS 0x00FFFFFFu

/* ---- sequence points ---- */

static int compare_point(const void *a, const void *b)
{
    const struct corsym_sw_point *x = a, *y = b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* ECMA-335 II.23.2 compressed integers into reserved room (at most 4 bytes each); a value
 * outside the encoding clears *fits and writes nothing. */
static inline uint8_t *put_cuint_raw(uint8_t *at, uint32_t v, bool *fits)
{
    if (v < 0x80) {
        *at = (uint8_t)v;
        return at + 1;
    }
    if (v < 0x4000) {
        at[0] = (uint8_t)(0x80 | (v >> 8));
        at[1] = (uint8_t)v;
        return at + 2;
    }
    if (v <= 0x1FFFFFFF) {
        at[0] = (uint8_t)(0xC0 | (v >> 24));
        at[1] = (uint8_t)(v >> 16);
        at[2] = (uint8_t)(v >> 8);
        at[3] = (uint8_t)v;
        return at + 4;
    }
    *fits = false;
    return at;
}

/* The signed form (corsym_emit_cint's rotation). */
static inline uint8_t *put_cint_raw(uint8_t *at, int64_t v, bool *fits)
{
    uint32_t sign = v < 0 ? 1u : 0u;
    if (v >= -64 && v <= 63)
        return put_cuint_raw(at, (((uint32_t)v & 0x3Fu) << 1) | sign, fits);
    if (v >= -8192 && v <= 8191)
        return put_cuint_raw(at, (((uint32_t)v & 0x1FFFu) << 1) | sign, fits);
    if (v >= -0x10000000 && v <= 0x0FFFFFFF)
        return put_cuint_raw(at, (((uint32_t)v & 0x0FFFFFFFu) << 1) | sign, fits);
    *fits = false;
    return at;
}

corsym_status corsym_ppdb_encode_points(const struct corsym_sw_point *points, uint32_t count,
                                       struct corsym_buf *out, uint32_t *first_document,
                                       bool *single_document)
{
    *first_document = 0;
    *single_document = true;
    if (!count)
        return CORSYM_OK;
    /* IL offsets must strictly increase; of points sharing an offset the first defined
     * one is kept, as a debugger stepping there would stop at it. Compilers define them
     * in order, so the points are used as they are unless they need sorting. */
    bool in_order = true;
    for (uint32_t i = 1; i < count && in_order; i++)
        in_order = points[i - 1].offset < points[i].offset;
    const struct corsym_sw_point *p = points;
    struct corsym_sw_point *sorted = NULL;
    uint32_t n = count;
    if (!in_order) {
        size_t bytes;
        if (!corsym_checked_mul(count, sizeof(*points), &bytes))
            return CORSYM_E_NOMEM;
        sorted = malloc(bytes);
        if (!sorted)
            return CORSYM_E_NOMEM;
        memcpy(sorted, points, bytes);
        corsym_sort(sorted, count, sizeof(*sorted), compare_point);
        n = 0;
        for (uint32_t i = 0; i < count; i++)
            if (n == 0 || sorted[i].offset != sorted[n - 1].offset)
                sorted[n++] = sorted[i];
        p = sorted;
    }

    /* Every field is written into room reserved for the worst case (a document change and
     * six 4-byte integers a point), so the loop has no capacity checks and no status per
     * field; what does not fit an integer's encoding ends the loop with INVALID_ARG. */
    size_t room;
    corsym_status st = CORSYM_OK;
    if (!corsym_checked_mul(n, 32, &room) || !corsym_checked_add(room, 16, &room))
        st = CORSYM_E_NOMEM;
    if (st == CORSYM_OK)
        st = corsym_buf_reserve(out, room);
    bool fits = st == CORSYM_OK;
    uint8_t *at = fits ? out->data + out->len : NULL;
    uint32_t current = p[0].document, prev_line = 0, prev_column = 0;
    bool have_visible = false, single = true;
    for (uint32_t i = 0; fits && i < n; i++) {
        const struct corsym_sw_point *q = &p[i];
        if (i > 0 && q->document != current) {
            *at++ = 0;
            at = put_cuint_raw(at, q->document + 1, &fits);
            current = q->document;
            single = false;
        }
        at = put_cuint_raw(at, i == 0 ? q->offset : q->offset - p[i - 1].offset, &fits);
        if (q->start_line == CORSYM_SW_HIDDEN_LINE) {
            *at++ = 0;
            *at++ = 0;
            continue;
        }
        uint32_t delta_lines = q->end_line - q->start_line;
        int64_t delta_columns = (int64_t)q->end_column - (int64_t)q->start_column;
        /* (0, 0) would read back as a hidden point; the model refuses such points for a
         * Portable PDB, this keeps a model built with other rules from writing one. */
        if (delta_lines == 0 && delta_columns <= 0) {
            fits = false;
            break;
        }
        at = put_cuint_raw(at, delta_lines, &fits);
        at = delta_lines == 0 ? put_cuint_raw(at, (uint32_t)delta_columns, &fits)
                              : put_cint_raw(at, delta_columns, &fits);
        if (!have_visible) {
            at = put_cuint_raw(at, q->start_line, &fits);
            at = put_cuint_raw(at, q->start_column, &fits);
        } else {
            /* Lines may reach 2^29 but a signed delta holds only 28 bits. */
            at = put_cint_raw(at, (int64_t)q->start_line - prev_line, &fits);
            at = put_cint_raw(at, (int64_t)q->start_column - prev_column, &fits);
        }
        prev_line = q->start_line;
        prev_column = q->start_column;
        have_visible = true;
    }
    *first_document = p[0].document;
    free(sorted);
    CORSYM_TRY(st);
    if (!fits)
        return CORSYM_E_INVALID_ARG;
    out->len = (size_t)(at - out->data);
    out->data[out->len] = 0;
    *single_document = single;
    return CORSYM_OK;
}

corsym_status corsym_emit_sequence_points(struct emit *e, const struct corsym_sw_method *m,
                                          uint32_t *document, uint32_t *blob)
{
    *document = 0;
    *blob = 0;
    if (!m->point_count)
        return CORSYM_OK;
    /* The records: encoded at CloseMethod (the COM writer's point encoder), else now. */
    const uint8_t *records = m->encoded_points;
    size_t len = m->encoded_points_len;
    uint32_t first = m->encoded_first_document;
    bool single = m->encoded_single_document;
    if (!records) {
        corsym_buf_clear(&e->point_records);
        CORSYM_TRY(corsym_ppdb_encode_points(m->points, m->point_count, &e->point_records,
                                             &first, &single));
        records = e->point_records.data;
        len = e->point_records.len;
    }
    /* The header: the local signature (a token RemapToken may still change, so never part
     * of the records), then the initial document when the points leave it. */
    struct corsym_buf *b = &e->scratch;
    corsym_buf_clear(b);
    size_t room;
    if (!corsym_checked_add(len, 16, &room))
        return CORSYM_E_NOMEM;
    CORSYM_TRY(corsym_buf_reserve(b, room));
    bool fits = true;
    uint8_t *at = b->data;
    at = put_cuint_raw(at, m->local_signature ? m->local_signature & MAX_ROWS : 0, &fits);
    if (!single)
        at = put_cuint_raw(at, first + 1, &fits);
    if (!fits)
        return CORSYM_E_INVALID_ARG;
    memcpy(at, records, len);
    b->len = (size_t)(at - b->data) + len;
    b->data[b->len] = 0;
    if (single)
        *document = first + 1;
    return corsym_emit_blob(e, b->data, b->len, blob);
}

/* ---- document names ---- */

corsym_status corsym_emit_document_name(struct emit *e, const char *name, size_t len,
                                        uint32_t *blob)
{
    /* The separator csc picks: whichever of '/' and '\' occurs more often. */
    size_t slashes = 0, backslashes = 0;
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '/')
            slashes++;
        else if (name[i] == '\\')
            backslashes++;
    }
    char separator = slashes >= backslashes ? '/' : '\\';
    /* Parts are interned as blobs themselves; the name blob is built afterwards, because
     * interning may grow the heap the scratch buffer is not part of. */
    struct corsym_buf parts = CORSYM_BUF_INIT;
    corsym_status st = corsym_buf_append_u8(&parts, (uint8_t)separator);
    size_t start = 0;
    for (size_t i = 0; st == CORSYM_OK && i <= len; i++) {
        if (i < len && name[i] != separator)
            continue;
        uint32_t part;
        st = corsym_emit_blob(e, (const uint8_t *)name + start, i - start, &part);
        if (st == CORSYM_OK)
            st = corsym_emit_cuint(&parts, part);
        start = i + 1;
    }
    if (st == CORSYM_OK)
        st = corsym_emit_blob(e, parts.data, parts.len, blob);
    corsym_buf_free(&parts);
    return st;
}

/* ---- embedded source ---- */

/* SetSource gets what Roslyn passes, the EmbeddedSource blob itself (int32 format, then
 * text or deflate of `format` bytes), or plain text. A blob that decodes exactly is kept
 * as it is; anything else is text, which is deflated when that is smaller. */
static bool is_embedded_source_blob(const uint8_t *source, size_t len)
{
    if (len < 4)
        return false;
    int32_t format = (int32_t)((uint32_t)source[0] | (uint32_t)source[1] << 8 |
                               (uint32_t)source[2] << 16 | (uint32_t)source[3] << 24);
    if (format == 0)
        return true;
    if (format < 0 || (uint64_t)format > (uint64_t)(len - 4) * CORSYM_INFLATE_MAX_RATIO + 64)
        return false;
    uint8_t *text = malloc((size_t)format);
    if (!text)
        return false;
    bool ok = corsym_inflate_raw(source + 4, len - 4, text, (size_t)format) == CORSYM_OK;
    free(text);
    return ok;
}

corsym_status corsym_emit_embedded_source(struct emit *e, uint32_t document_rid,
                                          const uint8_t *source, size_t len)
{
    const uint8_t *kind = corsym_cdi_kind_guid(CORSYM_CDI_EMBEDDED_SOURCE);
    if (is_embedded_source_blob(source, len))
        return corsym_emit_cdi(e, CORSYM_TBL_DOCUMENT, document_rid, kind, source, len);
    if (len > INT32_MAX)
        return CORSYM_E_UNSUPPORTED;
    struct corsym_buf b = CORSYM_BUF_INIT;
    corsym_status st = corsym_emit_u32(&b, (uint32_t)len);
    if (st == CORSYM_OK)
        st = corsym_ppdb_deflate(source, len, &b);
    if (st == CORSYM_OK && b.len - 4 >= len) {
        corsym_buf_clear(&b);
        st = corsym_emit_u32(&b, 0);
        if (st == CORSYM_OK)
            st = corsym_buf_append(&b, source, len);
    }
    if (st == CORSYM_OK)
        st = corsym_emit_cdi(e, CORSYM_TBL_DOCUMENT, document_rid, kind, b.data, b.len);
    corsym_buf_free(&b);
    return st;
}

/* ---- local constants ---- */

enum {
    ET_FIELD = 0x06,
    ET_VALUETYPE = 0x11,
    ET_CLASS = 0x12,
    ET_OBJECT = 0x1C,
};

struct type_sig {
    struct corsym_span modifiers; /* leading CustomMod bytes, raw */
    uint8_t code;                 /* 0 when there is no signature */
    struct corsym_span type;      /* VALUETYPE/CLASS: the encoded TypeDefOrRef */
};

static corsym_status parse_type_sig(const uint8_t *sig, size_t len, struct type_sig *out)
{
    struct corsym_cursor c;
    uint8_t b;
    uint32_t coded;
    memset(out, 0, sizeof(*out));
    if (!sig || !len)
        return CORSYM_OK;
    corsym_cursor_init(&c, sig, len);
    /* A StandAloneSig for a constant holds a field signature; the raw form is the type. */
    if (corsym_cursor_peek_u8(&c, &b) == CORSYM_OK && b == ET_FIELD)
        corsym_cursor_skip(&c, 1);
    size_t start = c.pos;
    while (corsym_cursor_peek_u8(&c, &b) == CORSYM_OK &&
           (b == CORSYM_ET_CMOD_REQD || b == CORSYM_ET_CMOD_OPT)) {
        corsym_cursor_skip(&c, 1);
        if (corsym_cursor_cuint(&c, &coded) != CORSYM_OK || (coded & 3) == 3)
            return CORSYM_E_INVALID_ARG;
    }
    out->modifiers = corsym_span_make(sig + start, c.pos - start);
    if (corsym_cursor_u8(&c, &out->code) != CORSYM_OK)
        return CORSYM_E_INVALID_ARG;
    if (out->code == ET_VALUETYPE || out->code == ET_CLASS) {
        size_t type_start = c.pos;
        if (corsym_cursor_cuint(&c, &coded) != CORSYM_OK || (coded & 3) == 3)
            return CORSYM_E_INVALID_ARG;
        out->type = corsym_span_make(sig + type_start, c.pos - type_start);
    }
    return CORSYM_OK;
}

static bool is_integral(enum corsym_sw_value_kind k)
{
    return k >= CORSYM_SW_VALUE_BOOL && k <= CORSYM_SW_VALUE_U8;
}

static bool is_signed(enum corsym_sw_value_kind k)
{
    return k == CORSYM_SW_VALUE_I1 || k == CORSYM_SW_VALUE_I2 || k == CORSYM_SW_VALUE_I4 ||
           k == CORSYM_SW_VALUE_I8;
}

static uint8_t code_of(enum corsym_sw_value_kind k)
{
    static const uint8_t codes[] = {
        [CORSYM_SW_VALUE_BOOL] = CORSYM_ET_BOOLEAN, [CORSYM_SW_VALUE_I1] = CORSYM_ET_I1,
        [CORSYM_SW_VALUE_U1] = CORSYM_ET_U1, [CORSYM_SW_VALUE_I2] = CORSYM_ET_I2,
        [CORSYM_SW_VALUE_U2] = CORSYM_ET_U2, [CORSYM_SW_VALUE_I4] = CORSYM_ET_I4,
        [CORSYM_SW_VALUE_U4] = CORSYM_ET_U4, [CORSYM_SW_VALUE_I8] = CORSYM_ET_I8,
        [CORSYM_SW_VALUE_U8] = CORSYM_ET_U8, [CORSYM_SW_VALUE_R4] = CORSYM_ET_R4,
        [CORSYM_SW_VALUE_R8] = CORSYM_ET_R8, [CORSYM_SW_VALUE_STRING] = CORSYM_ET_STRING,
        [CORSYM_SW_VALUE_NULL_STRING] = CORSYM_ET_STRING,
    };
    return (unsigned)k < sizeof(codes) ? codes[k] : 0;
}

static unsigned width_of(uint8_t code)
{
    switch (code) {
    case CORSYM_ET_BOOLEAN: case CORSYM_ET_I1: case CORSYM_ET_U1: return 1;
    case CORSYM_ET_CHAR: case CORSYM_ET_I2: case CORSYM_ET_U2: return 2;
    case CORSYM_ET_I4: case CORSYM_ET_U4: case CORSYM_ET_R4: return 4;
    case CORSYM_ET_I8: case CORSYM_ET_U8: case CORSYM_ET_R8: return 8;
    }
    return 0;
}

/* The value's bits as the primitive `code` stores them (converting between integers and
 * floating point the way a C cast does). */
static uint64_t value_as(const struct corsym_sw_value *v, uint8_t code)
{
    bool want_float = code == CORSYM_ET_R4 || code == CORSYM_ET_R8;
    if (v->kind == CORSYM_SW_VALUE_R4 || v->kind == CORSYM_SW_VALUE_R8) {
        double d;
        if (v->kind == CORSYM_SW_VALUE_R4) {
            float f;
            uint32_t bits = (uint32_t)v->u;
            memcpy(&f, &bits, 4);
            if (code == CORSYM_ET_R4)
                return bits;
            d = f;
        } else {
            memcpy(&d, &v->u, 8);
            if (code == CORSYM_ET_R8)
                return v->u;
        }
        if (code == CORSYM_ET_R4) {
            float f = (float)d;
            uint32_t bits;
            memcpy(&bits, &f, 4);
            return bits;
        }
        if (code == CORSYM_ET_R8) {
            uint64_t bits;
            memcpy(&bits, &d, 8);
            return bits;
        }
        return d >= 9.2e18 || d <= -9.2e18 || d != d ? 0 : (uint64_t)(int64_t)d;
    }
    uint64_t bits = is_signed(v->kind) ? (uint64_t)v->i : v->u;
    if (code == CORSYM_ET_BOOLEAN)
        return bits != 0;
    if (want_float) {
        double d = is_signed(v->kind) ? (double)v->i : (double)v->u;
        if (code == CORSYM_ET_R4) {
            float f = (float)d;
            uint32_t fb;
            memcpy(&fb, &f, 4);
            return fb;
        }
        memcpy(&bits, &d, 8);
    }
    return bits;
}

static corsym_status put_le(struct corsym_buf *b, uint64_t v, unsigned width)
{
    uint8_t p[8];
    for (unsigned i = 0; i < width; i++)
        p[i] = (uint8_t)(v >> (8 * i));
    return corsym_buf_append(b, p, width);
}

static corsym_status put_string(struct corsym_buf *b, const struct corsym_sw_value *v)
{
    if (v->kind != CORSYM_SW_VALUE_STRING)
        return corsym_buf_append_u8(b, 0xFF); /* the null string */
    for (uint32_t i = 0; i < v->text_len; i++)
        CORSYM_TRY(put_le(b, v->text[i], 2));
    return CORSYM_OK;
}

static corsym_status put_decimal(struct corsym_buf *b, const struct corsym_sw_value *v)
{
    CORSYM_TRY(corsym_buf_append_u8(b, (uint8_t)((v->decimal.negative ? 0x80 : 0) |
                                                 (v->decimal.scale & 0x7F))));
    CORSYM_TRY(put_le(b, v->decimal.lo, 4));
    CORSYM_TRY(put_le(b, v->decimal.mid, 4));
    return put_le(b, v->decimal.hi, 4);
}

/* Only the value is known: the type it implies (Decimal and DateTime get a nil type, the
 * PDB being unable to name System.Decimal without the module's metadata). */
static corsym_status constant_from_value(struct corsym_buf *b, const struct corsym_sw_value *v)
{
    static const uint8_t nil_type = 0x00;
    switch (v->kind) {
    case CORSYM_SW_VALUE_NULL:
        return corsym_buf_append_u8(b, ET_OBJECT);
    case CORSYM_SW_VALUE_STRING:
    case CORSYM_SW_VALUE_NULL_STRING:
        CORSYM_TRY(corsym_buf_append_u8(b, CORSYM_ET_STRING));
        return put_string(b, v);
    case CORSYM_SW_VALUE_DECIMAL:
        CORSYM_TRY(corsym_buf_append_u8(b, ET_VALUETYPE));
        CORSYM_TRY(corsym_buf_append_u8(b, nil_type));
        return put_decimal(b, v);
    case CORSYM_SW_VALUE_DATE:
        CORSYM_TRY(corsym_buf_append_u8(b, ET_VALUETYPE));
        CORSYM_TRY(corsym_buf_append_u8(b, nil_type));
        return put_le(b, (uint64_t)v->i, 8);
    default: {
        uint8_t code = code_of(v->kind);
        CORSYM_TRY(corsym_buf_append_u8(b, code));
        return put_le(b, value_as(v, code), width_of(code));
    }
    }
}

corsym_status corsym_emit_constant_sig(struct emit *e, const struct corsym_sw_constant *c,
                                       uint32_t *blob)
{
    struct type_sig t;
    const struct corsym_sw_value *v = &c->value;
    /* The model checked the signature; should one still not parse, the value decides. */
    if (parse_type_sig(c->sig, c->sig_len, &t) != CORSYM_OK)
        memset(&t, 0, sizeof(t));
    struct corsym_buf *b = &e->scratch;
    corsym_buf_clear(b);
    if (t.modifiers.len)
        CORSYM_TRY(corsym_buf_append(b, t.modifiers.data, t.modifiers.len));

    bool numeric = is_integral(v->kind) || v->kind == CORSYM_SW_VALUE_R4 ||
                   v->kind == CORSYM_SW_VALUE_R8;
    if (t.code >= CORSYM_ET_BOOLEAN && t.code <= CORSYM_ET_R8 && numeric) {
        CORSYM_TRY(corsym_buf_append_u8(b, t.code));
        CORSYM_TRY(put_le(b, value_as(v, t.code), width_of(t.code)));
    } else if (t.code == CORSYM_ET_STRING && !numeric) {
        CORSYM_TRY(corsym_buf_append_u8(b, CORSYM_ET_STRING));
        CORSYM_TRY(put_string(b, v));
    } else if (t.code == CORSYM_ET_STRING) {
        /* Roslyn passes a null reference as the integer 0. */
        CORSYM_TRY(corsym_buf_append_u8(b, CORSYM_ET_STRING));
        CORSYM_TRY(corsym_buf_append_u8(b, 0xFF));
    } else if (t.code == ET_VALUETYPE || t.code == ET_CLASS) {
        if (v->kind == CORSYM_SW_VALUE_DECIMAL || v->kind == CORSYM_SW_VALUE_DATE) {
            CORSYM_TRY(corsym_buf_append_u8(b, t.code));
            CORSYM_TRY(corsym_buf_append(b, t.type.data, t.type.len));
            if (v->kind == CORSYM_SW_VALUE_DECIMAL)
                CORSYM_TRY(put_decimal(b, v));
            else
                CORSYM_TRY(put_le(b, (uint64_t)v->i, 8));
        } else if (t.code == ET_VALUETYPE && is_integral(v->kind)) {
            /* An enum: its underlying type, the value, then the enum type. */
            uint8_t code = code_of(v->kind);
            CORSYM_TRY(corsym_buf_append_u8(b, code));
            CORSYM_TRY(put_le(b, value_as(v, code), width_of(code)));
            CORSYM_TRY(corsym_buf_append(b, t.type.data, t.type.len));
        } else {
            /* A null reference, or the default of a value type. */
            CORSYM_TRY(corsym_buf_append_u8(b, t.code));
            CORSYM_TRY(corsym_buf_append(b, t.type.data, t.type.len));
        }
    } else if (t.code) {
        /* OBJECT, arrays, generic instances: only null is a constant of those. */
        CORSYM_TRY(corsym_buf_append_u8(b, ET_OBJECT));
    } else {
        CORSYM_TRY(constant_from_value(b, v));
    }
    return corsym_emit_blob(e, b->data, b->len, blob);
}

/* ---- MD2 ---- */

enum {
    MD2_USING_GROUPS = 0,
    MD2_FORWARD_METHOD = 1,
    MD2_FORWARD_MODULE = 2,
    MD2_HOISTED = 3,
    MD2_FORWARD_ITERATOR = 4,
    MD2_DYNAMIC = 5,
    MD2_ENC_SLOTS = 6,
    MD2_ENC_LAMBDAS = 7,
    MD2_TUPLES = 8,
    MD2_ENC_STATES = 9,
};

struct md2_record {
    uint8_t kind;
    struct corsym_span body;
};

static corsym_status md2_begin(struct corsym_cursor *c, const uint8_t *data, size_t len)
{
    uint8_t version;
    corsym_cursor_init(c, data, len);
    CORSYM_TRY(corsym_cursor_u8(c, &version));
    if (version != 4)
        return CORSYM_E_UNSUPPORTED;
    return corsym_cursor_skip(c, 3);
}

/* Next version-4 record: OK, NOT_FOUND at the end or on broken framing (the rest of a
 * malformed blob is ignored, as Roslyn's reader ignores it). */
static corsym_status md2_next(struct corsym_cursor *c, struct md2_record *out)
{
    for (;;) {
        uint8_t version, kind, zero, alignment;
        uint32_t size;
        if (corsym_cursor_remaining(c) < 8)
            return CORSYM_NOT_FOUND;
        corsym_cursor_u8(c, &version);
        corsym_cursor_u8(c, &kind);
        corsym_cursor_u8(c, &zero);
        corsym_cursor_u8(c, &alignment);
        corsym_cursor_u32le(c, &size);
        if (size < 8 || corsym_cursor_bytes(c, size - 8, &out->body) != CORSYM_OK)
            return CORSYM_NOT_FOUND;
        if (kind >= MD2_ENC_SLOTS && kind <= MD2_ENC_STATES) {
            if (alignment > out->body.len)
                return CORSYM_NOT_FOUND;
            out->body.len -= alignment;
        }
        if (version != 4)
            continue;
        out->kind = kind;
        return CORSYM_OK;
    }
}

bool corsym_emit_md2_csharp(const uint8_t *data, size_t len, uint32_t *forward)
{
    struct corsym_cursor c;
    struct md2_record r;
    bool csharp = false;
    *forward = 0;
    if (md2_begin(&c, data, len) != CORSYM_OK)
        return false;
    while (md2_next(&c, &r) == CORSYM_OK) {
        if (r.kind == MD2_USING_GROUPS || r.kind == MD2_FORWARD_MODULE)
            csharp = true;
        if (r.kind == MD2_FORWARD_METHOD) {
            struct corsym_cursor b;
            corsym_cursor_from_span(&b, r.body);
            if (corsym_cursor_u32le(&b, forward) == CORSYM_OK)
                csharp = true;
        }
    }
    return csharp;
}

corsym_status corsym_emit_md2_iterator(const uint8_t *data, size_t len, struct corsym_buf *name)
{
    struct corsym_cursor c;
    struct md2_record r;
    if (md2_begin(&c, data, len) != CORSYM_OK)
        return CORSYM_NOT_FOUND;
    while (md2_next(&c, &r) == CORSYM_OK) {
        if (r.kind != MD2_FORWARD_ITERATOR)
            continue;
        /* UTF-16LE up to a NUL (or the record's end). */
        size_t units = 0;
        while (units < r.body.len / 2 && (r.body.data[2 * units] || r.body.data[2 * units + 1]))
            units++;
        if (!units)
            return CORSYM_NOT_FOUND;
        corsym_buf_clear(name);
        return corsym_utf16le_bytes_to_utf8(r.body.data, 2 * units, name);
    }
    return CORSYM_NOT_FOUND;
}

static corsym_status convert_hoisted(struct emit *e, uint32_t method_rid, struct corsym_span body)
{
    struct corsym_cursor c;
    uint32_t n;
    corsym_cursor_from_span(&c, body);
    if (corsym_cursor_u32le(&c, &n) != CORSYM_OK || n > corsym_cursor_remaining(&c) / 8)
        return CORSYM_OK;
    struct corsym_buf *b = &e->scratch;
    corsym_buf_clear(b);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t start, end;
        corsym_cursor_u32le(&c, &start);
        corsym_cursor_u32le(&c, &end);
        /* Windows keeps an inclusive end and {0, 0} for an unused slot. */
        uint32_t length = (start == 0 && end == 0) || end < start ? 0 : end - start + 1;
        CORSYM_TRY(corsym_emit_u32(b, start));
        CORSYM_TRY(corsym_emit_u32(b, length));
    }
    return corsym_emit_cdi(e, CORSYM_TBL_METHOD_DEF, method_rid,
                           corsym_cdi_kind_guid(CORSYM_CDI_STATE_MACHINE_HOISTED_LOCAL_SCOPES),
                           b->data, b->len);
}

/* The row of the local a Windows per-local record names: a variable by slot and name, or
 * (slot 0 / -1) a constant by name. Each row is claimed once. */
static bool find_local(const struct corsym_sw_method *m, const struct emit_method_rows *rows,
                       const char *name, int64_t slot, bool *claimed, unsigned *table, uint32_t *rid)
{
    for (uint32_t i = 0; slot >= 0 && i < m->local_count; i++) {
        const struct corsym_sw_local *l = &m->locals[i];
        if (rows->local_row[i] && !claimed[i] && l->addr_kind == 1 && l->addr1 == slot &&
            (!name[0] || !strcmp(l->name, name))) {
            claimed[i] = true;
            *table = CORSYM_TBL_LOCAL_VARIABLE;
            *rid = rows->local_row[i];
            return true;
        }
    }
    for (uint32_t i = 0; slot <= 0 && i < m->constant_count; i++) {
        const struct corsym_sw_constant *k = &m->constants[i];
        if (rows->constant_row[i] && !claimed[m->local_count + i] && !strcmp(k->name, name)) {
            claimed[m->local_count + i] = true;
            *table = CORSYM_TBL_LOCAL_CONSTANT;
            *rid = rows->constant_row[i];
            return true;
        }
    }
    return false;
}

static corsym_status convert_dynamic(struct emit *e, const struct corsym_sw_method *m,
                                     const struct emit_method_rows *rows, struct corsym_span body,
                                     bool *claimed)
{
    struct corsym_cursor c;
    uint32_t n;
    corsym_cursor_from_span(&c, body);
    /* Each entry: 64 flag bytes, flag count, slot, 64 UTF-16 name units. */
    if (corsym_cursor_u32le(&c, &n) != CORSYM_OK || n > corsym_cursor_remaining(&c) / 200)
        return CORSYM_OK;
    for (uint32_t i = 0; i < n; i++) {
        struct corsym_span flags;
        uint32_t count, slot;
        uint16_t name16[64];
        corsym_cursor_bytes(&c, 64, &flags);
        corsym_cursor_u32le(&c, &count);
        corsym_cursor_u32le(&c, &slot);
        size_t name_len = 64;
        for (unsigned k = 0; k < 64; k++) {
            corsym_cursor_u16le(&c, &name16[k]);
            if (name16[k] == 0 && name_len == 64)
                name_len = k;
        }
        char name[256];
        size_t utf8_len = 0;
        if (count > 64 || corsym_utf16_to_utf8(name16, name_len, (uint8_t *)name, sizeof(name) - 1,
                                               &utf8_len) != CORSYM_OK)
            continue;
        name[utf8_len] = 0;
        unsigned table;
        uint32_t rid;
        if (!find_local(m, rows, name, slot, claimed, &table, &rid))
            continue;
        uint8_t bits[8] = { 0 };
        size_t used = 0;
        for (uint32_t k = 0; k < count; k++) {
            if (flags.data[k]) {
                bits[k / 8] |= (uint8_t)(1u << (k % 8));
                used = k / 8 + 1;
            }
        }
        CORSYM_TRY(corsym_emit_cdi(e, table, rid,
                                   corsym_cdi_kind_guid(CORSYM_CDI_DYNAMIC_LOCAL_VARIABLES), bits,
                                   used));
    }
    return CORSYM_OK;
}

static corsym_status convert_tuples(struct emit *e, const struct corsym_sw_method *m,
                                    const struct emit_method_rows *rows, struct corsym_span body,
                                    bool *claimed)
{
    struct corsym_cursor c;
    uint32_t n;
    corsym_cursor_from_span(&c, body);
    if (corsym_cursor_u32le(&c, &n) != CORSYM_OK || n > corsym_cursor_remaining(&c) / 17)
        return CORSYM_OK;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k, start, end;
        int32_t slot;
        struct corsym_span element, name;
        if (corsym_cursor_u32le(&c, &k) != CORSYM_OK)
            return CORSYM_OK;
        size_t names_start = c.pos;
        for (uint32_t j = 0; j < k; j++)
            if (corsym_cursor_cstr(&c, &element) != CORSYM_OK)
                return CORSYM_OK;
        size_t names_end = c.pos;
        if (corsym_cursor_i32le(&c, &slot) != CORSYM_OK ||
            corsym_cursor_u32le(&c, &start) != CORSYM_OK ||
            corsym_cursor_u32le(&c, &end) != CORSYM_OK || corsym_cursor_cstr(&c, &name) != CORSYM_OK)
            return CORSYM_OK;
        char local_name[512];
        if (name.len >= sizeof(local_name))
            continue;
        if (name.len)
            memcpy(local_name, name.data, name.len);
        local_name[name.len] = 0;
        unsigned table;
        uint32_t rid;
        if (!find_local(m, rows, local_name, slot, claimed, &table, &rid))
            continue;
        CORSYM_TRY(corsym_emit_cdi(e, table, rid,
                                   corsym_cdi_kind_guid(CORSYM_CDI_TUPLE_ELEMENT_NAMES),
                                   body.data + names_start, names_end - names_start));
    }
    return CORSYM_OK;
}

corsym_status corsym_emit_md2(struct emit *e, const struct corsym_sw_method *m,
                              const struct emit_method_rows *rows, const uint8_t *data,
                              size_t len)
{
    struct corsym_cursor c;
    struct md2_record r;
    if (md2_begin(&c, data, len) != CORSYM_OK)
        return CORSYM_OK; /* not a version-4 blob: Roslyn ignores it too */
    size_t slots = (size_t)m->local_count + m->constant_count;
    bool *dynamic_claimed = calloc(slots ? slots : 1, sizeof(bool));
    bool *tuple_claimed = calloc(slots ? slots : 1, sizeof(bool));
    corsym_status st = dynamic_claimed && tuple_claimed ? CORSYM_OK : CORSYM_E_NOMEM;
    while (st == CORSYM_OK && md2_next(&c, &r) == CORSYM_OK) {
        enum corsym_cdi_kind kind = CORSYM_CDI_UNKNOWN;
        switch (r.kind) {
        case MD2_HOISTED:
            st = convert_hoisted(e, rows->method_rid, r.body);
            break;
        case MD2_DYNAMIC:
            st = convert_dynamic(e, m, rows, r.body, dynamic_claimed);
            break;
        case MD2_TUPLES:
            st = convert_tuples(e, m, rows, r.body, tuple_claimed);
            break;
        case MD2_ENC_SLOTS: kind = CORSYM_CDI_ENC_LOCAL_SLOT_MAP; break;
        case MD2_ENC_LAMBDAS: kind = CORSYM_CDI_ENC_LAMBDA_AND_CLOSURE_MAP; break;
        case MD2_ENC_STATES: kind = CORSYM_CDI_ENC_STATE_MACHINE_STATE_MAP; break;
        default: break;
        }
        /* The three EnC records are the portable blobs byte for byte. */
        if (st == CORSYM_OK && kind != CORSYM_CDI_UNKNOWN)
            st = corsym_emit_cdi(e, CORSYM_TBL_METHOD_DEF, rows->method_rid,
                                 corsym_cdi_kind_guid(kind), r.body.data, r.body.len);
    }
    free(dynamic_claimed);
    free(tuple_claimed);
    return st;
}
