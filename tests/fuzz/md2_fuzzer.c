/*
 * libFuzzer target: the managed S_OEM payload decoders of Windows PDBs on
 * their own (src/winpdb/winpdb_md2.c). The `winpdb` target reaches them only
 * through a valid MSF, DBI and module stream; here every input is one payload.
 *
 * Each input is decoded both ways, since both are cheap and a real payload of
 * one kind is an interesting malformed payload of the other:
 *   - as an "MD2" blob: corsym_md2_decode (what the reader keeps), then every
 *     record walked with its kind's decoder, including the EnC kinds 6, 7, 9,
 *     which are Portable CDI blobs and go to the portable/ decoders;
 *   - as an "asyncMethodInfo" payload, every step read.
 * Seeds (corpora/md2) are S_OEM payloads of real PDBs, via fuzz_extract_seeds.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "portable/ppdb_cdi.h"
#include "winpdb/winpdb_md2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void enc_blob(uint8_t kind, struct corsym_span body)
{
    if (kind == CORSYM_MD2_ENC_LOCAL_SLOT_MAP) {
        struct corsym_cdi_slots_iter it;
        struct corsym_cdi_slot s;
        corsym_cdi_slots_begin(&it, body);
        while (corsym_cdi_slots_next(&it, &s) == CORSYM_OK)
            ;
    } else if (kind == CORSYM_MD2_ENC_LAMBDA_MAP) {
        struct corsym_cdi_lambda_map m;
        struct corsym_cdi_lambda l;
        if (corsym_cdi_lambda_map_begin(&m, body) == CORSYM_OK)
            while (corsym_cdi_lambda_map_next_lambda(&m, &l) == CORSYM_OK)
                ;
    } else if (kind == CORSYM_MD2_ENC_STATE_MACHINE_STATES) {
        struct corsym_cdi_states_iter it;
        struct corsym_cdi_state s;
        uint32_t n;
        if (corsym_cdi_states_begin(&it, body, &n) == CORSYM_OK)
            while (corsym_cdi_states_next(&it, &s) == CORSYM_OK)
                ;
    }
}

/* The body span must lie inside the blob: every consumer trusts it. */
static void check_inside(struct corsym_span blob, struct corsym_span part)
{
    if (part.len && (part.data < blob.data || part.data + part.len > blob.data + blob.len))
        __builtin_trap();
}

static void record(struct corsym_span blob, const struct corsym_md2_record *r)
{
    uint32_t n, a, b;
    uint16_t g, c;
    struct corsym_span s;
    check_inside(blob, r->body);
    switch (r->kind) {
    case CORSYM_MD2_USING_GROUPS:
        if (corsym_md2_using_groups(r->body, &g) == CORSYM_OK)
            for (uint32_t i = 0; i <= g; i++) /* one past the end: NOT_FOUND */
                (void)corsym_md2_using_group_at(r->body, (uint16_t)i, &c);
        break;
    case CORSYM_MD2_FORWARD_METHOD:
    case CORSYM_MD2_FORWARD_MODULE:
        (void)corsym_md2_forward(r->body, &a);
        break;
    case CORSYM_MD2_HOISTED_LOCAL_SCOPES:
        if (corsym_md2_hoisted_count(r->body, &n) == CORSYM_OK)
            for (uint64_t i = 0; i <= n; i++)
                (void)corsym_md2_hoisted_at(r->body, (uint32_t)i, &a, &b);
        break;
    case CORSYM_MD2_STATE_MACHINE_TYPE_NAME:
        if (corsym_md2_state_machine_type_name(r->body, &s) == CORSYM_OK)
            check_inside(r->body, s);
        break;
    case CORSYM_MD2_DYNAMIC_LOCALS:
        if (corsym_md2_dynamic_count(r->body, &n) == CORSYM_OK)
            for (uint64_t i = 0; i <= n; i++) {
                struct corsym_md2_dynamic_local d;
                if (corsym_md2_dynamic_at(r->body, (uint32_t)i, &d) == CORSYM_OK) {
                    check_inside(r->body, d.flags);
                    check_inside(r->body, d.name_utf16);
                }
            }
        break;
    case CORSYM_MD2_TUPLE_ELEMENT_NAMES: {
        struct corsym_md2_tuple_iter ti;
        struct corsym_md2_tuple_local t;
        if (corsym_md2_tuple_begin(&ti, r->body, &n) != CORSYM_OK)
            break;
        while (corsym_md2_tuple_next(&ti, &t) == CORSYM_OK) {
            struct corsym_cursor names;
            uint32_t k = 0;
            check_inside(r->body, t.element_names);
            check_inside(r->body, t.name);
            corsym_cursor_from_span(&names, t.element_names);
            while (corsym_md2_next_cstr(&names, &s) == CORSYM_OK)
                k++;
            if (k != t.element_count)
                __builtin_trap(); /* element_names holds exactly element_count strings */
        }
        break;
    }
    default:
        enc_blob(r->kind, r->body);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct corsym_span blob = corsym_span_make(data, size);

    struct corsym_md2_info info;
    if (corsym_md2_decode(blob, &info) == CORSYM_OK)
        for (unsigned k = 0; k < CORSYM_MD2_KIND_COUNT; k++)
            if (info.has[k])
                check_inside(blob, info.body[k]);

    struct corsym_md2_iter it;
    struct corsym_md2_record r;
    uint8_t count;
    if (corsym_md2_begin(&it, blob, &count) == CORSYM_OK)
        while (corsym_md2_next(&it, &r) == CORSYM_OK)
            record(blob, &r);

    struct corsym_async_info async;
    if (corsym_async_info_parse(blob, &async) == CORSYM_OK) {
        struct corsym_async_step step;
        for (uint64_t i = 0; i <= async.step_count; i++)
            (void)corsym_async_step_at(&async, (uint32_t)i, &step);
    }
    return 0;
}
