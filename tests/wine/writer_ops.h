/* SPDX-License-Identifier: MIT */
/*
 * The writer calls a scenario makes, behind a table so one scenario drives two writers:
 * any symbol-store DLL through its ISymUnmanagedWriter8 (Microsoft's, or ours), and
 * corsym's core directly (the symbol model and the Windows PDB emitter, no COM). Each
 * call answers an HRESULT; documents are numbered in DefineDocument order.
 */
#ifndef CORSYM_WRITER_OPS_H
#define CORSYM_WRITER_OPS_H

#include <stdint.h>
#include <windows.h>

#include "corsym/corsym.h"
#include "writer_metadata.h"

struct writer_ops {
    void *state;
    HRESULT (*begin)(struct writer_ops *w, const struct writer_md *md, const WCHAR *path);
    HRESULT (*define_document)(struct writer_ops *w, const WCHAR *url, const GUID *language,
                               const GUID *vendor, const GUID *type, unsigned *doc);
    HRESULT (*set_checksum)(struct writer_ops *w, unsigned doc, const GUID *algorithm,
                            const BYTE *data, ULONG32 size);
    HRESULT (*set_source)(struct writer_ops *w, unsigned doc, const BYTE *data, ULONG32 size);
    HRESULT (*set_entry_point)(struct writer_ops *w, uint32_t token);
    HRESULT (*open_method)(struct writer_ops *w, uint32_t token);
    HRESULT (*close_method)(struct writer_ops *w);
    HRESULT (*open_scope)(struct writer_ops *w, ULONG32 start);
    HRESULT (*close_scope)(struct writer_ops *w, ULONG32 end);
    HRESULT (*define_local)(struct writer_ops *w, const WCHAR *name, ULONG32 attributes,
                            uint32_t sig_token, ULONG32 slot, ULONG32 start, ULONG32 end);
    /* DefineParameter with addrKind ADDR_IL_OFFSET (1): slot is addr1. */
    HRESULT (*define_parameter)(struct writer_ops *w, const WCHAR *name, ULONG32 sequence,
                                ULONG32 slot);
    HRESULT (*define_constant)(struct writer_ops *w, const WCHAR *name, VARIANT value,
                               uint32_t sig_token);
    HRESULT (*using_namespace)(struct writer_ops *w, const WCHAR *name);
    HRESULT (*sequence_points)(struct writer_ops *w, unsigned doc, ULONG32 count,
                               const ULONG32 *offsets, const ULONG32 *lines,
                               const ULONG32 *columns, const ULONG32 *end_lines,
                               const ULONG32 *end_columns);
    HRESULT (*set_attribute)(struct writer_ops *w, uint32_t parent, const WCHAR *name,
                             const BYTE *data, ULONG32 size);
    HRESULT (*set_kickoff)(struct writer_ops *w, uint32_t token);
    HRESULT (*set_catch_handler)(struct writer_ops *w, ULONG32 offset);
    HRESULT (*async_steps)(struct writer_ops *w, ULONG32 count, const ULONG32 *yields,
                           const ULONG32 *resumes, const ULONG32 *methods);
    HRESULT (*remap_token)(struct writer_ops *w, uint32_t old_token, uint32_t new_token);
    HRESULT (*source_link)(struct writer_ops *w, const BYTE *data, ULONG32 size);
    HRESULT (*source_server)(struct writer_ops *w, const BYTE *data, ULONG32 size);
    HRESULT (*compiler_info)(struct writer_ops *w, USHORT major, USHORT minor, USHORT build,
                             USHORT revision, const WCHAR *name);
    HRESULT (*open_token_map)(struct writer_ops *w);
    HRESULT (*map_token)(struct writer_ops *w, uint32_t token, unsigned doc, ULONG32 line,
                         ULONG32 column, ULONG32 end_line, ULONG32 end_column);
    HRESULT (*close_token_map)(struct writer_ops *w);
    HRESULT (*update_signature)(struct writer_ops *w, const GUID *guid, DWORD stamp, ULONG32 age);
    /* The CodeView data GetDebugInfo answers, into data (cap bytes); *size gets its length. */
    HRESULT (*debug_info)(struct writer_ops *w, BYTE *data, DWORD cap, DWORD *size);
    /* Close: writes the PDB. */
    HRESULT (*finish)(struct writer_ops *w);
    /* After a failure: drop everything, write nothing. */
    void (*abort)(struct writer_ops *w);
    void (*destroy)(struct writer_ops *w);
};

/* A writer from a DLL's CLSID_CorSymWriter_SxS. NULL when the DLL cannot make one. */
struct writer_ops *writer_ops_com(HMODULE dll, int log);
/* corsym's core: the model and corsym_winpdb_emit, names from the scenario's metadata. */
struct writer_ops *writer_ops_core(void);

/* ---- scenarios ---- */
struct writer_scenario {
    const char *name;
    const struct writer_md *md;
    /* The method tokens a reader is asked about (for the dumps). */
    const uint32_t *tokens;
    unsigned token_count;
    /* Makes the calls; answers the first failure (which ends the scenario). */
    HRESULT (*run)(struct writer_ops *w);
    /* The calls are wrong for every writer (Close or a call must fail). */
    int must_fail;
};
extern const struct writer_scenario writer_scenarios[];
extern const unsigned writer_scenario_count;

#endif
