/* SPDX-License-Identifier: MIT */
/*
 * The GUID values the public headers must produce, typed in from the
 * project's ABI research notes (the tables of Microsoft's published IIDs,
 * CLSIDs and document GUIDs), not from idl/corsym.idl, so that a typo in
 * either place shows up as a mismatch.  Canonical string form, as printed in
 * documentation; the tests convert it to the 16-byte in-memory layout.
 */
#ifndef CORSYM_TEST_EXPECTED_GUIDS_H
#define CORSYM_TEST_EXPECTED_GUIDS_H

/* Interfaces, in the order of the research tables. */
#define CORSYM_EXPECTED_IIDS(X) \
    X(IID_ISymUnmanagedBinder, "AA544D42-28CB-11d3-BD22-0000F80849BD") \
    X(IID_ISymUnmanagedBinder2, "ACCEE350-89AF-4ccb-8B40-1C2C4C6F9434") \
    X(IID_ISymUnmanagedBinder3, "28AD3D43-B601-4d26-8A1B-25F9165AF9D7") \
    X(IID_ISymUnmanagedDispose, "969708D2-05E5-4861-A3B0-96E473CDF63F") \
    X(IID_ISymUnmanagedDocument, "40DE4037-7C81-3E1E-B022-AE1ABFF2CA08") \
    X(IID_ISymUnmanagedDocumentWriter, "B01FAFEB-C450-3A4D-BEEC-B4CEEC01E006") \
    X(IID_ISymUnmanagedMethod, "B62B923C-B500-3158-A543-24F307A8B7E1") \
    X(IID_ISymENCUnmanagedMethod, "85E891DA-A631-4c76-ACA2-A44A39C46B8C") \
    X(IID_ISymUnmanagedNamespace, "0DFF7289-54F8-11d3-BD28-0000F80849BD") \
    X(IID_ISymUnmanagedReader, "B4CE6286-2A6B-3712-A3B7-1EE1DAD467B5") \
    X(IID_ISymUnmanagedSourceServerModule, "997DD0CC-A76F-4c82-8D79-EA87559D27AD") \
    X(IID_ISymUnmanagedENCUpdate, "E502D2DD-8671-4338-8F2A-FC08229628C4") \
    X(IID_ISymUnmanagedReaderSymbolSearchInfo, "20D9645D-03CD-4e34-9C11-9848A5B084F1") \
    X(IID_ISymUnmanagedScope, "68005D0F-B8E0-3B01-84D5-A11A94154942") \
    X(IID_ISymUnmanagedConstant, "48B25ED8-5BAD-41bc-9CEE-CD62FABC74E9") \
    X(IID_ISymUnmanagedScope2, "AE932FBA-3FD8-4dba-8232-30A2309B02DB") \
    X(IID_ISymUnmanagedVariable, "9F60EEBE-2D9A-3F7C-BF58-80BC991C60BB") \
    X(IID_ISymUnmanagedSymbolSearchInfo, "F8B3534A-A46B-4980-B520-BEC4ACEABA8F") \
    X(IID_ISymUnmanagedWriter, "ED14AA72-78E2-4884-84E2-334293AE5214") \
    X(IID_ISymUnmanagedWriter2, "0B97726E-9E6D-4f05-9A26-424022093CAA") \
    X(IID_ISymUnmanagedWriter3, "12F1E02C-1E05-4B0E-9468-EBC9D1BB040F") \
    X(IID_ISymUnmanagedWriter4, "BC7E3F53-F458-4C23-9DBD-A189E6E96594") \
    X(IID_ISymUnmanagedWriter5, "DCF7780D-BDE9-45DF-ACFE-21731A32000C") \
    X(IID_ISymUnmanagedReader2, "A09E53B2-2A57-4cca-8F63-B84F7C35D4AA") \
    X(IID_ISymNGenWriter, "d682fd12-43de-411c-811b-be8404cea126") \
    X(IID_ISymNGenWriter2, "B029E51B-4C55-4fe2-B993-9F7BC1F10DB4") \
    X(IID_ISymUnmanagedAsyncMethodPropertiesWriter, "FC073774-1739-4232-BD56-A027294BEC15") \
    X(IID_ISymUnmanagedAsyncMethod, "B20D55B3-532E-4906-87E7-25BD5734ABD2") \
    X(IID_ISymUnmanagedBinder4, "F1DC5735-F877-48C9-BBE7-2A5486E84D7C") \
    X(IID_IMetadataImportProvider, "EDF3A293-A10D-4F4A-A609-38D5EDE35F89") \
    X(IID_ISymUnmanagedMethod2, "5da320c8-9c2c-4e5a-b823-027e0677b359") \
    X(IID_ISymUnmanagedReader3, "6151CAD9-E1EE-437A-A808-F64838C0D046") \
    X(IID_ISymUnmanagedReader4, "E65C58B7-2948-434D-8A6D-481740A00C16") \
    X(IID_ISymUnmanagedReader5, "6576c987-7e8d-4298-a6e1-6f9783165f07") \
    X(IID_ISymUnmanagedCompilerInfoReader, "2d7babeb-4415-4a19-8be0-dfacc7611594") \
    X(IID_ISymUnmanagedCompilerInfoWriter, "2ae6a06a-92ba-4c2d-a64e-7e9fa421a330") \
    X(IID_ISymUnmanagedWriter6, "CA6C2ED9-103D-46A9-B03B-05446485848B") \
    X(IID_ISymUnmanagedWriter7, "22DAEAF2-70F6-4EF1-B0C3-984F0BF27BFD") \
    X(IID_ISymUnmanagedWriter8, "5ba52f3b-6bf8-40fc-b476-d39c529b331e") \
    X(IID_IPdbWriter, "98ECEE1E-752D-11d3-8D56-00C04F680B2B")

/* Type library and classes. */
#define CORSYM_EXPECTED_CLSIDS(X) \
    X(LIBID_CorSymLib, "7E348441-7E1F-380E-A0F6-22668F0F9E4B") \
    X(CLSID_CorSymWriter_deprecated, "108296C1-281E-11d3-BD22-0000F80849BD") \
    X(CLSID_CorSymReader_deprecated, "108296C2-281E-11d3-BD22-0000F80849BD") \
    X(CLSID_CorSymBinder_deprecated, "AA544D41-28CB-11d3-BD22-0000F80849BD") \
    X(CLSID_CorSymWriter_SxS, "0AE2DEB0-F901-478b-BB9F-881EE8066788") \
    X(CLSID_CorSymReader_SxS, "0A3976C5-4529-4ef8-B0B0-42EED37082CD") \
    X(CLSID_CorSymBinder_SxS, "0A29FF9E-7F9C-4437-8B11-F424491E3931")

/* Document GUIDs, declared with DEFINE_GUID (defined by INITGUID only). */
#define CORSYM_EXPECTED_DOCUMENT_GUIDS(X) \
    X(CorSym_LanguageType_C, "63a08714-fc37-11d2-904c-00c04fa302a1") \
    X(CorSym_LanguageType_CPlusPlus, "3a12d0b7-c26c-11d0-b442-00a0244a1dd2") \
    X(CorSym_LanguageType_CSharp, "3f5162f8-07c6-11d3-9053-00c04fa302a1") \
    X(CorSym_LanguageType_Basic, "3a12d0b8-c26c-11d0-b442-00a0244a1dd2") \
    X(CorSym_LanguageType_Java, "3a12d0b4-c26c-11d0-b442-00a0244a1dd2") \
    X(CorSym_LanguageType_Cobol, "af046cd1-d0e1-11d2-977c-00a0c9b4d50c") \
    X(CorSym_LanguageType_Pascal, "af046cd2-d0e1-11d2-977c-00a0c9b4d50c") \
    X(CorSym_LanguageType_ILAssembly, "af046cd3-d0e1-11d2-977c-00a0c9b4d50c") \
    X(CorSym_LanguageType_JScript, "3a12d0b6-c26c-11d0-b442-00a0244a1dd2") \
    X(CorSym_LanguageType_SMC, "0d9b9f7b-6611-11d3-bd2a-0000f80849bd") \
    X(CorSym_LanguageType_MCPlusPlus, "4b35fde8-07c6-11d3-9053-00c04fa302a1") \
    X(CorSym_LanguageType_FSharp, "ab4f38c9-b6e6-43ba-be3b-58080b2ccce3") \
    X(CorSym_LanguageVendor_Microsoft, "994b45c4-e6e9-11d2-903f-00c04fa302a1") \
    X(CorSym_DocumentType_Text, "5a869d0b-6611-11d3-bd2a-0000f80849bd") \
    X(CorSym_DocumentType_MC, "eb40cb65-3c1f-4352-9d7b-ba0fc47a9d77") \
    X(CorSym_SourceHash_MD5, "406ea660-64cf-4c82-b6f0-42d48172a799") \
    X(CorSym_SourceHash_SHA1, "ff1816ec-aa5e-4d10-87f7-6f4963833460") \
    X(CorSym_SourceHash_SHA256, "8829d00f-11b8-4213-878b-770e8597ac16")

/* System interfaces: defined by INITGUID through the corsym PAL outside
 * Windows, by the mingw-w64 headers (or libuuid) on Windows. */
#define CORSYM_EXPECTED_SYSTEM_IIDS(X) \
    X(IID_IUnknown, "00000000-0000-0000-C000-000000000046") \
    X(IID_IClassFactory, "00000001-0000-0000-C000-000000000046") \
    X(IID_ISequentialStream, "0c733a30-2a1c-11ce-ade5-00aa0044773d") \
    X(IID_IStream, "0000000c-0000-0000-C000-000000000046")

#endif /* CORSYM_TEST_EXPECTED_GUIDS_H */
