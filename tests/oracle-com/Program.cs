// corsym API oracle: what Microsoft.DiaSymReader.PortablePdb ("SRP", dotnet/symreader-portable)
// answers through the ISymUnmanaged* COM API for a Portable PDB, computed from the PDB with
// System.Reflection.Metadata (S.R.M) only. SRP is itself written over S.R.M, so every answer
// below is derived with the same S.R.M calls SRP makes; the SRP file each rule comes from is
// named next to it (read to learn, no code copied). The output format is FORMAT.md.
//
// Usage:
//   OracleCom FILE     FILE is a Portable PDB ("BSJB"), or a PE image ("MZ") whose embedded
//                      Portable PDB (debug directory entry type 17) is dumped.
// Exit status: 0 dumped; 1 unreadable input; 2 usage; 3 a PE image without an embedded PDB.

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Corsym.OracleCom;

internal static class Program
{
    private const int ExitNoEmbeddedPdb = 3;

    private static int Main(string[] args)
    {
        if (args.Length != 1 || args[0].StartsWith("-", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: OracleCom FILE");
            return 2;
        }
        try
        {
            byte[] bytes = File.ReadAllBytes(args[0]);
            string? text = DumpAny(bytes);
            if (text == null)
            {
                Console.Error.WriteLine("oracle-com: " + args[0] + ": no embedded Portable PDB");
                return ExitNoEmbeddedPdb;
            }
            using Stream stdout = Console.OpenStandardOutput();
            byte[] utf8 = new UTF8Encoding(false).GetBytes(text);
            stdout.Write(utf8, 0, utf8.Length);
            return 0;
        }
        catch (Exception e)
        {
            // The dump is built in memory: nothing reaches stdout on failure.
            Console.Error.WriteLine("oracle-com: " + e.GetType().Name + ": " + e.Message);
            return 1;
        }
    }

    private static string? DumpAny(byte[] bytes)
    {
        if (bytes.Length >= 4 && bytes[0] == (byte)'B' && bytes[1] == (byte)'S' && bytes[2] == (byte)'J' && bytes[3] == (byte)'B')
        {
            using var provider = MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(bytes));
            return ApiDump.Dump(provider.GetMetadataReader(MetadataReaderOptions.None));
        }
        if (bytes.Length >= 2 && bytes[0] == (byte)'M' && bytes[1] == (byte)'Z')
        {
            using var pe = new PEReader(ImmutableArray.Create(bytes));
            foreach (DebugDirectoryEntry entry in pe.ReadDebugDirectory())
            {
                if (entry.Type == DebugDirectoryEntryType.EmbeddedPortablePdb)
                {
                    using MetadataReaderProvider provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
                    return ApiDump.Dump(provider.GetMetadataReader(MetadataReaderOptions.None));
                }
            }
            return null;
        }
        throw new InvalidOperationException("not a Portable PDB (BSJB) nor a PE image (MZ)");
    }
}

/// <summary>Text helpers (FORMAT.md section 1).</summary>
internal static class Fmt
{
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static string Token(int token) => token == 0 ? "0" : "0x" + token.ToString("x8", CultureInfo.InvariantCulture);

    public static string Guid(Guid g) => g.ToString("D", CultureInfo.InvariantCulture);

    public static string Dec(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Dec(ulong v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A failed or non-S_OK call: "!" + symbolic name or 0x + 8 hex digits.</summary>
    public static string Hr(int hr) => "!" + (unchecked((uint)hr) switch
    {
        0x00000001u => "S_FALSE",
        0x80004001u => "E_NOTIMPL",
        0x80004003u => "E_POINTER",
        0x80004005u => "E_FAIL",
        0x8000FFFFu => "E_UNEXPECTED",
        0x80070057u => "E_INVALIDARG",
        0x8007000Eu => "E_OUTOFMEMORY",
        uint other => "0x" + other.ToString("x8", CultureInfo.InvariantCulture),
    });

    public const int S_FALSE = 1;
    public const int E_FAIL = unchecked((int)0x80004005);

    /// <summary>A quoted UTF-16 string, escaped exactly like tests/oracle/FORMAT.md section 1.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); continue;
                case '"': sb.Append("\\\""); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[i + 1]);
                i++;
                continue;
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || char.IsSurrogate(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }
        sb.Append('"');
        return sb.ToString();
    }
}

/// <summary>The API dump (FORMAT.md section 2).</summary>
internal static class ApiDump
{
    // Kinds SRP looks for (SRP Utilities/MetadataUtilities.cs).
    private static readonly Guid MethodSteppingInformation = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");
    private static readonly Guid VbDefaultNamespace = new("58B2EAB6-209F-4E4E-A22C-B2D0F910C782");
    private static readonly Guid EmbeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    // SRP SymDocument.cs: constant answers of GetLanguageVendor and GetDocumentType.
    private static readonly Guid VendorMicrosoft = new("994b45c4-e6e9-11d2-903f-00c04fa302a1");
    private static readonly Guid DocumentTypeText = new("5a869d0b-6611-11d3-bd2a-0000f80849bd");

    public static string Dump(MetadataReader md)
    {
        var o = new StringBuilder();
        o.Append("corsym-api 1\n");

        // SRP SymReader.cs GetUserEntryPoint: the #Pdb EntryPoint, E_FAIL when nil.
        MethodDefinitionHandle entry = md.DebugMetadataHeader!.EntryPoint;
        o.Append("entry ").Append(entry.IsNil ? Fmt.Hr(Fmt.E_FAIL) : Fmt.Token(MetadataTokens.GetToken(entry))).Append('\n');

        DumpDocuments(md, o);

        // SRP SymReader.cs GetMethod -> TryGetMethod: a MethodDef token whose row is at most the
        // MethodDebugInformation row count, and PortablePdbReader.cs HasDebugInfo: a sequence-point
        // blob or any CustomDebugInformation row on the MethodDef.
        bool vb = IsVisualBasic(md);
        int methods = Math.Max(MethodDefRows(md), md.MethodDebugInformation.Count);
        for (int rid = 1; rid <= methods + 1; rid++)
        {
            DumpMethod(md, rid, vb, o);
        }
        o.Append("end\n");
        return o.ToString();
    }

    /// <summary>MethodDef rows from #Pdb TypeSystemTableRows (0 when the table is not referenced).</summary>
    private static unsafe int MethodDefRows(MetadataReader md)
    {
        var all = new ReadOnlySpan<byte>(md.MetadataPointer, md.MetadataLength);
        ReadOnlySpan<byte> pdb = all.Slice(md.DebugMetadataHeader!.IdStartOffset);
        ulong referenced = BitConverter.ToUInt64(pdb.Slice(24, 8));
        int at = 32;
        for (int t = 0; t < 64; t++)
        {
            if ((referenced & (1UL << t)) == 0)
            {
                continue;
            }
            if (t == (int)TableIndex.MethodDef)
            {
                return checked((int)BitConverter.ToUInt32(pdb.Slice(at, 4)));
            }
            at += 4;
        }
        return 0;
    }

    // SRP SymReader.cs IsVisualBasicAssembly: the Module has a DefaultNamespace CDI.
    private static bool IsVisualBasic(MetadataReader md)
    {
        foreach (CustomDebugInformationHandle h in md.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            if (md.GetGuid(md.GetCustomDebugInformation(h).Kind) == VbDefaultNamespace)
            {
                return true;
            }
        }
        return false;
    }

    // SRP Utilities/MetadataUtilities.cs GetCustomDebugInformation(parent, kind): the first record.
    private static BlobHandle FirstCdi(MetadataReader md, EntityHandle parent, Guid kind)
    {
        foreach (CustomDebugInformationHandle h in md.GetCustomDebugInformation(parent))
        {
            CustomDebugInformation cdi = md.GetCustomDebugInformation(h);
            if (md.GetGuid(cdi.Kind) == kind)
            {
                return cdi.Value;
            }
        }
        return default;
    }

    private static void DumpDocuments(MetadataReader md, StringBuilder o)
    {
        // SRP SymReader.cs GetMethodsInDocument over MethodExtents.cs: per document, the methods
        // (ordered by token) that GetMethodExtents attributes to it.
        var methodsByDocument = new Dictionary<DocumentHandle, SortedSet<int>>();
        foreach (MethodDebugInformationHandle mh in md.MethodDebugInformation)
        {
            foreach (DocumentHandle d in ExtentDocuments(md, mh))
            {
                if (!methodsByDocument.TryGetValue(d, out SortedSet<int>? set))
                {
                    methodsByDocument[d] = set = new SortedSet<int>();
                }
                set.Add(0x06000000 | MetadataTokens.GetRowNumber(mh));
            }
        }

        int index = 0;
        foreach (DocumentHandle dh in md.Documents)
        {
            // SRP SymDocument.cs.
            Document d = md.GetDocument(dh);
            string hash = d.Hash.IsNil ? Fmt.Hr(Fmt.S_FALSE) : Fmt.Hex(md.GetBlobBytes(d.Hash)); // GetChecksum
            BlobHandle source = FirstCdi(md, dh, EmbeddedSource);
            int sourceLength = source.IsNil ? 0 : md.GetBlobReader(source).Length;                // GetSourceLength
            string methods = "-";
            if (methodsByDocument.TryGetValue(dh, out SortedSet<int>? set) && set.Count > 0)
            {
                var sb = new StringBuilder();
                foreach (int token in set)
                {
                    if (sb.Length > 0)
                    {
                        sb.Append(',');
                    }
                    sb.Append(Fmt.Token(token));
                }
                methods = sb.ToString();
            }
            o.Append("document ").Append(Fmt.Dec(index++))
             .Append(" url=").Append(Fmt.Quote(md.GetString(d.Name)))
             .Append(" lang=").Append(Fmt.Guid(md.GetGuid(d.Language)))
             .Append(" vendor=").Append(Fmt.Guid(VendorMicrosoft))
             .Append(" type=").Append(Fmt.Guid(DocumentTypeText))
             .Append(" hashalg=").Append(Fmt.Guid(md.GetGuid(d.HashAlgorithm)))
             .Append(" hash=").Append(hash)
             .Append(" embedded=").Append(sourceLength > 0 ? '1' : '0')                          // HasEmbeddedSource
             .Append(" sourcelength=").Append(Fmt.Dec(sourceLength))
             .Append(" methods=").Append(methods)
             .Append('\n');
        }
    }

    /// <summary>The documents SRP MethodExtents.cs GetMethodExtents yields an extent of this method in.</summary>
    private static IEnumerable<DocumentHandle> ExtentDocuments(MetadataReader md, MethodDebugInformationHandle mh)
    {
        MethodDebugInformation info = md.GetMethodDebugInformation(mh);
        if (info.SequencePointsBlob.IsNil)
        {
            yield break;
        }
        // Starts from the MethodDebugInformation Document column: a single-document method whose
        // points are all hidden still gets an (empty) extent in its document.
        DocumentHandle current = info.Document;
        foreach (SequencePoint sp in info.GetSequencePoints())
        {
            if (sp.IsHidden)
            {
                continue;
            }
            if (sp.Document != current)
            {
                if (!current.IsNil)
                {
                    yield return current;
                }
                current = sp.Document;
            }
        }
        if (!current.IsNil)
        {
            yield return current;
        }
    }

    private static void DumpMethod(MetadataReader md, int rid, bool vb, StringBuilder o)
    {
        int token = 0x06000000 | rid;
        o.Append("method ").Append(Fmt.Token(token));
        if (rid > md.MethodDebugInformation.Count)
        {
            o.Append(' ').Append(Fmt.Hr(Fmt.E_FAIL)).Append('\n');
            return;
        }
        var mh = MetadataTokens.MethodDebugInformationHandle(rid);
        var definition = MetadataTokens.MethodDefinitionHandle(rid);
        MethodDebugInformation info = md.GetMethodDebugInformation(mh);
        if (info.SequencePointsBlob.IsNil && md.GetCustomDebugInformation(definition).Count == 0)
        {
            o.Append(' ').Append(Fmt.Hr(Fmt.E_FAIL)).Append('\n');
            return;
        }

        // SRP SymMethod.cs GetLocalSignatureToken: S_FALSE and 0 without a local signature.
        var points = new List<SequencePoint>(info.GetSequencePoints());
        o.Append(" localsig=").Append(info.LocalSignature.IsNil ? Fmt.Hr(Fmt.S_FALSE) : Fmt.Token(MetadataTokens.GetToken(info.LocalSignature)))
         .Append(" points=").Append(Fmt.Dec(points.Count))
         .Append('\n');

        // SRP SymMethod.cs GetSequencePoints: every point as S.R.M decodes it (hidden points have
        // lines 0xfeefee and columns 0).
        foreach (SequencePoint sp in points)
        {
            o.Append("  sp il=").Append(Fmt.Dec(sp.Offset))
             .Append(" doc=").Append(Fmt.Dec(MetadataTokens.GetRowNumber(sp.Document) - 1))
             .Append(' ').Append(Fmt.Dec(sp.StartLine)).Append(':').Append(Fmt.Dec(sp.StartColumn))
             .Append('-').Append(Fmt.Dec(sp.EndLine)).Append(':').Append(Fmt.Dec(sp.EndColumn))
             .Append('\n');
        }

        DumpAsync(md, info, definition, o);
        DumpScopes(md, definition, vb, o);
    }

    // SRP SymMethod.cs ReadAsyncMethodData: async only with a StateMachineMethod row (kickoff)
    // AND a MethodSteppingInformation CDI; the catch handler is stored +1.
    private static void DumpAsync(MetadataReader md, MethodDebugInformation info, MethodDefinitionHandle definition, StringBuilder o)
    {
        MethodDefinitionHandle kickoff = info.GetStateMachineKickoffMethod();
        if (kickoff.IsNil)
        {
            return;
        }
        BlobHandle value = FirstCdi(md, definition, MethodSteppingInformation);
        if (value.IsNil)
        {
            return;
        }
        BlobReader r = md.GetBlobReader(value);
        long catchPlusOne = r.ReadUInt32();
        var steps = new StringBuilder();
        int count = 0;
        while (r.RemainingBytes > 0)
        {
            uint yieldOffset = r.ReadUInt32();
            uint resumeOffset = r.ReadUInt32();
            int method = 0x06000000 | r.ReadCompressedInteger();
            steps.Append("  step yield=").Append(Fmt.Dec(yieldOffset))
                 .Append(" resume=").Append(Fmt.Dec(resumeOffset))
                 .Append(" method=").Append(Fmt.Token(method)).Append('\n');
            count++;
        }
        o.Append("  async kickoff=").Append(Fmt.Token(MetadataTokens.GetToken(kickoff)))
         .Append(" catch=").Append(catchPlusOne == 0 ? "none" : Fmt.Dec(catchPlusOne - 1))
         .Append(" steps=").Append(Fmt.Dec(count)).Append('\n');
        o.Append(steps);
    }

    // SRP RootScopeData.cs / ChildScopeData.cs / ScopeData.cs.
    private static void DumpScopes(MetadataReader md, MethodDefinitionHandle definition, bool vb, StringBuilder o)
    {
        LocalScopeHandle first = default;
        foreach (LocalScopeHandle h in md.GetLocalScopes(definition))
        {
            first = h;
            break;
        }
        // The root: starts at 0, ends where the method's first LocalScope row ends (0 without
        // one), has no locals or constants, and its only child is that first row.
        // ScopeData.AdjustEndOffset subtracts 1 in VB assemblies from every scope whose parent is
        // not the root, and the root's parent (null) is not the root either: in VB the root and
        // the grandchildren report end - 1 and the root's direct child does not.
        int rootEnd = first.IsNil ? 0 : md.GetLocalScope(first).EndOffset;
        if (vb && !first.IsNil)
        {
            rootEnd -= 1;
        }
        o.Append("  scope il=0-").Append(Fmt.Dec(rootEnd))
         .Append(" children=").Append(first.IsNil ? '0' : '1')
         .Append(" locals=0 constants=0\n");
        if (!first.IsNil)
        {
            DumpChildScope(md, first, depth: 1, vb, o);
        }
    }

    private static void DumpChildScope(MetadataReader md, LocalScopeHandle handle, int depth, bool vb, StringBuilder o)
    {
        LocalScope scope = md.GetLocalScope(handle);
        var children = new List<LocalScopeHandle>();
        LocalScopeHandleCollection.ChildrenEnumerator e = scope.GetChildren(); // ChildScopeData.CreateChildren
        while (e.MoveNext())
        {
            children.Add(e.Current);
        }
        int end = scope.EndOffset;
        if (vb && depth > 1)
        {
            end -= 1;
        }
        string indent = new string(' ', 2 * (depth + 1));
        LocalVariableHandleCollection locals = scope.GetLocalVariables();
        LocalConstantHandleCollection constants = scope.GetLocalConstants();
        o.Append(indent).Append("scope il=").Append(Fmt.Dec(scope.StartOffset)).Append('-').Append(Fmt.Dec(end))
         .Append(" children=").Append(Fmt.Dec(children.Count))
         .Append(" locals=").Append(Fmt.Dec(locals.Count))
         .Append(" constants=").Append(Fmt.Dec(constants.Count))
         .Append('\n');

        // SRP SymVariable.cs: attributes, ADDR_IL_OFFSET (1), AddressField1 = slot index.
        foreach (LocalVariableHandle vh in locals)
        {
            LocalVariable v = md.GetLocalVariable(vh);
            o.Append(indent).Append("  local name=").Append(Fmt.Quote(md.GetString(v.Name)))
             .Append(" attrs=").Append(Fmt.Dec((int)v.Attributes))
             .Append(" kind=1 slot=").Append(Fmt.Dec(v.Index))
             .Append('\n');
        }
        foreach (LocalConstantHandle ch in constants)
        {
            LocalConstant c = md.GetLocalConstant(ch);
            o.Append(indent).Append("  const name=").Append(Fmt.Quote(md.GetString(c.Name)))
             .Append(' ').Append(ConstantTranslator.Translate(md, c.Signature))
             .Append('\n');
        }
        foreach (LocalScopeHandle child in children)
        {
            DumpChildScope(md, child, depth + 1, vb, o);
        }
    }
}

/// <summary>
/// SRP SymConstant.cs InitializeValueAndSignature: the VARIANT GetValue returns and the signature
/// GetSignature returns. Printed as "value=&lt;variant&gt; sig=&lt;hex&gt;" (FORMAT.md section 2.6).
/// </summary>
internal static class ConstantTranslator
{
    public static string Translate(MetadataReader md, BlobHandle signature)
    {
        try
        {
            (object? value, byte[] sig) = TranslateCore(md, signature);
            return "value=" + Variant(value) + " sig=" + Fmt.Hex(sig);
        }
        catch (Exception e)
        {
            // SRP lets the exception escape; COM interop turns it into its HResult on both calls.
            return "value=" + Fmt.Hr(e.HResult) + " sig=" + Fmt.Hr(e.HResult);
        }
    }

    private static (object? Value, byte[] Signature) TranslateCore(MetadataReader md, BlobHandle signature)
    {
        BlobReader r = md.GetBlobReader(signature);
        var sig = new List<byte>();

        // Leading custom modifiers are copied as they are.
        int code;
        while (true)
        {
            code = r.ReadCompressedInteger();
            if (code == (int)SignatureTypeCode.OptionalModifier || code == (int)SignatureTypeCode.RequiredModifier)
            {
                r.ReadCompressedInteger();
                continue;
            }
            break;
        }
        int modifiers = r.Offset - 1;
        if (modifiers > 0)
        {
            sig.AddRange(md.GetBlobBytes(signature).AsSpan(0, modifiers).ToArray());
        }

        object? value;
        if (code == 0x11 || code == 0x12) // VALUETYPE, CLASS
        {
            EntityHandle type = r.ReadTypeHandle();
            // SRP recognises System.Decimal and System.DateTime by the type's qualified name,
            // which it asks the metadata importer for. The PDB alone cannot name the type; the
            // oracle decides by the bytes that follow it instead (13: decimal, 8: DateTime),
            // which is what C# and VB write for exactly those two types.
            if (r.RemainingBytes == 13)
            {
                value = r.ReadDecimal();
            }
            else if (r.RemainingBytes == 8)
            {
                // DateTime: a double whose bits are the ticks (a VT_R8 through COM).
                value = BitConverter.Int64BitsToDouble(r.ReadDateTime().Ticks);
            }
            else if (r.RemainingBytes == 0)
            {
                value = 0; // a null reference is a boxed int 0
            }
            else
            {
                value = null; // unknown (VT_EMPTY)
            }
            sig.Add((byte)code);
            AppendCompressed(sig, CodedIndex(type));
        }
        else
        {
            value = Primitive(ref r, code, out bool enumUnderlying);
            if (r.RemainingBytes == 0)
            {
                sig.Add((byte)code);
            }
            else if (enumUnderlying)
            {
                EntityHandle type = r.ReadTypeHandle();
                sig.Add(0x11);
                AppendCompressed(sig, CodedIndex(type));
            }
            if (r.RemainingBytes > 0)
            {
                throw new BadImageFormatException();
            }
        }
        return (value, sig.ToArray());
    }

    private static object Primitive(ref BlobReader r, int code, out bool enumUnderlying)
    {
        enumUnderlying = true;
        switch (code)
        {
            case 0x02: return (short)(r.ReadBoolean() ? 1 : 0);
            case 0x03: return (ushort)r.ReadChar();
            case 0x04: return (short)r.ReadSByte();
            case 0x05: return (short)r.ReadByte();
            case 0x06: return r.ReadInt16();
            case 0x07: return r.ReadUInt16();
            case 0x08: return r.ReadInt32();
            case 0x09: return r.ReadUInt32();
            case 0x0a: return r.ReadInt64();
            case 0x0b: return r.ReadUInt64();
        }
        enumUnderlying = false;
        switch (code)
        {
            case 0x0c: return r.ReadSingle();
            case 0x0d: return r.ReadDouble();
            case 0x0e: // STRING: 0xff alone is null (int 0), otherwise UTF-16 of even length
                if (r.RemainingBytes == 1)
                {
                    if (r.ReadByte() != 0xff)
                    {
                        throw new BadImageFormatException();
                    }
                    return 0;
                }
                if (r.RemainingBytes % 2 != 0)
                {
                    throw new BadImageFormatException();
                }
                return r.ReadUTF16(r.RemainingBytes);
            case 0x1c: return 0; // OBJECT: null reference
        }
        throw new BadImageFormatException();
    }

    // SRP Utilities/MetadataUtilities.cs GetTypeDefOrRefOrSpecCodedIndex.
    private static int CodedIndex(EntityHandle type)
    {
        int tag = type.Kind switch
        {
            HandleKind.TypeDefinition => 0,
            HandleKind.TypeReference => 1,
            HandleKind.TypeSpecification => 2,
            _ => 0,
        };
        return (MetadataTokens.GetRowNumber(type) << 2) | tag;
    }

    // ECMA-335 II.23.2 compressed unsigned integer (S.R.M BlobWriter.WriteCompressedInteger).
    private static void AppendCompressed(List<byte> o, int value)
    {
        if (value <= 0x7f)
        {
            o.Add((byte)value);
        }
        else if (value <= 0x3fff)
        {
            o.Add((byte)(0x80 | (value >> 8)));
            o.Add((byte)value);
        }
        else
        {
            o.Add((byte)(0xc0 | (value >> 24)));
            o.Add((byte)(value >> 16));
            o.Add((byte)(value >> 8));
            o.Add((byte)value);
        }
    }

    /// <summary>The VARIANT COM interop makes of the boxed value (FORMAT.md section 2.6).</summary>
    private static string Variant(object? value) => value switch
    {
        null => "EMPTY",
        short v => "I2:" + Fmt.Dec(v),
        ushort v => "UI2:" + Fmt.Dec(v),
        int v => "I4:" + Fmt.Dec(v),
        uint v => "UI4:" + Fmt.Dec(v),
        long v => "I8:" + Fmt.Dec(v),
        ulong v => "UI8:" + Fmt.Dec(v),
        float v => "R4:0x" + BitConverter.SingleToUInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture),
        double v => "R8:0x" + BitConverter.DoubleToUInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture),
        string v => "BSTR:" + Fmt.Quote(v),
        decimal v => Decimal(v),
        _ => throw new InvalidOperationException("unexpected constant value type " + value.GetType()),
    };

    // DECIMAL:<sign 0|1>:<scale>:0x<hi32><mid32><lo32>
    private static string Decimal(decimal v)
    {
        int[] bits = decimal.GetBits(v); // lo, mid, hi, flags
        int flags = bits[3];
        int scale = (flags >> 16) & 0xff;
        int sign = flags < 0 ? 1 : 0;
        return "DECIMAL:" + Fmt.Dec(sign) + ":" + Fmt.Dec(scale) + ":0x"
            + ((uint)bits[2]).ToString("x8", CultureInfo.InvariantCulture)
            + ((uint)bits[1]).ToString("x8", CultureInfo.InvariantCulture)
            + ((uint)bits[0]).ToString("x8", CultureInfo.InvariantCulture);
    }
}
