/* SPDX-License-Identifier: MIT */
/*
 * corsym match PE PDB, after ChkMatch -c: the PE's CodeView entry names a GUID, an age
 * and (for Portable PDBs) a stamp; the library says through MatchesModule whether the PDB
 * carries that identity; a PdbChecksum entry, if present, must also hash to the PDB.
 * One line on stdout; exit 0 on a match, 1 on a mismatch or failure.
 */
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "identity.h"
#include "output.h"

static void id_text(const uint8_t guid[16], uint32_t age, uint32_t stamp, bool portable,
                    char out[96])
{
    char g[37];
    cli_guid_text(guid, g);
    if (portable)
        snprintf(out, 96, "id %s stamp 0x%08x", g, (unsigned)stamp);
    else
        snprintf(out, 96, "guid %s age %u", g, (unsigned)age);
}

int cli_match(const struct cli_options *o, struct cli_library *lib)
{
    const char *pe_path = o->files[0], *pdb_path = o->files[1];
    struct cli_image img;
    int err = cli_image_load(&img, pe_path);
    if (err) {
        if (err > 0)
            cli_error(pe_path, 0, "cannot open: %s", strerror(err));
        else
            cli_error(pe_path, E_PDB_INVALID_EXECUTABLE, "not a valid PE file");
        return CLI_EXIT_FAIL;
    }
    struct cli_codeview cv;
    if (!cli_image_codeview(&img, &cv)) {
        cli_error(pe_path, E_PDB_NO_DEBUG_INFO, "no CodeView debug directory entry");
        cli_image_free(&img);
        return CLI_EXIT_FAIL;
    }
    ISymUnmanagedReader *reader = NULL;
    ISymUnmanagedReader4 *r4 = NULL;
    HRESULT hr = cli_open_pdb(lib, NULL, pdb_path, &reader);
    if (FAILED(hr)) {
        cli_error(pdb_path, hr, "cannot read symbols");
        free(cv.path);
        cli_image_free(&img);
        return CLI_EXIT_FAIL;
    }
    BOOL matches = FALSE;
    GUID guid;
    memcpy(&guid, cv.guid, 16);
    hr = ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader4, (void **)&r4);
    if (SUCCEEDED(hr)) {
        hr = ISymUnmanagedReader4_MatchesModule(r4, guid, cv.stamp, (int)cv.age, &matches);
        ISymUnmanagedReader4_Release(r4);
    }
    int status = CLI_EXIT_FAIL;
    if (FAILED(hr)) {
        cli_error(pdb_path, hr, "MatchesModule failed");
        goto done;
    }
    char line[512], expected[96], actual[96] = "an unreadable id";
    struct cli_pdb_id id;
    bool have_id = cli_pdb_identity(reader, pdb_path, &id);
    id_text(cv.guid, cv.age, cv.stamp, cv.portable, expected);
    if (have_id)
        id_text(id.guid, id.age, id.stamp, id.bytes != NULL, actual);
    if (!matches) {
        snprintf(line, sizeof(line), "mismatch: %s wants %s (%s); %s has %s\n", pe_path, expected,
                 cv.path, pdb_path, actual);
    } else {
        struct corsym_pe_debug_entry e;
        const char *checksum = NULL;
        char algorithm[32];
        if (have_id && corsym_pe_debug_find(&img.pe, CORSYM_PE_DEBUG_PDB_CHECKSUM, &e) == CORSYM_OK)
            checksum = cli_verify_pdb_checksum(&e, &id, algorithm, sizeof(algorithm));
        if (checksum && strcmp(checksum, "mismatch") == 0) {
            matches = FALSE;
            snprintf(line, sizeof(line), "mismatch: %s has %s, but its %s PdbChecksum differs from %s's\n",
                     pdb_path, expected, algorithm, pe_path);
        } else {
            snprintf(line, sizeof(line), "match: %s has %s%s%s%s\n", pdb_path, expected,
                     checksum ? "; PdbChecksum " : "", checksum ? algorithm : "",
                     !checksum ? "" : strcmp(checksum, "ok") == 0 ? " ok" : " not checked");
        }
    }
    struct cli_output out;
    if (cli_output_open(&out, o->output)) {
        fputs(line, out.f);
        if (cli_output_commit(&out))
            status = matches ? CLI_EXIT_OK : CLI_EXIT_FAIL;
    }
done:
    ISymUnmanagedReader_Release(reader);
    free(cv.path);
    cli_image_free(&img);
    return status;
}
