/*
 * DBI stream (research/windows-pdb.md §6): header, module list, section
 * contributions and the optional debug header. Substreams sit back to back
 * in the order ModInfo, SectionContrib, SectionMap, FileInfo,
 * TypeServerMap, EC, OptionalDbgHeader.
 */
#include "winpdb/winpdb_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/checked.h"

#define DBI_HEADER_SIZE 64u
#define SC_VERSION_60 0xF12EBA2Du /* 0xEFFE0000 + 19970605 */
#define SC_VERSION_2 0xF13151E4u  /* 0xEFFE0000 + 20140516: entries gain isectCoff */

static corsym_status read_contrib(struct corsym_cursor *c, struct corsym_winpdb_section_contrib *o)
{
    uint16_t pad;
    CORSYM_TRY(corsym_cursor_u16le(c, &o->section));
    CORSYM_TRY(corsym_cursor_u16le(c, &pad));
    CORSYM_TRY(corsym_cursor_i32le(c, &o->offset));
    CORSYM_TRY(corsym_cursor_i32le(c, &o->size));
    CORSYM_TRY(corsym_cursor_u32le(c, &o->characteristics));
    CORSYM_TRY(corsym_cursor_u16le(c, &o->module));
    CORSYM_TRY(corsym_cursor_u16le(c, &pad));
    CORSYM_TRY(corsym_cursor_u32le(c, &o->data_crc));
    return corsym_cursor_u32le(c, &o->reloc_crc);
}

corsym_status corsym_winpdb_modinfo_read(struct corsym_cursor *c,
                                         struct corsym_winpdb_module_info *out)
{
    uint32_t unused;
    uint16_t pad;
    /* The record is 4-aligned from the substream start. */
    size_t start = c->pos;
    CORSYM_TRY(corsym_cursor_u32le(c, &unused)); /* in-memory pointer: garbage allowed */
    CORSYM_TRY(read_contrib(c, &out->contrib));
    CORSYM_TRY(corsym_cursor_u16le(c, &out->flags));
    CORSYM_TRY(corsym_cursor_u16le(c, &out->stream));
    CORSYM_TRY(corsym_cursor_u32le(c, &out->symbol_bytes));
    CORSYM_TRY(corsym_cursor_u32le(c, &out->c11_bytes));
    CORSYM_TRY(corsym_cursor_u32le(c, &out->c13_bytes));
    CORSYM_TRY(corsym_cursor_u16le(c, &out->file_count));
    CORSYM_TRY(corsym_cursor_u16le(c, &pad));
    CORSYM_TRY(corsym_cursor_u32le(c, &unused)); /* in-memory pointer again */
    CORSYM_TRY(corsym_cursor_u32le(c, &out->source_file_ni));
    CORSYM_TRY(corsym_cursor_u32le(c, &out->pdb_file_ni));
    CORSYM_TRY(corsym_cursor_cstr(c, &out->name));
    CORSYM_TRY(corsym_cursor_cstr(c, &out->object_name));
    size_t padding = (4 - (c->pos - start) % 4) % 4;
    if (padding > corsym_cursor_remaining(c))
        padding = corsym_cursor_remaining(c); /* the last record may end unpadded */
    return corsym_cursor_skip(c, padding);
}

static corsym_status read_header(struct corsym_cursor *c, struct corsym_winpdb_dbi_header *h)
{
    uint32_t pad;
    CORSYM_TRY(corsym_cursor_i32le(c, &h->version_signature));
    CORSYM_TRY(corsym_cursor_u32le(c, &h->version));
    CORSYM_TRY(corsym_cursor_u32le(c, &h->age));
    CORSYM_TRY(corsym_cursor_u16le(c, &h->global_stream));
    CORSYM_TRY(corsym_cursor_u16le(c, &h->build_number));
    CORSYM_TRY(corsym_cursor_u16le(c, &h->public_stream));
    CORSYM_TRY(corsym_cursor_u16le(c, &h->pdb_dll_version));
    CORSYM_TRY(corsym_cursor_u16le(c, &h->symrec_stream));
    CORSYM_TRY(corsym_cursor_u16le(c, &h->pdb_dll_rbld));
    CORSYM_TRY(corsym_cursor_i32le(c, &h->modinfo_size));
    CORSYM_TRY(corsym_cursor_i32le(c, &h->section_contrib_size));
    CORSYM_TRY(corsym_cursor_i32le(c, &h->section_map_size));
    CORSYM_TRY(corsym_cursor_i32le(c, &h->file_info_size));
    CORSYM_TRY(corsym_cursor_i32le(c, &h->type_server_map_size));
    CORSYM_TRY(corsym_cursor_u32le(c, &h->mfc_type_server_index));
    CORSYM_TRY(corsym_cursor_i32le(c, &h->debug_header_size));
    CORSYM_TRY(corsym_cursor_i32le(c, &h->ec_size));
    CORSYM_TRY(corsym_cursor_u16le(c, &h->flags));
    CORSYM_TRY(corsym_cursor_u16le(c, &h->machine));
    return corsym_cursor_u32le(c, &pad);
}

/* Take the next substream of a size from the header; negative is corrupt. */
static corsym_status substream(struct corsym_cursor *c, int32_t size, struct corsym_cursor *out)
{
    if (size < 0)
        return CORSYM_CORRUPT(); /* negative DBI substream size */
    return corsym_cursor_take(c, (size_t)size, out);
}

static corsym_status parse_modules(struct corsym_winpdb *pdb, struct corsym_cursor mods)
{
    /* Count first: the list is small and the count bounds the allocation. */
    struct corsym_cursor walk = mods;
    struct corsym_winpdb_module_info mi;
    uint32_t n = 0;
    while (!corsym_cursor_at_end(&walk)) {
        CORSYM_TRY(corsym_winpdb_modinfo_read(&walk, &mi));
        n++;
    }
    pdb->modules = calloc(n ? n : 1, sizeof *pdb->modules);
    if (!pdb->modules)
        return CORSYM_E_NOMEM;
    for (uint32_t i = 0; i < n; i++)
        CORSYM_TRY(corsym_winpdb_modinfo_read(&mods, &pdb->modules[i]));
    pdb->module_count = n;
    return CORSYM_OK;
}

static corsym_status parse_contribs(struct corsym_winpdb *pdb, struct corsym_cursor sc)
{
    if (corsym_cursor_at_end(&sc))
        return CORSYM_OK;
    uint32_t version;
    CORSYM_TRY(corsym_cursor_u32le(&sc, &version));
    if (version == SC_VERSION_60)
        pdb->section_contrib_size = 28;
    else if (version == SC_VERSION_2)
        pdb->section_contrib_size = 32;
    else
        return CORSYM_CORRUPT(); /* section contribution version */
    if (corsym_cursor_remaining(&sc) % pdb->section_contrib_size != 0)
        return CORSYM_CORRUPT(); /* partial section contribution */
    pdb->section_contribs = corsym_cursor_rest(&sc);
    return CORSYM_OK;
}

static corsym_status parse_debug_header(struct corsym_winpdb *pdb, struct corsym_cursor dbg)
{
    for (unsigned i = 0; i < CORSYM_WINPDB_DBG_SLOT_COUNT && corsym_cursor_remaining(&dbg) >= 2;
         i++)
        CORSYM_TRY(corsym_cursor_u16le(&dbg, &pdb->debug_streams[i]));
    return CORSYM_OK;
}

corsym_status corsym_winpdb_dbi_parse(struct corsym_winpdb *pdb)
{
    struct corsym_msf_stream s;
    corsym_status st = corsym_msf_stream(pdb->msf, CORSYM_WINPDB_STREAM_DBI, &s);
    if (st == CORSYM_NOT_FOUND || (st == CORSYM_OK && s.size == 0))
        return CORSYM_OK; /* no DBI: no modules, nothing else to read */
    CORSYM_TRY(st);
    CORSYM_TRY(corsym_msf_stream_load_all(&s, &pdb->dbi_bytes));

    struct corsym_cursor c;
    struct corsym_winpdb_dbi_header *h = &pdb->dbi;
    corsym_cursor_from_span(&c, pdb->dbi_bytes.span);
    CORSYM_TRY(read_header(&c, h));
    /* Pre-VC41 DBI streams have no signature and another layout. */
    if (h->version_signature != -1)
        return CORSYM_E_UNSUPPORTED;

    struct corsym_cursor mods, sc, secmap, files, tsm, ec, dbg;
    CORSYM_TRY(substream(&c, h->modinfo_size, &mods));
    CORSYM_TRY(substream(&c, h->section_contrib_size, &sc));
    CORSYM_TRY(substream(&c, h->section_map_size, &secmap));
    CORSYM_TRY(substream(&c, h->file_info_size, &files));
    CORSYM_TRY(substream(&c, h->type_server_map_size, &tsm));
    CORSYM_TRY(substream(&c, h->ec_size, &ec));
    CORSYM_TRY(substream(&c, h->debug_header_size, &dbg));
    CORSYM_TRY(parse_modules(pdb, mods));
    CORSYM_TRY(parse_contribs(pdb, sc));
    CORSYM_TRY(parse_debug_header(pdb, dbg));

    pdb->has_dbi = true;
    pdb->info.has_dbi = true;
    pdb->info.dbi_age = h->age;
    return CORSYM_OK;
}

const struct corsym_winpdb_dbi_header *corsym_winpdb_dbi(const struct corsym_winpdb *pdb)
{
    return pdb->has_dbi ? &pdb->dbi : NULL;
}

uint32_t corsym_winpdb_module_count(const struct corsym_winpdb *pdb)
{
    return pdb->module_count;
}

const struct corsym_winpdb_module_info *corsym_winpdb_module_info(const struct corsym_winpdb *pdb,
                                                                  uint32_t i)
{
    return i < pdb->module_count ? &pdb->modules[i] : NULL;
}

uint32_t corsym_winpdb_section_contrib_count(const struct corsym_winpdb *pdb)
{
    return pdb->section_contrib_size
               ? (uint32_t)(pdb->section_contribs.len / pdb->section_contrib_size)
               : 0;
}

corsym_status corsym_winpdb_section_contrib_at(const struct corsym_winpdb *pdb, uint32_t i,
                                               struct corsym_winpdb_section_contrib *out)
{
    if (i >= corsym_winpdb_section_contrib_count(pdb))
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, pdb->section_contribs);
    CORSYM_TRY(corsym_cursor_seek(&c, (size_t)i * pdb->section_contrib_size));
    return read_contrib(&c, out);
}

uint16_t corsym_winpdb_debug_stream(const struct corsym_winpdb *pdb, unsigned slot)
{
    return slot < CORSYM_WINPDB_DBG_SLOT_COUNT ? pdb->debug_streams[slot]
                                               : CORSYM_WINPDB_NO_STREAM;
}
