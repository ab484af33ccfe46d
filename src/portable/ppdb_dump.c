/*
 * A text dump of a whole Portable PDB in the format of the project's
 * independent oracle (tests/oracle: System.Reflection.Metadata). The
 * conformance test compares the two byte for byte; the CLI and fuzzers use
 * it as "walk everything".
 */
#include <stdint.h>
#include <string.h>

#include "base/text.h"
#include "portable/ppdb_dump.h"
#include "portable/ppdb_private.h"

#define P(...) CORSYM_TRY(corsym_text_printf(out, __VA_ARGS__))

/* A small file can name one large blob from many rows; the limit keeps the
 * text (not the reader) from growing without bound. */
#define LIMIT_CHECK()                                                                              \
    do {                                                                                           \
        if (out->len > limit)                                                                      \
            return CORSYM_E_UNSUPPORTED;                                                           \
    } while (0)

/* A token printed from a handle: nil (rid 0) prints as "0". */
static corsym_status put_handle(struct corsym_buf *out, unsigned table, uint32_t rid)
{
    if ((rid & 0x00FFFFFF) == 0)
        return corsym_text_str(out, "0");
    return corsym_text_printf(out, "0x%08x", corsym_md_token(table, rid));
}

/* A token printed from a raw int: only 0 prints as "0". */
static corsym_status put_token(struct corsym_buf *out, uint32_t token)
{
    if (token == 0)
        return corsym_text_str(out, "0");
    return corsym_text_printf(out, "0x%08x", token);
}

static corsym_status put_blob_hex(struct corsym_buf *out, const struct corsym_md *md, uint32_t index)
{
    if (index == 0)
        return corsym_text_str(out, "-");
    struct corsym_span blob;
    CORSYM_TRY(corsym_md_blob(md, index, &blob));
    return corsym_text_hex(out, blob.data, blob.len);
}

static corsym_status put_string(struct corsym_buf *out, const struct corsym_md *md, uint32_t index)
{
    struct corsym_span s;
    CORSYM_TRY(corsym_md_string(md, index, &s));
    return corsym_text_quote_utf8(out, s.data, s.len);
}

/* Size of #Strings as System.Reflection.Metadata reports it: trailing
 * padding NULs are trimmed to a single terminator. */
static size_t strings_heap_size(const struct corsym_md *md)
{
    size_t n = md->strings.len;
    if (n == 0 || md->strings.data[n - 1] != 0)
        return n;
    size_t i = n;
    while (i > 0 && md->strings.data[i - 1] == 0)
        i--;
    return i + 1;
}

static corsym_status dump_header(struct corsym_buf *out, const struct corsym_md *md)
{
    P("metadata version=");
    CORSYM_TRY(corsym_text_quote_utf8(out, md->version.data, md->version.len));
    P(" strings=%llu us=%llu blob=%llu guid=%llu\n", (unsigned long long)strings_heap_size(md),
      (unsigned long long)md->us.len, (unsigned long long)md->blob.len, (unsigned long long)md->guid.len);
    P("pdb id=");
    CORSYM_TRY(corsym_text_hex(out, md->pdb_id, 20));
    P(" entry=");
    CORSYM_TRY(put_token(out, md->pdb_entry_point));
    P(" typesystem=");
    bool any = false;
    for (unsigned t = 0; t < CORSYM_TBL_COUNT; t++) {
        if (!(md->pdb_referenced_tables >> t & 1))
            continue;
        P("%s%02x:%u", any ? "," : "", t, md->pdb_type_system_rows[t]);
        any = true;
    }
    P("%s\ntables ", any ? "" : "-");
    any = false;
    for (unsigned t = 0; t < CORSYM_TBL_COUNT; t++) {
        if (md->tbl[t].rows == 0)
            continue;
        P("%s%02x:%u", any ? "," : "", t, md->tbl[t].rows);
        any = true;
    }
    P("%s\n", any ? "" : "-");
    return CORSYM_OK;
}

/* The name as the reference reader builds it: each part decoded on its own
 * (invalid UTF-8 -> U+FFFD), joined by the separator. */
static corsym_status put_document_name(struct corsym_buf *out, const struct corsym_md *md, uint32_t index)
{
    struct corsym_span blob;
    CORSYM_TRY(corsym_md_blob(md, index, &blob));
    struct corsym_buf units = CORSYM_BUF_INIT;
    corsym_status st = CORSYM_OK;
    if (blob.len > 0) {
        struct corsym_cursor c;
        corsym_cursor_from_span(&c, blob);
        uint8_t sep = 0;
        st = corsym_cursor_u8(&c, &sep);
        if (st == CORSYM_OK && sep > 0x7F)
            st = CORSYM_CORRUPT();
        bool first = true;
        size_t bytes = 0; /* the joined UTF-8, counted as corsym_ppdb_decode_document_name
                           * counts it, so that both refuse the same names */
        while (st == CORSYM_OK && !corsym_cursor_at_end(&c)) {
            uint32_t part_index;
            struct corsym_span part;
            st = corsym_cursor_cuint(&c, &part_index);
            if (st == CORSYM_OK)
                st = corsym_md_blob(md, part_index, &part);
            size_t with_separator = !first && sep != 0;
            if (st == CORSYM_OK && (part.len > CORSYM_PPDB_MAX_NAME ||
                                    bytes + with_separator + part.len > CORSYM_PPDB_MAX_NAME))
                st = CORSYM_E_UNSUPPORTED;
            bytes += with_separator + part.len;
            if (st == CORSYM_OK && !first && sep != 0) {
                uint16_t u = sep;
                st = corsym_buf_append(&units, &u, sizeof u);
            }
            if (st == CORSYM_OK)
                st = corsym_text_utf8_to_units(&units, part.data, part.len);
            first = false;
        }
    }
    if (st == CORSYM_OK)
        st = corsym_text_quote_utf16(out, (const uint16_t *)(void *)units.data, units.len / 2);
    corsym_buf_free(&units);
    return st;
}

static corsym_status dump_documents(struct corsym_buf *out, const struct corsym_ppdb *pdb, size_t limit)
{
    const struct corsym_md *md = &pdb->md;
    for (uint32_t rid = 1; rid <= md->tbl[CORSYM_TBL_DOCUMENT].rows; rid++) {
        LIMIT_CHECK();
        uint32_t v[4];
        for (unsigned c = 0; c < 4; c++)
            CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_DOCUMENT, rid, c, &v[c]));
        uint8_t lang[16], alg[16];
        CORSYM_TRY(corsym_md_guid(md, v[DOC_LANGUAGE], lang));
        CORSYM_TRY(corsym_md_guid(md, v[DOC_HASH_ALG], alg));
        P("document %u name=", rid);
        CORSYM_TRY(put_document_name(out, md, v[DOC_NAME]));
        P(" lang=");
        CORSYM_TRY(corsym_text_guid(out, lang));
        P(" hashalg=");
        CORSYM_TRY(corsym_text_guid(out, alg));
        P(" hash=");
        CORSYM_TRY(put_blob_hex(out, md, v[DOC_HASH]));
        P("\n");
    }
    return CORSYM_OK;
}

static corsym_status dump_methods(struct corsym_buf *out, const struct corsym_ppdb *pdb, size_t limit)
{
    const struct corsym_md *md = &pdb->md;
    uint32_t docs = md->tbl[CORSYM_TBL_DOCUMENT].rows;
    for (uint32_t rid = 1; rid <= md->tbl[CORSYM_TBL_METHOD_DEBUG_INFORMATION].rows; rid++) {
        LIMIT_CHECK();
        uint32_t doc, blob_index;
        CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_METHOD_DEBUG_INFORMATION, rid, MDI_DOCUMENT, &doc));
        CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_METHOD_DEBUG_INFORMATION, rid, MDI_SEQUENCE_POINTS, &blob_index));
        if (doc == 0 && blob_index == 0)
            continue;
        struct corsym_ppdb_method_debug mdi;
        CORSYM_TRY(corsym_ppdb_method_debug(pdb, rid, &mdi));
        uint32_t localsig = 0;
        if (mdi.has_sequence_points)
            CORSYM_TRY(corsym_ppdb_seqpts_local_signature(mdi.sequence_points, &localsig));
        P("method 0x%08x doc=%u localsig=", corsym_md_token(CORSYM_TBL_METHOD_DEF, rid), doc);
        CORSYM_TRY(put_token(out, localsig ? corsym_md_token(CORSYM_TBL_STAND_ALONE_SIG, 0) | localsig : 0));
        P("\n");
        if (!mdi.has_sequence_points)
            continue;
        struct corsym_ppdb_seqpt_iter it;
        CORSYM_TRY(corsym_ppdb_seqpts_begin(&it, mdi.sequence_points, doc, docs));
        struct corsym_ppdb_seqpt sp;
        corsym_status st;
        while ((st = corsym_ppdb_seqpts_next(&it, &sp)) == CORSYM_OK) {
            P("  sp il=%u doc=%u", sp.il_offset, sp.document);
            if (sp.hidden)
                P(" hidden\n");
            else
                P(" %u:%u-%u:%u\n", sp.start_line, sp.start_column, sp.end_line, sp.end_column);
        }
        if (st != CORSYM_NOT_FOUND)
            return st;
    }
    return CORSYM_OK;
}

/* 96-bit unsigned mantissa to decimal digits (most significant first). */
static size_t u96_digits(uint32_t hi, uint32_t mid, uint32_t lo, char *digits)
{
    uint32_t w[3] = { hi, mid, lo };
    char rev[32];
    size_t n = 0;
    do {
        uint64_t rem = 0;
        for (int i = 0; i < 3; i++) {
            uint64_t cur = (rem << 32) | w[i];
            w[i] = (uint32_t)(cur / 10);
            rem = cur % 10;
        }
        rev[n++] = (char)('0' + rem);
    } while (w[0] || w[1] || w[2]);
    for (size_t i = 0; i < n; i++)
        digits[i] = rev[n - 1 - i];
    digits[n] = 0;
    return n;
}

static corsym_status put_decimal(struct corsym_buf *out, const struct corsym_decimal *d)
{
    char digits[33];
    size_t n = u96_digits(d->hi, d->mid, d->lo, digits);
    if (d->negative)
        P("-");
    if (d->scale == 0)
        return corsym_buf_append(out, digits, n);
    if (n > d->scale) {
        CORSYM_TRY(corsym_buf_append(out, digits, n - d->scale));
        P(".");
        return corsym_buf_append(out, digits + (n - d->scale), d->scale);
    }
    /* Fewer digits than the scale: "0." then leading zeros. */
    P("0.");
    for (size_t i = n; i < d->scale; i++)
        P("0");
    return corsym_buf_append(out, digits, n);
}

static corsym_status put_primitive(struct corsym_buf *out, const struct corsym_ppdb_constant *c)
{
    switch (c->type_code) {
    case CORSYM_ET_BOOLEAN: P("boolean:%u", (unsigned)c->bits); break;
    case CORSYM_ET_CHAR: P("char:%u", (unsigned)c->bits); break;
    case CORSYM_ET_I1: P("i1:%lld", (long long)corsym_ppdb_constant_signed(c)); break;
    case CORSYM_ET_U1: P("u1:%u", (unsigned)c->bits); break;
    case CORSYM_ET_I2: P("i2:%lld", (long long)corsym_ppdb_constant_signed(c)); break;
    case CORSYM_ET_U2: P("u2:%u", (unsigned)c->bits); break;
    case CORSYM_ET_I4: P("i4:%lld", (long long)corsym_ppdb_constant_signed(c)); break;
    case CORSYM_ET_U4: P("u4:%u", (unsigned)c->bits); break;
    case CORSYM_ET_I8: P("i8:%lld", (long long)corsym_ppdb_constant_signed(c)); break;
    case CORSYM_ET_U8: P("u8:%llu", (unsigned long long)c->bits); break;
    case CORSYM_ET_R4: P("r4:0x%08x", (unsigned)c->bits); break;
    case CORSYM_ET_R8: P("r8:0x%016llx", (unsigned long long)c->bits); break;
    default: return CORSYM_CORRUPT();
    }
    return CORSYM_OK;
}

static corsym_status put_constant_body(struct corsym_buf *out, const struct corsym_ppdb_constant *c)
{
    struct corsym_ppdb_cmod_iter it;
    corsym_ppdb_cmods_begin(&it, c);
    bool required;
    uint32_t token;
    bool any = false;
    while (corsym_ppdb_cmods_next(&it, &required, &token) == CORSYM_OK) {
        P("%s(", required ? "modreq" : "modopt");
        CORSYM_TRY(put_handle(out, token >> 24, token & 0x00FFFFFF));
        P(")");
        any = true;
    }
    if (any)
        P(" ");
    switch (c->kind) {
    case CORSYM_CONST_PRIMITIVE:
        return put_primitive(out, c);
    case CORSYM_CONST_ENUM:
        P("enum:");
        CORSYM_TRY(put_primitive(out, c));
        P(" type=");
        return put_handle(out, c->type_token >> 24, c->type_token & 0x00FFFFFF);
    case CORSYM_CONST_STRING:
        P("string:");
        return corsym_text_quote_utf16le(out, c->value.data, c->value.len);
    case CORSYM_CONST_NULL_STRING:
        P("string:null");
        return CORSYM_OK;
    case CORSYM_CONST_OBJECT:
        P("object:null");
        return CORSYM_OK;
    case CORSYM_CONST_GENERAL: {
        bool vt = c->type_code == CORSYM_ET_VALUETYPE;
        P("%s:", vt ? "valuetype" : "class");
        if (c->value.len == 0) {
            P("%s", vt ? "default" : "null");
        } else if (c->value.len == 13) {
            struct corsym_decimal d;
            CORSYM_TRY(corsym_ppdb_constant_decimal(c, &d));
            P("decimal:");
            CORSYM_TRY(put_decimal(out, &d));
        } else {
            int64_t ticks;
            CORSYM_TRY(corsym_ppdb_constant_datetime(c, &ticks));
            P("datetime:%lld", (long long)ticks);
        }
        P(" type=");
        return put_handle(out, c->type_token >> 24, c->type_token & 0x00FFFFFF);
    }
    }
    return CORSYM_CORRUPT();
}

/* The value text, or "?" when the signature does not decode. */
static corsym_status put_constant(struct corsym_buf *out, struct corsym_span sig, bool nil)
{
    struct corsym_ppdb_constant c;
    if (nil || corsym_ppdb_constant_decode(sig, &c) != CORSYM_OK)
        return corsym_text_str(out, "?");
    size_t mark = out->len;
    corsym_status st = put_constant_body(out, &c);
    if (st == CORSYM_E_NOMEM)
        return st;
    if (st != CORSYM_OK) {
        out->len = mark;
        return corsym_text_str(out, "?");
    }
    return CORSYM_OK;
}

static corsym_status dump_scopes(struct corsym_buf *out, const struct corsym_ppdb *pdb, size_t limit)
{
    const struct corsym_md *md = &pdb->md;
    for (uint32_t rid = 1; rid <= md->tbl[CORSYM_TBL_LOCAL_SCOPE].rows; rid++) {
        LIMIT_CHECK();
        struct corsym_ppdb_local_scope s;
        CORSYM_TRY(corsym_ppdb_local_scope(pdb, rid, &s));
        P("scope %u method=", rid);
        CORSYM_TRY(put_handle(out, CORSYM_TBL_METHOD_DEF, s.method));
        P(" il=%u-%llu imports=%u\n", s.start_offset, (unsigned long long)s.start_offset + s.length,
          s.import_scope);
        for (uint32_t v = s.variables_first; v < s.variables_end; v++) {
            LIMIT_CHECK();
            uint32_t col[3];
            for (unsigned c = 0; c < 3; c++)
                CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_LOCAL_VARIABLE, v, c, &col[c]));
            P("  local %u slot=%u attrs=%u name=", v, col[VAR_INDEX], col[VAR_ATTRIBUTES]);
            CORSYM_TRY(put_string(out, md, col[VAR_NAME]));
            P("\n");
        }
        for (uint32_t k = s.constants_first; k < s.constants_end; k++) {
            LIMIT_CHECK();
            uint32_t name, sig_index;
            CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_LOCAL_CONSTANT, k, CONST_NAME, &name));
            CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_LOCAL_CONSTANT, k, CONST_SIGNATURE, &sig_index));
            struct corsym_span sig;
            CORSYM_TRY(corsym_md_blob(md, sig_index, &sig));
            P("  const %u name=", k);
            CORSYM_TRY(put_string(out, md, name));
            P(" sig=");
            CORSYM_TRY(put_blob_hex(out, md, sig_index));
            P(" value=");
            CORSYM_TRY(put_constant(out, sig, sig_index == 0));
            P("\n");
        }
    }
    return CORSYM_OK;
}

static const char *import_kind_name(uint32_t kind)
{
    switch (kind) {
    case CORSYM_IMPORT_NAMESPACE: return "namespace";
    case CORSYM_IMPORT_ASSEMBLY_NAMESPACE: return "assembly-namespace";
    case CORSYM_IMPORT_TYPE: return "type";
    case CORSYM_IMPORT_XML_NAMESPACE: return "xml-namespace";
    case CORSYM_IMPORT_ASSEMBLY_REF_ALIAS: return "assembly-ref-alias";
    case CORSYM_IMPORT_ALIAS_ASSEMBLY: return "alias-assembly";
    case CORSYM_IMPORT_ALIAS_NAMESPACE: return "alias-namespace";
    case CORSYM_IMPORT_ALIAS_ASSEMBLY_NAMESPACE: return "alias-assembly-namespace";
    case CORSYM_IMPORT_ALIAS_TYPE: return "alias-type";
    }
    return "?";
}

static corsym_status dump_import_scopes(struct corsym_buf *out, const struct corsym_ppdb *pdb, size_t limit)
{
    const struct corsym_md *md = &pdb->md;
    for (uint32_t rid = 1; rid <= md->tbl[CORSYM_TBL_IMPORT_SCOPE].rows; rid++) {
        LIMIT_CHECK();
        uint32_t blob_index;
        struct corsym_ppdb_import_scope s;
        CORSYM_TRY(corsym_ppdb_import_scope(pdb, rid, &s));
        CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_IMPORT_SCOPE, rid, IMPORT_BLOB, &blob_index));
        P("importscope %u parent=%u blob=", rid, s.parent);
        CORSYM_TRY(put_blob_hex(out, md, blob_index));
        P("\n");
        struct corsym_ppdb_imports_iter it;
        corsym_ppdb_imports_begin(&it, pdb, s.imports);
        struct corsym_ppdb_import imp;
        corsym_status st;
        while ((st = corsym_ppdb_imports_next(&it, &imp)) == CORSYM_OK) {
            LIMIT_CHECK();
            P("  import %s", import_kind_name(imp.kind));
            if (imp.has_alias) {
                P(" alias=");
                CORSYM_TRY(corsym_text_quote_utf8(out, imp.alias.data, imp.alias.len));
            }
            if (imp.has_assembly) {
                P(" assembly=");
                CORSYM_TRY(put_handle(out, CORSYM_TBL_ASSEMBLY_REF, imp.assembly_ref));
            }
            if (imp.has_namespace) {
                P(" ns=");
                CORSYM_TRY(corsym_text_quote_utf8(out, imp.target_namespace.data, imp.target_namespace.len));
            }
            if (imp.has_type) {
                P(" type=");
                CORSYM_TRY(put_handle(out, imp.target_type >> 24, imp.target_type & 0x00FFFFFF));
            }
            P("\n");
        }
        if (st != CORSYM_NOT_FOUND)
            return st;
    }
    return CORSYM_OK;
}

static corsym_status dump_state_machines(struct corsym_buf *out, const struct corsym_ppdb *pdb, size_t limit)
{
    for (uint32_t rid = 1; rid <= pdb->md.tbl[CORSYM_TBL_STATE_MACHINE_METHOD].rows; rid++) {
        LIMIT_CHECK();
        struct corsym_ppdb_state_machine_method sm;
        CORSYM_TRY(corsym_ppdb_state_machine_method(pdb, rid, &sm));
        P("statemachine %u movenext=0x%08x kickoff=0x%08x\n", rid,
          corsym_md_token(CORSYM_TBL_METHOD_DEF, 0) | sm.move_next,
          corsym_md_token(CORSYM_TBL_METHOD_DEF, 0) | sm.kickoff);
    }
    return CORSYM_OK;
}

/* Detail lines of the well-known kinds; CORRUPT/UNSUPPORTED make the caller
 * print "malformed" instead. */
static corsym_status decode_cdi(struct corsym_buf *out, enum corsym_cdi_kind kind, struct corsym_span v)
{
    switch (kind) {
    case CORSYM_CDI_EMBEDDED_SOURCE: {
        int32_t format;
        struct corsym_span content;
        CORSYM_TRY(corsym_cdi_embedded_source_parse(v, &format, &content));
        struct corsym_buf text = CORSYM_BUF_INIT;
        corsym_status st = corsym_cdi_embedded_source_decode(v, &text);
        if (st == CORSYM_OK)
            st = corsym_text_printf(out, "  embeddedsource format=%d length=%llu content=", format,
                                    (unsigned long long)text.len);
        if (st == CORSYM_OK)
            st = corsym_text_hex(out, text.data, text.len);
        if (st == CORSYM_OK)
            st = corsym_text_str(out, "\n");
        corsym_buf_free(&text);
        return st;
    }
    case CORSYM_CDI_SOURCE_LINK:
    case CORSYM_CDI_DEFAULT_NAMESPACE:
        P("  %s text=", kind == CORSYM_CDI_SOURCE_LINK ? "sourcelink" : "defaultnamespace");
        CORSYM_TRY(corsym_text_quote_utf8(out, v.data, v.len));
        P("\n");
        return CORSYM_OK;
    case CORSYM_CDI_COMPILATION_OPTIONS: {
        struct corsym_cdi_strings_iter it;
        struct corsym_span name, val;
        corsym_status st;
        corsym_cdi_options_begin(&it, v);
        while ((st = corsym_cdi_options_next(&it, &name, &val)) == CORSYM_OK) {
            P("  option name=");
            CORSYM_TRY(corsym_text_quote_utf8(out, name.data, name.len));
            P(" value=");
            CORSYM_TRY(corsym_text_quote_utf8(out, val.data, val.len));
            P("\n");
        }
        return st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
    }
    case CORSYM_CDI_COMPILATION_METADATA_REFERENCES: {
        struct corsym_cdi_strings_iter it;
        struct corsym_cdi_metadata_reference r;
        corsym_status st;
        corsym_cdi_references_begin(&it, v);
        while ((st = corsym_cdi_references_next(&it, &r)) == CORSYM_OK) {
            P("  reference name=");
            CORSYM_TRY(corsym_text_quote_utf8(out, r.file_name.data, r.file_name.len));
            P(" aliases=");
            CORSYM_TRY(corsym_text_quote_utf8(out, r.aliases.data, r.aliases.len));
            P(" flags=%u stamp=0x%08x imagesize=0x%08x mvid=", r.flags, r.timestamp, r.image_size);
            CORSYM_TRY(corsym_text_guid(out, r.mvid));
            P("\n");
        }
        return st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
    }
    case CORSYM_CDI_TYPE_DEFINITION_DOCUMENTS: {
        struct corsym_cdi_strings_iter it;
        uint32_t doc;
        corsym_status st;
        corsym_cdi_type_documents_begin(&it, v);
        while ((st = corsym_cdi_type_documents_next(&it, &doc)) == CORSYM_OK)
            P("  document %u\n", doc);
        return st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
    }
    case CORSYM_CDI_ASYNC_METHOD_STEPPING: {
        struct corsym_cdi_async_iter it;
        bool has_catch;
        uint32_t catch_offset;
        CORSYM_TRY(corsym_cdi_async_begin(&it, v, &has_catch, &catch_offset));
        if (has_catch)
            P("  async catch=%u\n", catch_offset);
        else
            P("  async catch=none\n");
        struct corsym_cdi_await a;
        corsym_status st;
        while ((st = corsym_cdi_async_next(&it, &a)) == CORSYM_OK)
            P("  await yield=%u resume=%u method=0x%08x\n", a.yield_offset, a.resume_offset,
              corsym_md_token(CORSYM_TBL_METHOD_DEF, 0) | a.resume_method);
        return st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
    }
    case CORSYM_CDI_STATE_MACHINE_HOISTED_LOCAL_SCOPES: {
        size_t n;
        CORSYM_TRY(corsym_cdi_hoisted_count(v, &n));
        for (size_t i = 0; i < n; i++) {
            struct corsym_cdi_hoisted_scope h;
            CORSYM_TRY(corsym_cdi_hoisted_get(v, i, &h));
            P("  hoisted il=%u-%llu\n", h.start_offset, (unsigned long long)h.start_offset + h.length);
        }
        return CORSYM_OK;
    }
    case CORSYM_CDI_DYNAMIC_LOCAL_VARIABLES:
        P("  dynamic flags=");
        if (v.len == 0)
            P("-");
        for (size_t i = 0; i < v.len * 8; i++)
            CORSYM_TRY(corsym_buf_append_u8(out, corsym_cdi_dynamic_flag(v, i) ? '1' : '0'));
        P("\n");
        return CORSYM_OK;
    case CORSYM_CDI_TUPLE_ELEMENT_NAMES: {
        struct corsym_cdi_strings_iter it;
        struct corsym_span name;
        corsym_status st;
        bool first = true;
        P("  tuple names=");
        corsym_cdi_tuple_names_begin(&it, v);
        while ((st = corsym_cdi_tuple_names_next(&it, &name)) == CORSYM_OK) {
            if (!first)
                P(",");
            first = false;
            CORSYM_TRY(corsym_text_quote_utf8(out, name.data, name.len));
        }
        if (st != CORSYM_NOT_FOUND)
            return st;
        P("%s\n", first ? "-" : "");
        return CORSYM_OK;
    }
    default:
        return CORSYM_OK;
    }
}

static corsym_status dump_cdis(struct corsym_buf *out, const struct corsym_ppdb *pdb, size_t limit)
{
    const struct corsym_md *md = &pdb->md;
    for (uint32_t rid = 1; rid <= md->tbl[CORSYM_TBL_CUSTOM_DEBUG_INFORMATION].rows; rid++) {
        LIMIT_CHECK();
        struct corsym_ppdb_cdi cdi;
        uint32_t value_index;
        CORSYM_TRY(corsym_ppdb_cdi(pdb, rid, &cdi));
        CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, rid, CDI_VALUE, &value_index));
        enum corsym_cdi_kind kind = corsym_cdi_kind_from_guid(cdi.kind);
        P("cdi %u parent=", rid);
        CORSYM_TRY(put_handle(out, cdi.parent_table, cdi.parent_rid));
        P(" kind=");
        CORSYM_TRY(corsym_text_guid(out, cdi.kind));
        P(" name=%s value=", corsym_cdi_kind_name(kind));
        CORSYM_TRY(put_blob_hex(out, md, value_index));
        P("\n");
        size_t mark = out->len;
        corsym_status st = decode_cdi(out, kind, cdi.value);
        if (st == CORSYM_E_NOMEM)
            return st;
        if (st != CORSYM_OK) {
            out->len = mark;
            P("  malformed\n");
        }
    }
    return CORSYM_OK;
}

static corsym_status dump_enc_map(struct corsym_buf *out, const struct corsym_md *md, size_t limit)
{
    for (uint32_t rid = 1; rid <= md->tbl[CORSYM_TBL_ENC_MAP].rows; rid++) {
        LIMIT_CHECK();
        uint32_t token;
        CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_ENC_MAP, rid, 0, &token));
        P("encmap %u token=", rid);
        CORSYM_TRY(put_token(out, token));
        P("\n");
    }
    return CORSYM_OK;
}

corsym_status corsym_ppdb_dump_limited(const struct corsym_ppdb *pdb, struct corsym_buf *out,
                                       size_t max_bytes)
{
    size_t limit = out->len + max_bytes < out->len ? SIZE_MAX : out->len + max_bytes;
    P("corsym-oracle 1 pdb\n");
    CORSYM_TRY(dump_header(out, &pdb->md));
    CORSYM_TRY(dump_documents(out, pdb, limit));
    CORSYM_TRY(dump_methods(out, pdb, limit));
    CORSYM_TRY(dump_scopes(out, pdb, limit));
    CORSYM_TRY(dump_import_scopes(out, pdb, limit));
    CORSYM_TRY(dump_state_machines(out, pdb, limit));
    CORSYM_TRY(dump_cdis(out, pdb, limit));
    CORSYM_TRY(dump_enc_map(out, &pdb->md, limit));
    LIMIT_CHECK();
    P("end\n");
    return CORSYM_OK;
}

corsym_status corsym_ppdb_dump(const struct corsym_ppdb *pdb, struct corsym_buf *out)
{
    return corsym_ppdb_dump_limited(pdb, out, SIZE_MAX);
}
