/* SPDX-License-Identifier: MIT */
/*
 * corsym info: what a file is. For a PE, its debug directory (read with the format core);
 * for its symbols, what the library reports: format, identity, counts. A PE whose PDB
 * cannot be found is still described (the symbols element says why), so this succeeds
 * for any readable PE or PDB.
 */
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "identity.h"
#include "output.h"
#include "source.h"
#include "symbols.h"

static const char *debug_type_name(uint32_t type)
{
    switch (type) {
    case 1: return "COFF";
    case 2: return "CodeView";
    case 4: return "Misc";
    case 13: return "PogoProfile";
    case 16: return "Reproducible";
    case 17: return "EmbeddedPortablePdb";
    case 19: return "PdbChecksum";
    case 20: return "ExtendedDllCharacteristics";
    }
    return NULL;
}

static void hex_attr(struct cli_node *n, const char *key, const uint8_t *p, size_t len)
{
    char *hex = cli_xmalloc(len * 2 + 1);
    for (size_t i = 0; i < len; i++)
        snprintf(hex + i * 2, 3, "%02x", p[i]);
    hex[len * 2] = 0;
    cli_attr_str(n, key, hex);
    free(hex);
}

static void stamp_attr(struct cli_node *n, const char *key, uint32_t stamp)
{
    char buf[16];
    snprintf(buf, sizeof(buf), "0x%08x", (unsigned)stamp);
    cli_attr_str(n, key, buf);
}

/* One element per debug directory entry; PdbChecksum entries are checked against id. */
static void debug_directory(struct cli_node *pe_node, const struct cli_image *img,
                            const struct cli_pdb_id *id)
{
    uint32_t count = 0;
    if (corsym_pe_debug_count(&img->pe, &count) != CORSYM_OK)
        return;
    for (uint32_t i = 0; i < count; i++) {
        struct corsym_pe_debug_entry e;
        if (corsym_pe_debug_entry(&img->pe, i, &e) != CORSYM_OK)
            continue;
        struct cli_node *n = cli_node_add(pe_node, "debug");
        const char *name = debug_type_name(e.type);
        if (name)
            cli_attr_str(n, "type", name);
        else
            cli_attr_dec(n, "type", e.type);
        cli_attr_dec(n, "major", e.major);
        cli_attr_dec(n, "minor", e.minor);
        stamp_attr(n, "stamp", e.timestamp);
        cli_attr_dec(n, "size", e.data_size);
        if (e.type == CORSYM_PE_DEBUG_CODEVIEW) {
            struct corsym_pe_codeview cv;
            char guid[37];
            if (corsym_pe_codeview_parse(e.data, &cv) == CORSYM_OK) {
                cli_guid_text(cv.guid, guid);
                cli_attr_str(n, "guid", guid);
                cli_attr_dec(n, "age", cv.age);
                cli_attr_strn(n, "path", (const char *)cv.path.data, cv.path.len);
                cli_attr_str(n, "pdb", corsym_pe_codeview_is_portable(&e) ? "portable" : "windows");
            }
        } else if (e.type == CORSYM_PE_DEBUG_EMBEDDED_PORTABLE_PDB) {
            uint32_t size;
            struct corsym_span compressed;
            if (corsym_pe_embedded_pdb_parse(e.data, &size, &compressed) == CORSYM_OK) {
                cli_attr_dec(n, "pdbSize", size);
                cli_attr_dec(n, "compressedSize", (int64_t)compressed.len);
            }
        } else if (e.type == CORSYM_PE_DEBUG_PDB_CHECKSUM) {
            struct corsym_pe_pdb_checksum sum;
            char algorithm[32];
            if (corsym_pe_pdb_checksum_parse(e.data, &sum) == CORSYM_OK)
                hex_attr(n, "checksum", sum.hash.data, sum.hash.len);
            const char *verdict = id ? cli_verify_pdb_checksum(&e, id, algorithm, sizeof(algorithm))
                                     : "not checked (no PDB)";
            if (algorithm[0] || !id)
                cli_attr_str(n, "algorithm", id ? algorithm : "");
            cli_attr_str(n, "verified", verdict);
        }
    }
}

static void pe_facts(struct cli_node *pe_node, const struct cli_image *img)
{
    char buf[16];
    snprintf(buf, sizeof(buf), "0x%04x", img->pe.machine);
    cli_attr_str(pe_node, "machine", buf);
    cli_attr_str(pe_node, "magic", img->pe.pe32plus ? "PE32+" : "PE32");
    stamp_attr(pe_node, "timestamp", img->pe.timestamp);
    struct corsym_pe_cli header;
    if (corsym_pe_cli_header(&img->pe, &header) == CORSYM_OK) {
        snprintf(buf, sizeof(buf), "0x%08x", (unsigned)header.flags);
        cli_attr_str(pe_node, "corFlags", buf);
        if (img->has_md)
            cli_attr_dec(pe_node, "methodDefs", corsym_md_rows(&img->md, CORSYM_TBL_METHOD_DEF));
    }
}

static void symbol_facts(struct cli_node *n, struct cli_source *s, const struct cli_pdb_id *id)
{
    cli_attr_str(n, "format", s->embedded ? "embedded" : s->format == CLI_PDB_PORTABLE ? "portable" : "windows");
    if (s->pdb_path)
        cli_attr_str(n, "pdb", s->pdb_path);
    if (id) {
        char guid[37];
        cli_guid_text(id->guid, guid);
        cli_attr_str(n, "guid", guid);
        cli_attr_dec(n, "age", id->age);
        stamp_attr(n, "stamp", id->stamp);
    }
    struct cli_documents docs;
    if (SUCCEEDED(cli_documents_load(s->reader, &docs))) {
        cli_attr_dec(n, "documents", docs.count);
        const uint8_t *portable = NULL;
        size_t size = 0, count = 0, with_symbols = 0;
        if (!cli_source_portable_bytes(s, &portable, &size))
            portable = NULL;
        uint32_t *tokens = cli_method_tokens(s->reader, &docs,
                                             s->md ? corsym_md_rows(s->md, CORSYM_TBL_METHOD_DEF) : 0,
                                             portable, size, &count);
        for (size_t i = 0; i < count; i++) {
            ISymUnmanagedMethod *m = NULL;
            if (SUCCEEDED(ISymUnmanagedReader_GetMethod(s->reader, tokens[i], &m)) && m) {
                with_symbols++;
                ISymUnmanagedMethod_Release(m);
            }
        }
        cli_attr_dec(n, "methods", (int64_t)with_symbols);
        free(tokens);
        cli_documents_free(&docs);
    }
    mdMethodDef entry = 0;
    if (SUCCEEDED(ISymUnmanagedReader_GetUserEntryPoint(s->reader, &entry)) && entry)
        cli_attr_hex(n, "entryPoint", entry);
}

int cli_info(const struct cli_options *o, struct cli_library *lib)
{
    const char *file = o->files[0];
    int err;
    enum cli_file_kind kind = cli_file_kind(file, &err);
    if (err) {
        cli_error(file, 0, "cannot open: %s", strerror(err));
        return CLI_EXIT_FAIL;
    }
    if (kind == CLI_FILE_UNKNOWN) {
        cli_error(file, E_PDB_FORMAT, "neither a PDB nor a PE file");
        return CLI_EXIT_FAIL;
    }
    struct cli_image img;
    memset(&img, 0, sizeof(img));
    if (kind == CLI_FILE_PE && cli_image_load(&img, file) != 0) {
        cli_error(file, E_PDB_INVALID_EXECUTABLE, "not a valid PE file");
        return CLI_EXIT_FAIL;
    }
    struct cli_source s;
    HRESULT hr;
    bool have_symbols = cli_source_open(&s, lib, file, NULL, kind != CLI_FILE_PE, &hr);
    if (!have_symbols && kind != CLI_FILE_PE) {
        cli_image_free(&img);
        return CLI_EXIT_FAIL;
    }
    struct cli_pdb_id id;
    bool have_id = have_symbols && cli_pdb_identity(s.reader, s.pdb_path, &id);

    struct cli_node *root = cli_node_new("info");
    cli_attr_str(root, "file", file);
    cli_attr_str(root, "kind", kind == CLI_FILE_PE ? "pe" : "pdb");
    if (kind == CLI_FILE_PE) {
        struct cli_node *pe = cli_node_add(root, "pe");
        pe_facts(pe, &img);
        debug_directory(pe, &img, have_id ? &id : NULL);
    }
    struct cli_node *sym = cli_node_add(root, "symbols");
    if (have_symbols) {
        symbol_facts(sym, &s, have_id ? &id : NULL);
    } else {
        char buf[64];
        const char *name = cli_hresult_name(hr);
        snprintf(buf, sizeof(buf), "0x%08X%s%s", (unsigned)hr, name ? " " : "", name ? name : "");
        cli_attr_str(sym, "error", buf);
    }

    int status = CLI_EXIT_FAIL;
    struct cli_output out;
    if (cli_output_open(&out, o->output)) {
        struct cli_writer w;
        cli_writer_init(&w, o->format, out.f);
        cli_write_begin(&w, root);
        for (size_t i = 0; i < root->kid_count; i++)
            cli_write_child(&w, root->kids[i]);
        cli_write_end(&w, root);
        status = cli_output_commit(&out) ? CLI_EXIT_OK : CLI_EXIT_FAIL;
    }
    cli_node_free(root);
    if (have_symbols)
        cli_source_close(&s);
    cli_image_free(&img);
    return status;
}
