/*
 * libFuzzer target: open a Windows PDB and walk everything a symbol reader
 * would: identity, named streams, Source Link/srcsrv, publics, injected
 * sources, documents (with embedded source), every method with its MD2 and
 * async info decoded.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "winpdb/winpdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk_md2(struct corsym_span blob)
{
    struct corsym_md2_iter it;
    struct corsym_md2_record r;
    uint8_t count;
    if (corsym_md2_begin(&it, blob, &count) != CORSYM_OK)
        return;
    while (corsym_md2_next(&it, &r) == CORSYM_OK) {
        uint32_t n, a, b;
        uint16_t g, c;
        struct corsym_span s;
        switch (r.kind) {
        case CORSYM_MD2_USING_GROUPS:
            if (corsym_md2_using_groups(r.body, &g) == CORSYM_OK)
                for (uint16_t i = 0; i < g; i++)
                    (void)corsym_md2_using_group_at(r.body, i, &c);
            break;
        case CORSYM_MD2_HOISTED_LOCAL_SCOPES:
            if (corsym_md2_hoisted_count(r.body, &n) == CORSYM_OK)
                for (uint32_t i = 0; i < n; i++)
                    (void)corsym_md2_hoisted_at(r.body, i, &a, &b);
            break;
        case CORSYM_MD2_STATE_MACHINE_TYPE_NAME:
            (void)corsym_md2_state_machine_type_name(r.body, &s);
            break;
        case CORSYM_MD2_DYNAMIC_LOCALS:
            if (corsym_md2_dynamic_count(r.body, &n) == CORSYM_OK)
                for (uint32_t i = 0; i < n; i++) {
                    struct corsym_md2_dynamic_local d;
                    (void)corsym_md2_dynamic_at(r.body, i, &d);
                }
            break;
        case CORSYM_MD2_TUPLE_ELEMENT_NAMES: {
            struct corsym_md2_tuple_iter ti;
            struct corsym_md2_tuple_local t;
            if (corsym_md2_tuple_begin(&ti, r.body, &n) == CORSYM_OK)
                while (corsym_md2_tuple_next(&ti, &t) == CORSYM_OK) {
                    struct corsym_cursor c2;
                    corsym_cursor_from_span(&c2, t.element_names);
                    while (corsym_md2_next_cstr(&c2, &s) == CORSYM_OK)
                        ;
                }
            break;
        }
        default:
            (void)corsym_md2_forward(r.body, &a);
            break;
        }
    }
}

static void walk_method(const struct corsym_winpdb *pdb, const struct corsym_winpdb_method_ref *ref)
{
    struct corsym_winpdb_method *m;
    if (corsym_winpdb_method_load_ref(pdb, ref, &m) != CORSYM_OK)
        return;
    volatile uint32_t sink = 0;
    for (uint32_t i = 0; i < m->point_count; i++) {
        struct corsym_span s;
        sink ^= m->points[i].start_line;
        (void)corsym_winpdb_string(pdb, m->points[i].document_ni, &s);
    }
    for (uint32_t i = 0; i < m->scope_count; i++) {
        const struct corsym_winpdb_scope *s = &m->scopes[i];
        for (uint32_t k = 0; k < s->locals_count; k++)
            sink ^= m->locals[s->locals_first + k].slot;
        for (uint32_t k = 0; k < s->constants_count; k++)
            sink ^= (uint32_t)m->constants[s->constants_first + k].name.len;
        for (uint32_t k = 0; k < s->namespaces_count; k++)
            sink ^= (uint32_t)m->namespaces[s->namespaces_first + k].name.len;
        for (uint32_t c = s->first_child; c != CORSYM_WINPDB_NONE; c = m->scopes[c].next_sibling)
            sink ^= m->scopes[c].start_offset;
    }
    if (m->has_md2)
        walk_md2(m->md2);
    for (uint32_t i = 0; i < m->async.step_count && m->async_steps; i++)
        sink ^= m->async_steps[i].resume_offset;
    struct corsym_span d;
    (void)corsym_winpdb_method_oem(m, "MD2", &d);
    (void)sink;
    corsym_winpdb_method_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct corsym_winpdb *pdb;
    if (corsym_winpdb_open(&pdb, data, size) != CORSYM_OK)
        return 0;

    uint32_t token, stream;
    struct corsym_span name;
    struct corsym_msf_bytes bytes;
    (void)corsym_winpdb_entry_point(pdb, &token);
    for (uint32_t i = 0; i < corsym_winpdb_named_stream_count(pdb); i++)
        if (corsym_winpdb_named_stream_at(pdb, i, &name, &stream) == CORSYM_OK)
            (void)corsym_winpdb_named_stream(pdb, (const char *)name.data, name.len, &stream);
    if (corsym_winpdb_source_link(pdb, &bytes) == CORSYM_OK)
        corsym_msf_bytes_release(&bytes);
    if (corsym_winpdb_source_server(pdb, &bytes) == CORSYM_OK)
        corsym_msf_bytes_release(&bytes);
    for (uint32_t i = 0; i < corsym_winpdb_section_contrib_count(pdb); i++) {
        struct corsym_winpdb_section_contrib sc;
        (void)corsym_winpdb_section_contrib_at(pdb, i, &sc);
    }

    struct corsym_winpdb_module holder;
    struct corsym_cv_compile3 compiler;
    if (corsym_winpdb_compiler_info(pdb, &compiler, &holder) == CORSYM_OK)
        corsym_winpdb_module_release(&holder);

    struct corsym_winpdb_src_headers *hdrs;
    if (corsym_winpdb_src_headers_load(pdb, &hdrs) == CORSYM_OK) {
        for (uint32_t i = 0; i < corsym_winpdb_src_headers_count(hdrs); i++) {
            struct corsym_winpdb_src_header h;
            if (corsym_winpdb_src_header_at(hdrs, i, &h) == CORSYM_OK)
                (void)corsym_winpdb_src_header_find(hdrs, h.virtual_ni, &h);
        }
        corsym_winpdb_src_headers_free(hdrs);
    }

    struct corsym_winpdb_documents *docs;
    if (corsym_winpdb_documents_build(pdb, &docs) == CORSYM_OK) {
        for (uint32_t i = 0; i < corsym_winpdb_documents_count(docs); i++) {
            const struct corsym_winpdb_document *d = corsym_winpdb_document_at(docs, i);
            uint32_t index;
            (void)corsym_winpdb_documents_find(docs, d->name_ni, &index);
            if (d->embedded_source.len) {
                struct corsym_buf text = CORSYM_BUF_INIT;
                (void)corsym_winpdb_embedded_source_decode(d->embedded_source, &text);
                corsym_buf_free(&text);
            }
        }
        corsym_winpdb_documents_free(docs);
    }

    struct corsym_winpdb_index *idx;
    if (corsym_winpdb_index_build(pdb, &idx) == CORSYM_OK) {
        for (uint32_t i = 0; i < corsym_winpdb_index_count(idx); i++) {
            struct corsym_winpdb_method_ref ref;
            if (corsym_winpdb_index_at(idx, i, &ref) == CORSYM_OK)
                walk_method(pdb, &ref);
        }
        corsym_winpdb_index_free(idx);
    }
    corsym_winpdb_close(pdb);
    return 0;
}
