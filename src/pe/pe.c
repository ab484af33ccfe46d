/* PE/COFF headers, sections and data directories (PE-COFF spec sections 2-4). */
#include "pe/pe.h"

#include <string.h>

#include "base/checked.h"

#define DOS_MAGIC 0x5A4D     /* "MZ" */
#define PE_SIGNATURE 0x00004550u /* "PE\0\0" */
#define SECTION_HEADER_SIZE 40
#define COFF_HEADER_SIZE 20

corsym_status corsym_pe_open(struct corsym_pe *pe, const uint8_t *data, size_t len)
{
    memset(pe, 0, sizeof *pe);
    if (!data && len)
        return CORSYM_E_INVALID_ARG;
    pe->image = corsym_span_make(data, len);
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, pe->image);

    uint16_t mz;
    uint32_t lfanew, sig;
    CORSYM_TRY(corsym_cursor_u16le(&c, &mz));
    if (mz != DOS_MAGIC)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_cursor_seek(&c, 0x3C));
    CORSYM_TRY(corsym_cursor_u32le(&c, &lfanew));
    CORSYM_TRY(corsym_cursor_seek(&c, lfanew));
    CORSYM_TRY(corsym_cursor_u32le(&c, &sig));
    if (sig != PE_SIGNATURE)
        return CORSYM_CORRUPT();

    uint32_t symtab, nsyms;
    uint16_t opt_size;
    CORSYM_TRY(corsym_cursor_u16le(&c, &pe->machine));
    CORSYM_TRY(corsym_cursor_u16le(&c, &pe->section_count));
    CORSYM_TRY(corsym_cursor_u32le(&c, &pe->timestamp));
    CORSYM_TRY(corsym_cursor_u32le(&c, &symtab));
    CORSYM_TRY(corsym_cursor_u32le(&c, &nsyms));
    CORSYM_TRY(corsym_cursor_u16le(&c, &opt_size));
    CORSYM_TRY(corsym_cursor_u16le(&c, &pe->characteristics));

    /* The optional header is a window of opt_size bytes; the section table
     * follows it. */
    size_t opt_offset = c.pos;
    struct corsym_cursor opt;
    CORSYM_TRY(corsym_cursor_take(&c, opt_size, &opt));
    CORSYM_TRY(corsym_cursor_u16le(&opt, &pe->magic));
    size_t count_field;
    if (pe->magic == 0x10B) {
        count_field = 92;
    } else if (pe->magic == 0x20B) {
        pe->pe32plus = true;
        count_field = 108;
    } else {
        return CORSYM_CORRUPT();
    }
    CORSYM_TRY(corsym_cursor_seek(&opt, count_field));
    CORSYM_TRY(corsym_cursor_u32le(&opt, &pe->directory_count));
    /* Only directories that fit in the optional header exist. */
    size_t fit = corsym_cursor_remaining(&opt) / 8;
    if (pe->directory_count > fit)
        return CORSYM_CORRUPT();
    pe->directories_offset = opt_offset + opt.pos;

    pe->sections_offset = c.pos;
    size_t table;
    if (!corsym_checked_mul(pe->section_count, SECTION_HEADER_SIZE, &table) ||
        !corsym_checked_range(pe->sections_offset, table, len))
        return CORSYM_CORRUPT();
    return CORSYM_OK;
}

corsym_status corsym_pe_section(const struct corsym_pe *pe, unsigned index, struct corsym_pe_section *out)
{
    if (index >= pe->section_count)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, pe->image);
    CORSYM_TRY(corsym_cursor_seek(&c, pe->sections_offset + (size_t)index * SECTION_HEADER_SIZE));
    CORSYM_TRY(corsym_cursor_copy(&c, out->name, 8));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->virtual_size));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->virtual_address));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->raw_size));
    return corsym_cursor_u32le(&c, &out->raw_pointer);
}

corsym_status corsym_pe_rva_span(const struct corsym_pe *pe, uint32_t rva, uint32_t size,
                                 struct corsym_span *out)
{
    for (unsigned i = 0; i < pe->section_count; i++) {
        struct corsym_pe_section s;
        CORSYM_TRY(corsym_pe_section(pe, i, &s));
        if (rva < s.virtual_address || rva - s.virtual_address >= s.virtual_size)
            continue;
        uint32_t rel = rva - s.virtual_address;
        /* Data must lie in the section, and in its bytes on disk. */
        if (size > s.virtual_size - rel || rel > s.raw_size || size > s.raw_size - rel)
            return CORSYM_CORRUPT();
        return corsym_span_sub(pe->image, (size_t)s.raw_pointer + rel, size, out);
    }
    return CORSYM_NOT_FOUND;
}

corsym_status corsym_pe_directory(const struct corsym_pe *pe, unsigned index, uint32_t *rva,
                                  uint32_t *size)
{
    if (index >= pe->directory_count)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, pe->image);
    CORSYM_TRY(corsym_cursor_seek(&c, pe->directories_offset + (size_t)index * 8));
    CORSYM_TRY(corsym_cursor_u32le(&c, rva));
    CORSYM_TRY(corsym_cursor_u32le(&c, size));
    return *rva == 0 ? CORSYM_NOT_FOUND : CORSYM_OK;
}
