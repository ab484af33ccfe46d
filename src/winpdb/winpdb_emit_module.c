/* SPDX-License-Identifier: MIT */
/*
 * Module streams of the Windows PDB emitter (research §7): the C13 signature, the
 * managed symbol records of each method, then DEBUG_S_LINES per method and one
 * DEBUG_S_FILECHKSMS. The global refs that end the stream are added with the global
 * symbols (winpdb_emit_globals.c), once their offsets are known.
 */
#include "base/sort.h"
#include "winpdb/winpdb_emit_private.h"

#include <stdlib.h>
#include <string.h>

#include "winpdb/winpdb_c13.h"
#include "winpdb/winpdb_cv.h"

#define SEGMENT 1u
#define CV_CFL_MSIL 0x0Fu
/* One FILECHKSMS entry without checksum: name offset, size 0, kind 0, 2 bytes padding. */
#define FILE_ENTRY_SIZE 8u
#define LINE_DELTA_MAX 0x7Fu

/* ---- sorting points: by IL offset, then by arrival ---- */

static int point_cmp(const void *a, const void *b)
{
    const struct corsym_sw_point *x = *(const struct corsym_sw_point *const *)a;
    const struct corsym_sw_point *y = *(const struct corsym_sw_point *const *)b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static corsym_status sorted_points(const struct corsym_sw_method *m,
                                   const struct corsym_sw_point ***out)
{
    *out = NULL;
    if (!m->point_count)
        return CORSYM_OK;
    const struct corsym_sw_point **p = malloc((size_t)m->point_count * sizeof *p);
    if (!p)
        return CORSYM_E_NOMEM;
    for (uint32_t i = 0; i < m->point_count; i++)
        p[i] = &m->points[i];
    corsym_sort(p, m->point_count, sizeof *p, point_cmp);
    *out = p;
    return CORSYM_OK;
}

/* Byte offset of a document's entry in the module's FILECHKSMS. Positions are set for the
 * module being written (scanning its list for every block of lines was quadratic in a
 * module's documents). */
static uint32_t file_id(const struct wpe *e, uint32_t doc)
{
    if (doc >= e->w->document_count || e->doc_position[doc] == UINT32_MAX)
        return 0; /* planned: every document of the module's points is listed */
    return e->doc_position[doc] * FILE_ENTRY_SIZE;
}

/* ---- scopes ---- */

struct scope_plan {
    bool *keep;                                 /* per model scope: written as S_BLOCK32 */
    const struct corsym_sw_scope_groups *groups; /* the method's items by scope, or NULL */
};

/* A scope is written when it holds something, or holds a scope that does (Microsoft's
 * writer drops the rest). Children are opened after their parents, so one backward pass
 * settles it. */
static corsym_status plan_scopes(const struct corsym_sw_method *m,
                                 struct corsym_sw_scope_groups *groups, struct scope_plan *p)
{
    p->groups = NULL;
    p->keep = calloc(m->scope_count ? m->scope_count : 1, sizeof *p->keep);
    if (!p->keep)
        return CORSYM_E_NOMEM;
    if (corsym_sw_scope_groups_worth(m)) {
        CORSYM_TRY(corsym_sw_scope_groups_build(groups, m));
        p->groups = groups;
    }
    for (uint32_t i = 0; i < m->local_count; i++)
        p->keep[m->locals[i].scope] = true;
    for (uint32_t i = 0; i < m->constant_count; i++)
        p->keep[m->constants[i].scope] = true;
    for (uint32_t i = 0; i < m->using_count; i++)
        p->keep[m->usings[i].scope] = true;
    for (uint32_t s = m->scope_count; s-- > 0;)
        if (p->keep[s] && m->scopes[s].parent != CORSYM_SW_NONE)
            p->keep[m->scopes[s].parent] = true;
    return CORSYM_OK;
}

static corsym_status write_end(struct corsym_buf *b)
{
    size_t start;
    CORSYM_TRY(wpe_record_begin(b, CORSYM_S_END, &start));
    return wpe_record_end(b, start);
}

static corsym_status write_scope(struct corsym_buf *b, const struct corsym_sw_method *m,
                                 const struct scope_plan *p, uint32_t method_offset,
                                 uint32_t scope, uint32_t parent_record, unsigned depth);

static corsym_status write_children(struct corsym_buf *b, const struct corsym_sw_method *m,
                                    const struct scope_plan *p, uint32_t method_offset,
                                    uint32_t parent, uint32_t parent_record, unsigned depth)
{
    struct corsym_sw_scope_iter it;
    uint32_t child;
    corsym_sw_scope_iter_begin(&it, p->groups, m, CORSYM_SW_GROUP_CHILDREN, parent);
    while (corsym_sw_scope_iter_next(&it, &child))
        if (p->keep[child])
            CORSYM_TRY(write_scope(b, m, p, method_offset, child, parent_record, depth + 1));
    return CORSYM_OK;
}

static corsym_status write_scope(struct corsym_buf *b, const struct corsym_sw_method *m,
                                 const struct scope_plan *p, uint32_t method_offset,
                                 uint32_t scope, uint32_t parent_record, unsigned depth)
{
    /* Scope nesting is bounded by the calls; readers stop at 4096 levels. */
    if (depth > 4000)
        return CORSYM_E_INVALID_ARG;
    const struct corsym_sw_scope *sc = &m->scopes[scope];
    size_t start;
    uint32_t record = (uint32_t)b->len;
    CORSYM_TRY(wpe_record_begin(b, CORSYM_S_BLOCK32, &start));
    CORSYM_TRY(wpe_u32(b, parent_record));
    size_t end_at = b->len;
    CORSYM_TRY(wpe_u32(b, 0));
    CORSYM_TRY(wpe_u32(b, sc->end - sc->start));
    CORSYM_TRY(wpe_u32(b, method_offset + sc->start));
    CORSYM_TRY(wpe_u16(b, SEGMENT));
    CORSYM_TRY(wpe_cstr(b, "", 0));
    CORSYM_TRY(wpe_record_end(b, start));

    struct corsym_sw_scope_iter it;
    uint32_t item;
    corsym_sw_scope_iter_begin(&it, p->groups, m, CORSYM_SW_GROUP_USINGS, scope);
    while (corsym_sw_scope_iter_next(&it, &item)) {
        const struct corsym_sw_using *u = &m->usings[item];
        CORSYM_TRY(wpe_record_begin(b, CORSYM_S_UNAMESPACE, &start));
        CORSYM_TRY(wpe_cstr(b, u->name, strlen(u->name)));
        CORSYM_TRY(wpe_record_end(b, start));
    }
    corsym_sw_scope_iter_begin(&it, p->groups, m, CORSYM_SW_GROUP_CONSTANTS, scope);
    while (corsym_sw_scope_iter_next(&it, &item)) {
        const struct corsym_sw_constant *c = &m->constants[item];
        CORSYM_TRY(wpe_record_begin(b, CORSYM_S_MANCONSTANT, &start));
        CORSYM_TRY(wpe_u32(b, c->sig_token));
        CORSYM_TRY(wpe_numeric(b, &c->value));
        CORSYM_TRY(wpe_cstr(b, c->name, strlen(c->name)));
        CORSYM_TRY(wpe_record_end(b, start));
    }
    corsym_sw_scope_iter_begin(&it, p->groups, m, CORSYM_SW_GROUP_LOCALS, scope);
    while (corsym_sw_scope_iter_next(&it, &item)) {
        const struct corsym_sw_local *l = &m->locals[item];
        CORSYM_TRY(wpe_record_begin(b, CORSYM_S_MANSLOT, &start));
        CORSYM_TRY(wpe_u32(b, l->addr1));
        CORSYM_TRY(wpe_u32(b, l->sig_token));
        CORSYM_TRY(wpe_u32(b, 0));
        CORSYM_TRY(wpe_u16(b, 0));
        /* VAR_IS_COMP_GEN (1) is CV_lvar_attr's fCompGenx. */
        CORSYM_TRY(wpe_u16(b, (l->attributes & 1u) ? CORSYM_CV_LVAR_COMPGEN : 0));
        CORSYM_TRY(wpe_cstr(b, l->name, strlen(l->name)));
        CORSYM_TRY(wpe_record_end(b, start));
    }
    CORSYM_TRY(write_children(b, m, p, method_offset, scope, record, depth));
    wpe_put_u32(b, end_at, (uint32_t)b->len);
    return write_end(b);
}

/* ---- method-level S_OEM records ---- */

static corsym_status write_async(struct corsym_buf *b, const struct corsym_sw_method *m)
{
    struct corsym_buf data = CORSYM_BUF_INIT;
    corsym_status st = wpe_u32(&data, m->kickoff);
    if (st == CORSYM_OK)
        st = wpe_u32(&data, m->has_catch_handler ? m->catch_handler : UINT32_MAX);
    if (st == CORSYM_OK)
        st = wpe_u32(&data, m->step_count);
    for (uint32_t i = 0; st == CORSYM_OK && i < m->step_count; i++) {
        st = wpe_u32(&data, m->steps[i].yield_offset);
        if (st == CORSYM_OK)
            st = wpe_u32(&data, m->steps[i].resume_method);
        if (st == CORSYM_OK)
            st = wpe_u32(&data, m->steps[i].resume_offset);
    }
    if (st == CORSYM_OK)
        st = wpe_oem(b, "asyncMethodInfo", data.data, data.len);
    corsym_buf_free(&data);
    return st;
}

static corsym_status write_method(struct wpe *e, struct wpe_module *mod, uint32_t index)
{
    struct wpe_method *wm = &e->methods[index];
    const struct corsym_sw_method *m = corsym_sw_method(e->w, wm->model_index);
    struct corsym_buf *b = &mod->stream;
    size_t start;
    wm->record_offset = (uint32_t)b->len;
    CORSYM_TRY(wpe_record_begin(b, CORSYM_S_GMANPROC, &start));
    CORSYM_TRY(wpe_u32(b, 0)); /* parent: cecil insists on 0 */
    size_t end_at = b->len;
    CORSYM_TRY(wpe_u32(b, 0));
    CORSYM_TRY(wpe_u32(b, 0)); /* next */
    CORSYM_TRY(wpe_u32(b, wm->length));
    CORSYM_TRY(wpe_u32(b, 0));
    CORSYM_TRY(wpe_u32(b, 0));
    CORSYM_TRY(wpe_u32(b, m->token));
    CORSYM_TRY(wpe_u32(b, wm->offset));
    CORSYM_TRY(wpe_u16(b, SEGMENT));
    CORSYM_TRY(wpe_u8(b, 0));
    CORSYM_TRY(wpe_u16(b, 0));
    CORSYM_TRY(wpe_cstr(b, (const char *)wm->name.data, wm->name.len));
    CORSYM_TRY(wpe_record_end(b, start));

    /* Parameters come first, outside every scope, as Microsoft's writer places them. */
    for (uint32_t i = 0; i < m->parameter_count; i++) {
        const struct corsym_sw_parameter *p = &m->parameters[i];
        CORSYM_TRY(wpe_record_begin(b, CORSYM_S_MANSLOT, &start));
        CORSYM_TRY(wpe_u32(b, p->slot));
        CORSYM_TRY(wpe_u32(b, p->sequence));
        CORSYM_TRY(wpe_u32(b, 0));
        CORSYM_TRY(wpe_u16(b, 0));
        CORSYM_TRY(wpe_u16(b, CORSYM_CV_LVAR_ISPARAM));
        CORSYM_TRY(wpe_cstr(b, p->name, strlen(p->name)));
        CORSYM_TRY(wpe_record_end(b, start));
    }

    struct scope_plan plan;
    corsym_status st = plan_scopes(m, &e->groups, &plan);
    if (st == CORSYM_OK)
        st = write_children(b, m, &plan, wm->offset, CORSYM_SW_NONE, wm->record_offset, 0);
    free(plan.keep);
    CORSYM_TRY(st);

    /* The method's attributes in call order (e->attributes is sorted by parent, then by
     * call order). */
    uint32_t lo = 0, hi = e->w->attribute_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (e->w->attributes[e->attributes[mid]].parent < m->token)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < e->w->attribute_count; lo++) {
        const struct corsym_sw_attribute *a = &e->w->attributes[e->attributes[lo]];
        if (a->parent != m->token)
            break;
        CORSYM_TRY(wpe_oem(b, a->name, a->data, a->len));
    }
    if (m->has_kickoff || m->has_catch_handler || m->step_count)
        CORSYM_TRY(write_async(b, m));
    wpe_put_u32(b, end_at, (uint32_t)b->len);
    return write_end(b);
}

/* ---- C13 ---- */

static corsym_status subsection_begin(struct corsym_buf *b, uint32_t kind, size_t *at)
{
    CORSYM_TRY(wpe_u32(b, kind));
    *at = b->len;
    return wpe_u32(b, 0);
}

static corsym_status subsection_end(struct corsym_buf *b, size_t at)
{
    wpe_put_u32(b, at, (uint32_t)(b->len - at - 4));
    return wpe_pad4(b, at);
}

static uint32_t line_bits(const struct corsym_sw_point *p)
{
    uint32_t delta = p->end_line >= p->start_line ? p->end_line - p->start_line : 0;
    if (delta > LINE_DELTA_MAX)
        delta = LINE_DELTA_MAX;
    return (p->start_line & 0xFFFFFFu) | delta << 24 | 0x80000000u;
}

static uint16_t column(uint32_t c)
{
    return c > 0xFFFF ? 0xFFFF : (uint16_t)c;
}

static corsym_status write_lines(struct wpe *e, struct wpe_module *mod, uint32_t index)
{
    const struct wpe_method *wm = &e->methods[index];
    const struct corsym_sw_method *m = corsym_sw_method(e->w, wm->model_index);
    if (!m->point_count)
        return CORSYM_OK;
    const struct corsym_sw_point **p;
    CORSYM_TRY(sorted_points(m, &p));
    struct corsym_buf *b = &mod->stream;
    size_t at;
    corsym_status st = subsection_begin(b, CORSYM_DEBUG_S_LINES, &at);
    if (st == CORSYM_OK)
        st = wpe_u32(b, wm->offset);
    if (st == CORSYM_OK)
        st = wpe_u16(b, SEGMENT);
    if (st == CORSYM_OK)
        st = wpe_u16(b, CORSYM_CV_LINES_HAVE_COLUMNS);
    if (st == CORSYM_OK)
        st = wpe_u32(b, wm->length);
    /* One block per run of consecutive points in one document. */
    for (uint32_t i = 0; st == CORSYM_OK && i < m->point_count;) {
        uint32_t j = i;
        while (j < m->point_count && p[j]->document == p[i]->document)
            j++;
        uint32_t n = j - i;
        st = wpe_u32(b, file_id(e, p[i]->document));
        if (st == CORSYM_OK)
            st = wpe_u32(b, n);
        if (st == CORSYM_OK)
            st = wpe_u32(b, 12 + 12 * n);
        for (uint32_t k = i; st == CORSYM_OK && k < j; k++) {
            st = wpe_u32(b, p[k]->offset);
            if (st == CORSYM_OK)
                st = wpe_u32(b, line_bits(p[k]));
        }
        for (uint32_t k = i; st == CORSYM_OK && k < j; k++) {
            st = wpe_u16(b, column(p[k]->start_column));
            if (st == CORSYM_OK)
                st = wpe_u16(b, column(p[k]->end_column));
        }
        i = j;
    }
    free(p);
    if (st == CORSYM_OK)
        st = subsection_end(b, at);
    return st;
}

static corsym_status write_files(struct wpe *e, struct wpe_module *mod)
{
    if (!mod->doc_count)
        return CORSYM_OK;
    struct corsym_buf *b = &mod->stream;
    size_t at;
    CORSYM_TRY(subsection_begin(b, CORSYM_DEBUG_S_FILECHKSMS, &at));
    for (uint32_t i = 0; i < mod->doc_count; i++) {
        /* Managed PDBs keep checksums in /src/files, none here (research §7.5). */
        CORSYM_TRY(wpe_u32(b, e->docs[mod->docs[i]].url_ni));
        CORSYM_TRY(wpe_u32(b, 0));
    }
    return subsection_end(b, at);
}

/* ---- the special modules ---- */

static corsym_status write_compiler(struct wpe *e, struct corsym_buf *b)
{
    const struct corsym_symwriter *w = e->w;
    size_t start;
    CORSYM_TRY(wpe_record_begin(b, CORSYM_S_COMPILE3, &start));
    CORSYM_TRY(wpe_u32(b, CV_CFL_MSIL));
    CORSYM_TRY(wpe_u16(b, 7)); /* machine, as diasymreader writes it (research §7.2) */
    CORSYM_TRY(wpe_zeros(b, 8)); /* front end version */
    CORSYM_TRY(wpe_u16(b, w->compiler.major));
    CORSYM_TRY(wpe_u16(b, w->compiler.minor));
    CORSYM_TRY(wpe_u16(b, w->compiler.build));
    CORSYM_TRY(wpe_u16(b, w->compiler.revision));
    const char *name = w->compiler.name ? w->compiler.name : "";
    CORSYM_TRY(wpe_cstr(b, name, strlen(name)));
    return wpe_record_end(b, start);
}

static corsym_status write_spans(struct wpe *e, struct wpe_module *mod)
{
    const struct corsym_symwriter *w = e->w;
    for (uint32_t i = 0; i < w->span_count; i++) {
        const struct corsym_sw_token_span *s = &w->spans[i];
        uint8_t data[24];
        struct corsym_buf v = { data, 0, sizeof data + 1 };
        uint32_t fields[6] = { s->token, file_id(e, s->document), s->line, s->column,
                               s->end_line, s->end_column };
        for (unsigned k = 0; k < 6; k++)
            wpe_put_u32(&v, 4 * k, fields[k]);
        CORSYM_TRY(wpe_oem(&mod->stream, "TSLI", data, sizeof data));
    }
    return CORSYM_OK;
}

static corsym_status module_stream(struct wpe *e, struct wpe_module *mod)
{
    struct corsym_buf *b = &mod->stream;
    CORSYM_TRY(wpe_u32(b, CORSYM_CV_SIGNATURE_C13));
    if (mod->kind == WPE_MODULE_TYPE)
        for (uint32_t i = 0; i < mod->method_count; i++)
            CORSYM_TRY(write_method(e, mod, mod->methods[i]));
    else if (mod->kind == WPE_MODULE_COMPILER)
        CORSYM_TRY(write_compiler(e, b));
    else if (mod->kind == WPE_MODULE_TSLI)
        CORSYM_TRY(write_spans(e, mod));
    if (b->len > UINT32_MAX)
        return CORSYM_E_UNSUPPORTED;
    mod->symbol_bytes = (uint32_t)b->len;
    for (uint32_t i = 0; i < mod->method_count; i++)
        CORSYM_TRY(write_lines(e, mod, mod->methods[i]));
    CORSYM_TRY(write_files(e, mod));
    if (b->len > UINT32_MAX)
        return CORSYM_E_UNSUPPORTED;
    mod->c13_bytes = (uint32_t)(b->len - mod->symbol_bytes);
    return CORSYM_OK;
}

corsym_status wpe_module_stream(struct wpe *e, uint32_t index)
{
    struct wpe_module *mod = &e->modules[index];
    uint32_t documents = e->w->document_count;
    if (!e->doc_position) {
        e->doc_position = malloc((size_t)(documents ? documents : 1) * sizeof *e->doc_position);
        if (!e->doc_position)
            return CORSYM_E_NOMEM;
        for (uint32_t d = 0; d < documents; d++)
            e->doc_position[d] = UINT32_MAX;
    }
    for (uint32_t k = 0; k < mod->doc_count; k++)
        if (mod->docs[k] < documents && e->doc_position[mod->docs[k]] == UINT32_MAX)
            e->doc_position[mod->docs[k]] = k; /* the first entry, as the scan found */
    corsym_status st = module_stream(e, mod);
    for (uint32_t k = 0; k < mod->doc_count; k++)
        if (mod->docs[k] < documents)
            e->doc_position[mod->docs[k]] = UINT32_MAX;
    return st;
}
