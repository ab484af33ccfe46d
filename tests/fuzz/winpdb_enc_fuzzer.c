/*
 * libFuzzer target: Edit and Continue over a Windows PDB (src/model/windows_enc.c). The
 * input is split at a point its first byte chooses: the head is the PDB that is opened, the
 * tail the delta UpdateSymbolStore2 adds (with line deltas taken from the input's bytes);
 * the snapshot is then walked (documents, their methods and extents, every method at every
 * version, closest lines), and UpdateMethodLines is applied to its first method.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/symbols.h"
#include "model/windows_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *copy_of(const uint8_t *data, size_t size)
{
    uint8_t *p = malloc(size ? size : 1);
    if (p && size)
        memcpy(p, data, size);
    return p;
}

static void walk(struct corsym_symbols *s)
{
    volatile uint32_t sink = 0;
    for (uint32_t d = 0; d < s->document_count && d < 64; d++) {
        const struct corsym_document *doc;
        const uint32_t *tokens;
        uint32_t count = 0;
        struct corsym_method_extent *extents = NULL;
        if (s->ops->document(s, d, &doc) == CORSYM_OK)
            sink ^= doc->url.length;
        if (s->ops->methods_in_document(s, d, &tokens, &count) == CORSYM_OK)
            for (uint32_t i = 0; i < count && i < 64; i++) {
                struct corsym_method *m;
                for (uint32_t v = 0; v <= s->version_count + 1; v++)
                    if (s->ops->method_version(s, tokens[i], v, &m) == CORSYM_OK) {
                        sink ^= m->point_count;
                        corsym_method_free(m);
                    }
                struct corsym_line_deltas ld;
                if (s->ops->line_deltas(s, tokens[i], &ld) == CORSYM_OK)
                    sink ^= (uint32_t)ld.all;
            }
        if (s->ops->document_extents(s, d, &extents, &count) == CORSYM_OK)
            free(extents);
        uint32_t line;
        if (s->ops->closest_line && s->ops->closest_line(s, d, 1, &line) == CORSYM_OK)
            sink ^= line;
    }
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    uint32_t n = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
                 (uint32_t)data[3] << 24;
    const uint8_t *base = data + 4;
    size_t rest = size - 4;
    bool split = n != 0 && n <= rest;
    size_t base_size = split ? n : rest;
    const uint8_t *delta = split ? base + n : base;
    size_t delta_size = split ? rest - n : rest;

    struct corsym_symbols *s = NULL, *next = NULL;
    uint8_t *owned = copy_of(base, base_size);
    if (!owned || corsym_windows_source_open(owned, base_size, owned, &s) != CORSYM_OK) {
        free(owned);
        return 0;
    }
    struct corsym_line_delta deltas[4];
    for (uint32_t i = 0; i < 4; i++) {
        deltas[i].token = 0x06000001u + i;
        deltas[i].delta = (int32_t)(int8_t)data[(1 + i) % size];
    }
    uint8_t *delta_copy = copy_of(delta, delta_size);
    if (delta_copy && s->ops->update(s, delta_copy, delta_size, true, deltas, 4, &next) == CORSYM_OK) {
        walk(next);
        /* Per-point deltas on the first method of the first document that lists one. */
        const uint32_t *tokens;
        uint32_t count = 0;
        for (uint32_t d = 0; d < next->document_count; d++)
            if (next->ops->methods_in_document(next, d, &tokens, &count) == CORSYM_OK && count)
                break;
        struct corsym_method *m;
        if (count && next->ops->method(next, tokens[0], &m) == CORSYM_OK) {
            uint32_t points = m->point_count;
            corsym_method_free(m);
            int32_t *each = calloc(points ? points : 1, sizeof(int32_t));
            struct corsym_symbols *lines = NULL;
            for (uint32_t i = 0; each && i < points; i++)
                each[i] = (int32_t)(int8_t)data[i % size];
            if (each && next->ops->update_method_lines(next, tokens[0], each, points, &lines) ==
                            CORSYM_OK) {
                walk(lines);
                corsym_symbols_destroy(lines);
            }
            free(each);
        }
        /* The two snapshots share the sources: destroy the older first. */
        corsym_symbols_destroy(s);
        s = NULL;
        corsym_symbols_destroy(next);
    }
    corsym_symbols_destroy(s); /* an update that fails has freed delta_copy */
    return 0;
}
