/* SPDX-License-Identifier: MIT */
/*
 * Global symbols of the Windows PDB emitter (research §8): the symbol-record stream
 * (S_PUB32 "COM+_Entry_Point", then S_PROCREF + S_TOKENREF per method), the GSI hash
 * over the references and the PSI over the public. Microsoft finds a name through its
 * bucket, HashV1 % 4096, so records are stored bucket by bucket.
 */
#include "base/checked.h"
#include "base/sort.h"
#include "winpdb/winpdb_emit_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winpdb/winpdb_cv.h"
#include "winpdb/winpdb_hash.h"

#define GSI_SIGNATURE 0xFFFFFFFFu
#define GSI_VERSION 0xF12F091Au
#define GSI_BUCKETS 4096u
#define GSI_BITMAP_WORDS ((GSI_BUCKETS + 1 + 31) / 32)
/* Bucket starts are counted in Microsoft's 12-byte in-memory records. */
#define GSI_HR_MEMORY_SIZE 12u
#define PSI_HEADER_SIZE 28u

static const char ENTRY_POINT[] = "COM+_Entry_Point";

static int ascii_fold(int c)
{
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* Within a bucket: shorter names first, then case-insensitively for ASCII names, else
 * by bytes (the order MS's gsi.cpp keeps, as LLVM restates it); ties by offset. */
static int gsi_cmp_in_bucket(const void *a, const void *b)
{
    const struct wpe_gsi_rec *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    bool ascii = true;
    for (size_t i = 0; i < x->len; i++)
        if ((uint8_t)x->name[i] >= 0x80 || (uint8_t)y->name[i] >= 0x80)
            ascii = false;
    int c = 0;
    if (ascii) {
        for (size_t i = 0; i < x->len && !c; i++)
            c = ascii_fold((uint8_t)x->name[i]) - ascii_fold((uint8_t)y->name[i]);
    } else {
        c = memcmp(x->name, y->name, x->len);
    }
    if (c)
        return c < 0 ? -1 : 1;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Bucket order first by counting (4 096 buckets), then each bucket's few records by name:
 * one comparison sort over every record was most of the globals' cost. */
static corsym_status sort_by_bucket(struct wpe_gsi_rec *recs, uint32_t n)
{
    if (n < 2)
        return CORSYM_OK;
    uint32_t starts[GSI_BUCKETS + 1];
    memset(starts, 0, sizeof starts);
    for (uint32_t i = 0; i < n; i++)
        starts[recs[i].bucket + 1]++;
    for (uint32_t k = 0; k < GSI_BUCKETS; k++)
        starts[k + 1] += starts[k];
    size_t bytes;
    if (!corsym_checked_mul(n, sizeof(struct wpe_gsi_rec), &bytes))
        return CORSYM_E_NOMEM;
    struct wpe_gsi_rec *sorted = malloc(bytes);
    if (!sorted)
        return CORSYM_E_NOMEM;
    uint32_t next[GSI_BUCKETS];
    memcpy(next, starts, sizeof next);
    for (uint32_t i = 0; i < n; i++)
        sorted[next[recs[i].bucket]++] = recs[i];
    for (uint32_t k = 0; k < GSI_BUCKETS; k++) {
        struct wpe_gsi_rec *first = sorted + starts[k];
        uint32_t count = starts[k + 1] - starts[k];
        if (count > 16) {
            corsym_sort(first, count, sizeof *first, gsi_cmp_in_bucket);
            continue;
        }
        for (uint32_t i = 1; i < count; i++) { /* a handful each: insertion sort */
            struct wpe_gsi_rec r = first[i];
            uint32_t j = i;
            for (; j > 0 && gsi_cmp_in_bucket(&first[j - 1], &r) > 0; j--)
                first[j] = first[j - 1];
            first[j] = r;
        }
    }
    memcpy(recs, sorted, bytes);
    free(sorted);
    return CORSYM_OK;
}

corsym_status wpe_gsi_hash(struct corsym_buf *out, struct wpe_gsi_rec *recs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        recs[i].bucket = corsym_winpdb_hash_v1((const uint8_t *)recs[i].name, recs[i].len,
                                               GSI_BUCKETS);
    CORSYM_TRY(sort_by_bucket(recs, n));
    uint32_t bitmap[GSI_BITMAP_WORDS];
    uint32_t nonempty = 0;
    memset(bitmap, 0, sizeof bitmap);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t bk = recs[i].bucket;
        if (!(bitmap[bk / 32] >> (bk % 32) & 1))
            nonempty++;
        bitmap[bk / 32] |= 1u << (bk % 32);
    }
    if ((uint64_t)n * GSI_HR_MEMORY_SIZE > UINT32_MAX)
        return CORSYM_E_UNSUPPORTED;
    CORSYM_TRY(wpe_u32(out, GSI_SIGNATURE));
    CORSYM_TRY(wpe_u32(out, GSI_VERSION));
    CORSYM_TRY(wpe_u32(out, n * 8));
    /* No records, no bitmap (as Microsoft writes an empty table). */
    CORSYM_TRY(wpe_u32(out, n ? (uint32_t)sizeof bitmap + 4 * nonempty : 0));
    for (uint32_t i = 0; i < n; i++) {
        CORSYM_TRY(wpe_u32(out, recs[i].offset + 1));
        CORSYM_TRY(wpe_u32(out, 1));
    }
    if (!n)
        return CORSYM_OK;
    for (uint32_t k = 0; k < GSI_BITMAP_WORDS; k++)
        CORSYM_TRY(wpe_u32(out, bitmap[k]));
    for (uint32_t i = 0; i < n; i++)
        if (i == 0 || recs[i].bucket != recs[i - 1].bucket)
            CORSYM_TRY(wpe_u32(out, i * GSI_HR_MEMORY_SIZE));
    return CORSYM_OK;
}

static corsym_status refsym(struct corsym_buf *b, uint16_t kind, uint32_t record,
                            uint32_t module, const char *name, size_t len, uint32_t *offset)
{
    size_t start;
    *offset = (uint32_t)b->len;
    CORSYM_TRY(wpe_record_begin(b, kind, &start));
    CORSYM_TRY(wpe_u32(b, 0)); /* sumName */
    CORSYM_TRY(wpe_u32(b, record));
    CORSYM_TRY(wpe_u16(b, (uint16_t)(module + 1)));
    CORSYM_TRY(wpe_cstr(b, name, len));
    return wpe_record_end(b, start);
}

/* The global refs that end a module stream: offsets of the records naming its methods. */
static corsym_status module_refs(struct wpe *e, struct wpe_module *mod)
{
    struct corsym_buf *b = &mod->stream;
    CORSYM_TRY(wpe_u32(b, mod->method_count * 8u));
    for (uint32_t i = 0; i < mod->method_count; i++) {
        CORSYM_TRY(wpe_u32(b, e->methods[mod->methods[i]].procref));
        CORSYM_TRY(wpe_u32(b, e->methods[mod->methods[i]].tokenref));
    }
    return CORSYM_OK;
}

corsym_status wpe_globals(struct wpe *e, struct corsym_buf *symrec, struct corsym_buf *gsi,
                          struct corsym_buf *psi)
{
    const struct corsym_symwriter *w = e->w;
    bool has_entry = w->entry_point != 0;
    uint32_t entry_offset = 0;
    if (has_entry) {
        size_t start;
        CORSYM_TRY(wpe_record_begin(symrec, CORSYM_S_PUB32, &start));
        CORSYM_TRY(wpe_u32(symrec, 0));
        /* Microsoft stores the entry point after RemapToken. */
        CORSYM_TRY(wpe_u32(symrec, corsym_symwriter_remapped(w, w->entry_point)));
        CORSYM_TRY(wpe_u16(symrec, 0));
        CORSYM_TRY(wpe_cstr(symrec, ENTRY_POINT, sizeof ENTRY_POINT - 1));
        CORSYM_TRY(wpe_record_end(symrec, start));
    }
    /* Token names are kept for the GSI: 9 bytes each ("0600000a" and a NUL). */
    char *tokens = malloc((size_t)(e->method_count ? e->method_count : 1) * 9);
    struct wpe_gsi_rec *recs = malloc((size_t)(e->method_count ? e->method_count : 1) * 2 *
                                  sizeof *recs);
    corsym_status st = tokens && recs ? CORSYM_OK : CORSYM_E_NOMEM;
    uint32_t n = 0;
    for (uint32_t mi = 0; st == CORSYM_OK && mi < e->module_count; mi++) {
        struct wpe_module *mod = &e->modules[mi];
        for (uint32_t k = 0; st == CORSYM_OK && k < mod->method_count; k++) {
            uint32_t index = mod->methods[k];
            struct wpe_method *wm = &e->methods[index];
            char *t = tokens + (size_t)index * 9;
            snprintf(t, 9, "%08x", (unsigned)corsym_sw_method(w, wm->model_index)->token);
            st = refsym(symrec, CORSYM_S_PROCREF, wm->record_offset, mi,
                        (const char *)wm->name.data, wm->name.len, &wm->procref);
            if (st == CORSYM_OK)
                st = refsym(symrec, CORSYM_S_TOKENREF, wm->record_offset, mi, t, 8,
                            &wm->tokenref);
            if (st == CORSYM_OK) {
                recs[n++] = (struct wpe_gsi_rec){ wm->procref, 0, (const char *)wm->name.data,
                                              wm->name.len };
                recs[n++] = (struct wpe_gsi_rec){ wm->tokenref, 0, t, 8 };
            }
        }
    }
    if (st == CORSYM_OK && symrec->len > UINT32_MAX)
        st = CORSYM_E_UNSUPPORTED;
    if (st == CORSYM_OK)
        st = wpe_gsi_hash(gsi, recs, n);
    for (uint32_t mi = 0; st == CORSYM_OK && mi < e->module_count; mi++)
        st = module_refs(e, &e->modules[mi]);

    /* PSI: header, the hash over the public, and the address map (its offset). */
    struct wpe_gsi_rec pub = { entry_offset, 0, ENTRY_POINT, sizeof ENTRY_POINT - 1 };
    size_t header = psi->len;
    if (st == CORSYM_OK)
        st = wpe_zeros(psi, PSI_HEADER_SIZE);
    if (st == CORSYM_OK)
        st = wpe_gsi_hash(psi, &pub, has_entry ? 1 : 0);
    if (st == CORSYM_OK) {
        wpe_put_u32(psi, header, (uint32_t)(psi->len - header - PSI_HEADER_SIZE));
        wpe_put_u32(psi, header + 4, has_entry ? 4 : 0);
        if (has_entry)
            st = wpe_u32(psi, entry_offset);
    }
    free(tokens);
    free(recs);
    return st;
}
