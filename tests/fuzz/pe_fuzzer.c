/*
 * libFuzzer target: open the input as a PE image, dump its debug
 * directory, read its metadata lookups, name every type and assembly
 * (type_names.h), and inflate + open + walk an embedded Portable PDB.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "pe/pe.h"
#include "pe/pe_dump.h"
#include "portable/portable.h"
#include "portable/ppdb_dump.h"
#include "portable/type_names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct corsym_pe pe;
    if (corsym_pe_open(&pe, data, size) != CORSYM_OK)
        return 0;
    struct corsym_buf b = CORSYM_BUF_INIT;
    (void)corsym_pe_dump(&pe, &b);

    struct corsym_pe_debug_entry e;
    struct corsym_pe_pdb_checksum sum;
    if (corsym_pe_debug_find(&pe, CORSYM_PE_DEBUG_PDB_CHECKSUM, &e) == CORSYM_OK &&
        corsym_pe_pdb_checksum_parse(e.data, &sum) == CORSYM_OK)
        (void)corsym_pe_pdb_checksum_verify(&sum, pe.image, 0, pe.image.len < 20 ? pe.image.len : 20);

    uint8_t *pdb_bytes;
    size_t len;
    if (corsym_pe_embedded_pdb_extract(&pe, &pdb_bytes, &len) == CORSYM_OK) {
        struct corsym_ppdb *pdb;
        if (corsym_ppdb_open(&pdb, pdb_bytes, len) == CORSYM_OK) {
            corsym_buf_clear(&b);
            (void)corsym_ppdb_dump_limited(pdb, &b, 16u << 20);
            corsym_ppdb_close(pdb);
        }
        free(pdb_bytes);
    }
    corsym_buf_free(&b);

    struct corsym_md md;
    if (corsym_pe_metadata_open(&pe, &md) == CORSYM_OK) {
        uint32_t methods = corsym_md_rows(&md, CORSYM_TBL_METHOD_DEF);
        for (uint32_t m = 1; m <= methods + 1 && m <= 256; m++) {
            struct corsym_span name, ns, sig;
            uint32_t t;
            (void)corsym_md_method_name(&md, m, &name);
            if (corsym_md_method_declaring_type(&md, m, &t) == CORSYM_OK) {
                (void)corsym_md_type_def_name(&md, t, &ns, &name);
                (void)corsym_md_enclosing_type(&md, t, &t);
            }
            (void)corsym_md_stand_alone_sig(&md, m, &sig);
            (void)corsym_md_type_ref_name(&md, m, &ns, &name);
        }
        /* Every type and assembly by name, as the Portable writer finds import targets. */
        struct corsym_md_view view;
        corsym_md_view_init(&view, &md);
        for (int csharp = 0; csharp < 2; csharp++) {
            struct corsym_type_index index;
            if (corsym_type_index_build(&index, &view, csharp) != CORSYM_OK)
                continue;
            uint32_t token;
            if (index.count)
                (void)corsym_type_index_type(&index, (const char *)index.entries[0].text,
                                             index.entries[0].len, &token);
            (void)corsym_type_index_assembly(&index, "mscorlib", 8, &token);
            corsym_type_index_free(&index);
        }
        struct corsym_type_namer namer;
        corsym_type_namer_init(&namer, &view, true);
        for (uint32_t m = 1; m <= methods + 1 && m <= 64; m++) {
            uint32_t move_next, type;
            struct corsym_span ns, name;
            if (corsym_md_method_declaring_type(&md, m, &type) == CORSYM_OK &&
                corsym_md_type_def_name(&md, type, &ns, &name) == CORSYM_OK && name.len)
                (void)corsym_type_namer_move_next(&namer, 0x06000000 | m, (const char *)name.data,
                                                  name.len, &move_next);
        }
        corsym_type_namer_free(&namer);
    }
    return 0;
}
