/* The CLI header (ECMA-335 II.25.3.3) and the metadata it points to. */
#include "pe/pe.h"

corsym_status corsym_pe_cli_header(const struct corsym_pe *pe, struct corsym_pe_cli *out)
{
    uint32_t rva, size;
    CORSYM_TRY(corsym_pe_directory(pe, CORSYM_PE_DIR_CLI, &rva, &size));
    struct corsym_span hdr;
    corsym_status st = corsym_pe_rva_span(pe, rva, size, &hdr);
    if (st != CORSYM_OK)
        return st == CORSYM_NOT_FOUND ? CORSYM_CORRUPT() : st;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, hdr);
    uint32_t cb, md_rva, md_size;
    CORSYM_TRY(corsym_cursor_u32le(&c, &cb));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->major_runtime));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->minor_runtime));
    CORSYM_TRY(corsym_cursor_u32le(&c, &md_rva));
    CORSYM_TRY(corsym_cursor_u32le(&c, &md_size));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->flags));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->entry_point));
    st = corsym_pe_rva_span(pe, md_rva, md_size, &out->metadata);
    return st == CORSYM_NOT_FOUND ? CORSYM_CORRUPT() : st;
}

corsym_status corsym_pe_metadata_open(const struct corsym_pe *pe, struct corsym_md *md)
{
    struct corsym_pe_cli cli;
    CORSYM_TRY(corsym_pe_cli_header(pe, &cli));
    return corsym_md_open(md, cli.metadata);
}
