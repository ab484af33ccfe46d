/*
 * Metadata root (ECMA-335 II.24.2.1), stream headers (II.24.2.2), the
 * Portable PDB #Pdb stream and the tables stream header (II.24.2.6).
 */
#include <string.h>

#include "base/checked.h"
#include "portable/ecma335.h"
#include "portable/ecma335_schema.h"

#define MD_SIGNATURE 0x424A5342u /* "BSJB" */
#define STREAM_NAME_MAX 32

static bool span_is(struct corsym_span s, const char *name)
{
    return corsym_span_eq(s, name, strlen(name));
}

static corsym_status read_stream_headers(struct corsym_md *md, struct corsym_cursor *c,
                                         uint16_t count)
{
    if (count > CORSYM_MD_MAX_STREAMS)
        return CORSYM_E_UNSUPPORTED;
    for (unsigned i = 0; i < count; i++) {
        uint32_t offset, size;
        CORSYM_TRY(corsym_cursor_u32le(c, &offset));
        CORSYM_TRY(corsym_cursor_u32le(c, &size));
        /* The name is NUL-terminated within 32 bytes, padded to 4. */
        size_t start = c->pos;
        struct corsym_cursor name_window;
        size_t window = corsym_cursor_remaining(c) < STREAM_NAME_MAX ? corsym_cursor_remaining(c)
                                                                     : STREAM_NAME_MAX;
        CORSYM_TRY(corsym_cursor_narrow(c, start, window, &name_window));
        struct corsym_span name;
        CORSYM_TRY(corsym_cursor_cstr(&name_window, &name));
        size_t used = name.len + 1;
        size_t padded = (used + 3) & ~(size_t)3;
        CORSYM_TRY(corsym_cursor_skip(c, padded));

        struct corsym_md_stream *s = &md->streams[md->stream_count++];
        s->name = name;
        s->offset = offset;
        if (corsym_span_sub(md->root, offset, size, &s->data) != CORSYM_OK)
            return CORSYM_CORRUPT();
    }
    return CORSYM_OK;
}

corsym_status corsym_md_find_stream(const struct corsym_md *md, const char *name,
                                    struct corsym_md_stream *out)
{
    for (unsigned i = 0; i < md->stream_count; i++) {
        if (span_is(md->streams[i].name, name)) {
            *out = md->streams[i];
            return CORSYM_OK;
        }
    }
    return CORSYM_NOT_FOUND;
}

/* First stream of that name wins; later duplicates are ignored. */
static void pick(const struct corsym_md *md, const char *name, struct corsym_span *out, bool *has)
{
    struct corsym_md_stream s;
    if (!*has && corsym_md_find_stream(md, name, &s) == CORSYM_OK) {
        *out = s.data;
        *has = true;
    }
}

static corsym_status read_pdb_stream(struct corsym_md *md, const struct corsym_md_stream *s)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, s->data);
    md->has_pdb = true;
    md->pdb_offset = s->offset;
    CORSYM_TRY(corsym_cursor_copy(&c, md->pdb_id, sizeof md->pdb_id));
    CORSYM_TRY(corsym_cursor_u32le(&c, &md->pdb_entry_point));
    CORSYM_TRY(corsym_cursor_u64le(&c, &md->pdb_referenced_tables));
    for (unsigned t = 0; t < CORSYM_TBL_COUNT; t++) {
        if (!(md->pdb_referenced_tables >> t & 1))
            continue;
        /* Only type-system tables can be referenced from a PDB. */
        if (t >= CORSYM_TBL_DOCUMENT || !corsym_md_schema_has_table(t))
            return CORSYM_CORRUPT();
        uint32_t rows;
        CORSYM_TRY(corsym_cursor_u32le(&c, &rows));
        if (rows > CORSYM_MD_MAX_RID)
            return CORSYM_CORRUPT();
        md->pdb_type_system_rows[t] = rows;
    }
    return CORSYM_OK;
}

static corsym_status read_tables_header(struct corsym_md *md)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, md->tables);
    uint32_t reserved;
    uint8_t reserved8;
    CORSYM_TRY(corsym_cursor_u32le(&c, &reserved));
    CORSYM_TRY(corsym_cursor_u8(&c, &md->tables_major));
    CORSYM_TRY(corsym_cursor_u8(&c, &md->tables_minor));
    CORSYM_TRY(corsym_cursor_u8(&c, &md->heap_sizes));
    CORSYM_TRY(corsym_cursor_u8(&c, &reserved8));
    CORSYM_TRY(corsym_cursor_u64le(&c, &md->valid));
    CORSYM_TRY(corsym_cursor_u64le(&c, &md->sorted));
    for (unsigned t = 0; t < CORSYM_TBL_COUNT; t++) {
        if (!(md->valid >> t & 1))
            continue;
        /* Without a schema we could not find where the next table starts. */
        if (!corsym_md_schema_has_table(t))
            return CORSYM_CORRUPT();
        uint32_t rows;
        CORSYM_TRY(corsym_cursor_u32le(&c, &rows));
        if (rows > CORSYM_MD_MAX_RID)
            return CORSYM_CORRUPT();
        md->tbl[t].rows = rows;
    }
    if (md->heap_sizes & CORSYM_HEAP_EXTRA_DATA)
        CORSYM_TRY(corsym_cursor_skip(&c, 4));

    for (unsigned t = 0; t < CORSYM_TBL_COUNT; t++) {
        bool external = md->has_pdb && t < CORSYM_TBL_DOCUMENT;
        md->sizing_rows[t] = external ? md->pdb_type_system_rows[t] : md->tbl[t].rows;
    }
    return corsym_md_schema_layout(md, c.pos, md->tables.len);
}

corsym_status corsym_md_open(struct corsym_md *md, struct corsym_span metadata)
{
    memset(md, 0, sizeof *md);
    md->root = metadata;

    struct corsym_cursor c;
    corsym_cursor_from_span(&c, metadata);
    uint32_t sig, reserved, version_len;
    CORSYM_TRY(corsym_cursor_u32le(&c, &sig));
    if (sig != MD_SIGNATURE)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_cursor_u16le(&c, &md->major));
    CORSYM_TRY(corsym_cursor_u16le(&c, &md->minor));
    CORSYM_TRY(corsym_cursor_u32le(&c, &reserved));
    CORSYM_TRY(corsym_cursor_u32le(&c, &version_len));
    struct corsym_span version;
    CORSYM_TRY(corsym_cursor_bytes(&c, version_len, &version));
    /* The version string is NUL-padded; keep only the text. */
    size_t vlen = 0;
    while (vlen < version.len && version.data[vlen] != 0)
        vlen++;
    md->version = corsym_span_make(version.data, vlen);

    uint16_t flags, streams;
    CORSYM_TRY(corsym_cursor_u16le(&c, &flags));
    CORSYM_TRY(corsym_cursor_u16le(&c, &streams));
    CORSYM_TRY(read_stream_headers(md, &c, streams));

    struct corsym_md_stream s;
    if (corsym_md_find_stream(md, "#Pdb", &s) == CORSYM_OK)
        CORSYM_TRY(read_pdb_stream(md, &s));
    pick(md, "#~", &md->tables, &md->has_tables);
    if (!md->has_tables) {
        pick(md, "#-", &md->tables, &md->has_tables);
        md->uncompressed = md->has_tables;
    }
    if (!md->has_tables)
        return CORSYM_CORRUPT();
    md->minimal_delta = corsym_md_find_stream(md, "#JTD", &s) == CORSYM_OK;
    pick(md, "#Strings", &md->strings, &md->has_strings);
    pick(md, "#Blob", &md->blob, &md->has_blob);
    pick(md, "#GUID", &md->guid, &md->has_guid);
    pick(md, "#US", &md->us, &md->has_us);
    return read_tables_header(md);
}
