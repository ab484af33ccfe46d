/* SPDX-License-Identifier: MIT */
/*
 * corsym PAL: ISequentialStream and IStream with their structures and flags
 * (the objidl.h/objbase.h subset) for non-Windows builds.  The readers and
 * writers take PDB bytes through IStream, so its slot order is ABI:
 *   3 Read  4 Write  5 Seek  6 SetSize  7 CopyTo  8 Commit  9 Revert
 *   10 LockRegion  11 UnlockRegion  12 Stat  13 Clone
 */
#ifndef CORSYM_PAL_OBJIDL_H
#define CORSYM_PAL_OBJIDL_H

#include "corsym_pal_types.h"
#include "corsym_pal_guid.h"
#include "corsym_pal_unknwn.h"

#ifndef __ISequentialStream_FWD_DEFINED__
#define __ISequentialStream_FWD_DEFINED__
typedef interface ISequentialStream ISequentialStream;
#endif

#ifndef __IStream_FWD_DEFINED__
#define __IStream_FWD_DEFINED__
typedef interface IStream IStream;
#endif
typedef IStream *LPSTREAM;

/* What IStream::Stat reports.  80 bytes on 64-bit targets. */
typedef struct tagSTATSTG {
    LPOLESTR pwcsName;         /* CoTaskMemAlloc'ed; NULL with STATFLAG_NONAME */
    DWORD type;                /* STGTY_* */
    ULARGE_INTEGER cbSize;
    FILETIME mtime;
    FILETIME ctime;
    FILETIME atime;
    DWORD grfMode;             /* STGM_* */
    DWORD grfLocksSupported;   /* LOCK_* */
    CLSID clsid;
    DWORD grfStateBits;
    DWORD reserved;
} STATSTG;

typedef enum tagSTGTY {
    STGTY_STORAGE = 1,
    STGTY_STREAM = 2,
    STGTY_LOCKBYTES = 3,
    STGTY_PROPERTY = 4
} STGTY;

/* IStream::Seek origins. */
typedef enum tagSTREAM_SEEK {
    STREAM_SEEK_SET = 0,
    STREAM_SEEK_CUR = 1,
    STREAM_SEEK_END = 2
} STREAM_SEEK;

/* IStream::Stat flags. */
typedef enum tagSTATFLAG {
    STATFLAG_DEFAULT = 0,
    STATFLAG_NONAME = 1,
    STATFLAG_NOOPEN = 2
} STATFLAG;

typedef enum tagLOCKTYPE {
    LOCK_WRITE = 1,
    LOCK_EXCLUSIVE = 2,
    LOCK_ONLYONCE = 4
} LOCKTYPE;

/* IStream::Commit flags. */
typedef enum tagSTGC {
    STGC_DEFAULT = 0,
    STGC_OVERWRITE = 1,
    STGC_ONLYIFCURRENT = 2,
    STGC_DANGEROUSLYCOMMITMERELYTODISKCACHE = 4,
    STGC_CONSOLIDATE = 8
} STGC;

/* Storage access modes (STATSTG::grfMode). */
#define STGM_DIRECT 0x00000000
#define STGM_TRANSACTED 0x00010000
#define STGM_SIMPLE 0x08000000
#define STGM_READ 0x00000000
#define STGM_WRITE 0x00000001
#define STGM_READWRITE 0x00000002
#define STGM_SHARE_DENY_NONE 0x00000040
#define STGM_SHARE_DENY_READ 0x00000030
#define STGM_SHARE_DENY_WRITE 0x00000020
#define STGM_SHARE_EXCLUSIVE 0x00000010
#define STGM_PRIORITY 0x00040000
#define STGM_DELETEONRELEASE 0x04000000
#define STGM_NOSCRATCH 0x00100000
#define STGM_CREATE 0x00001000
#define STGM_CONVERT 0x00020000
#define STGM_FAILIFTHERE 0x00000000
#define STGM_NOSNAPSHOT 0x00200000
#define STGM_DIRECT_SWMR 0x00400000

/* No extern "C" block: DEFINE_GUID carries its own linkage, and the C++
 * classes are not functions. */

/* ------------------------------------------------------------------------ */
/* ISequentialStream                                                        */
/* ------------------------------------------------------------------------ */

#ifndef __ISequentialStream_INTERFACE_DEFINED__
#define __ISequentialStream_INTERFACE_DEFINED__

DEFINE_GUID(IID_ISequentialStream, 0x0c733a30, 0x2a1c, 0x11ce, 0xad, 0xe5, 0x00, 0xaa, 0x00, 0x44, 0x77, 0x3d);

#if defined(__cplusplus) && !defined(CINTERFACE)
MIDL_INTERFACE("0c733a30-2a1c-11ce-ade5-00aa0044773d")
ISequentialStream : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE Read(void *pv, ULONG cb, ULONG *pcbRead) = 0;
    virtual HRESULT STDMETHODCALLTYPE Write(const void *pv, ULONG cb, ULONG *pcbWritten) = 0;
};
__CRT_UUID_DECL(ISequentialStream, 0x0c733a30, 0x2a1c, 0x11ce, 0xad, 0xe5, 0x00, 0xaa, 0x00, 0x44, 0x77, 0x3d)
#else
typedef struct ISequentialStreamVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(ISequentialStream *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(ISequentialStream *This);
    ULONG (STDMETHODCALLTYPE *Release)(ISequentialStream *This);
    /* ISequentialStream */
    HRESULT (STDMETHODCALLTYPE *Read)(ISequentialStream *This, void *pv, ULONG cb, ULONG *pcbRead);
    HRESULT (STDMETHODCALLTYPE *Write)(ISequentialStream *This, const void *pv, ULONG cb,
                                       ULONG *pcbWritten);
    END_INTERFACE
} ISequentialStreamVtbl;

interface ISequentialStream {
    CONST_VTBL ISequentialStreamVtbl *lpVtbl;
};

#ifdef COBJMACROS
#define ISequentialStream_QueryInterface(This, riid, ppvObject) \
    (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define ISequentialStream_AddRef(This) (This)->lpVtbl->AddRef(This)
#define ISequentialStream_Release(This) (This)->lpVtbl->Release(This)
#define ISequentialStream_Read(This, pv, cb, pcbRead) (This)->lpVtbl->Read(This, pv, cb, pcbRead)
#define ISequentialStream_Write(This, pv, cb, pcbWritten) \
    (This)->lpVtbl->Write(This, pv, cb, pcbWritten)
#endif
#endif

#endif /* __ISequentialStream_INTERFACE_DEFINED__ */

/* ------------------------------------------------------------------------ */
/* IStream                                                                  */
/* ------------------------------------------------------------------------ */

#ifndef __IStream_INTERFACE_DEFINED__
#define __IStream_INTERFACE_DEFINED__

DEFINE_GUID(IID_IStream, 0x0000000c, 0x0000, 0x0000, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46);

#if defined(__cplusplus) && !defined(CINTERFACE)
MIDL_INTERFACE("0000000c-0000-0000-C000-000000000046")
IStream : public ISequentialStream
{
    virtual HRESULT STDMETHODCALLTYPE Seek(LARGE_INTEGER dlibMove, DWORD dwOrigin,
                                           ULARGE_INTEGER *plibNewPosition) = 0;
    virtual HRESULT STDMETHODCALLTYPE SetSize(ULARGE_INTEGER libNewSize) = 0;
    virtual HRESULT STDMETHODCALLTYPE CopyTo(IStream *pstm, ULARGE_INTEGER cb,
                                             ULARGE_INTEGER *pcbRead,
                                             ULARGE_INTEGER *pcbWritten) = 0;
    virtual HRESULT STDMETHODCALLTYPE Commit(DWORD grfCommitFlags) = 0;
    virtual HRESULT STDMETHODCALLTYPE Revert(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE LockRegion(ULARGE_INTEGER libOffset, ULARGE_INTEGER cb,
                                                 DWORD dwLockType) = 0;
    virtual HRESULT STDMETHODCALLTYPE UnlockRegion(ULARGE_INTEGER libOffset, ULARGE_INTEGER cb,
                                                   DWORD dwLockType) = 0;
    virtual HRESULT STDMETHODCALLTYPE Stat(STATSTG *pstatstg, DWORD grfStatFlag) = 0;
    virtual HRESULT STDMETHODCALLTYPE Clone(IStream **ppstm) = 0;
};
__CRT_UUID_DECL(IStream, 0x0000000c, 0x0000, 0x0000, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46)
#else
typedef struct IStreamVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IStream *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IStream *This);
    ULONG (STDMETHODCALLTYPE *Release)(IStream *This);
    /* ISequentialStream */
    HRESULT (STDMETHODCALLTYPE *Read)(IStream *This, void *pv, ULONG cb, ULONG *pcbRead);
    HRESULT (STDMETHODCALLTYPE *Write)(IStream *This, const void *pv, ULONG cb, ULONG *pcbWritten);
    /* IStream */
    HRESULT (STDMETHODCALLTYPE *Seek)(IStream *This, LARGE_INTEGER dlibMove, DWORD dwOrigin,
                                      ULARGE_INTEGER *plibNewPosition);
    HRESULT (STDMETHODCALLTYPE *SetSize)(IStream *This, ULARGE_INTEGER libNewSize);
    HRESULT (STDMETHODCALLTYPE *CopyTo)(IStream *This, IStream *pstm, ULARGE_INTEGER cb,
                                        ULARGE_INTEGER *pcbRead, ULARGE_INTEGER *pcbWritten);
    HRESULT (STDMETHODCALLTYPE *Commit)(IStream *This, DWORD grfCommitFlags);
    HRESULT (STDMETHODCALLTYPE *Revert)(IStream *This);
    HRESULT (STDMETHODCALLTYPE *LockRegion)(IStream *This, ULARGE_INTEGER libOffset,
                                            ULARGE_INTEGER cb, DWORD dwLockType);
    HRESULT (STDMETHODCALLTYPE *UnlockRegion)(IStream *This, ULARGE_INTEGER libOffset,
                                              ULARGE_INTEGER cb, DWORD dwLockType);
    HRESULT (STDMETHODCALLTYPE *Stat)(IStream *This, STATSTG *pstatstg, DWORD grfStatFlag);
    HRESULT (STDMETHODCALLTYPE *Clone)(IStream *This, IStream **ppstm);
    END_INTERFACE
} IStreamVtbl;

interface IStream {
    CONST_VTBL IStreamVtbl *lpVtbl;
};

#ifdef COBJMACROS
#define IStream_QueryInterface(This, riid, ppvObject) \
    (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IStream_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IStream_Release(This) (This)->lpVtbl->Release(This)
#define IStream_Read(This, pv, cb, pcbRead) (This)->lpVtbl->Read(This, pv, cb, pcbRead)
#define IStream_Write(This, pv, cb, pcbWritten) (This)->lpVtbl->Write(This, pv, cb, pcbWritten)
#define IStream_Seek(This, dlibMove, dwOrigin, plibNewPosition) \
    (This)->lpVtbl->Seek(This, dlibMove, dwOrigin, plibNewPosition)
#define IStream_SetSize(This, libNewSize) (This)->lpVtbl->SetSize(This, libNewSize)
#define IStream_CopyTo(This, pstm, cb, pcbRead, pcbWritten) \
    (This)->lpVtbl->CopyTo(This, pstm, cb, pcbRead, pcbWritten)
#define IStream_Commit(This, grfCommitFlags) (This)->lpVtbl->Commit(This, grfCommitFlags)
#define IStream_Revert(This) (This)->lpVtbl->Revert(This)
#define IStream_LockRegion(This, libOffset, cb, dwLockType) \
    (This)->lpVtbl->LockRegion(This, libOffset, cb, dwLockType)
#define IStream_UnlockRegion(This, libOffset, cb, dwLockType) \
    (This)->lpVtbl->UnlockRegion(This, libOffset, cb, dwLockType)
#define IStream_Stat(This, pstatstg, grfStatFlag) (This)->lpVtbl->Stat(This, pstatstg, grfStatFlag)
#define IStream_Clone(This, ppstm) (This)->lpVtbl->Clone(This, ppstm)
#endif
#endif

#endif /* __IStream_INTERFACE_DEFINED__ */

#endif /* CORSYM_PAL_OBJIDL_H */
