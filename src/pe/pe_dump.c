/* Oracle-format dump of PE headers and the debug directory. */
#include "pe/pe_dump.h"

#include <stdlib.h>

#include "base/text.h"
#include "portable/portable.h"

#define P(...) CORSYM_TRY(corsym_text_printf(out, __VA_ARGS__))

corsym_status corsym_pe_embedded_pdb_extract(const struct corsym_pe *pe, uint8_t **pdb, size_t *len)
{
    struct corsym_pe_debug_entry e;
    CORSYM_TRY(corsym_pe_debug_find(pe, CORSYM_PE_DEBUG_EMBEDDED_PORTABLE_PDB, &e));
    uint32_t size;
    struct corsym_span compressed;
    CORSYM_TRY(corsym_pe_embedded_pdb_parse(e.data, &size, &compressed));
    uint8_t *buf = malloc(size);
    if (!buf)
        return CORSYM_E_NOMEM;
    corsym_status st = corsym_pe_embedded_pdb_inflate(e.data, buf, size);
    if (st != CORSYM_OK) {
        free(buf);
        return st;
    }
    *pdb = buf;
    *len = size;
    return CORSYM_OK;
}

static corsym_status dump_embedded(struct corsym_buf *out, const struct corsym_pe_debug_entry *e)
{
    uint32_t size;
    struct corsym_span compressed;
    CORSYM_TRY(corsym_pe_embedded_pdb_parse(e->data, &size, &compressed));
    uint8_t *buf = malloc(size);
    if (!buf)
        return CORSYM_E_NOMEM;
    struct corsym_ppdb *pdb = NULL;
    corsym_status st = corsym_pe_embedded_pdb_inflate(e->data, buf, size);
    if (st == CORSYM_OK)
        st = corsym_ppdb_open(&pdb, buf, size);
    if (st == CORSYM_OK)
        st = corsym_text_printf(out, "  embeddedpdb magic=0x%08x size=%u compressed=%llu pdbid=",
                                0x4244504Du, size, (unsigned long long)compressed.len);
    if (st == CORSYM_OK) {
        uint8_t id[20];
        corsym_ppdb_id(pdb, id);
        st = corsym_text_hex(out, id, 20);
    }
    if (st == CORSYM_OK)
        st = corsym_text_str(out, "\n");
    corsym_ppdb_close(pdb);
    free(buf);
    return st;
}

corsym_status corsym_pe_dump(const struct corsym_pe *pe, struct corsym_buf *out)
{
    struct corsym_pe_cli cli;
    CORSYM_TRY(corsym_pe_cli_header(pe, &cli));
    P("corsym-oracle 1 pe\n");
    P("pe machine=0x%04x timestamp=0x%08x characteristics=0x%04x magic=0x%04x corflags=0x%08x entry=",
      pe->machine, pe->timestamp, pe->characteristics, pe->magic, cli.flags);
    if (cli.entry_point == 0)
        P("0");
    else
        P("0x%08x", cli.entry_point);
    uint32_t rva = 0, size = 0;
    corsym_status st = corsym_pe_directory(pe, CORSYM_PE_DIR_DEBUG, &rva, &size);
    if (st != CORSYM_OK && st != CORSYM_NOT_FOUND)
        return st;
    P("\ndebugdirectory rva=0x%08x size=%u\n", rva, size);

    uint32_t count;
    CORSYM_TRY(corsym_pe_debug_count(pe, &count));
    for (uint32_t i = 0; i < count; i++) {
        struct corsym_pe_debug_entry e;
        CORSYM_TRY(corsym_pe_debug_entry(pe, i, &e));
        P("debug %u type=%u major=%u minor=%u stamp=0x%08x size=%u rva=0x%08x pointer=0x%08x\n", i,
          e.type, e.major, e.minor, e.timestamp, e.data_size, e.data_rva, e.data_pointer);
        if (e.type == CORSYM_PE_DEBUG_CODEVIEW) {
            struct corsym_pe_codeview cv;
            CORSYM_TRY(corsym_pe_codeview_parse(e.data, &cv));
            P("  codeview guid=");
            CORSYM_TRY(corsym_text_guid(out, cv.guid));
            P(" age=%d path=", (int)cv.age);
            CORSYM_TRY(corsym_text_quote_utf8(out, cv.path.data, cv.path.len));
            if (corsym_pe_codeview_is_portable(&e)) {
                uint8_t id[20];
                corsym_pe_codeview_pdb_id(&cv, &e, id);
                P(" pdbid=");
                CORSYM_TRY(corsym_text_hex(out, id, 20));
            }
            P("\n");
        } else if (e.type == CORSYM_PE_DEBUG_PDB_CHECKSUM) {
            struct corsym_pe_pdb_checksum sum;
            CORSYM_TRY(corsym_pe_pdb_checksum_parse(e.data, &sum));
            P("  pdbchecksum algorithm=");
            CORSYM_TRY(corsym_text_quote_utf8(out, sum.algorithm.data, sum.algorithm.len));
            P(" hash=");
            CORSYM_TRY(corsym_text_hex(out, sum.hash.data, sum.hash.len));
            P("\n");
        } else if (e.type == CORSYM_PE_DEBUG_EMBEDDED_PORTABLE_PDB) {
            CORSYM_TRY(dump_embedded(out, &e));
        }
    }
    P("end\n");
    return CORSYM_OK;
}
