/* SPDX-License-Identifier: MIT */
/*
 * Native PDBs with publics (winpdb_emit_native.h): the NGen writer's output. Shares the
 * managed emitter's records, /names, info stream, type streams and GSI hash; the DBI is
 * its own, since a native PDB has real sections, contributions and modules.
 */
#include "winpdb/winpdb_emit_native.h"

#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "msf/msf_write.h"
#include "winpdb/winpdb.h"
#include "winpdb/winpdb_cv.h"
#include "winpdb/winpdb_emit_private.h"

#define DBI_VERSION_V70 19990903u
#define DBI_BUILD_NUMBER 0x8E0Cu
#define DBI_PDB_DLL_VERSION 25830u
#define DBI_PDB_DLL_RBLD 2u
#define SC_VERSION_60 0xF12EBA2Du
#define CV_SIGNATURE_C13 4u
#define PSI_HEADER_SIZE 28u
#define SECTION_HEADER_SIZE 40u

#define DEBUG_S_IGNORE 0x80000000u
#define DEBUG_S_SYMBOLS 0xF1u
#define DEBUG_S_STRINGTABLE 0xF3u
#define DEBUG_S_FILECHKSMS 0xF4u

struct nmod {
    struct corsym_buf syms; /* signature + records */
    struct corsym_buf c13;
    uint32_t *files;        /* /names offsets of its checksummed files */
    uint32_t file_count, file_cap;
    uint32_t stream;
    uint32_t first_contrib; /* index into the sorted contributions, or WPE_NONE */
};

struct native {
    const struct corsym_winpdb_native *in;
    struct wpe e;           /* /names and the info stream */
    struct nmod *mods;
    uint32_t *contrib_order; /* sorted contribution indexes */
};

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Walks the subsections of a module: kind, data, size; false at the end. */
struct subsec_iter {
    const uint8_t *p;
    size_t len, at;
};

static corsym_status subsec_next(struct subsec_iter *it, uint32_t *kind, const uint8_t **data,
                                 uint32_t *size, bool *done)
{
    *done = it->at >= it->len;
    if (*done)
        return CORSYM_OK;
    if (it->len - it->at < 8)
        return CORSYM_E_INVALID_ARG;
    *kind = get_u32(it->p + it->at);
    *size = get_u32(it->p + it->at + 4);
    if (*size > it->len - it->at - 8)
        return CORSYM_E_INVALID_ARG;
    *data = it->p + it->at + 8;
    size_t next = it->at + 8 + *size;
    next = (next + 3) & ~(size_t)3;
    it->at = next < it->len ? next : it->len;
    return CORSYM_OK;
}

/* A module string table offset and the /names offset it became. */
struct str_map {
    uint32_t from, to;
};

static corsym_status check_checksums(const uint8_t *data, uint32_t size);

static corsym_status push_file(struct nmod *m, uint32_t ni)
{
    if (m->file_count == m->file_cap) {
        uint32_t cap = m->file_cap ? m->file_cap * 2 : 8;
        uint32_t *p = realloc(m->files, (size_t)cap * sizeof *p);
        if (!p)
            return CORSYM_E_NOMEM;
        m->files = p;
        m->file_cap = cap;
    }
    m->files[m->file_count++] = ni;
    return CORSYM_OK;
}

static corsym_status merge_strings(struct native *n, const uint8_t *data, uint32_t size,
                                   struct str_map **map, uint32_t *count, uint32_t *cap)
{
    uint32_t at = 0;
    while (at < size) {
        const uint8_t *s = data + at;
        const uint8_t *end = memchr(s, 0, size - at);
        size_t len = end ? (size_t)(end - s) : size - at;
        uint32_t ni;
        CORSYM_TRY(wpe_name_add(&n->e, (const char *)s, len, &ni));
        if (*count == *cap) {
            uint32_t c = *cap ? *cap * 2 : 16;
            struct str_map *p = realloc(*map, (size_t)c * sizeof *p);
            if (!p)
                return CORSYM_E_NOMEM;
            *map = p;
            *cap = c;
        }
        (*map)[(*count)++] = (struct str_map){ at, ni };
        at += (uint32_t)len + 1;
    }
    return CORSYM_OK;
}

static bool map_find(const struct str_map *map, uint32_t count, uint32_t from, uint32_t *to)
{
    for (uint32_t i = 0; i < count; i++)
        if (map[i].from == from) {
            *to = map[i].to;
            return true;
        }
    return false;
}

static corsym_status append_subsection(struct corsym_buf *b, uint32_t kind, const uint8_t *data,
                                       uint32_t size)
{
    size_t start = b->len;
    CORSYM_TRY(wpe_u32(b, kind));
    CORSYM_TRY(wpe_u32(b, size));
    CORSYM_TRY(corsym_buf_append(b, data, size));
    return wpe_pad4(b, start);
}

/* DEBUG_S_FILECHKSMS with its name offsets moved to /names. */
static corsym_status checksums(struct nmod *m, const uint8_t *data, uint32_t size,
                               const struct str_map *map, uint32_t map_count)
{
    CORSYM_TRY(check_checksums(data, size));
    size_t start = m->c13.len;
    CORSYM_TRY(append_subsection(&m->c13, DEBUG_S_FILECHKSMS, data, size));
    uint8_t *out = m->c13.data + start + 8;
    uint32_t at = 0;
    while (at < size) {
        uint32_t name = get_u32(data + at), ni = name;
        uint32_t cb = data[at + 4];
        if (map_count && !map_find(map, map_count, name, &ni))
            return CORSYM_E_INVALID_ARG; /* names a string the table does not have */
        if (map_count) {
            out[at] = (uint8_t)ni;
            out[at + 1] = (uint8_t)(ni >> 8);
            out[at + 2] = (uint8_t)(ni >> 16);
            out[at + 3] = (uint8_t)(ni >> 24);
            CORSYM_TRY(push_file(m, ni));
        }
        at = (at + 6 + cb + 3) & ~3u;
    }
    return CORSYM_OK;
}

/* Records must tile the subsection: u16 length (of what follows), u16 kind. */
static corsym_status check_records(const uint8_t *data, uint32_t size)
{
    for (uint32_t at = 0; at < size;) {
        if (size - at < 4)
            return CORSYM_E_INVALID_ARG;
        uint32_t len = (uint32_t)data[at] | (uint32_t)data[at + 1] << 8;
        if (len < 2 || len > size - at - 2)
            return CORSYM_E_INVALID_ARG;
        at += 2 + len;
    }
    return CORSYM_OK;
}

/* File checksum entries must tile theirs: u32 name, u8 size, u8 kind, bytes, pad 4. */
static corsym_status check_checksums(const uint8_t *data, uint32_t size)
{
    for (uint32_t at = 0; at < size;) {
        if (size - at < 6 || data[at + 4] > size - at - 6)
            return CORSYM_E_INVALID_ARG;
        at = (at + 6 + data[at + 4] + 3) & ~3u;
    }
    return CORSYM_OK;
}

corsym_status corsym_winpdb_native_check_subsections(const uint8_t *data, size_t len)
{
    struct subsec_iter it = { data, len, 0 };
    uint32_t kind, size;
    const uint8_t *p;
    bool done = false;
    corsym_status st;
    while ((st = subsec_next(&it, &kind, &p, &size, &done)) == CORSYM_OK && !done) {
        if (kind == DEBUG_S_SYMBOLS)
            CORSYM_TRY(check_records(p, size));
        else if (kind == DEBUG_S_FILECHKSMS)
            CORSYM_TRY(check_checksums(p, size));
    }
    return st;
}

static corsym_status symbols(struct nmod *m, const uint8_t *data, uint32_t size)
{
    CORSYM_TRY(check_records(data, size));
    size_t start = m->syms.len;
    CORSYM_TRY(corsym_buf_append(&m->syms, data, size));
    return wpe_pad4(&m->syms, start);
}

static corsym_status plan_module(struct native *n, uint32_t index)
{
    const struct corsym_winpdb_native_module *in = &n->in->modules[index];
    struct nmod *m = &n->mods[index];
    CORSYM_TRY(wpe_u32(&m->syms, CV_SIGNATURE_C13));
    struct str_map *map = NULL;
    uint32_t map_count = 0, map_cap = 0;
    struct subsec_iter it = { in->subsections, in->subsections_len, 0 };
    uint32_t kind, size;
    const uint8_t *data;
    bool done = false;
    corsym_status st = CORSYM_OK;
    /* Strings first, so checksums that come before their table still resolve. */
    while (st == CORSYM_OK && (st = subsec_next(&it, &kind, &data, &size, &done)) == CORSYM_OK &&
           !done)
        if (kind == DEBUG_S_STRINGTABLE)
            st = merge_strings(n, data, size, &map, &map_count, &map_cap);
    it.at = 0;
    done = false;
    while (st == CORSYM_OK && (st = subsec_next(&it, &kind, &data, &size, &done)) == CORSYM_OK &&
           !done) {
        if (kind & DEBUG_S_IGNORE || kind == DEBUG_S_STRINGTABLE)
            continue;
        if (kind == DEBUG_S_SYMBOLS)
            st = symbols(m, data, size);
        else if (kind == DEBUG_S_FILECHKSMS)
            st = checksums(m, data, size, map, map_count);
        else
            st = append_subsection(&m->c13, kind, data, size);
    }
    free(map);
    if (st == CORSYM_OK && (m->syms.len > INT32_MAX || m->c13.len > INT32_MAX))
        st = CORSYM_E_UNSUPPORTED;
    if (st == CORSYM_OK && m->file_count > 0xFFFF)
        st = CORSYM_E_INVALID_ARG;
    return st;
}

/* ---- DBI ---- */

static int contrib_cmp_in(const struct corsym_winpdb_native *in, uint32_t a, uint32_t b)
{
    const struct corsym_winpdb_native_contrib *x = &in->contribs[a], *y = &in->contribs[b];
    if (x->section != y->section)
        return x->section < y->section ? -1 : 1;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return a < b ? -1 : a > b;
}

struct keyed {
    uint32_t index;
    const struct corsym_winpdb_native *in;
};

static int contrib_cmp(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    return contrib_cmp_in(x->in, x->index, y->index);
}

static corsym_status contribution(struct corsym_buf *b, const struct corsym_winpdb_native_contrib *c)
{
    CORSYM_TRY(wpe_u16(b, c ? c->section : 0xFFFF));
    CORSYM_TRY(wpe_u16(b, 0));
    CORSYM_TRY(wpe_u32(b, c ? c->offset : 0));
    CORSYM_TRY(wpe_u32(b, c ? c->size : 0xFFFFFFFFu));
    CORSYM_TRY(wpe_u32(b, c ? c->characteristics : 0));
    CORSYM_TRY(wpe_u16(b, c ? (uint16_t)c->module : 0xFFFF));
    CORSYM_TRY(wpe_u16(b, 0));
    CORSYM_TRY(wpe_u32(b, c ? c->data_crc : 0));
    return wpe_u32(b, c ? c->reloc_crc : 0);
}

static corsym_status modinfo(const struct native *n, struct corsym_buf *b)
{
    for (uint32_t i = 0; i < n->in->module_count; i++) {
        const struct corsym_winpdb_native_module *in = &n->in->modules[i];
        const struct nmod *m = &n->mods[i];
        size_t start = b->len;
        CORSYM_TRY(wpe_u32(b, 0));
        CORSYM_TRY(contribution(b, m->first_contrib == WPE_NONE
                                       ? NULL
                                       : &n->in->contribs[m->first_contrib]));
        CORSYM_TRY(wpe_u16(b, 0));
        CORSYM_TRY(wpe_u16(b, (uint16_t)m->stream));
        CORSYM_TRY(wpe_u32(b, (uint32_t)m->syms.len));
        CORSYM_TRY(wpe_u32(b, 0)); /* C11 lines */
        CORSYM_TRY(wpe_u32(b, (uint32_t)m->c13.len));
        CORSYM_TRY(wpe_u16(b, (uint16_t)m->file_count));
        CORSYM_TRY(wpe_u16(b, 0));
        CORSYM_TRY(wpe_u32(b, 0));
        CORSYM_TRY(wpe_u32(b, 0)); /* source file name */
        CORSYM_TRY(wpe_u32(b, 0)); /* PDB file name */
        CORSYM_TRY(wpe_cstr(b, in->name, in->name_len));
        CORSYM_TRY(wpe_cstr(b, in->object, in->object_len));
        CORSYM_TRY(wpe_pad4(b, start));
    }
    return CORSYM_OK;
}

static corsym_status contributions(const struct native *n, struct corsym_buf *b)
{
    CORSYM_TRY(wpe_u32(b, SC_VERSION_60));
    for (uint32_t i = 0; i < n->in->contrib_count; i++)
        CORSYM_TRY(contribution(b, &n->in->contribs[n->contrib_order[i]]));
    return CORSYM_OK;
}

static corsym_status section_map(const struct native *n, struct corsym_buf *b)
{
    uint16_t count = (uint16_t)n->in->section_count;
    CORSYM_TRY(wpe_u16(b, count));
    CORSYM_TRY(wpe_u16(b, count));
    for (uint32_t i = 0; i < n->in->section_count; i++) {
        const struct corsym_winpdb_native_section *s = &n->in->sections[i];
        CORSYM_TRY(wpe_u16(b, s->flags));
        CORSYM_TRY(wpe_u16(b, 0));          /* ovl */
        CORSYM_TRY(wpe_u16(b, 0));          /* group */
        CORSYM_TRY(wpe_u16(b, s->section)); /* frame */
        CORSYM_TRY(wpe_u16(b, 0xFFFF));     /* section name */
        CORSYM_TRY(wpe_u16(b, 0xFFFF));     /* class name */
        CORSYM_TRY(wpe_u32(b, s->offset));
        CORSYM_TRY(wpe_u32(b, s->length));
    }
    return CORSYM_OK;
}

/* Module file lists: each module's checksummed names, one copy per distinct name. */
static corsym_status file_info(const struct native *n, struct corsym_buf *b)
{
    size_t start = b->len;
    uint32_t mods = n->in->module_count, refs = 0;
    for (uint32_t i = 0; i < mods; i++)
        refs += n->mods[i].file_count;
    CORSYM_TRY(wpe_u16(b, (uint16_t)mods));
    CORSYM_TRY(wpe_u16(b, (uint16_t)refs));
    uint32_t first = 0;
    for (uint32_t i = 0; i < mods; i++) {
        CORSYM_TRY(wpe_u16(b, (uint16_t)first));
        first += n->mods[i].file_count;
    }
    for (uint32_t i = 0; i < mods; i++)
        CORSYM_TRY(wpe_u16(b, (uint16_t)n->mods[i].file_count));
    /* /names offset -> offset in the buffer below, found by a linear search: modules
     * list a handful of files. */
    struct corsym_buf names = CORSYM_BUF_INIT;
    uint32_t *seen_ni = malloc((size_t)(refs ? refs : 1) * 2 * sizeof *seen_ni);
    uint32_t seen = 0;
    corsym_status st = seen_ni ? CORSYM_OK : CORSYM_E_NOMEM;
    for (uint32_t i = 0; st == CORSYM_OK && i < mods; i++)
        for (uint32_t k = 0; st == CORSYM_OK && k < n->mods[i].file_count; k++) {
            uint32_t ni = n->mods[i].files[k], off = WPE_NONE;
            for (uint32_t s = 0; s < seen; s++)
                if (seen_ni[2 * s] == ni)
                    off = seen_ni[2 * s + 1];
            if (off == WPE_NONE) {
                off = (uint32_t)names.len;
                const char *text = (const char *)n->e.names.data + ni;
                st = wpe_cstr(&names, text, strlen(text));
                seen_ni[2 * seen] = ni;
                seen_ni[2 * seen + 1] = off;
                seen++;
            }
            if (st == CORSYM_OK)
                st = wpe_u32(b, off);
        }
    if (st == CORSYM_OK && names.len)
        st = corsym_buf_append(b, names.data, names.len);
    if (st == CORSYM_OK)
        st = wpe_pad4(b, start);
    corsym_buf_free(&names);
    free(seen_ni);
    return st;
}

static corsym_status dbi_stream(const struct native *n, uint32_t gsi, uint32_t psi,
                                uint32_t symrec, uint32_t section_header, struct corsym_buf *out)
{
    struct corsym_buf part[5] = { CORSYM_BUF_INIT, CORSYM_BUF_INIT, CORSYM_BUF_INIT,
                                  CORSYM_BUF_INIT, CORSYM_BUF_INIT };
    enum { MODS, CONTRIBS, SECMAP, FILES, DEBUG };
    /* The EC substream: an empty /names-format table, as Microsoft writes it. */
    static const uint8_t ec[25] = { 0xFE, 0xEF, 0xFE, 0xEF, 1, 0, 0, 0, 1, 0, 0, 0, 0,
                                    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    corsym_status st = modinfo(n, &part[MODS]);
    if (st == CORSYM_OK)
        st = contributions(n, &part[CONTRIBS]);
    if (st == CORSYM_OK)
        st = section_map(n, &part[SECMAP]);
    if (st == CORSYM_OK)
        st = file_info(n, &part[FILES]);
    for (unsigned slot = 0; st == CORSYM_OK && slot < CORSYM_WINPDB_DBG_SLOT_COUNT; slot++)
        st = wpe_u16(&part[DEBUG], slot == CORSYM_WINPDB_DBG_SECTION_HEADER &&
                                           section_header != WPE_NONE
                                       ? (uint16_t)section_header
                                       : CORSYM_WINPDB_NO_STREAM);
    for (int i = 0; st == CORSYM_OK && i < 5; i++)
        if (part[i].len > INT32_MAX)
            st = CORSYM_E_UNSUPPORTED;
    if (st == CORSYM_OK) {
        uint32_t h[] = {
            0xFFFFFFFFu, DBI_VERSION_V70, n->e.age,
            gsi | (uint32_t)DBI_BUILD_NUMBER << 16,
            psi | (uint32_t)DBI_PDB_DLL_VERSION << 16,
            symrec | (uint32_t)DBI_PDB_DLL_RBLD << 16,
            (uint32_t)part[MODS].len, (uint32_t)part[CONTRIBS].len, (uint32_t)part[SECMAP].len,
            (uint32_t)part[FILES].len,
            0, 0,
            (uint32_t)part[DEBUG].len, (uint32_t)sizeof ec,
            (uint32_t)n->in->machine << 16, /* flags 0, machine */
            0,
        };
        for (size_t i = 0; st == CORSYM_OK && i < sizeof h / sizeof h[0]; i++)
            st = wpe_u32(out, h[i]);
    }
    for (int i = 0; st == CORSYM_OK && i < 4; i++)
        st = corsym_buf_append(out, part[i].data, part[i].len);
    if (st == CORSYM_OK)
        st = corsym_buf_append(out, ec, sizeof ec);
    if (st == CORSYM_OK)
        st = corsym_buf_append(out, part[DEBUG].data, part[DEBUG].len);
    for (int i = 0; i < 5; i++)
        corsym_buf_free(&part[i]);
    return st;
}

/* ---- publics ---- */

struct addr_key {
    const struct corsym_winpdb_native_public *p;
    uint32_t index, offset; /* public index, record offset */
};

static int addr_cmp(const void *a, const void *b)
{
    const struct addr_key *x = a, *y = b;
    if (x->p->section != y->p->section)
        return x->p->section < y->p->section ? -1 : 1;
    if (x->p->offset != y->p->offset)
        return x->p->offset < y->p->offset ? -1 : 1;
    size_t n = x->p->name_len < y->p->name_len ? x->p->name_len : y->p->name_len;
    int c = n ? memcmp(x->p->name, y->p->name, n) : 0;
    if (c)
        return c < 0 ? -1 : 1;
    if (x->p->name_len != y->p->name_len)
        return x->p->name_len < y->p->name_len ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static corsym_status publics(const struct native *n, struct corsym_buf *symrec,
                             struct corsym_buf *psi)
{
    uint32_t count = n->in->public_count;
    struct wpe_gsi_rec *recs = malloc((size_t)(count ? count : 1) * sizeof *recs);
    struct addr_key *keys = malloc((size_t)(count ? count : 1) * sizeof *keys);
    corsym_status st = recs && keys ? CORSYM_OK : CORSYM_E_NOMEM;
    for (uint32_t i = 0; st == CORSYM_OK && i < count; i++) {
        const struct corsym_winpdb_native_public *p = &n->in->publics[i];
        size_t start;
        uint32_t offset = (uint32_t)symrec->len;
        st = wpe_record_begin(symrec, CORSYM_S_PUB32, &start);
        if (st == CORSYM_OK)
            st = wpe_u32(symrec, p->flags);
        if (st == CORSYM_OK)
            st = wpe_u32(symrec, p->offset);
        if (st == CORSYM_OK)
            st = wpe_u16(symrec, p->section);
        if (st == CORSYM_OK)
            st = wpe_cstr(symrec, p->name, p->name_len);
        if (st == CORSYM_OK)
            st = wpe_record_end(symrec, start);
        if (st == CORSYM_OK && symrec->len > UINT32_MAX)
            st = CORSYM_E_UNSUPPORTED;
        recs[i] = (struct wpe_gsi_rec){ offset, 0, p->name, p->name_len };
        keys[i] = (struct addr_key){ p, i, offset };
    }
    size_t header = psi->len;
    if (st == CORSYM_OK)
        st = wpe_zeros(psi, PSI_HEADER_SIZE);
    if (st == CORSYM_OK)
        st = wpe_gsi_hash(psi, recs, count);
    if (st == CORSYM_OK && (uint64_t)count * 4 > UINT32_MAX)
        st = CORSYM_E_UNSUPPORTED;
    if (st == CORSYM_OK) {
        wpe_put_u32(psi, header, (uint32_t)(psi->len - header - PSI_HEADER_SIZE));
        wpe_put_u32(psi, header + 4, count * 4);
        if (count)
            corsym_sort(keys, count, sizeof *keys, addr_cmp);
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < count; i++)
        st = wpe_u32(psi, keys[i].offset);
    free(recs);
    free(keys);
    return st;
}

/* ---- assembly ---- */

static corsym_status check(const struct corsym_winpdb_native *in)
{
    if (in->module_count > 0xFFFF || in->section_count > 0xFFFF)
        return CORSYM_E_INVALID_ARG;
    if (in->section_headers_len % SECTION_HEADER_SIZE)
        return CORSYM_E_INVALID_ARG;
    for (uint32_t i = 0; i < in->contrib_count; i++)
        if (in->contribs[i].module >= in->module_count)
            return CORSYM_E_INVALID_ARG;
    if ((in->public_count && !in->publics) || (in->section_count && !in->sections) ||
        (in->contrib_count && !in->contribs) || (in->module_count && !in->modules))
        return CORSYM_E_INVALID_ARG;
    return CORSYM_OK;
}

static corsym_status build(struct native *n, struct corsym_buf *bufs, uint32_t *count)
{
    const struct corsym_winpdb_native *in = n->in;
    enum { INFO = 1, TPI = 2, DBI = 3, IPI = 4, LINKINFO = 5, NAMES = 6 };
    uint32_t s = NAMES + 1;
    uint32_t section_header = WPE_NONE;
    if (in->section_headers_len) {
        section_header = s++;
        CORSYM_TRY(corsym_buf_append(&bufs[section_header], in->section_headers,
                                     in->section_headers_len));
    }
    uint32_t empty;
    CORSYM_TRY(wpe_name_add(&n->e, "", 0, &empty));
    n->e.empty_ni = empty;
    for (uint32_t i = 0; i < in->module_count; i++) {
        n->mods[i].stream = s++;
        CORSYM_TRY(plan_module(n, i));
    }
    uint32_t gsi = s++, psi = s++, symrec = s++;
    *count = s;
    if (s > WPE_MAX_STREAMS)
        return CORSYM_E_UNSUPPORTED; /* stream numbers are u16 in DBI records */
    /* Each module's first contribution in section order. */
    for (uint32_t i = 0; i < in->module_count; i++)
        n->mods[i].first_contrib = WPE_NONE;
    for (uint32_t i = 0; i < in->contrib_count; i++) {
        uint32_t c = n->contrib_order[i];
        struct nmod *m = &n->mods[in->contribs[c].module];
        if (m->first_contrib == WPE_NONE)
            m->first_contrib = c;
    }
    for (uint32_t i = 0; i < in->module_count; i++) {
        struct nmod *m = &n->mods[i];
        struct corsym_buf *b = &bufs[m->stream];
        CORSYM_TRY(corsym_buf_append(b, m->syms.data, m->syms.len));
        CORSYM_TRY(corsym_buf_append(b, m->c13.data, m->c13.len));
        CORSYM_TRY(wpe_u32(b, 0)); /* no global refs */
    }
    CORSYM_TRY(wpe_type_stream(&bufs[TPI]));
    CORSYM_TRY(wpe_type_stream(&bufs[IPI]));
    CORSYM_TRY(wpe_gsi_hash(&bufs[gsi], NULL, 0));
    CORSYM_TRY(publics(n, &bufs[symrec], &bufs[psi]));
    CORSYM_TRY(wpe_names_stream(&n->e, &bufs[NAMES]));
    CORSYM_TRY(dbi_stream(n, gsi, psi, symrec, section_header, &bufs[DBI]));
    struct wpe_named named[2] = { { "/LinkInfo", 9, LINKINFO }, { "/names", 6, NAMES } };
    return wpe_info_stream(&n->e, named, 2, &bufs[INFO]);
}

corsym_status corsym_winpdb_emit_native(const struct corsym_winpdb_native *in,
                                        struct corsym_buf *out)
{
    if (!in || !out)
        return CORSYM_E_INVALID_ARG;
    CORSYM_TRY(check(in));
    struct native n;
    memset(&n, 0, sizeof n);
    n.in = in;
    struct corsym_winpdb_emit_options options;
    memset(&options, 0, sizeof options);
    memcpy(options.guid, in->guid, 16);
    options.signature = in->signature;
    options.age = in->age ? in->age : 1;
    n.e.o = &options;
    n.e.age = options.age;
    /* Streams: 0 .. 6 fixed, the section headers, one per module, GSI, PSI, symbols. */
    uint32_t max_streams = 7 + 1 + in->module_count + 3;
    struct corsym_buf *bufs = calloc(max_streams, sizeof *bufs);
    n.mods = calloc(in->module_count ? in->module_count : 1, sizeof *n.mods);
    n.contrib_order = malloc((size_t)(in->contrib_count ? in->contrib_count : 1) *
                             sizeof *n.contrib_order);
    struct keyed *keyed = malloc((size_t)(in->contrib_count ? in->contrib_count : 1) *
                                 sizeof *keyed);
    corsym_status st = bufs && n.mods && n.contrib_order && keyed ? CORSYM_OK : CORSYM_E_NOMEM;
    if (st == CORSYM_OK) {
        for (uint32_t i = 0; i < in->contrib_count; i++)
            keyed[i] = (struct keyed){ i, in };
        if (in->contrib_count)
            corsym_sort(keyed, in->contrib_count, sizeof *keyed, contrib_cmp);
        for (uint32_t i = 0; i < in->contrib_count; i++)
            n.contrib_order[i] = keyed[i].index;
    }
    uint32_t count = 0;
    if (st == CORSYM_OK)
        st = build(&n, bufs, &count);
    struct corsym_msf_out_stream *list = NULL;
    if (st == CORSYM_OK) {
        list = calloc(count, sizeof *list);
        if (!list)
            st = CORSYM_E_NOMEM;
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < count; i++) {
        if (bufs[i].len > UINT32_MAX - 1)
            st = CORSYM_E_UNSUPPORTED;
        list[i].data = bufs[i].data;
        list[i].size = (uint32_t)bufs[i].len;
    }
    if (st == CORSYM_OK)
        st = corsym_msf_write(list, count, in->block_size, out, NULL, NULL);
    free(list);
    if (bufs)
        for (uint32_t i = 0; i < max_streams; i++)
            corsym_buf_free(&bufs[i]);
    free(bufs);
    if (n.mods)
        for (uint32_t i = 0; i < in->module_count; i++) {
            corsym_buf_free(&n.mods[i].syms);
            corsym_buf_free(&n.mods[i].c13);
            free(n.mods[i].files);
        }
    free(n.mods);
    free(n.contrib_order);
    free(keyed);
    corsym_buf_free(&n.e.names);
    free(n.e.name_order);
    free(n.e.name_slots);
    return st;
}
