/* SPDX-License-Identifier: MIT */
/*
 * The DBI stream of the Windows PDB emitter (research §6) and the small streams it
 * points at: the section header, the token-RID map, and the empty TPI/IPI headers.
 * Values Microsoft's writer puts in fields no reader uses (build numbers, the
 * 0xFFFF "no section" contribution of every module) are copied from its output.
 */
#include "winpdb/winpdb_emit_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "winpdb/winpdb.h"
#include "winpdb/winpdb_hash.h"

#define DBI_VERSION_V70 19990903u
#define DBI_BUILD_NUMBER 0x8E0Cu  /* new-format bit, toolset 14 */
#define DBI_PDB_DLL_VERSION 25830u
#define DBI_PDB_DLL_RBLD 2u
#define DBI_MACHINE_CEE 0xC0EEu
#define SC_VERSION_60 0xF12EBA2Du
#define SECMAP_READ_EXECUTE_32BIT_SELECTOR 0x010Du
#define SECMAP_32BIT_ABSOLUTE 0x0208u
#define TPI_VERSION_V80 20040203u
#define TPI_HEADER_SIZE 56u
#define TYPE_INDEX_BEGIN 0x1000u

static corsym_status nil_contribution(struct corsym_buf *b)
{
    CORSYM_TRY(wpe_u16(b, 0xFFFF)); /* isect */
    CORSYM_TRY(wpe_u16(b, 0));
    CORSYM_TRY(wpe_u32(b, 0));
    CORSYM_TRY(wpe_u32(b, 0xFFFFFFFFu)); /* size -1 */
    CORSYM_TRY(wpe_u32(b, 0));
    CORSYM_TRY(wpe_u16(b, 0xFFFF)); /* imod */
    CORSYM_TRY(wpe_u16(b, 0));
    CORSYM_TRY(wpe_u32(b, 0));
    return wpe_u32(b, 0);
}

/* "8 upper-case hex digits of the CRC of the UTF-16LE name" (research §6.2). */
static corsym_status object_name(const struct corsym_buf *name, char out[9])
{
    size_t units;
    CORSYM_TRY(corsym_utf8_to_utf16_lossy(name->data, name->len, NULL, 0, &units));
    uint16_t *w = malloc((units ? units : 1) * sizeof *w);
    if (!w)
        return CORSYM_E_NOMEM;
    corsym_status st = corsym_utf8_to_utf16_lossy(name->data, name->len, w, units, &units);
    uint32_t crc = 0;
    for (size_t i = 0; st == CORSYM_OK && i < units; i++) {
        uint8_t le[2] = { (uint8_t)w[i], (uint8_t)(w[i] >> 8) };
        crc = corsym_winpdb_crc32(le, 2, crc);
    }
    free(w);
    static const char hex[] = "0123456789ABCDEF";
    for (int d = 0; d < 8; d++)
        out[d] = hex[crc >> (28 - 4 * d) & 0xF];
    out[8] = 0;
    return st;
}

static corsym_status modinfo(const struct wpe *e, struct corsym_buf *b)
{
    for (uint32_t i = 0; i < e->module_count; i++) {
        const struct wpe_module *m = &e->modules[i];
        size_t start = b->len;
        char obj[9];
        CORSYM_TRY(object_name(&m->name, obj));
        CORSYM_TRY(wpe_u32(b, 0)); /* in-memory pointer */
        CORSYM_TRY(nil_contribution(b));
        CORSYM_TRY(wpe_u16(b, 0)); /* flags */
        CORSYM_TRY(wpe_u16(b, (uint16_t)m->stream_index));
        CORSYM_TRY(wpe_u32(b, m->symbol_bytes));
        CORSYM_TRY(wpe_u32(b, 0)); /* C11 lines */
        CORSYM_TRY(wpe_u32(b, m->c13_bytes));
        CORSYM_TRY(wpe_u16(b, (uint16_t)m->doc_count));
        CORSYM_TRY(wpe_u16(b, 0));
        CORSYM_TRY(wpe_u32(b, 0)); /* in-memory pointer */
        CORSYM_TRY(wpe_u32(b, 0)); /* source file name */
        CORSYM_TRY(wpe_u32(b, 0)); /* PDB file name */
        CORSYM_TRY(wpe_cstr(b, (const char *)m->name.data, m->name.len));
        CORSYM_TRY(wpe_cstr(b, obj, 8));
        CORSYM_TRY(wpe_pad4(b, start));
    }
    return CORSYM_OK;
}

static corsym_status contributions(const struct wpe *e, struct corsym_buf *b)
{
    CORSYM_TRY(wpe_u32(b, SC_VERSION_60));
    /* Methods are laid out in model order, so this is sorted by offset. */
    for (uint32_t i = 0; i < e->method_count; i++) {
        const struct wpe_method *m = &e->methods[i];
        CORSYM_TRY(wpe_u16(b, 1));
        CORSYM_TRY(wpe_u16(b, 0));
        CORSYM_TRY(wpe_u32(b, m->offset));
        CORSYM_TRY(wpe_u32(b, m->length));
        CORSYM_TRY(wpe_u32(b, 0));
        CORSYM_TRY(wpe_u16(b, (uint16_t)m->module));
        CORSYM_TRY(wpe_u16(b, 0));
        CORSYM_TRY(wpe_u32(b, 0));
        CORSYM_TRY(wpe_u32(b, 0));
    }
    return CORSYM_OK;
}

static corsym_status section_map_entry(struct corsym_buf *b, uint16_t flags, uint16_t frame,
                                       uint32_t length)
{
    CORSYM_TRY(wpe_u16(b, flags));
    CORSYM_TRY(wpe_u16(b, 0)); /* ovl */
    CORSYM_TRY(wpe_u16(b, 0)); /* group */
    CORSYM_TRY(wpe_u16(b, frame));
    CORSYM_TRY(wpe_u16(b, 0xFFFF));
    CORSYM_TRY(wpe_u16(b, 0xFFFF));
    CORSYM_TRY(wpe_u32(b, 0));
    return wpe_u32(b, length);
}

static corsym_status section_map(const struct wpe *e, struct corsym_buf *b)
{
    uint16_t n = e->method_count ? 2 : 0;
    CORSYM_TRY(wpe_u16(b, n));
    CORSYM_TRY(wpe_u16(b, n));
    if (!n)
        return CORSYM_OK;
    CORSYM_TRY(section_map_entry(b, SECMAP_READ_EXECUTE_32BIT_SELECTOR, 1, e->section_length));
    return section_map_entry(b, SECMAP_32BIT_ABSOLUTE, 0, 0xFFFFFFFFu);
}

/* Module file lists: counts, then offsets into one buffer of distinct names. */
static corsym_status file_info(const struct wpe *e, struct corsym_buf *b)
{
    size_t start = b->len;
    uint32_t refs = 0;
    for (uint32_t i = 0; i < e->module_count; i++)
        refs += e->modules[i].doc_count;
    CORSYM_TRY(wpe_u16(b, (uint16_t)e->module_count));
    CORSYM_TRY(wpe_u16(b, (uint16_t)refs)); /* ignored by readers; wraps like MS's */
    uint32_t first = 0;
    for (uint32_t i = 0; i < e->module_count; i++) {
        CORSYM_TRY(wpe_u16(b, (uint16_t)first));
        first += e->modules[i].doc_count;
    }
    for (uint32_t i = 0; i < e->module_count; i++)
        CORSYM_TRY(wpe_u16(b, (uint16_t)e->modules[i].doc_count));
    /* One copy of each URL, at the offset of its first use. */
    uint32_t doc_count = e->w->document_count;
    uint32_t *offset = malloc((size_t)(doc_count ? doc_count : 1) * sizeof *offset);
    if (!offset)
        return CORSYM_E_NOMEM;
    for (uint32_t d = 0; d < doc_count; d++)
        offset[d] = WPE_NONE;
    struct corsym_buf names = CORSYM_BUF_INIT;
    corsym_status st = CORSYM_OK;
    for (uint32_t i = 0; st == CORSYM_OK && i < e->module_count; i++)
        for (uint32_t k = 0; st == CORSYM_OK && k < e->modules[i].doc_count; k++) {
            uint32_t d = e->modules[i].docs[k];
            if (offset[d] == WPE_NONE) {
                offset[d] = (uint32_t)names.len;
                st = wpe_cstr(&names, e->w->documents[d].url, e->w->documents[d].url_len);
            }
            if (st == CORSYM_OK)
                st = wpe_u32(b, offset[d]);
        }
    if (st == CORSYM_OK && names.len)
        st = corsym_buf_append(b, names.data, names.len);
    if (st == CORSYM_OK)
        st = wpe_pad4(b, start);
    corsym_buf_free(&names);
    free(offset);
    return st;
}

/* The EC substream: an empty /names-format table, 25 bytes as Microsoft writes it. */
static corsym_status ec_table(struct corsym_buf *b)
{
    static const uint8_t ec[25] = { 0xFE, 0xEF, 0xFE, 0xEF, 1, 0, 0, 0, 1, 0, 0, 0, 0,
                                    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    return corsym_buf_append(b, ec, sizeof ec);
}

static uint16_t u16_stream(uint32_t s)
{
    return s == WPE_NONE ? CORSYM_WINPDB_NO_STREAM : (uint16_t)s;
}

static corsym_status debug_header(const struct wpe_dbi_streams *s, struct corsym_buf *b)
{
    for (unsigned slot = 0; slot < CORSYM_WINPDB_DBG_SLOT_COUNT; slot++) {
        uint32_t v = WPE_NONE;
        if (slot == CORSYM_WINPDB_DBG_SECTION_HEADER)
            v = s->section_header;
        else if (slot == CORSYM_WINPDB_DBG_TOKEN_RID_MAP)
            v = s->token_map;
        CORSYM_TRY(wpe_u16(b, u16_stream(v)));
    }
    return CORSYM_OK;
}

corsym_status wpe_dbi_stream(const struct wpe *e, const struct wpe_dbi_streams *s,
                             struct corsym_buf *out)
{
    struct corsym_buf part[5] = { CORSYM_BUF_INIT, CORSYM_BUF_INIT, CORSYM_BUF_INIT,
                                  CORSYM_BUF_INIT, CORSYM_BUF_INIT };
    enum { MODS, CONTRIBS, SECMAP, FILES, DEBUG };
    corsym_status st = modinfo(e, &part[MODS]);
    if (st == CORSYM_OK)
        st = contributions(e, &part[CONTRIBS]);
    if (st == CORSYM_OK)
        st = section_map(e, &part[SECMAP]);
    if (st == CORSYM_OK)
        st = file_info(e, &part[FILES]);
    /* Microsoft writes the optional debug header only when there are methods. */
    if (st == CORSYM_OK && (s->section_header != WPE_NONE || s->token_map != WPE_NONE))
        st = debug_header(s, &part[DEBUG]);
    for (int i = 0; st == CORSYM_OK && i < 5; i++)
        if (part[i].len > INT32_MAX)
            st = CORSYM_E_UNSUPPORTED;
    if (st == CORSYM_OK) {
        uint32_t h[] = {
            0xFFFFFFFFu, DBI_VERSION_V70, e->age,
            u16_stream(s->gsi) | (uint32_t)DBI_BUILD_NUMBER << 16,
            u16_stream(s->psi) | (uint32_t)DBI_PDB_DLL_VERSION << 16,
            u16_stream(s->symrec) | (uint32_t)DBI_PDB_DLL_RBLD << 16,
            (uint32_t)part[MODS].len, (uint32_t)part[CONTRIBS].len, (uint32_t)part[SECMAP].len,
            (uint32_t)part[FILES].len,
            0, /* type server map */
            0, /* MFC type server */
            (uint32_t)part[DEBUG].len, 25u,
            (uint32_t)DBI_MACHINE_CEE << 16, /* flags 0, machine */
            0,
        };
        for (size_t i = 0; st == CORSYM_OK && i < sizeof h / sizeof h[0]; i++)
            st = wpe_u32(out, h[i]);
    }
    for (int i = 0; st == CORSYM_OK && i < 4; i++)
        st = corsym_buf_append(out, part[i].data, part[i].len);
    if (st == CORSYM_OK)
        st = ec_table(out);
    if (st == CORSYM_OK)
        st = corsym_buf_append(out, part[DEBUG].data, part[DEBUG].len);
    for (int i = 0; i < 5; i++)
        corsym_buf_free(&part[i]);
    return st;
}

corsym_status wpe_section_header_stream(const struct wpe *e, struct corsym_buf *out)
{
    /* One IMAGE_SECTION_HEADER with no name covering every method's IL. */
    CORSYM_TRY(wpe_zeros(out, 8));
    CORSYM_TRY(wpe_u32(out, e->section_length)); /* VirtualSize */
    CORSYM_TRY(wpe_u32(out, 0));
    CORSYM_TRY(wpe_u32(out, e->section_length)); /* SizeOfRawData */
    return wpe_zeros(out, 20);
}

corsym_status wpe_token_map_stream(const struct wpe *e, struct corsym_buf *out, bool *present)
{
    const struct corsym_symwriter *w = e->w;
    *present = false;
    uint32_t max_rid = 0;
    for (uint32_t i = 0; i < w->remap_count; i++)
        if ((w->remaps[i].old_token >> 24) == 0x06) {
            *present = true;
            if ((w->remaps[i].old_token & 0xFFFFFF) > max_rid)
                max_rid = w->remaps[i].old_token & 0xFFFFFF;
            /* New RIDs too: the stored entry point is a new token, and readers that map
             * it again must not fall off the end. */
            if ((w->remaps[i].new_token & 0xFFFFFF) > max_rid)
                max_rid = w->remaps[i].new_token & 0xFFFFFF;
        }
    if (!*present)
        return CORSYM_OK;
    /* Readers index the map with every stored method RID (research §18.17). */
    for (uint32_t i = 0; i < w->method_count; i++)
        if ((corsym_sw_method(w, i)->token & 0xFFFFFF) > max_rid)
            max_rid = corsym_sw_method(w, i)->token & 0xFFFFFF;
    if (w->entry_point && (w->entry_point & 0xFFFFFF) > max_rid)
        max_rid = w->entry_point & 0xFFFFFF;
    if ((uint64_t)max_rid + 1 > SIZE_MAX / 4)
        return CORSYM_E_UNSUPPORTED;
    for (uint32_t rid = 0; rid <= max_rid; rid++)
        CORSYM_TRY(wpe_u32(out, rid ? corsym_symwriter_remapped(w, 0x06000000u | rid) &
                                          0xFFFFFFu
                                    : 0));
    return CORSYM_OK;
}

corsym_status wpe_type_stream(struct corsym_buf *out)
{
    /* No types: managed tokens stand where CodeView type indices would. The three
     * {offset, length} buffers read {0, -1} as Microsoft writes them. */
    CORSYM_TRY(wpe_u32(out, TPI_VERSION_V80));
    CORSYM_TRY(wpe_u32(out, TPI_HEADER_SIZE));
    CORSYM_TRY(wpe_u32(out, TYPE_INDEX_BEGIN));
    CORSYM_TRY(wpe_u32(out, TYPE_INDEX_BEGIN));
    CORSYM_TRY(wpe_u32(out, 0));            /* record bytes */
    CORSYM_TRY(wpe_u16(out, 0xFFFF));       /* hash stream */
    CORSYM_TRY(wpe_u16(out, 0xFFFF));       /* aux hash stream */
    CORSYM_TRY(wpe_u32(out, 4));            /* hash key size */
    CORSYM_TRY(wpe_u32(out, 0x3FFFF));      /* hash buckets */
    for (int i = 0; i < 3; i++) {
        CORSYM_TRY(wpe_u32(out, 0));
        CORSYM_TRY(wpe_u32(out, 0xFFFFFFFFu));
    }
    return CORSYM_OK;
}
