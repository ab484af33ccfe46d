/* SPDX-License-Identifier: MIT */
/*
 * bench/walk: times corsym through its public COM API, the way a debugger or profiler uses it.
 *
 *   walk LIBRARY PDB [--reps N] [--open-reps N] [--position-reps N] [--methods N] [--small PDB]
 *
 * LIBRARY is corsym's shared library (corsym.so / corsym.dll), loaded by path and used through
 * DllGetClassObject + CorSymCreateMemoryStream only, as in samples/in_memory_symbols.
 *
 * Measured, each as the best of N repetitions on a monotonic clock:
 *   open_stream   ISymUnmanagedBinder::GetReaderFromStream over a memory IStream that already
 *                 holds the PDB (the stream is made once, outside the timing: making it copies
 *                 the bytes, which is the client's business);
 *   open_file     ISymUnmanagedBinder4::GetReaderFromPdbFile on the PDB's path (mapped);
 *   walk          on a freshly opened reader (so lazily built state is paid inside the walk):
 *                 GetDocuments and every document's URL, language, vendor, type, checksum
 *                 algorithm and checksum; for every MethodDef token 1..N: GetMethod,
 *                 GetSequencePointCount + GetSequencePoints (all six arrays), GetRootScope and
 *                 a recursive walk of GetChildren with GetStartOffset/GetEndOffset,
 *                 GetLocalCount/GetLocals (GetName, GetAttributes, GetAddressField1) and
 *                 ISymUnmanagedScope2 GetConstantCount/GetConstants (GetName, GetValue, the
 *                 VARIANT cleared, GetSignature); everything released.
 *   position      (not part of the walk) GetMethodFromDocumentPosition and FindClosestLine for
 *                 the line of method 0x06000001's first visible sequence point, on one reader:
 *                 the best of N calls and the first call (which pays for any lazily built index).
 *   protocol_floor (not part of the walk) as many calls through a vtable and as many references
 *                 taken and released as the walk made (counted during it: walk_com_calls,
 *                 walk_com_references), interleaved, on one method object, with no decoding:
 *                 what the COM protocol alone costs any implementation of this walk whose
 *                 reference counts are atomic; protocol_floor_calls_ms: the calls alone.
 * Names, URLs, checksums and signatures use the API's two-call protocol (ask for the size,
 * then fill); the walker's own buffers are reused, so the walker itself allocates nothing in
 * the steady state.
 *
 * Output: "key value" lines (bench/run.sh parses them). Counts and a checksum over the values
 * read (sequence point positions, scope ranges below the synthetic root, local slots and
 * attributes, name lengths, I4 constant values) let run.sh check that the System.Reflection
 * .Metadata walker (bench/srm) visited exactly the same things.
 */
#define COBJMACROS
#define INITGUID
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corsym/corsym.h"

#define BENCH_NAME "walk"
#include "bench_util.h"

static CORSYM_PFN_DllGetClassObject get_class_object;
static create_memory_stream_fn create_memory_stream;

/* ---- input ---- */

static unsigned char *read_file(const char *path, ULONG *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = n > 0 ? malloc((size_t)n) : NULL;
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = (ULONG)n;
    return data;
}

static WCHAR *utf16_path(const char *path)
{
    size_t n = strlen(path);
    WCHAR *w = calloc(n + 1, sizeof(WCHAR));
    for (size_t i = 0; w && i < n; i++)
        w[i] = (unsigned char)path[i]; /* benchmark paths are ASCII */
    return w;
}

/* ---- reusable buffers ---- */

struct buffers {
    WCHAR *name;
    ULONG32 name_cap;
    BYTE *bytes;
    ULONG32 bytes_cap;
    ULONG32 *offsets, *lines, *columns, *end_lines, *end_columns;
    ISymUnmanagedDocument **point_docs;
    ULONG32 points_cap;
    ISymUnmanagedDocument **docs;
    ULONG32 docs_cap;
};

static void *grow(void *p, ULONG32 *cap, ULONG32 need, size_t elem)
{
    if (need <= *cap)
        return p;
    ULONG32 n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    p = realloc(p, (size_t)n * elem);
    if (!p) {
        fprintf(stderr, "walk: out of memory\n");
        exit(1);
    }
    *cap = n;
    return p;
}

static WCHAR *name_buffer(struct buffers *b, ULONG32 need)
{
    b->name = grow(b->name, &b->name_cap, need, sizeof(WCHAR));
    return b->name;
}

static BYTE *byte_buffer(struct buffers *b, ULONG32 need)
{
    b->bytes = grow(b->bytes, &b->bytes_cap, need ? need : 1, 1);
    return b->bytes;
}

static void point_buffers(struct buffers *b, ULONG32 need)
{
    if (need <= b->points_cap)
        return;
    ULONG32 cap = b->points_cap;
    b->offsets = grow(b->offsets, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->lines = grow(b->lines, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->columns = grow(b->columns, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->end_lines = grow(b->end_lines, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->end_columns = grow(b->end_columns, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->point_docs = grow(b->point_docs, &cap, need, sizeof(*b->point_docs));
    b->points_cap = cap;
}

/* ---- the walk ---- */

struct counts {
    uint64_t documents, methods, points, scopes, locals, constants;
    uint64_t checksum;
};

/* What the walk asks of the COM protocol itself: calls through a vtable, and references
 * handed out (each one Released by the walker, so taken and dropped once). Counted during
 * the walk, replayed by time_protocol_floor. */
static uint64_t com_calls, com_references;

#define CALL(call)                                                                                 \
    do {                                                                                           \
        com_calls++;                                                                               \
        CHECK(call);                                                                               \
    } while (0)

#define RELEASE(release)                                                                           \
    do {                                                                                           \
        com_calls++;                                                                               \
        com_references++;                                                                          \
        release;                                                                                   \
    } while (0)

static void walk_documents(ISymUnmanagedReader *reader, struct buffers *b, struct counts *c)
{
    ULONG32 n = 0;
    CALL(ISymUnmanagedReader_GetDocuments(reader, 0, &n, NULL));
    b->docs = grow(b->docs, &b->docs_cap, n ? n : 1, sizeof(*b->docs));
    if (n)
        CALL(ISymUnmanagedReader_GetDocuments(reader, n, &n, b->docs));
    for (ULONG32 i = 0; i < n; i++) {
        ISymUnmanagedDocument *d = b->docs[i];
        ULONG32 len = 0;
        GUID g;
        CALL(ISymUnmanagedDocument_GetURL(d, 0, &len, NULL));
        CALL(ISymUnmanagedDocument_GetURL(d, len, &len, name_buffer(b, len)));
        c->checksum += len;
        CALL(ISymUnmanagedDocument_GetLanguage(d, &g));
        CALL(ISymUnmanagedDocument_GetLanguageVendor(d, &g));
        CALL(ISymUnmanagedDocument_GetDocumentType(d, &g));
        CALL(ISymUnmanagedDocument_GetCheckSumAlgorithmId(d, &g));
        ULONG32 size = 0;
        CALL(ISymUnmanagedDocument_GetCheckSum(d, 0, &size, NULL));
        if (size)
            CALL(ISymUnmanagedDocument_GetCheckSum(d, size, &size, byte_buffer(b, size)));
        c->checksum += size;
        RELEASE(ISymUnmanagedDocument_Release(d));
    }
    c->documents += n;
}

static void walk_locals(ISymUnmanagedScope *scope, struct buffers *b, struct counts *c)
{
    ULONG32 n = 0;
    CALL(ISymUnmanagedScope_GetLocalCount(scope, &n));
    if (!n)
        return;
    ISymUnmanagedVariable *stack_locals[16];
    ISymUnmanagedVariable **locals = n <= 16 ? stack_locals : calloc(n, sizeof(*locals));
    CALL(ISymUnmanagedScope_GetLocals(scope, n, &n, locals));
    for (ULONG32 i = 0; i < n; i++) {
        ISymUnmanagedVariable *v = locals[i];
        ULONG32 len = 0, attributes = 0, slot = 0;
        CALL(ISymUnmanagedVariable_GetName(v, 0, &len, NULL));
        CALL(ISymUnmanagedVariable_GetName(v, len, &len, name_buffer(b, len)));
        CALL(ISymUnmanagedVariable_GetAttributes(v, &attributes));
        CALL(ISymUnmanagedVariable_GetAddressField1(v, &slot));
        c->checksum += (uint64_t)len + attributes + slot;
        RELEASE(ISymUnmanagedVariable_Release(v));
    }
    if (locals != stack_locals)
        free(locals);
    c->locals += n;
}

/* VariantClear for what GetValue can return: only a BSTR owns memory. */
static void clear_variant(VARIANT *v)
{
    if (V_VT(v) == VT_BSTR && V_BSTR(v)) {
#ifdef _WIN32
        SysFreeString(V_BSTR(v));
#else
        /* The PAL's BSTR: a 4-byte length prefix before the characters, one malloc block. */
        free((char *)V_BSTR(v) - sizeof(void *));
#endif
    }
    V_VT(v) = VT_EMPTY;
}

static void walk_constants(ISymUnmanagedScope *scope, struct buffers *b, struct counts *c)
{
    ISymUnmanagedScope2 *scope2 = NULL;
    com_calls++;
    if (FAILED(ISymUnmanagedScope_QueryInterface(scope, &IID_ISymUnmanagedScope2, (void **)&scope2)))
        return;
    ULONG32 n = 0;
    CALL(ISymUnmanagedScope2_GetConstantCount(scope2, &n));
    if (n) {
        ISymUnmanagedConstant *stack_constants[16];
        ISymUnmanagedConstant **constants = n <= 16 ? stack_constants : calloc(n, sizeof(*constants));
        CALL(ISymUnmanagedScope2_GetConstants(scope2, n, &n, constants));
        for (ULONG32 i = 0; i < n; i++) {
            ISymUnmanagedConstant *k = constants[i];
            ULONG32 len = 0, size = 0;
            CALL(ISymUnmanagedConstant_GetName(k, 0, &len, NULL));
            CALL(ISymUnmanagedConstant_GetName(k, len, &len, name_buffer(b, len)));
            c->checksum += len;
            VARIANT value;
            memset(&value, 0, sizeof(value));
            CALL(ISymUnmanagedConstant_GetValue(k, &value));
            if (V_VT(&value) == VT_I4)
                c->checksum += (uint64_t)(int64_t)V_I4(&value);
            clear_variant(&value);
            CALL(ISymUnmanagedConstant_GetSignature(k, 0, &size, NULL));
            if (size)
                CALL(ISymUnmanagedConstant_GetSignature(k, size, &size, byte_buffer(b, size)));
            RELEASE(ISymUnmanagedConstant_Release(k));
        }
        if (constants != stack_constants)
            free(constants);
        c->constants += n;
    }
    RELEASE(ISymUnmanagedScope2_Release(scope2));
}

static void walk_scope(ISymUnmanagedScope *scope, int is_root, struct buffers *b, struct counts *c)
{
    ULONG32 start = 0, end = 0;
    CALL(ISymUnmanagedScope_GetStartOffset(scope, &start));
    CALL(ISymUnmanagedScope_GetEndOffset(scope, &end));
    if (!is_root) {
        /* The root is synthetic (there is no LocalScope row for it): not counted. */
        c->scopes++;
        c->checksum += (uint64_t)start + end;
    }
    walk_locals(scope, b, c);
    walk_constants(scope, b, c);
    ULONG32 n = 0;
    CALL(ISymUnmanagedScope_GetChildren(scope, 0, &n, NULL));
    if (!n)
        return;
    ISymUnmanagedScope *stack_children[16];
    ISymUnmanagedScope **children = n <= 16 ? stack_children : calloc(n, sizeof(*children));
    CALL(ISymUnmanagedScope_GetChildren(scope, n, &n, children));
    for (ULONG32 i = 0; i < n; i++) {
        walk_scope(children[i], 0, b, c);
        RELEASE(ISymUnmanagedScope_Release(children[i]));
    }
    if (children != stack_children)
        free(children);
}

static void walk_method(ISymUnmanagedMethod *method, struct buffers *b, struct counts *c)
{
    ULONG32 n = 0;
    CALL(ISymUnmanagedMethod_GetSequencePointCount(method, &n));
    if (n) {
        point_buffers(b, n);
        CALL(ISymUnmanagedMethod_GetSequencePoints(method, n, &n, b->offsets, b->point_docs,
                                                    b->lines, b->columns, b->end_lines,
                                                    b->end_columns));
        for (ULONG32 i = 0; i < n; i++) {
            c->checksum += (uint64_t)b->offsets[i] + b->lines[i] + b->columns[i] +
                           b->end_lines[i] + b->end_columns[i];
            RELEASE(ISymUnmanagedDocument_Release(b->point_docs[i]));
        }
        c->points += n;
    }
    ISymUnmanagedScope *root = NULL;
    com_calls++;
    if (SUCCEEDED(ISymUnmanagedMethod_GetRootScope(method, &root)) && root) {
        walk_scope(root, 1, b, c);
        RELEASE(ISymUnmanagedScope_Release(root));
    }
}

static void walk(ISymUnmanagedReader *reader, uint32_t method_count, struct buffers *b,
                 struct counts *c)
{
    memset(c, 0, sizeof(*c));
    com_calls = com_references = 0;
    walk_documents(reader, b, c);
    for (uint32_t rid = 1; rid <= method_count; rid++) {
        ISymUnmanagedMethod *method = NULL;
        com_calls++;
        if (FAILED(ISymUnmanagedReader_GetMethod(reader, 0x06000000u | rid, &method)) || !method)
            continue; /* no symbols for this method */
        c->methods++;
        walk_method(method, b, c);
        RELEASE(ISymUnmanagedMethod_Release(method));
    }
}

/* The protocol's own cost: as many calls through a vtable as the walk made (GetToken, which
 * only stores the token) and as many references taken and dropped (AddRef + Release of one
 * method object), with no decoding at all. A lower bound for any walk through this API, by
 * any implementation that counts references atomically, as COM objects used from several
 * threads must. Best of `reps`. */
struct protocol_floor {
    double calls; /* seconds: the calls alone */
    double all;   /* seconds: the calls and the references together */
};

static struct protocol_floor time_protocol_floor(ISymUnmanagedReader *reader, uint64_t calls,
                                                 uint64_t references, int reps)
{
    ISymUnmanagedMethod *method = NULL;
    CHECK(ISymUnmanagedReader_GetMethod(reader, 0x06000001u, &method));
    struct protocol_floor best = { 1e30, 1e30 };
    volatile mdMethodDef sink = 0;
    for (int r = 0; r < reps; r++) {
        double t0 = now_seconds();
        mdMethodDef token = 0;
        for (uint64_t i = 0; i < calls; i++) {
            ISymUnmanagedMethod_GetToken(method, &token);
            sink = token;
        }
        double t1 = now_seconds();
        /* The references interleaved with the calls, as in a walk: back to back, each locked
         * instruction waits for the one before on the same line, which a walk rarely does. */
        uint64_t per = references ? calls / references : 0, done = 0;
        for (uint64_t i = 0; i < references; i++) {
            ISymUnmanagedMethod_AddRef(method);
            for (uint64_t k = 0; k < per; k++, done++) {
                ISymUnmanagedMethod_GetToken(method, &token);
                sink = token;
            }
            ISymUnmanagedMethod_Release(method);
        }
        for (; done < calls; done++) {
            ISymUnmanagedMethod_GetToken(method, &token);
            sink = token;
        }
        double t2 = now_seconds();
        best.calls = t1 - t0 < best.calls ? t1 - t0 : best.calls;
        best.all = t2 - t1 < best.all ? t2 - t1 : best.all;
    }
    (void)sink;
    ISymUnmanagedMethod_Release(method);
    return best;
}

/* ---- opening ---- */

static ISymUnmanagedBinder *new_binder(void)
{
    IClassFactory *factory = NULL;
    ISymUnmanagedBinder *binder = NULL;
    CHECK(get_class_object(&CLSID_CorSymBinder_SxS, &IID_IClassFactory, (void **)&factory));
    CHECK(IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedBinder, (void **)&binder));
    IClassFactory_Release(factory);
    return binder;
}

static ISymUnmanagedReader *open_stream(ISymUnmanagedBinder *binder, IStream *stream)
{
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    CHECK(IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL));
    ISymUnmanagedReader *reader = NULL;
    CHECK(ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, stream, &reader));
    return reader;
}

struct open_times {
    double stream, file;
};

/* Best-of-N open times (stream and file); the readers are released outside the timing. */
static struct open_times time_open(ISymUnmanagedBinder *binder, const char *path, int reps)
{
    ULONG size = 0;
    unsigned char *bytes = read_file(path, &size);
    if (!bytes) {
        fprintf(stderr, "walk: cannot read %s\n", path);
        exit(1);
    }
    IStream *stream = NULL;
    CHECK(create_memory_stream(bytes, size, &stream));
    free(bytes);
    ISymUnmanagedBinder4 *binder4 = NULL;
    CHECK(ISymUnmanagedBinder_QueryInterface(binder, &IID_ISymUnmanagedBinder4, (void **)&binder4));
    WCHAR *wpath = utf16_path(path);

    struct open_times best = {1e30, 1e30};
    for (int r = 0; r < reps; r++) {
        double t0 = now_seconds();
        ISymUnmanagedReader *reader = open_stream(binder, stream);
        double t1 = now_seconds();
        ISymUnmanagedReader_Release(reader);
        if (t1 - t0 < best.stream)
            best.stream = t1 - t0;

        reader = NULL;
        t0 = now_seconds();
        CHECK(ISymUnmanagedBinder4_GetReaderFromPdbFile(binder4, NULL, wpath, &reader));
        t1 = now_seconds();
        ISymUnmanagedReader_Release(reader);
        if (t1 - t0 < best.file)
            best.file = t1 - t0;
    }
    free(wpath);
    ISymUnmanagedBinder4_Release(binder4);
    IStream_Release(stream);
    return best;
}

/* Position lookups (not part of the walk): GetMethodFromDocumentPosition and FindClosestLine for
 * the first visible sequence point of the first method, best of `reps` calls on one reader. */
static void time_position(ISymUnmanagedReader *reader, int reps)
{
    ISymUnmanagedMethod *method = NULL;
    if (FAILED(ISymUnmanagedReader_GetMethod(reader, 0x06000001u, &method)) || !method)
        return;
    ULONG32 n = 0;
    ISymUnmanagedMethod_GetSequencePointCount(method, &n);
    ULONG32 *lines = calloc(n ? n : 1, sizeof(ULONG32));
    ISymUnmanagedDocument **docs = calloc(n ? n : 1, sizeof(*docs));
    ULONG32 line = 0;
    ISymUnmanagedDocument *doc = NULL;
    if (n && SUCCEEDED(ISymUnmanagedMethod_GetSequencePoints(method, n, &n, NULL, docs, lines, NULL,
                                                             NULL, NULL))) {
        for (ULONG32 i = 0; i < n; i++) {
            if (!doc && lines[i] != 0xFEEFEE) {
                doc = docs[i];
                line = lines[i];
                ISymUnmanagedDocument_AddRef(doc);
            }
            ISymUnmanagedDocument_Release(docs[i]);
        }
    }
    free(lines);
    free(docs);
    ISymUnmanagedMethod_Release(method);
    if (!doc)
        return;
    double best_method = 1e30, best_line = 1e30, first_method = 0, first_line = 0;
    for (int r = 0; r < reps; r++) {
        ISymUnmanagedMethod *found = NULL;
        double t0 = now_seconds();
        HRESULT hr = ISymUnmanagedReader_GetMethodFromDocumentPosition(reader, doc, line, 0, &found);
        double t1 = now_seconds();
        if (SUCCEEDED(hr) && found)
            ISymUnmanagedMethod_Release(found);
        ULONG32 closest = 0;
        double t2 = now_seconds();
        ISymUnmanagedDocument_FindClosestLine(doc, line, &closest);
        double t3 = now_seconds();
        if (r == 0) {
            first_method = t1 - t0;
            first_line = t3 - t2;
        }
        if (t1 - t0 < best_method)
            best_method = t1 - t0;
        if (t3 - t2 < best_line)
            best_line = t3 - t2;
    }
    ISymUnmanagedDocument_Release(doc);
    printf("get_method_from_document_position_ms %.3f\n", best_method * 1e3);
    printf("find_closest_line_ms %.3f\n", best_line * 1e3);
    printf("get_method_from_document_position_first_ms %.3f\n", first_method * 1e3);
    printf("find_closest_line_first_ms %.3f\n", first_line * 1e3);
}

/* Highest MethodDef row with symbols: probe upwards until 1000 tokens in a row have none. */
static uint32_t probe_methods(ISymUnmanagedReader *reader)
{
    uint32_t last = 0;
    for (uint32_t rid = 1, misses = 0; misses < 1000 && rid < 0x01000000u; rid++) {
        ISymUnmanagedMethod *method = NULL;
        if (SUCCEEDED(ISymUnmanagedReader_GetMethod(reader, 0x06000000u | rid, &method)) && method) {
            ISymUnmanagedMethod_Release(method);
            last = rid;
            misses = 0;
        } else {
            misses++;
        }
    }
    return last;
}

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s LIBRARY PDB [--reps N] [--open-reps N] [--position-reps N] [--methods N]\n"
            "       [--small PDB]\n",
            argv0);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 3)
        usage(argv[0]);
    const char *library_path = argv[1], *pdb_path = argv[2], *small_path = NULL;
    int reps = 5, open_reps = 50, position_reps = 5;
    long methods_arg = -1;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--open-reps") && i + 1 < argc)
            open_reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--position-reps") && i + 1 < argc)
            position_reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--methods") && i + 1 < argc)
            methods_arg = strtol(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--small") && i + 1 < argc)
            small_path = argv[++i];
        else
            usage(argv[0]);
    }
    if (reps < 1 || open_reps < 0)
        usage(argv[0]);

    long rss_start = peak_rss_kb();
    void *library = load_library(library_path);
    if (!library) {
        fprintf(stderr, "walk: cannot load %s\n", library_path);
        return 1;
    }
    get_class_object = (CORSYM_PFN_DllGetClassObject)find_export(library, "DllGetClassObject");
    create_memory_stream = (create_memory_stream_fn)find_export(library, "CorSymCreateMemoryStream");
    if (!get_class_object || !create_memory_stream) {
        fprintf(stderr, "walk: %s lacks DllGetClassObject or CorSymCreateMemoryStream\n",
                library_path);
        return 1;
    }
    ISymUnmanagedBinder *binder = new_binder();

    ULONG size = 0;
    unsigned char *bytes = read_file(pdb_path, &size);
    if (!bytes) {
        fprintf(stderr, "walk: cannot read %s\n", pdb_path);
        return 1;
    }
    double t0 = now_seconds();
    IStream *stream = NULL;
    CHECK(create_memory_stream(bytes, size, &stream));
    double stream_seconds = now_seconds() - t0;
    free(bytes);
    long rss_loaded = peak_rss_kb();

    uint32_t method_count;
    if (methods_arg >= 0) {
        method_count = (uint32_t)methods_arg;
    } else {
        ISymUnmanagedReader *reader = open_stream(binder, stream);
        method_count = probe_methods(reader);
        ISymUnmanagedReader_Release(reader);
    }

    printf("walker corsym\n");
    printf("pdb %s\n", pdb_path);
    printf("pdb_bytes %lu\n", (unsigned long)size);
    printf("method_tokens %u\n", method_count);
    printf("reps %d\n", reps);
    printf("create_memory_stream_ms %.3f\n", stream_seconds * 1e3);

    /* Walks: each on a freshly opened reader. */
    struct buffers b;
    memset(&b, 0, sizeof(b));
    struct counts c, first;
    double best_walk = 1e30, best_open = 1e30, total_walk = 0;
    for (int r = 0; r < reps; r++) {
        double a = now_seconds();
        ISymUnmanagedReader *reader = open_stream(binder, stream);
        double m = now_seconds();
        walk(reader, method_count, &b, &c);
        double e = now_seconds();
        ISymUnmanagedReader_Release(reader);
        if (r == 0)
            first = c;
        else if (memcmp(&first, &c, sizeof(c)) != 0) {
            fprintf(stderr, "walk: repetition %d saw different counts\n", r);
            return 1;
        }
        if (m - a < best_open)
            best_open = m - a;
        if (e - m < best_walk)
            best_walk = e - m;
        total_walk += e - m;
    }
    long rss_walk = peak_rss_kb();
    uint64_t walk_calls = com_calls, walk_references = com_references;
    printf("walk_ms %.3f\n", best_walk * 1e3);
    printf("walk_mean_ms %.3f\n", total_walk / reps * 1e3);
    printf("walk_ns_per_method %.1f\n", c.methods ? best_walk * 1e9 / (double)c.methods : 0.0);
    printf("documents %llu\n", (unsigned long long)c.documents);
    printf("methods %llu\n", (unsigned long long)c.methods);
    printf("sequence_points %llu\n", (unsigned long long)c.points);
    printf("scopes %llu\n", (unsigned long long)c.scopes);
    printf("locals %llu\n", (unsigned long long)c.locals);
    printf("constants %llu\n", (unsigned long long)c.constants);
    printf("checksum %llu\n", (unsigned long long)c.checksum);
    printf("walk_com_calls %llu\n", (unsigned long long)walk_calls);
    printf("walk_com_references %llu\n", (unsigned long long)walk_references);
    {
        ISymUnmanagedReader *reader = open_stream(binder, stream);
        struct protocol_floor floor = time_protocol_floor(reader, walk_calls, walk_references, reps);
        ISymUnmanagedReader_Release(reader);
        printf("protocol_floor_calls_ms %.3f\n", floor.calls * 1e3);
        printf("protocol_floor_ms %.3f\n", floor.all * 1e3);
    }

    if (position_reps > 0) {
        ISymUnmanagedReader *reader = open_stream(binder, stream);
        time_position(reader, position_reps);
        ISymUnmanagedReader_Release(reader);
    }

    if (open_reps > 0) {
        struct open_times large = time_open(binder, pdb_path, open_reps);
        printf("open_stream_us %.2f\n", large.stream * 1e6);
        printf("open_file_us %.2f\n", large.file * 1e6);
        if (small_path) {
            struct open_times small = time_open(binder, small_path, open_reps);
            ULONG small_size = 0;
            unsigned char *sb = read_file(small_path, &small_size);
            free(sb);
            printf("small_pdb %s\n", small_path);
            printf("small_pdb_bytes %lu\n", (unsigned long)small_size);
            printf("small_open_stream_us %.2f\n", small.stream * 1e6);
            printf("small_open_file_us %.2f\n", small.file * 1e6);
            printf("open_stream_scaling %.2f\n", large.stream / small.stream);
            printf("open_file_scaling %.2f\n", large.file / small.file);
        }
    }

    printf("rss_start_kb %ld\n", rss_start);
    printf("rss_after_load_kb %ld\n", rss_loaded);
    printf("peak_rss_after_walks_kb %ld\n", rss_walk);
    printf("peak_rss_kb %ld\n", peak_rss_kb());

    IStream_Release(stream);
    ISymUnmanagedBinder_Release(binder);
    free(b.name); free(b.bytes); free(b.offsets); free(b.lines); free(b.columns);
    free(b.end_lines); free(b.end_columns); free(b.point_docs); free(b.docs);
    return 0;
}
