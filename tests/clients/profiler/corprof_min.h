/* SPDX-License-Identifier: MIT */
/*
 * corprof_min.h -- the few CoreCLR profiling API declarations the test profiler needs, written
 * for this project from the public profiling API facts (method order and GUIDs as published in
 * dotnet/runtime src/coreclr/inc/corprof.idl; HRESULT values from src/coreclr/inc/corerror.xml).
 *
 * Two interfaces, as C vtables:
 *   ICorProfilerCallback7  -- implemented by the profiler (every slot, with its real signature)
 *   ICorProfilerInfo7      -- implemented by the runtime (every slot present; the ones this test
 *                             never calls are typed `corprof_unused_slot` and never called)
 * Slot numbers in the comments count IUnknown's three methods as 0..2.
 */
#ifndef CORSYM_TESTS_CORPROF_MIN_H
#define CORSYM_TESTS_CORPROF_MIN_H

#include "corsym/corsym.h" /* HRESULT, GUID, IUnknown, WCHAR, ... (PAL types outside Windows) */
#include <stddef.h>
#include <stdint.h>

typedef uintptr_t corprof_id; /* ProcessID, AssemblyID, ModuleID, ClassID, FunctionID, ... */
typedef corprof_id ModuleID;
typedef corprof_id AssemblyID;
typedef int32_t corprof_token; /* mdToken / mdMethodDef */
typedef int corprof_enum;      /* the enum parameters (4 bytes) */

/* COR_PRF_MONITOR (SetEventMask / low word of SetEventMask2) */
#define COR_PRF_MONITOR_MODULE_LOADS 0x00000004u
/* COR_PRF_HIGH_MONITOR (high word of SetEventMask2) */
#define COR_PRF_HIGH_IN_MEMORY_SYMBOLS_UPDATED 0x00000002u
/* COR_PRF_MODULE_FLAGS (GetModuleInfo2) */
#define COR_PRF_MODULE_DISK 0x00000001u
#define COR_PRF_MODULE_DYNAMIC 0x00000004u
/* corerror.xml */
#define CORPROF_E_MODULE_IS_DYNAMIC ((HRESULT)0x8013137A)

typedef struct ICorProfilerCallback7 ICorProfilerCallback7;
typedef struct ICorProfilerInfo7 ICorProfilerInfo7;
typedef ICorProfilerCallback7 *cb_self;

/* ---- ICorProfilerCallback .. ICorProfilerCallback7: 92 slots ---- */
typedef struct ICorProfilerCallback7Vtbl {
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(cb_self, REFIID, void **);          /* 0 */
    ULONG (STDMETHODCALLTYPE *AddRef)(cb_self);                                      /* 1 */
    ULONG (STDMETHODCALLTYPE *Release)(cb_self);                                     /* 2 */
    /* ICorProfilerCallback 176FBED1-A55C-4796-98CA-A9DA0EF883E7 */
    HRESULT (STDMETHODCALLTYPE *Initialize)(cb_self, IUnknown *);                    /* 3 */
    HRESULT (STDMETHODCALLTYPE *Shutdown)(cb_self);                                  /* 4 */
    HRESULT (STDMETHODCALLTYPE *AppDomainCreationStarted)(cb_self, corprof_id);      /* 5 */
    HRESULT (STDMETHODCALLTYPE *AppDomainCreationFinished)(cb_self, corprof_id, HRESULT);
    HRESULT (STDMETHODCALLTYPE *AppDomainShutdownStarted)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *AppDomainShutdownFinished)(cb_self, corprof_id, HRESULT);
    HRESULT (STDMETHODCALLTYPE *AssemblyLoadStarted)(cb_self, corprof_id);           /* 9 */
    HRESULT (STDMETHODCALLTYPE *AssemblyLoadFinished)(cb_self, corprof_id, HRESULT);
    HRESULT (STDMETHODCALLTYPE *AssemblyUnloadStarted)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *AssemblyUnloadFinished)(cb_self, corprof_id, HRESULT);
    HRESULT (STDMETHODCALLTYPE *ModuleLoadStarted)(cb_self, corprof_id);             /* 13 */
    HRESULT (STDMETHODCALLTYPE *ModuleLoadFinished)(cb_self, corprof_id, HRESULT);   /* 14 */
    HRESULT (STDMETHODCALLTYPE *ModuleUnloadStarted)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ModuleUnloadFinished)(cb_self, corprof_id, HRESULT);
    HRESULT (STDMETHODCALLTYPE *ModuleAttachedToAssembly)(cb_self, corprof_id, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ClassLoadStarted)(cb_self, corprof_id);              /* 18 */
    HRESULT (STDMETHODCALLTYPE *ClassLoadFinished)(cb_self, corprof_id, HRESULT);
    HRESULT (STDMETHODCALLTYPE *ClassUnloadStarted)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ClassUnloadFinished)(cb_self, corprof_id, HRESULT);
    HRESULT (STDMETHODCALLTYPE *FunctionUnloadStarted)(cb_self, corprof_id);         /* 22 */
    HRESULT (STDMETHODCALLTYPE *JITCompilationStarted)(cb_self, corprof_id, BOOL);
    HRESULT (STDMETHODCALLTYPE *JITCompilationFinished)(cb_self, corprof_id, HRESULT, BOOL);
    HRESULT (STDMETHODCALLTYPE *JITCachedFunctionSearchStarted)(cb_self, corprof_id, BOOL *);
    HRESULT (STDMETHODCALLTYPE *JITCachedFunctionSearchFinished)(cb_self, corprof_id, corprof_enum);
    HRESULT (STDMETHODCALLTYPE *JITFunctionPitched)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *JITInlining)(cb_self, corprof_id, corprof_id, BOOL *); /* 28 */
    HRESULT (STDMETHODCALLTYPE *ThreadCreated)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ThreadDestroyed)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ThreadAssignedToOSThread)(cb_self, corprof_id, DWORD);
    HRESULT (STDMETHODCALLTYPE *RemotingClientInvocationStarted)(cb_self);           /* 32 */
    HRESULT (STDMETHODCALLTYPE *RemotingClientSendingMessage)(cb_self, GUID *, BOOL);
    HRESULT (STDMETHODCALLTYPE *RemotingClientReceivingReply)(cb_self, GUID *, BOOL);
    HRESULT (STDMETHODCALLTYPE *RemotingClientInvocationFinished)(cb_self);
    HRESULT (STDMETHODCALLTYPE *RemotingServerReceivingMessage)(cb_self, GUID *, BOOL);
    HRESULT (STDMETHODCALLTYPE *RemotingServerInvocationStarted)(cb_self);
    HRESULT (STDMETHODCALLTYPE *RemotingServerInvocationReturned)(cb_self);
    HRESULT (STDMETHODCALLTYPE *RemotingServerSendingReply)(cb_self, GUID *, BOOL);  /* 39 */
    HRESULT (STDMETHODCALLTYPE *UnmanagedToManagedTransition)(cb_self, corprof_id, corprof_enum);
    HRESULT (STDMETHODCALLTYPE *ManagedToUnmanagedTransition)(cb_self, corprof_id, corprof_enum);
    HRESULT (STDMETHODCALLTYPE *RuntimeSuspendStarted)(cb_self, corprof_enum);       /* 42 */
    HRESULT (STDMETHODCALLTYPE *RuntimeSuspendFinished)(cb_self);
    HRESULT (STDMETHODCALLTYPE *RuntimeSuspendAborted)(cb_self);
    HRESULT (STDMETHODCALLTYPE *RuntimeResumeStarted)(cb_self);
    HRESULT (STDMETHODCALLTYPE *RuntimeResumeFinished)(cb_self);
    HRESULT (STDMETHODCALLTYPE *RuntimeThreadSuspended)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *RuntimeThreadResumed)(cb_self, corprof_id);          /* 48 */
    HRESULT (STDMETHODCALLTYPE *MovedReferences)(cb_self, ULONG, corprof_id *, corprof_id *, ULONG *);
    HRESULT (STDMETHODCALLTYPE *ObjectAllocated)(cb_self, corprof_id, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ObjectsAllocatedByClass)(cb_self, ULONG, corprof_id *, ULONG *);
    HRESULT (STDMETHODCALLTYPE *ObjectReferences)(cb_self, corprof_id, corprof_id, ULONG, corprof_id *);
    HRESULT (STDMETHODCALLTYPE *RootReferences)(cb_self, ULONG, corprof_id *);       /* 53 */
    HRESULT (STDMETHODCALLTYPE *ExceptionThrown)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ExceptionSearchFunctionEnter)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ExceptionSearchFunctionLeave)(cb_self);
    HRESULT (STDMETHODCALLTYPE *ExceptionSearchFilterEnter)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ExceptionSearchFilterLeave)(cb_self);
    HRESULT (STDMETHODCALLTYPE *ExceptionSearchCatcherFound)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ExceptionOSHandlerEnter)(cb_self, corprof_id);       /* 60 */
    HRESULT (STDMETHODCALLTYPE *ExceptionOSHandlerLeave)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ExceptionUnwindFunctionEnter)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ExceptionUnwindFunctionLeave)(cb_self);
    HRESULT (STDMETHODCALLTYPE *ExceptionUnwindFinallyEnter)(cb_self, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ExceptionUnwindFinallyLeave)(cb_self);
    HRESULT (STDMETHODCALLTYPE *ExceptionCatcherEnter)(cb_self, corprof_id, corprof_id);
    HRESULT (STDMETHODCALLTYPE *ExceptionCatcherLeave)(cb_self);                     /* 67 */
    HRESULT (STDMETHODCALLTYPE *COMClassicVTableCreated)(cb_self, corprof_id, REFGUID, void *, ULONG);
    HRESULT (STDMETHODCALLTYPE *COMClassicVTableDestroyed)(cb_self, corprof_id, REFGUID, void *);
    HRESULT (STDMETHODCALLTYPE *ExceptionCLRCatcherFound)(cb_self);
    HRESULT (STDMETHODCALLTYPE *ExceptionCLRCatcherExecute)(cb_self);                /* 71 */
    /* ICorProfilerCallback2 8A8CC829-CCF2-49fe-BBAE-0F022228071A */
    HRESULT (STDMETHODCALLTYPE *ThreadNameChanged)(cb_self, corprof_id, ULONG, WCHAR *); /* 72 */
    HRESULT (STDMETHODCALLTYPE *GarbageCollectionStarted)(cb_self, int, BOOL *, corprof_enum);
    HRESULT (STDMETHODCALLTYPE *SurvivingReferences)(cb_self, ULONG, corprof_id *, ULONG *);
    HRESULT (STDMETHODCALLTYPE *GarbageCollectionFinished)(cb_self);
    HRESULT (STDMETHODCALLTYPE *FinalizeableObjectQueued)(cb_self, DWORD, corprof_id);
    HRESULT (STDMETHODCALLTYPE *RootReferences2)(cb_self, ULONG, corprof_id *, corprof_enum *,
                                                 corprof_enum *, corprof_id *);
    HRESULT (STDMETHODCALLTYPE *HandleCreated)(cb_self, corprof_id, corprof_id);
    HRESULT (STDMETHODCALLTYPE *HandleDestroyed)(cb_self, corprof_id);               /* 79 */
    /* ICorProfilerCallback3 4FD2ED52-7731-4b8d-9469-03D2CC3086C5 */
    HRESULT (STDMETHODCALLTYPE *InitializeForAttach)(cb_self, IUnknown *, void *, UINT); /* 80 */
    HRESULT (STDMETHODCALLTYPE *ProfilerAttachComplete)(cb_self);
    HRESULT (STDMETHODCALLTYPE *ProfilerDetachSucceeded)(cb_self);                   /* 82 */
    /* ICorProfilerCallback4 7B63B2E3-107D-4d48-B2F6-F61E229470D2 */
    HRESULT (STDMETHODCALLTYPE *ReJITCompilationStarted)(cb_self, corprof_id, corprof_id, BOOL);
    HRESULT (STDMETHODCALLTYPE *GetReJITParameters)(cb_self, corprof_id, corprof_token, void *);
    HRESULT (STDMETHODCALLTYPE *ReJITCompilationFinished)(cb_self, corprof_id, corprof_id, HRESULT,
                                                          BOOL);
    HRESULT (STDMETHODCALLTYPE *ReJITError)(cb_self, corprof_id, corprof_token, corprof_id, HRESULT);
    HRESULT (STDMETHODCALLTYPE *MovedReferences2)(cb_self, ULONG, corprof_id *, corprof_id *,
                                                  SIZE_T *);
    HRESULT (STDMETHODCALLTYPE *SurvivingReferences2)(cb_self, ULONG, corprof_id *, SIZE_T *); /* 88 */
    /* ICorProfilerCallback5 8DFBA405-8C9F-45F8-BFFA-83B14CEF78B5 */
    HRESULT (STDMETHODCALLTYPE *ConditionalWeakTableElementReferences)(cb_self, ULONG, corprof_id *,
                                                                       corprof_id *, corprof_id *);
    /* ICorProfilerCallback6 FC13DF4B-4448-4F4F-950C-BA8D19D00C36 */
    HRESULT (STDMETHODCALLTYPE *GetAssemblyReferences)(cb_self, const WCHAR *, void *); /* 90 */
    /* ICorProfilerCallback7 F76A2DBA-1D52-4539-866C-2AA518F9EFC3 */
    HRESULT (STDMETHODCALLTYPE *ModuleInMemorySymbolsUpdated)(cb_self, corprof_id);  /* 91 */
} ICorProfilerCallback7Vtbl;

struct ICorProfilerCallback7 {
    const ICorProfilerCallback7Vtbl *lpVtbl;
};

/* ---- ICorProfilerInfo .. ICorProfilerInfo7: 87 slots ---- */
typedef HRESULT (STDMETHODCALLTYPE *corprof_unused_slot)(void); /* present, never called */
typedef ICorProfilerInfo7 *info_self;

typedef struct ICorProfilerInfo7Vtbl {
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(info_self, REFIID, void **);         /* 0 */
    ULONG (STDMETHODCALLTYPE *AddRef)(info_self);                                    /* 1 */
    ULONG (STDMETHODCALLTYPE *Release)(info_self);                                   /* 2 */
    /* ICorProfilerInfo 28B5557D-3F3F-48b4-90B2-5F9EEA2F6C48 */
    corprof_unused_slot GetClassFromObject;                                          /* 3 */
    corprof_unused_slot GetClassFromToken;
    corprof_unused_slot GetCodeInfo;
    corprof_unused_slot GetEventMask;
    corprof_unused_slot GetFunctionFromIP;
    corprof_unused_slot GetFunctionFromToken;
    corprof_unused_slot GetHandleFromThread;
    corprof_unused_slot GetObjectSize;                                               /* 10 */
    corprof_unused_slot IsArrayClass;
    corprof_unused_slot GetThreadInfo;
    corprof_unused_slot GetCurrentThreadID;
    corprof_unused_slot GetClassIDInfo;
    corprof_unused_slot GetFunctionInfo;
    HRESULT (STDMETHODCALLTYPE *SetEventMask)(info_self, DWORD);                     /* 16 */
    corprof_unused_slot SetEnterLeaveFunctionHooks;
    corprof_unused_slot SetFunctionIDMapper;
    corprof_unused_slot GetTokenAndMetaDataFromFunction;
    HRESULT (STDMETHODCALLTYPE *GetModuleInfo)(info_self, ModuleID, const BYTE **, ULONG, ULONG *,
                                               WCHAR *, AssemblyID *);               /* 20 */
    corprof_unused_slot GetModuleMetaData;
    corprof_unused_slot GetILFunctionBody;
    corprof_unused_slot GetILFunctionBodyAllocator;
    corprof_unused_slot SetILFunctionBody;
    corprof_unused_slot GetAppDomainInfo;
    corprof_unused_slot GetAssemblyInfo;
    corprof_unused_slot SetFunctionReJIT;
    corprof_unused_slot ForceGC;
    corprof_unused_slot SetILInstrumentedCodeMap;
    corprof_unused_slot GetInprocInspectionInterface;                                /* 30 */
    corprof_unused_slot GetInprocInspectionIThisThread;
    corprof_unused_slot GetThreadContext;
    corprof_unused_slot BeginInprocDebugging;
    corprof_unused_slot EndInprocDebugging;
    corprof_unused_slot GetILToNativeMapping;                                        /* 35 */
    /* ICorProfilerInfo2 CC0935CD-A518-487d-B0BB-A93214E65478 */
    corprof_unused_slot DoStackSnapshot;                                             /* 36 */
    corprof_unused_slot SetEnterLeaveFunctionHooks2;
    corprof_unused_slot GetFunctionInfo2;
    corprof_unused_slot GetStringLayout;
    corprof_unused_slot GetClassLayout;                                              /* 40 */
    corprof_unused_slot GetClassIDInfo2;
    corprof_unused_slot GetCodeInfo2;
    corprof_unused_slot GetClassFromTokenAndTypeArgs;
    corprof_unused_slot GetFunctionFromTokenAndTypeArgs;
    corprof_unused_slot EnumModuleFrozenObjects;
    corprof_unused_slot GetArrayObjectInfo;
    corprof_unused_slot GetBoxClassLayout;
    corprof_unused_slot GetThreadAppDomain;
    corprof_unused_slot GetRVAStaticAddress;
    corprof_unused_slot GetAppDomainStaticAddress;                                   /* 50 */
    corprof_unused_slot GetThreadStaticAddress;
    corprof_unused_slot GetContextStaticAddress;
    corprof_unused_slot GetStaticFieldInfo;
    corprof_unused_slot GetGenerationBounds;
    corprof_unused_slot GetObjectGeneration;
    corprof_unused_slot GetNotifiedExceptionClauseInfo;                              /* 56 */
    /* ICorProfilerInfo3 B555ED4F-452A-4E54-8B39-B5360BAD32A0 */
    corprof_unused_slot EnumJITedFunctions;                                          /* 57 */
    corprof_unused_slot RequestProfilerDetach;
    corprof_unused_slot SetFunctionIDMapper2;
    corprof_unused_slot GetStringLayout2;                                            /* 60 */
    corprof_unused_slot SetEnterLeaveFunctionHooks3;
    corprof_unused_slot SetEnterLeaveFunctionHooks3WithInfo;
    corprof_unused_slot GetFunctionEnter3Info;
    corprof_unused_slot GetFunctionLeave3Info;
    corprof_unused_slot GetFunctionTailcall3Info;
    corprof_unused_slot EnumModules;
    corprof_unused_slot GetRuntimeInformation;
    corprof_unused_slot GetThreadStaticAddress2;
    corprof_unused_slot GetAppDomainsContainingModule;
    HRESULT (STDMETHODCALLTYPE *GetModuleInfo2)(info_self, ModuleID, const BYTE **, ULONG, ULONG *,
                                                WCHAR *, AssemblyID *, DWORD *);     /* 70 */
    /* ICorProfilerInfo4 0d8fdcaa-6257-47bf-b1bf-94dac88466ee */
    corprof_unused_slot EnumThreads;                                                 /* 71 */
    corprof_unused_slot InitializeCurrentThread;
    corprof_unused_slot RequestReJIT;
    corprof_unused_slot RequestRevert;
    corprof_unused_slot GetCodeInfo3;
    corprof_unused_slot GetFunctionFromIP2;
    corprof_unused_slot GetReJITIDs;
    corprof_unused_slot GetILToNativeMapping2;
    corprof_unused_slot EnumJITedFunctions2;
    corprof_unused_slot GetObjectSize2;                                              /* 80 */
    /* ICorProfilerInfo5 07602928-CE38-4B83-81E7-74ADAF781214 */
    corprof_unused_slot GetEventMask2;                                               /* 81 */
    HRESULT (STDMETHODCALLTYPE *SetEventMask2)(info_self, DWORD, DWORD);             /* 82 */
    /* ICorProfilerInfo6 F30A070D-BFFB-46A7-B1D8-8781EF7B698A */
    corprof_unused_slot EnumNgenModuleMethodsInliningThisMethod;                     /* 83 */
    /* ICorProfilerInfo7 9AEECC0D-63E0-4187-8C00-E312F503F663 */
    corprof_unused_slot ApplyMetaData;                                               /* 84 */
    HRESULT (STDMETHODCALLTYPE *GetInMemorySymbolsLength)(info_self, ModuleID, DWORD *); /* 85 */
    HRESULT (STDMETHODCALLTYPE *ReadInMemorySymbols)(info_self, ModuleID, DWORD, BYTE *, DWORD,
                                                     DWORD *);                       /* 86 */
} ICorProfilerInfo7Vtbl;

struct ICorProfilerInfo7 {
    const ICorProfilerInfo7Vtbl *lpVtbl;
};

/* The layout checks that catch a miscounted slot at compile time. */
#define CORPROF_SLOT(type, member) (offsetof(type, member) / sizeof(void *))
_Static_assert(CORPROF_SLOT(ICorProfilerCallback7Vtbl, Initialize) == 3, "Callback slot 3");
_Static_assert(CORPROF_SLOT(ICorProfilerCallback7Vtbl, ModuleLoadFinished) == 14, "slot 14");
_Static_assert(CORPROF_SLOT(ICorProfilerCallback7Vtbl, ExceptionCLRCatcherExecute) == 71, "slot 71");
_Static_assert(CORPROF_SLOT(ICorProfilerCallback7Vtbl, ThreadNameChanged) == 72, "slot 72");
_Static_assert(CORPROF_SLOT(ICorProfilerCallback7Vtbl, ModuleInMemorySymbolsUpdated) == 91,
               "Callback7 slot 91");
_Static_assert(sizeof(ICorProfilerCallback7Vtbl) == 92 * sizeof(void *), "92 callback slots");
_Static_assert(CORPROF_SLOT(ICorProfilerInfo7Vtbl, SetEventMask) == 16, "Info slot 16");
_Static_assert(CORPROF_SLOT(ICorProfilerInfo7Vtbl, GetModuleInfo) == 20, "Info slot 20");
_Static_assert(CORPROF_SLOT(ICorProfilerInfo7Vtbl, DoStackSnapshot) == 36, "Info2 starts at 36");
_Static_assert(CORPROF_SLOT(ICorProfilerInfo7Vtbl, EnumJITedFunctions) == 57, "Info3 at 57");
_Static_assert(CORPROF_SLOT(ICorProfilerInfo7Vtbl, GetModuleInfo2) == 70, "Info slot 70");
_Static_assert(CORPROF_SLOT(ICorProfilerInfo7Vtbl, SetEventMask2) == 82, "Info5 slot 82");
_Static_assert(CORPROF_SLOT(ICorProfilerInfo7Vtbl, ReadInMemorySymbols) == 86, "Info7 slot 86");
_Static_assert(sizeof(ICorProfilerInfo7Vtbl) == 87 * sizeof(void *), "87 info slots");

#endif
