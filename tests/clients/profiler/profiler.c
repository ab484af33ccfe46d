/* SPDX-License-Identifier: MIT */
/*
 * A minimal CoreCLR profiler that reads the symbols of in-memory modules with corsym.
 *
 * Loaded by the runtime through
 *   CORECLR_ENABLE_PROFILING=1  CORECLR_PROFILER={8E2B0F4C-5D71-4C3A-9B62-3F1A7C0D9E54}
 *   CORECLR_PROFILER_PATH=<this library>
 * and configured by
 *   CORSYM_LIBRARY          corsym's shared library (loaded by path, as the CLR loads a reader)
 *   CORSYM_PROFILER_OUTPUT  file to write the report to (default: stderr)
 *
 * For every module it is told about (ModuleLoadFinished, ModuleInMemorySymbolsUpdated) it asks
 * ICorProfilerInfo7::GetInMemorySymbolsLength. A module with in-memory symbols is read with
 * ReadInMemorySymbols, the bytes are wrapped in CorSymCreateMemoryStream, a reader comes from
 * DllGetClassObject(CLSID_CorSymBinder_SxS) -> GetReaderFromStream, and the sequence points of
 * every method are printed. A Reflection.Emit module must answer CORPROF_E_MODULE_IS_DYNAMIC.
 *
 * Report lines:
 *   profiler initialized
 *   module <name> dynamic <hr> size=<n> flags=<f> (event)   (GetInMemorySymbolsLength, dynamic module)
 *   module <name> symbols <n> <format>         (in-memory symbols read; format portable|windows|?)
 *   method 0x06xxxxxx
 *     IL_xxxx <line>:<col>-<endline>:<endcol> <document url>   |   IL_xxxx hidden
 *   error <text>
 */
#define COBJMACROS
#define INITGUID
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsym/corsym.h"
#include "corprof_min.h"

#define EXPORT __attribute__((visibility("default")))

/* {8E2B0F4C-5D71-4C3A-9B62-3F1A7C0D9E54}: this test profiler's own CLSID. */
static const GUID CLSID_TestProfiler = {0x8e2b0f4c, 0x5d71, 0x4c3a,
                                        {0x9b, 0x62, 0x3f, 0x1a, 0x7c, 0x0d, 0x9e, 0x54}};
static const GUID IID_ICorProfilerCallback_[7] = {
    {0x176fbed1, 0xa55c, 0x4796, {0x98, 0xca, 0xa9, 0xda, 0x0e, 0xf8, 0x83, 0xe7}},
    {0x8a8cc829, 0xccf2, 0x49fe, {0xbb, 0xae, 0x0f, 0x02, 0x22, 0x28, 0x07, 0x1a}},
    {0x4fd2ed52, 0x7731, 0x4b8d, {0x94, 0x69, 0x03, 0xd2, 0xcc, 0x30, 0x86, 0xc5}},
    {0x7b63b2e3, 0x107d, 0x4d48, {0xb2, 0xf6, 0xf6, 0x1e, 0x22, 0x94, 0x70, 0xd2}},
    {0x8dfba405, 0x8c9f, 0x45f8, {0xbf, 0xfa, 0x83, 0xb1, 0x4c, 0xef, 0x78, 0xb5}},
    {0xfc13df4b, 0x4448, 0x4f4f, {0x95, 0x0c, 0xba, 0x8d, 0x19, 0xd0, 0x0c, 0x36}},
    {0xf76a2dba, 0x1d52, 0x4539, {0x86, 0x6c, 0x2a, 0xa5, 0x18, 0xf9, 0xef, 0xc3}},
};
static const GUID IID_ICorProfilerInfo7 = {0x9aeecc0d, 0x63e0, 0x4187,
                                           {0x8c, 0x00, 0xe3, 0x12, 0xf5, 0x03, 0xf6, 0x63}};

typedef HRESULT(STDAPICALLTYPE *create_memory_stream_fn)(const BYTE *, ULONG, IStream **);

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *g_out;
static ICorProfilerInfo7 *g_info;
static CORSYM_PFN_DllGetClassObject g_get_class_object;
static create_memory_stream_fn g_create_memory_stream;
/* Modules already reported (a module can be announced by both events). */
static ModuleID g_done[256];
static size_t g_done_count;

static void print_wide(const WCHAR *text)
{
    for (; text && *text; text++) {
        unsigned c = *text;
        if (c < 0x80) {
            fputc((int)c, g_out);
        } else if (c < 0x800) {
            fputc((int)(0xc0 | c >> 6), g_out);
            fputc((int)(0x80 | (c & 0x3f)), g_out);
        } else { /* surrogates pass through as their own 3-byte forms: enough for a test */
            fputc((int)(0xe0 | c >> 12), g_out);
            fputc((int)(0x80 | ((c >> 6) & 0x3f)), g_out);
            fputc((int)(0x80 | (c & 0x3f)), g_out);
        }
    }
}

static void print_url(ISymUnmanagedDocument *document)
{
    ULONG32 length = 0;
    if (FAILED(ISymUnmanagedDocument_GetURL(document, 0, &length, NULL)) || length == 0)
        return;
    WCHAR *url = calloc(length + 1, sizeof(WCHAR));
    if (url && SUCCEEDED(ISymUnmanagedDocument_GetURL(document, length, &length, url)))
        print_wide(url);
    free(url);
}

static void print_method(ISymUnmanagedMethod *method)
{
    mdMethodDef token = 0;
    ULONG32 count = 0;
    ISymUnmanagedMethod_GetToken(method, &token);
    if (FAILED(ISymUnmanagedMethod_GetSequencePoints(method, 0, &count, NULL, NULL, NULL, NULL,
                                                     NULL, NULL)) ||
        count == 0)
        return;
    ULONG32 *offsets = calloc(count, sizeof(ULONG32)), *lines = calloc(count, sizeof(ULONG32));
    ULONG32 *columns = calloc(count, sizeof(ULONG32)), *end_lines = calloc(count, sizeof(ULONG32));
    ULONG32 *end_columns = calloc(count, sizeof(ULONG32));
    ISymUnmanagedDocument **documents = calloc(count, sizeof(*documents));
    if (offsets && lines && columns && end_lines && end_columns && documents &&
        SUCCEEDED(ISymUnmanagedMethod_GetSequencePoints(method, count, &count, offsets, documents,
                                                        lines, columns, end_lines,
                                                        end_columns))) {
        fprintf(g_out, "method 0x%08x\n", (unsigned)token);
        for (ULONG32 i = 0; i < count; i++) {
            fprintf(g_out, "  IL_%04x ", (unsigned)offsets[i]);
            if (lines[i] == 0xFEEFEE) {
                fputs("hidden", g_out);
            } else {
                fprintf(g_out, "%u:%u-%u:%u ", (unsigned)lines[i], (unsigned)columns[i],
                        (unsigned)end_lines[i], (unsigned)end_columns[i]);
                print_url(documents[i]);
            }
            fputc('\n', g_out);
            if (documents[i])
                ISymUnmanagedDocument_Release(documents[i]);
        }
    } else {
        fprintf(g_out, "error GetSequencePoints of 0x%08x\n", (unsigned)token);
    }
    free(offsets); free(lines); free(columns); free(end_lines); free(end_columns);
    free(documents);
}

/* The bytes a profiler reads with ReadInMemorySymbols, through corsym's binder. */
static void dump_symbols(const BYTE *bytes, DWORD size)
{
    IStream *stream = NULL;
    IClassFactory *factory = NULL;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    HRESULT hr = g_create_memory_stream(bytes, size, &stream);
    if (SUCCEEDED(hr))
        hr = g_get_class_object(&CLSID_CorSymBinder_SxS, &IID_IClassFactory, (void **)&factory);
    if (SUCCEEDED(hr))
        hr = IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedBinder,
                                          (void **)&binder);
    if (SUCCEEDED(hr))
        hr = ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, stream, &reader);
    if (FAILED(hr)) {
        fprintf(g_out, "error GetReaderFromStream 0x%08x\n", (unsigned)hr);
    } else {
        /* MethodDef tokens count up from 0x06000001; stop after a long run without symbols. */
        for (unsigned rid = 1, misses = 0; misses < 256; rid++) {
            ISymUnmanagedMethod *method = NULL;
            if (FAILED(ISymUnmanagedReader_GetMethod(reader, 0x06000000u | rid, &method)) ||
                !method) {
                misses++;
                continue;
            }
            misses = 0;
            print_method(method);
            ISymUnmanagedMethod_Release(method);
        }
        ISymUnmanagedReader_Release(reader);
    }
    if (binder)
        ISymUnmanagedBinder_Release(binder);
    if (factory)
        IClassFactory_Release(factory);
    if (stream)
        IStream_Release(stream);
}

static void inspect_module(ModuleID module, const char *event)
{
    pthread_mutex_lock(&g_lock);
    for (size_t i = 0; i < g_done_count; i++)
        if (g_done[i] == module)
            goto out;

    WCHAR name[512] = {0};
    ULONG name_length = 0;
    DWORD flags = 0;
    const BYTE *base = NULL;
    AssemblyID assembly = 0;
    HRESULT hr = g_info->lpVtbl->GetModuleInfo2(g_info, module, &base, 512, &name_length, name,
                                                &assembly, &flags);
    if (FAILED(hr))
        name[0] = 0;

    DWORD size = 0;
    hr = g_info->lpVtbl->GetInMemorySymbolsLength(g_info, module, &size);
    if (hr == CORPROF_E_MODULE_IS_DYNAMIC || (flags & COR_PRF_MODULE_DYNAMIC)) {
        fputs("module ", g_out);
        print_wide(name);
        fprintf(g_out, " dynamic 0x%08x size=%u flags=0x%x (%s)\n", (unsigned)hr, (unsigned)size, (unsigned)flags, event);
        if (g_done_count < sizeof g_done / sizeof g_done[0])
            g_done[g_done_count++] = module;
        goto out;
    }
    if (FAILED(hr)) {
        fprintf(g_out, "error GetInMemorySymbolsLength 0x%08x\n", (unsigned)hr);
        goto out;
    }
    if (size == 0)
        goto out; /* no in-memory symbols (yet): ModuleInMemorySymbolsUpdated may follow */

    BYTE *bytes = malloc(size);
    DWORD total = 0;
    while (bytes && total < size) {
        DWORD got = 0;
        hr = g_info->lpVtbl->ReadInMemorySymbols(g_info, module, total, bytes + total,
                                                 size - total, &got);
        if (FAILED(hr) || got == 0)
            break;
        total += got;
    }
    fputs("module ", g_out);
    print_wide(name);
    const char *format = total >= 4 && memcmp(bytes, "BSJB", 4) == 0 ? "portable"
                         : total >= 26 && memcmp(bytes, "Microsoft C/C++ MSF 7.00", 24) == 0
                             ? "windows"
                             : "?";
    fprintf(g_out, " symbols %u %s (%s)\n", (unsigned)total, format, event);
    if (total == size)
        dump_symbols(bytes, total);
    else
        fprintf(g_out, "error ReadInMemorySymbols 0x%08x after %u of %u bytes\n", (unsigned)hr,
                (unsigned)total, (unsigned)size);
    free(bytes);
    if (g_done_count < sizeof g_done / sizeof g_done[0])
        g_done[g_done_count++] = module;
out:
    fflush(g_out);
    pthread_mutex_unlock(&g_lock);
}

/* ---- ICorProfilerCallback7 ---- */

static HRESULT STDMETHODCALLTYPE cb_QueryInterface(cb_self self, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    int ok = IsEqualGUID(riid, &IID_IUnknown);
    for (int i = 0; i < 7 && !ok; i++)
        ok = IsEqualGUID(riid, &IID_ICorProfilerCallback_[i]);
    *ppv = ok ? self : NULL;
    return ok ? S_OK : E_NOINTERFACE;
}
/* One static object: reference counting is moot. */
static ULONG STDMETHODCALLTYPE cb_AddRef(cb_self self) { return 2; }
static ULONG STDMETHODCALLTYPE cb_Release(cb_self self) { return 1; }

static HRESULT STDMETHODCALLTYPE cb_Initialize(cb_self self, IUnknown *info_unknown)
{
    const char *output = getenv("CORSYM_PROFILER_OUTPUT");
    g_out = output && *output ? fopen(output, "w") : stderr;
    if (!g_out)
        g_out = stderr;
    const char *library_path = getenv("CORSYM_LIBRARY");
    void *library = library_path ? dlopen(library_path, RTLD_NOW | RTLD_LOCAL) : NULL;
    if (library) {
        g_get_class_object =
            (CORSYM_PFN_DllGetClassObject)(uintptr_t)dlsym(library, "DllGetClassObject");
        g_create_memory_stream =
            (create_memory_stream_fn)(uintptr_t)dlsym(library, "CorSymCreateMemoryStream");
    }
    if (!g_get_class_object || !g_create_memory_stream) {
        fprintf(g_out, "error cannot load corsym from %s: %s\n",
                library_path ? library_path : "(CORSYM_LIBRARY unset)",
                library ? "missing exports" : dlerror());
        fflush(g_out);
        return E_FAIL;
    }
    HRESULT hr = IUnknown_QueryInterface(info_unknown, &IID_ICorProfilerInfo7, (void **)&g_info);
    if (SUCCEEDED(hr))
        hr = g_info->lpVtbl->SetEventMask2(g_info, COR_PRF_MONITOR_MODULE_LOADS,
                                           COR_PRF_HIGH_IN_MEMORY_SYMBOLS_UPDATED);
    if (FAILED(hr)) {
        fprintf(g_out, "error ICorProfilerInfo7/SetEventMask2 0x%08x\n", (unsigned)hr);
        fflush(g_out);
        return hr;
    }
    fputs("profiler initialized\n", g_out);
    fflush(g_out);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE cb_ModuleLoadFinished(cb_self self, corprof_id module,
                                                       HRESULT status)
{
    if (SUCCEEDED(status))
        inspect_module(module, "ModuleLoadFinished");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE cb_ModuleInMemorySymbolsUpdated(cb_self self, corprof_id module)
{
    inspect_module(module, "ModuleInMemorySymbolsUpdated");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE cb_Shutdown(cb_self self)
{
    if (g_out) {
        fputs("profiler shutdown\n", g_out);
        fflush(g_out);
    }
    return S_OK;
}

/* Every other callback: its own signature, S_OK. */
#define CB(name, ...)                                                                         \
    static HRESULT STDMETHODCALLTYPE cb_##name(cb_self self, __VA_ARGS__) { return S_OK; }
#define CB0(name)                                                                             \
    static HRESULT STDMETHODCALLTYPE cb_##name(cb_self self) { return S_OK; }
CB(AppDomainCreationStarted, corprof_id a)
CB(AppDomainCreationFinished, corprof_id a, HRESULT b)
CB(AppDomainShutdownStarted, corprof_id a)
CB(AppDomainShutdownFinished, corprof_id a, HRESULT b)
CB(AssemblyLoadStarted, corprof_id a)
CB(AssemblyLoadFinished, corprof_id a, HRESULT b)
CB(AssemblyUnloadStarted, corprof_id a)
CB(AssemblyUnloadFinished, corprof_id a, HRESULT b)
CB(ModuleLoadStarted, corprof_id a)
CB(ModuleUnloadStarted, corprof_id a)
CB(ModuleUnloadFinished, corprof_id a, HRESULT b)
CB(ModuleAttachedToAssembly, corprof_id a, corprof_id b)
CB(ClassLoadStarted, corprof_id a)
CB(ClassLoadFinished, corprof_id a, HRESULT b)
CB(ClassUnloadStarted, corprof_id a)
CB(ClassUnloadFinished, corprof_id a, HRESULT b)
CB(FunctionUnloadStarted, corprof_id a)
CB(JITCompilationStarted, corprof_id a, BOOL b)
CB(JITCompilationFinished, corprof_id a, HRESULT b, BOOL c)
CB(JITCachedFunctionSearchStarted, corprof_id a, BOOL *b)
CB(JITCachedFunctionSearchFinished, corprof_id a, corprof_enum b)
CB(JITFunctionPitched, corprof_id a)
CB(JITInlining, corprof_id a, corprof_id b, BOOL *c)
CB(ThreadCreated, corprof_id a)
CB(ThreadDestroyed, corprof_id a)
CB(ThreadAssignedToOSThread, corprof_id a, DWORD b)
CB0(RemotingClientInvocationStarted)
CB(RemotingClientSendingMessage, GUID *a, BOOL b)
CB(RemotingClientReceivingReply, GUID *a, BOOL b)
CB0(RemotingClientInvocationFinished)
CB(RemotingServerReceivingMessage, GUID *a, BOOL b)
CB0(RemotingServerInvocationStarted)
CB0(RemotingServerInvocationReturned)
CB(RemotingServerSendingReply, GUID *a, BOOL b)
CB(UnmanagedToManagedTransition, corprof_id a, corprof_enum b)
CB(ManagedToUnmanagedTransition, corprof_id a, corprof_enum b)
CB(RuntimeSuspendStarted, corprof_enum a)
CB0(RuntimeSuspendFinished)
CB0(RuntimeSuspendAborted)
CB0(RuntimeResumeStarted)
CB0(RuntimeResumeFinished)
CB(RuntimeThreadSuspended, corprof_id a)
CB(RuntimeThreadResumed, corprof_id a)
CB(MovedReferences, ULONG a, corprof_id *b, corprof_id *c, ULONG *d)
CB(ObjectAllocated, corprof_id a, corprof_id b)
CB(ObjectsAllocatedByClass, ULONG a, corprof_id *b, ULONG *c)
CB(ObjectReferences, corprof_id a, corprof_id b, ULONG c, corprof_id *d)
CB(RootReferences, ULONG a, corprof_id *b)
CB(ExceptionThrown, corprof_id a)
CB(ExceptionSearchFunctionEnter, corprof_id a)
CB0(ExceptionSearchFunctionLeave)
CB(ExceptionSearchFilterEnter, corprof_id a)
CB0(ExceptionSearchFilterLeave)
CB(ExceptionSearchCatcherFound, corprof_id a)
CB(ExceptionOSHandlerEnter, corprof_id a)
CB(ExceptionOSHandlerLeave, corprof_id a)
CB(ExceptionUnwindFunctionEnter, corprof_id a)
CB0(ExceptionUnwindFunctionLeave)
CB(ExceptionUnwindFinallyEnter, corprof_id a)
CB0(ExceptionUnwindFinallyLeave)
CB(ExceptionCatcherEnter, corprof_id a, corprof_id b)
CB0(ExceptionCatcherLeave)
CB(COMClassicVTableCreated, corprof_id a, REFGUID b, void *c, ULONG d)
CB(COMClassicVTableDestroyed, corprof_id a, REFGUID b, void *c)
CB0(ExceptionCLRCatcherFound)
CB0(ExceptionCLRCatcherExecute)
CB(ThreadNameChanged, corprof_id a, ULONG b, WCHAR *c)
CB(GarbageCollectionStarted, int a, BOOL *b, corprof_enum c)
CB(SurvivingReferences, ULONG a, corprof_id *b, ULONG *c)
CB0(GarbageCollectionFinished)
CB(FinalizeableObjectQueued, DWORD a, corprof_id b)
CB(RootReferences2, ULONG a, corprof_id *b, corprof_enum *c, corprof_enum *d, corprof_id *e)
CB(HandleCreated, corprof_id a, corprof_id b)
CB(HandleDestroyed, corprof_id a)
CB(InitializeForAttach, IUnknown *a, void *b, UINT c)
CB0(ProfilerAttachComplete)
CB0(ProfilerDetachSucceeded)
CB(ReJITCompilationStarted, corprof_id a, corprof_id b, BOOL c)
CB(GetReJITParameters, corprof_id a, corprof_token b, void *c)
CB(ReJITCompilationFinished, corprof_id a, corprof_id b, HRESULT c, BOOL d)
CB(ReJITError, corprof_id a, corprof_token b, corprof_id c, HRESULT d)
CB(MovedReferences2, ULONG a, corprof_id *b, corprof_id *c, SIZE_T *d)
CB(SurvivingReferences2, ULONG a, corprof_id *b, SIZE_T *c)
CB(ConditionalWeakTableElementReferences, ULONG a, corprof_id *b, corprof_id *c, corprof_id *d)
CB(GetAssemblyReferences, const WCHAR *a, void *b)

#define SLOT(name) .name = cb_##name
static const ICorProfilerCallback7Vtbl callback_vtbl = {
    SLOT(QueryInterface), SLOT(AddRef), SLOT(Release),
    SLOT(Initialize), SLOT(Shutdown),
    SLOT(AppDomainCreationStarted), SLOT(AppDomainCreationFinished),
    SLOT(AppDomainShutdownStarted), SLOT(AppDomainShutdownFinished),
    SLOT(AssemblyLoadStarted), SLOT(AssemblyLoadFinished),
    SLOT(AssemblyUnloadStarted), SLOT(AssemblyUnloadFinished),
    SLOT(ModuleLoadStarted), SLOT(ModuleLoadFinished),
    SLOT(ModuleUnloadStarted), SLOT(ModuleUnloadFinished), SLOT(ModuleAttachedToAssembly),
    SLOT(ClassLoadStarted), SLOT(ClassLoadFinished),
    SLOT(ClassUnloadStarted), SLOT(ClassUnloadFinished),
    SLOT(FunctionUnloadStarted), SLOT(JITCompilationStarted), SLOT(JITCompilationFinished),
    SLOT(JITCachedFunctionSearchStarted), SLOT(JITCachedFunctionSearchFinished),
    SLOT(JITFunctionPitched), SLOT(JITInlining),
    SLOT(ThreadCreated), SLOT(ThreadDestroyed), SLOT(ThreadAssignedToOSThread),
    SLOT(RemotingClientInvocationStarted), SLOT(RemotingClientSendingMessage),
    SLOT(RemotingClientReceivingReply), SLOT(RemotingClientInvocationFinished),
    SLOT(RemotingServerReceivingMessage), SLOT(RemotingServerInvocationStarted),
    SLOT(RemotingServerInvocationReturned), SLOT(RemotingServerSendingReply),
    SLOT(UnmanagedToManagedTransition), SLOT(ManagedToUnmanagedTransition),
    SLOT(RuntimeSuspendStarted), SLOT(RuntimeSuspendFinished), SLOT(RuntimeSuspendAborted),
    SLOT(RuntimeResumeStarted), SLOT(RuntimeResumeFinished),
    SLOT(RuntimeThreadSuspended), SLOT(RuntimeThreadResumed),
    SLOT(MovedReferences), SLOT(ObjectAllocated), SLOT(ObjectsAllocatedByClass),
    SLOT(ObjectReferences), SLOT(RootReferences),
    SLOT(ExceptionThrown), SLOT(ExceptionSearchFunctionEnter), SLOT(ExceptionSearchFunctionLeave),
    SLOT(ExceptionSearchFilterEnter), SLOT(ExceptionSearchFilterLeave),
    SLOT(ExceptionSearchCatcherFound), SLOT(ExceptionOSHandlerEnter),
    SLOT(ExceptionOSHandlerLeave), SLOT(ExceptionUnwindFunctionEnter),
    SLOT(ExceptionUnwindFunctionLeave), SLOT(ExceptionUnwindFinallyEnter),
    SLOT(ExceptionUnwindFinallyLeave), SLOT(ExceptionCatcherEnter), SLOT(ExceptionCatcherLeave),
    SLOT(COMClassicVTableCreated), SLOT(COMClassicVTableDestroyed),
    SLOT(ExceptionCLRCatcherFound), SLOT(ExceptionCLRCatcherExecute),
    SLOT(ThreadNameChanged), SLOT(GarbageCollectionStarted), SLOT(SurvivingReferences),
    SLOT(GarbageCollectionFinished), SLOT(FinalizeableObjectQueued), SLOT(RootReferences2),
    SLOT(HandleCreated), SLOT(HandleDestroyed),
    SLOT(InitializeForAttach), SLOT(ProfilerAttachComplete), SLOT(ProfilerDetachSucceeded),
    SLOT(ReJITCompilationStarted), SLOT(GetReJITParameters), SLOT(ReJITCompilationFinished),
    SLOT(ReJITError), SLOT(MovedReferences2), SLOT(SurvivingReferences2),
    SLOT(ConditionalWeakTableElementReferences),
    SLOT(GetAssemblyReferences),
    SLOT(ModuleInMemorySymbolsUpdated),
};
static ICorProfilerCallback7 g_profiler = {&callback_vtbl};

/* ---- class factory and the export the runtime calls ---- */

static HRESULT STDMETHODCALLTYPE factory_QueryInterface(IClassFactory *self, REFIID riid,
                                                        void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory)) {
        *ppv = self;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE factory_AddRef(IClassFactory *self) { return 2; }
static ULONG STDMETHODCALLTYPE factory_Release(IClassFactory *self) { return 1; }
static HRESULT STDMETHODCALLTYPE factory_CreateInstance(IClassFactory *self, IUnknown *outer,
                                                        REFIID riid, void **ppv)
{
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return cb_QueryInterface(&g_profiler, riid, ppv);
}
static HRESULT STDMETHODCALLTYPE factory_LockServer(IClassFactory *self, BOOL lock) { return S_OK; }

static const IClassFactoryVtbl factory_vtbl = {factory_QueryInterface, factory_AddRef,
                                               factory_Release, factory_CreateInstance,
                                               factory_LockServer};
static IClassFactory g_factory = {(IClassFactoryVtbl *)&factory_vtbl};

EXPORT HRESULT STDAPICALLTYPE DllGetClassObject(REFCLSID rclsid, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    if (!IsEqualGUID(rclsid, &CLSID_TestProfiler))
        return CLASS_E_CLASSNOTAVAILABLE;
    return factory_QueryInterface(&g_factory, riid, ppv);
}

EXPORT HRESULT STDAPICALLTYPE DllCanUnloadNow(void) { return S_FALSE; }
