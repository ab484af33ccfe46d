// corsym oracle: an independent dump of Portable PDBs and PE debug directories.
//
// It uses only System.Reflection.Metadata (S.R.M) and System.Reflection.PortableExecutable
// from the shared framework. The output format is specified in FORMAT.md; a C test produces
// the same text from corsym's reader and compares byte for byte.
//
// Usage:
//   Oracle FILE          FILE is a Portable PDB (starts with "BSJB"), or a PE image whose
//                        embedded Portable PDB (debug directory entry type 17) is dumped.
//   Oracle --pe FILE     dump the PE headers and the debug directory of FILE.
//
// Output goes to stdout as UTF-8 without BOM, lines end in "\n".

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Numerics;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Corsym.Oracle;

internal static class Program
{
    private const string FormatVersion = "corsym-oracle 1";

    private static int Main(string[] args)
    {
        try
        {
            if (args.Length == 2 && args[0] == "--pe")
            {
                Emit(PeDump.Dump(File.ReadAllBytes(args[1])));
                return 0;
            }
            if (args.Length == 1 && !args[0].StartsWith("-", StringComparison.Ordinal))
            {
                Emit(DumpAny(File.ReadAllBytes(args[0])));
                return 0;
            }
            Console.Error.WriteLine("usage: Oracle FILE | Oracle --pe FILE");
            return 2;
        }
        catch (Exception e)
        {
            // Any failure (unreadable file, malformed metadata the oracle cannot dump) is exit 1
            // with nothing on stdout: the dump is built in memory and written only when complete.
            Console.Error.WriteLine("oracle: " + e.GetType().Name + ": " + e.Message);
            return 1;
        }
    }

    private static void Emit(string text)
    {
        using Stream stdout = Console.OpenStandardOutput();
        byte[] bytes = new UTF8Encoding(false).GetBytes(text);
        stdout.Write(bytes, 0, bytes.Length);
    }

    private static string DumpAny(byte[] bytes)
    {
        if (bytes.Length >= 4 && bytes[0] == (byte)'B' && bytes[1] == (byte)'S' && bytes[2] == (byte)'J' && bytes[3] == (byte)'B')
        {
            using var provider = MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(bytes));
            return PdbDump.Dump(provider.GetMetadataReader(MetadataReaderOptions.None));
        }
        if (bytes.Length >= 2 && bytes[0] == (byte)'M' && bytes[1] == (byte)'Z')
        {
            using var pe = new PEReader(ImmutableArray.Create(bytes));
            foreach (DebugDirectoryEntry entry in pe.ReadDebugDirectory())
            {
                if (entry.Type == DebugDirectoryEntryType.EmbeddedPortablePdb)
                {
                    using MetadataReaderProvider provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
                    return PdbDump.Dump(provider.GetMetadataReader(MetadataReaderOptions.None));
                }
            }
            throw new InvalidOperationException("the PE image has no embedded Portable PDB");
        }
        throw new InvalidOperationException("not a Portable PDB (BSJB) nor a PE image (MZ)");
    }

    internal static string Header(string kind) => FormatVersion + " " + kind;
}

/// <summary>Text formatting helpers shared by both dumps (FORMAT.md "Lexical rules").</summary>
internal static class Fmt
{
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static string Hex(ImmutableArray<byte> bytes) => Hex(bytes.AsSpan());

    public static string Token(int token) => token == 0 ? "0" : "0x" + token.ToString("x8", CultureInfo.InvariantCulture);

    public static string Token(EntityHandle h) => h.IsNil ? "0" : Token(MetadataTokens.GetToken(h));

    public static string Hex32(uint v) => "0x" + v.ToString("x8", CultureInfo.InvariantCulture);

    public static string Hex16(ushort v) => "0x" + v.ToString("x4", CultureInfo.InvariantCulture);

    public static string Guid(Guid g) => g.ToString("D", CultureInfo.InvariantCulture); // lowercase

    public static string Dec(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Dec(ulong v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A quoted string: UTF-8 passes through, escapes per FORMAT.md.</summary>
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
            bool escape = c < 0x20 || (c >= 0x7f && c <= 0x9f) || char.IsSurrogate(c);
            if (escape)
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

    /// <summary>UTF-8 bytes decoded the way S.R.M decodes heap strings (invalid sequences become U+FFFD).</summary>
    public static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}

/// <summary>Dump of one Portable PDB (standalone or embedded).</summary>
internal static class PdbDump
{
    private static readonly Guid EmbeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
    private static readonly Guid SourceLink = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid CompilationOptions = new("B5FEEC05-8CD0-4A83-96DA-466284BB4BD8");
    private static readonly Guid CompilationMetadataReferences = new("7E4D4708-096E-4C5C-AEDA-CB10BA6A740D");
    private static readonly Guid TypeDefinitionDocuments = new("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");
    private static readonly Guid AsyncMethodSteppingInformation = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");
    private static readonly Guid StateMachineHoistedLocalScopes = new("6DA9A61E-F8C7-4874-BE62-68BC5630DF71");
    private static readonly Guid DynamicLocalVariables = new("83C563C4-B4F3-47D5-B824-BA5441477EA8");
    private static readonly Guid TupleElementNames = new("ED9FDF71-8879-4747-8ED3-FE5EDE3CE710");
    private static readonly Guid DefaultNamespace = new("58B2EAB6-209F-4E4E-A22C-B2D0F910C782");
    private static readonly Guid EncLocalSlotMap = new("755F52A8-91C5-45BE-B4B8-209571E552BD");
    private static readonly Guid EncLambdaAndClosureMap = new("A643004C-0240-496F-A783-30D64F4979DE");
    private static readonly Guid EncStateMachineStateMap = new("8B78CD68-2EDE-420B-980B-E15884B8AAA3");
    private static readonly Guid PrimaryConstructorInformationBlob = new("9D40ACE1-C703-4D0E-BF41-7243060A8FB5");

    public static string Dump(MetadataReader md)
    {
        var o = new StringBuilder();
        o.Append(Program.Header("pdb")).Append('\n');
        DumpHeader(md, o);
        DumpDocuments(md, o);
        DumpMethods(md, o);
        DumpScopes(md, o);
        DumpImportScopes(md, o);
        DumpStateMachines(md, o);
        DumpCustomDebugInformation(md, o);
        DumpEncMap(md, o);
        o.Append("end\n");
        return o.ToString();
    }

    private static unsafe ReadOnlySpan<byte> MetadataBytes(MetadataReader md) => new(md.MetadataPointer, md.MetadataLength);

    private static void DumpHeader(MetadataReader md, StringBuilder o)
    {
        o.Append("metadata version=").Append(Fmt.Quote(md.MetadataVersion))
         .Append(" strings=").Append(Fmt.Dec(md.GetHeapSize(HeapIndex.String)))
         .Append(" us=").Append(Fmt.Dec(md.GetHeapSize(HeapIndex.UserString)))
         .Append(" blob=").Append(Fmt.Dec(md.GetHeapSize(HeapIndex.Blob)))
         .Append(" guid=").Append(Fmt.Dec(md.GetHeapSize(HeapIndex.Guid)))
         .Append('\n');

        DebugMetadataHeader? h = md.DebugMetadataHeader;
        if (h == null)
        {
            throw new InvalidOperationException("metadata has no #Pdb stream");
        }

        // #Pdb layout (PortablePdb-Metadata.md): id[20], EntryPoint u32, ReferencedTypeSystemTables u64,
        // TypeSystemTableRows u32 per set bit. S.R.M exposes the id and entry point; the row counts are
        // read from the stream, whose start S.R.M reports as IdStartOffset.
        ReadOnlySpan<byte> all = MetadataBytes(md);
        ReadOnlySpan<byte> pdb = all.Slice(h.IdStartOffset);
        ulong referenced = BitConverter.ToUInt64(pdb.Slice(24, 8));
        var ts = new StringBuilder();
        int at = 32;
        for (int t = 0; t < 64; t++)
        {
            if ((referenced & (1UL << t)) == 0)
            {
                continue;
            }
            uint rows = BitConverter.ToUInt32(pdb.Slice(at, 4));
            at += 4;
            if (ts.Length > 0)
            {
                ts.Append(',');
            }
            ts.Append(t.ToString("x2", CultureInfo.InvariantCulture)).Append(':').Append(Fmt.Dec(rows));
        }
        o.Append("pdb id=").Append(Fmt.Hex(h.Id))
         .Append(" entry=").Append(Fmt.Token(h.EntryPoint))
         .Append(" typesystem=").Append(ts.Length == 0 ? "-" : ts.ToString())
         .Append('\n');

        var tables = new StringBuilder();
        for (int t = 0; t < 64; t++)
        {
            if (!Enum.IsDefined(typeof(TableIndex), (byte)t))
            {
                continue;
            }
            int rows = md.GetTableRowCount((TableIndex)t);
            if (rows == 0)
            {
                continue;
            }
            if (tables.Length > 0)
            {
                tables.Append(',');
            }
            tables.Append(t.ToString("x2", CultureInfo.InvariantCulture)).Append(':').Append(Fmt.Dec(rows));
        }
        o.Append("tables ").Append(tables.Length == 0 ? "-" : tables.ToString()).Append('\n');
    }

    private static string Row(Handle h) => h.IsNil ? "0" : Fmt.Dec(MetadataTokens.GetToken(h) & 0x00FFFFFF);

    private static string BlobHexOrDash(MetadataReader md, BlobHandle h) => h.IsNil ? "-" : Fmt.Hex(md.GetBlobBytes(h));

    private static void DumpDocuments(MetadataReader md, StringBuilder o)
    {
        foreach (DocumentHandle dh in md.Documents)
        {
            Document d = md.GetDocument(dh);
            o.Append("document ").Append(Row(dh))
             .Append(" name=").Append(Fmt.Quote(d.Name.IsNil ? "" : md.GetString(d.Name)))
             .Append(" lang=").Append(Fmt.Guid(md.GetGuid(d.Language)))
             .Append(" hashalg=").Append(Fmt.Guid(md.GetGuid(d.HashAlgorithm)))
             .Append(" hash=").Append(BlobHexOrDash(md, d.Hash))
             .Append('\n');
        }
    }

    private static void DumpMethods(MetadataReader md, StringBuilder o)
    {
        foreach (MethodDebugInformationHandle mh in md.MethodDebugInformation)
        {
            MethodDebugInformation mdi = md.GetMethodDebugInformation(mh);
            if (mdi.Document.IsNil && mdi.SequencePointsBlob.IsNil)
            {
                continue;
            }
            int token = 0x06000000 | MetadataTokens.GetRowNumber(mh);
            o.Append("method ").Append(Fmt.Token(token))
             .Append(" doc=").Append(Row(mdi.Document))
             .Append(" localsig=").Append(Fmt.Token(mdi.LocalSignature))
             .Append('\n');
            if (mdi.SequencePointsBlob.IsNil)
            {
                continue;
            }
            foreach (SequencePoint sp in mdi.GetSequencePoints())
            {
                o.Append("  sp il=").Append(Fmt.Dec(sp.Offset)).Append(" doc=").Append(Row(sp.Document));
                if (sp.IsHidden)
                {
                    o.Append(" hidden\n");
                }
                else
                {
                    o.Append(' ').Append(Fmt.Dec(sp.StartLine)).Append(':').Append(Fmt.Dec(sp.StartColumn))
                     .Append('-').Append(Fmt.Dec(sp.EndLine)).Append(':').Append(Fmt.Dec(sp.EndColumn)).Append('\n');
                }
            }
        }
    }

    private static void DumpScopes(MetadataReader md, StringBuilder o)
    {
        foreach (LocalScopeHandle sh in md.LocalScopes)
        {
            LocalScope s = md.GetLocalScope(sh);
            o.Append("scope ").Append(Row(sh))
             .Append(" method=").Append(Fmt.Token(s.Method))
             .Append(" il=").Append(Fmt.Dec(s.StartOffset)).Append('-').Append(Fmt.Dec((long)s.StartOffset + s.Length))
             .Append(" imports=").Append(Row(s.ImportScope))
             .Append('\n');
            foreach (LocalVariableHandle vh in s.GetLocalVariables())
            {
                LocalVariable v = md.GetLocalVariable(vh);
                o.Append("  local ").Append(Row(vh))
                 .Append(" slot=").Append(Fmt.Dec(v.Index))
                 .Append(" attrs=").Append(Fmt.Dec((int)v.Attributes))
                 .Append(" name=").Append(Fmt.Quote(md.GetString(v.Name)))
                 .Append('\n');
            }
            foreach (LocalConstantHandle ch in s.GetLocalConstants())
            {
                LocalConstant c = md.GetLocalConstant(ch);
                o.Append("  const ").Append(Row(ch))
                 .Append(" name=").Append(Fmt.Quote(md.GetString(c.Name)))
                 .Append(" sig=").Append(BlobHexOrDash(md, c.Signature))
                 .Append(" value=").Append(c.Signature.IsNil ? "?" : ConstantDecoder.Decode(md.GetBlobReader(c.Signature)))
                 .Append('\n');
            }
        }
    }

    private static void DumpImportScopes(MetadataReader md, StringBuilder o)
    {
        foreach (ImportScopeHandle ih in md.ImportScopes)
        {
            ImportScope s = md.GetImportScope(ih);
            o.Append("importscope ").Append(Row(ih))
             .Append(" parent=").Append(Row(s.Parent))
             .Append(" blob=").Append(BlobHexOrDash(md, s.ImportsBlob))
             .Append('\n');
            foreach (ImportDefinition d in s.GetImports())
            {
                o.Append("  import ").Append(ImportKindName(d.Kind));
                // Fields are printed according to the kind (PortablePdb-Metadata.md, Imports blob).
                bool hasAlias = d.Kind is ImportDefinitionKind.ImportXmlNamespace or ImportDefinitionKind.ImportAssemblyReferenceAlias
                    or ImportDefinitionKind.AliasAssemblyReference or ImportDefinitionKind.AliasNamespace
                    or ImportDefinitionKind.AliasAssemblyNamespace or ImportDefinitionKind.AliasType;
                bool hasAssembly = d.Kind is ImportDefinitionKind.ImportAssemblyNamespace or ImportDefinitionKind.AliasAssemblyReference
                    or ImportDefinitionKind.AliasAssemblyNamespace;
                if (hasAlias)
                {
                    o.Append(" alias=").Append(Fmt.Quote(d.Alias.IsNil ? "" : Fmt.Utf8(md.GetBlobBytes(d.Alias))));
                }
                if (hasAssembly)
                {
                    o.Append(" assembly=").Append(Fmt.Token(d.TargetAssembly));
                }
                // S.R.M stores namespace and type in one field: read the one the kind defines.
                switch (d.Kind)
                {
                    case ImportDefinitionKind.ImportNamespace:
                    case ImportDefinitionKind.ImportAssemblyNamespace:
                    case ImportDefinitionKind.ImportXmlNamespace:
                    case ImportDefinitionKind.AliasNamespace:
                    case ImportDefinitionKind.AliasAssemblyNamespace:
                        o.Append(" ns=").Append(Fmt.Quote(d.TargetNamespace.IsNil ? "" : Fmt.Utf8(md.GetBlobBytes(d.TargetNamespace))));
                        break;
                    case ImportDefinitionKind.ImportType:
                    case ImportDefinitionKind.AliasType:
                        o.Append(" type=").Append(Fmt.Token(d.TargetType));
                        break;
                }
                o.Append('\n');
            }
        }
    }

    private static string ImportKindName(ImportDefinitionKind k) => k switch
    {
        ImportDefinitionKind.ImportNamespace => "namespace",
        ImportDefinitionKind.ImportAssemblyNamespace => "assembly-namespace",
        ImportDefinitionKind.ImportType => "type",
        ImportDefinitionKind.ImportXmlNamespace => "xml-namespace",
        ImportDefinitionKind.ImportAssemblyReferenceAlias => "assembly-ref-alias",
        ImportDefinitionKind.AliasAssemblyReference => "alias-assembly",
        ImportDefinitionKind.AliasNamespace => "alias-namespace",
        ImportDefinitionKind.AliasAssemblyNamespace => "alias-assembly-namespace",
        ImportDefinitionKind.AliasType => "alias-type",
        _ => "kind" + Fmt.Dec((int)k),
    };

    private static void DumpStateMachines(MetadataReader md, StringBuilder o)
    {
        int n = md.GetTableRowCount(TableIndex.StateMachineMethod);
        for (int row = 1; row <= n; row++)
        {
            // S.R.M exposes StateMachineMethod only through MethodDebugInformation.GetStateMachineKickoffMethod
            // (a binary search on the MoveNext column); read the row directly for a table-order walk.
            var (moveNext, kickoff) = StateMachineRow(md, row);
            o.Append("statemachine ").Append(Fmt.Dec(row))
             .Append(" movenext=").Append(Fmt.Token(0x06000000 | moveNext))
             .Append(" kickoff=").Append(Fmt.Token(0x06000000 | kickoff))
             .Append('\n');
            // Cross-check with S.R.M's own lookup.
            MethodDefinitionHandle k = md.GetMethodDebugInformation(MetadataTokens.MethodDebugInformationHandle(moveNext)).GetStateMachineKickoffMethod();
            if (MetadataTokens.GetRowNumber(k) != kickoff)
            {
                throw new InvalidOperationException("StateMachineMethod row " + row + " disagrees with S.R.M lookup");
            }
        }
    }

    private static (int MoveNext, int Kickoff) StateMachineRow(MetadataReader md, int row)
    {
        int tableOffset = md.GetTableMetadataOffset(TableIndex.StateMachineMethod);
        int rowSize = md.GetTableRowSize(TableIndex.StateMachineMethod);
        int colSize = rowSize / 2;
        ReadOnlySpan<byte> r = MetadataBytes(md).Slice(tableOffset + (row - 1) * rowSize, rowSize);
        int moveNext = colSize == 2 ? BitConverter.ToUInt16(r) : BitConverter.ToInt32(r);
        int kickoff = colSize == 2 ? BitConverter.ToUInt16(r.Slice(2)) : BitConverter.ToInt32(r.Slice(4));
        return (moveNext, kickoff);
    }

    private static void DumpEncMap(MetadataReader md, StringBuilder o)
    {
        int row = 0;
        foreach (EntityHandle h in md.GetEditAndContinueMapEntries())
        {
            row++;
            o.Append("encmap ").Append(Fmt.Dec(row)).Append(" token=").Append(Fmt.Token(MetadataTokens.GetToken(h))).Append('\n');
        }
    }

    private static void DumpCustomDebugInformation(MetadataReader md, StringBuilder o)
    {
        foreach (CustomDebugInformationHandle ch in md.CustomDebugInformation)
        {
            CustomDebugInformation c = md.GetCustomDebugInformation(ch);
            Guid kind = md.GetGuid(c.Kind);
            byte[] value = c.Value.IsNil ? Array.Empty<byte>() : md.GetBlobBytes(c.Value);
            o.Append("cdi ").Append(Row(ch))
             .Append(" parent=").Append(Fmt.Token(c.Parent))
             .Append(" kind=").Append(Fmt.Guid(kind))
             .Append(" name=").Append(KindName(kind))
             .Append(" value=").Append(c.Value.IsNil ? "-" : Fmt.Hex(value))
             .Append('\n');
            try
            {
                DecodeCdi(kind, value, o);
            }
            catch (Exception e) when (e is BadImageFormatException or InvalidDataException or ArgumentOutOfRangeException or ArgumentException)
            {
                o.Append("  malformed\n");
            }
        }
    }

    private static string KindName(Guid k)
    {
        if (k == EmbeddedSource) return "EmbeddedSource";
        if (k == SourceLink) return "SourceLink";
        if (k == CompilationOptions) return "CompilationOptions";
        if (k == CompilationMetadataReferences) return "CompilationMetadataReferences";
        if (k == TypeDefinitionDocuments) return "TypeDefinitionDocuments";
        if (k == AsyncMethodSteppingInformation) return "AsyncMethodSteppingInformation";
        if (k == StateMachineHoistedLocalScopes) return "StateMachineHoistedLocalScopes";
        if (k == DynamicLocalVariables) return "DynamicLocalVariables";
        if (k == TupleElementNames) return "TupleElementNames";
        if (k == DefaultNamespace) return "DefaultNamespace";
        if (k == EncLocalSlotMap) return "EncLocalSlotMap";
        if (k == EncLambdaAndClosureMap) return "EncLambdaAndClosureMap";
        if (k == EncStateMachineStateMap) return "EncStateMachineStateMap";
        if (k == PrimaryConstructorInformationBlob) return "PrimaryConstructorInformationBlob";
        return "-";
    }

    // Decoded detail lines for the well-known kinds (FORMAT.md "Custom debug information").
    // Every decoder consumes the whole blob or reports "malformed" (and prints nothing else).
    private static void DecodeCdi(Guid kind, byte[] v, StringBuilder o)
    {
        var lines = new StringBuilder();
        if (kind == EmbeddedSource)
        {
            int format = BitConverter.ToInt32(v, 0);
            byte[] content;
            if (format == 0)
            {
                content = v.AsSpan(4).ToArray();
            }
            else if (format > 0)
            {
                content = new byte[format];
                using var ds = new DeflateStream(new MemoryStream(v, 4, v.Length - 4), CompressionMode.Decompress);
                int got = 0;
                while (got < format)
                {
                    int n = ds.Read(content, got, format - got);
                    if (n == 0) break;
                    got += n;
                }
                if (got != format || ds.Read(new byte[1], 0, 1) != 0)
                {
                    throw new InvalidDataException("embedded source length mismatch");
                }
            }
            else
            {
                throw new InvalidDataException("reserved embedded source format");
            }
            lines.Append("  embeddedsource format=").Append(Fmt.Dec(format))
                 .Append(" length=").Append(Fmt.Dec(content.Length))
                 .Append(" content=").Append(Fmt.Hex(content)).Append('\n');
        }
        else if (kind == SourceLink)
        {
            lines.Append("  sourcelink text=").Append(Fmt.Quote(Fmt.Utf8(v))).Append('\n');
        }
        else if (kind == DefaultNamespace)
        {
            lines.Append("  defaultnamespace text=").Append(Fmt.Quote(Fmt.Utf8(v))).Append('\n');
        }
        else if (kind == CompilationOptions)
        {
            int p = 0;
            while (p < v.Length)
            {
                string name = ReadZ(v, ref p);
                string value = ReadZ(v, ref p);
                lines.Append("  option name=").Append(Fmt.Quote(name)).Append(" value=").Append(Fmt.Quote(value)).Append('\n');
            }
        }
        else if (kind == CompilationMetadataReferences)
        {
            int p = 0;
            while (p < v.Length)
            {
                string file = ReadZ(v, ref p);
                string aliases = ReadZ(v, ref p);
                if (p + 25 > v.Length) throw new InvalidDataException("truncated reference");
                byte flags = v[p];
                uint stamp = BitConverter.ToUInt32(v, p + 1);
                uint size = BitConverter.ToUInt32(v, p + 5);
                var mvid = new Guid(v.AsSpan(p + 9, 16));
                p += 25;
                lines.Append("  reference name=").Append(Fmt.Quote(file))
                     .Append(" aliases=").Append(Fmt.Quote(aliases))
                     .Append(" flags=").Append(Fmt.Dec(flags))
                     .Append(" stamp=").Append(Fmt.Hex32(stamp))
                     .Append(" imagesize=").Append(Fmt.Hex32(size))
                     .Append(" mvid=").Append(Fmt.Guid(mvid)).Append('\n');
            }
        }
        else if (kind == TypeDefinitionDocuments)
        {
            var r = new ByteReader(v);
            while (!r.AtEnd)
            {
                lines.Append("  document ").Append(Fmt.Dec(r.CompressedU())).Append('\n');
            }
        }
        else if (kind == AsyncMethodSteppingInformation)
        {
            var r = new ByteReader(v);
            uint catchPlusOne = r.U32();
            lines.Append("  async catch=").Append(catchPlusOne == 0 ? "none" : Fmt.Dec(catchPlusOne - 1)).Append('\n');
            while (!r.AtEnd)
            {
                uint yieldOffset = r.U32();
                uint resumeOffset = r.U32();
                uint method = r.CompressedU();
                lines.Append("  await yield=").Append(Fmt.Dec(yieldOffset))
                     .Append(" resume=").Append(Fmt.Dec(resumeOffset))
                     .Append(" method=").Append(Fmt.Token((int)(0x06000000u | method))).Append('\n');
            }
        }
        else if (kind == StateMachineHoistedLocalScopes)
        {
            var r = new ByteReader(v);
            while (!r.AtEnd)
            {
                uint start = r.U32();
                uint length = r.U32();
                lines.Append("  hoisted il=").Append(Fmt.Dec(start)).Append('-').Append(Fmt.Dec((ulong)start + length)).Append('\n');
            }
        }
        else if (kind == DynamicLocalVariables)
        {
            var bits = new StringBuilder(v.Length * 8);
            foreach (byte b in v)
            {
                for (int i = 0; i < 8; i++)
                {
                    bits.Append((b & (1 << i)) != 0 ? '1' : '0');
                }
            }
            lines.Append("  dynamic flags=").Append(bits.Length == 0 ? "-" : bits.ToString()).Append('\n');
        }
        else if (kind == TupleElementNames)
        {
            int p = 0;
            lines.Append("  tuple names=");
            bool first = true;
            while (p < v.Length)
            {
                if (!first) lines.Append(',');
                first = false;
                lines.Append(Fmt.Quote(ReadZ(v, ref p)));
            }
            if (first) lines.Append('-');
            lines.Append('\n');
        }
        o.Append(lines);
    }

    // A NUL-terminated UTF-8 string; a missing terminator is malformed.
    private static string ReadZ(byte[] v, ref int p)
    {
        int end = Array.IndexOf(v, (byte)0, p);
        if (end < 0) throw new InvalidDataException("missing NUL");
        string s = Fmt.Utf8(v.AsSpan(p, end - p));
        p = end + 1;
        return s;
    }
}

/// <summary>Minimal little-endian reader with ECMA-335 compressed unsigned integers.</summary>
internal sealed class ByteReader
{
    private readonly byte[] _b;
    private int _p;

    public ByteReader(byte[] b) => _b = b;

    public bool AtEnd => _p >= _b.Length;

    public uint U32()
    {
        if (_p + 4 > _b.Length) throw new InvalidDataException("truncated");
        uint v = BitConverter.ToUInt32(_b, _p);
        _p += 4;
        return v;
    }

    public uint CompressedU()
    {
        if (_p >= _b.Length) throw new InvalidDataException("truncated");
        byte b0 = _b[_p];
        if ((b0 & 0x80) == 0)
        {
            _p += 1;
            return b0;
        }
        if ((b0 & 0xC0) == 0x80)
        {
            if (_p + 2 > _b.Length) throw new InvalidDataException("truncated");
            uint v = ((uint)(b0 & 0x3F) << 8) | _b[_p + 1];
            _p += 2;
            return v;
        }
        if ((b0 & 0xE0) == 0xC0)
        {
            if (_p + 4 > _b.Length) throw new InvalidDataException("truncated");
            uint v = ((uint)(b0 & 0x1F) << 24) | ((uint)_b[_p + 1] << 16) | ((uint)_b[_p + 2] << 8) | _b[_p + 3];
            _p += 4;
            return v;
        }
        throw new InvalidDataException("bad compressed integer");
    }
}

/// <summary>LocalConstantSig decoding (FORMAT.md "Constant values").</summary>
internal static class ConstantDecoder
{
    public static string Decode(BlobReader r)
    {
        try
        {
            return DecodeCore(ref r);
        }
        catch (BadImageFormatException)
        {
            return "?";
        }
    }

    private static string DecodeCore(ref BlobReader r)
    {
        var prefix = new StringBuilder();
        while (r.RemainingBytes > 0)
        {
            byte b = r.ReadByte();
            if (b == (byte)SignatureTypeCode.OptionalModifier || b == (byte)SignatureTypeCode.RequiredModifier)
            {
                EntityHandle m = r.ReadTypeHandle();
                prefix.Append(b == (byte)SignatureTypeCode.OptionalModifier ? "modopt(" : "modreq(").Append(Fmt.Token(m)).Append(')');
                continue;
            }
            string body = DecodeAfterTypeCode(b, ref r);
            if (r.RemainingBytes != 0)
            {
                return "?";
            }
            return prefix.Length == 0 ? body : prefix + " " + body;
        }
        return "?";
    }

    private static string DecodeAfterTypeCode(byte code, ref BlobReader r)
    {
        switch (code)
        {
            case 0x0E: // STRING
                if (r.RemainingBytes == 1)
                {
                    return r.ReadByte() == 0xFF ? "string:null" : "?";
                }
                if (r.RemainingBytes % 2 != 0)
                {
                    return "?";
                }
                return "string:" + Fmt.Quote(r.ReadUTF16(r.RemainingBytes));
            case 0x1C: // OBJECT
                return r.RemainingBytes == 0 ? "object:null" : "?";
            case 0x11: // VALUETYPE
            case 0x12: // CLASS
            {
                string kind = code == 0x11 ? "valuetype" : "class";
                EntityHandle type = r.ReadTypeHandle();
                string value;
                switch (r.RemainingBytes)
                {
                    case 0:
                        value = code == 0x11 ? "default" : "null";
                        break;
                    case 13:
                        value = "decimal:" + Decimal(ref r);
                        break;
                    case 8:
                        value = "datetime:" + Fmt.Dec(r.ReadInt64());
                        break;
                    default:
                        return "?";
                }
                return kind + ":" + value + " type=" + Fmt.Token(type);
            }
        }
        string? primitive = Primitive(code, ref r);
        if (primitive == null)
        {
            return "?";
        }
        if (r.RemainingBytes == 0)
        {
            return primitive;
        }
        // EnumConstant: the underlying primitive value followed by the enum type.
        if (code == 0x0C || code == 0x0D)
        {
            return "?";
        }
        EntityHandle enumType = r.ReadTypeHandle();
        return "enum:" + primitive + " type=" + Fmt.Token(enumType);
    }

    private static string? Primitive(byte code, ref BlobReader r) => code switch
    {
        0x02 => "boolean:" + Fmt.Dec(r.ReadByte()),
        0x03 => "char:" + Fmt.Dec(r.ReadUInt16()),
        0x04 => "i1:" + Fmt.Dec(r.ReadSByte()),
        0x05 => "u1:" + Fmt.Dec(r.ReadByte()),
        0x06 => "i2:" + Fmt.Dec(r.ReadInt16()),
        0x07 => "u2:" + Fmt.Dec(r.ReadUInt16()),
        0x08 => "i4:" + Fmt.Dec(r.ReadInt32()),
        0x09 => "u4:" + Fmt.Dec(r.ReadUInt32()),
        0x0A => "i8:" + Fmt.Dec(r.ReadInt64()),
        0x0B => "u8:" + Fmt.Dec(r.ReadUInt64()),
        0x0C => "r4:" + Fmt.Hex32(r.ReadUInt32()),
        0x0D => "r8:0x" + r.ReadUInt64().ToString("x16", CultureInfo.InvariantCulture),
        _ => null,
    };

    // Decimal: sign (bit 7) and scale (bits 0-6) byte, then low, mid, high 32-bit words.
    // Printed as the exact mantissa with the decimal point inserted "scale" digits from the right.
    private static string Decimal(ref BlobReader r)
    {
        byte signScale = r.ReadByte();
        uint lo = r.ReadUInt32();
        uint mid = r.ReadUInt32();
        uint hi = r.ReadUInt32();
        int scale = signScale & 0x7F;
        bool negative = (signScale & 0x80) != 0;
        BigInteger mantissa = ((BigInteger)hi << 64) | ((BigInteger)mid << 32) | lo;
        string digits = mantissa.ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            if (digits.Length <= scale)
            {
                digits = new string('0', scale - digits.Length + 1) + digits;
            }
            digits = digits.Substring(0, digits.Length - scale) + "." + digits.Substring(digits.Length - scale);
        }
        return (negative ? "-" : "") + digits;
    }
}

/// <summary>Dump of a PE image's headers and debug directory.</summary>
internal static class PeDump
{
    public static string Dump(byte[] bytes)
    {
        var o = new StringBuilder();
        o.Append(Program.Header("pe")).Append('\n');
        using var pe = new PEReader(ImmutableArray.Create(bytes));
        PEHeaders h = pe.PEHeaders;
        o.Append("pe machine=").Append(Fmt.Hex16((ushort)h.CoffHeader.Machine))
         .Append(" timestamp=").Append(Fmt.Hex32((uint)h.CoffHeader.TimeDateStamp))
         .Append(" characteristics=").Append(Fmt.Hex16((ushort)h.CoffHeader.Characteristics))
         .Append(" magic=").Append(Fmt.Hex16((ushort)h.PEHeader!.Magic))
         .Append(" corflags=").Append(Fmt.Hex32((uint)h.CorHeader!.Flags))
         .Append(" entry=").Append(Fmt.Token(h.CorHeader.EntryPointTokenOrRelativeVirtualAddress))
         .Append('\n');
        DirectoryEntry dd = h.PEHeader.DebugTableDirectory;
        o.Append("debugdirectory rva=").Append(Fmt.Hex32((uint)dd.RelativeVirtualAddress))
         .Append(" size=").Append(Fmt.Dec(dd.Size)).Append('\n');

        int index = 0;
        foreach (DebugDirectoryEntry e in pe.ReadDebugDirectory())
        {
            o.Append("debug ").Append(Fmt.Dec(index++))
             .Append(" type=").Append(Fmt.Dec((int)e.Type))
             .Append(" major=").Append(Fmt.Dec(e.MajorVersion))
             .Append(" minor=").Append(Fmt.Dec(e.MinorVersion))
             .Append(" stamp=").Append(Fmt.Hex32(e.Stamp))
             .Append(" size=").Append(Fmt.Dec(e.DataSize))
             .Append(" rva=").Append(Fmt.Hex32((uint)e.DataRelativeVirtualAddress))
             .Append(" pointer=").Append(Fmt.Hex32((uint)e.DataPointer))
             .Append('\n');
            switch (e.Type)
            {
                case DebugDirectoryEntryType.CodeView:
                {
                    CodeViewDebugDirectoryData cv = pe.ReadCodeViewDebugDirectoryData(e);
                    o.Append("  codeview guid=").Append(Fmt.Guid(cv.Guid))
                     .Append(" age=").Append(Fmt.Dec(cv.Age))
                     .Append(" path=").Append(Fmt.Quote(cv.Path));
                    if (e.IsPortableCodeView)
                    {
                        var id = new byte[20];
                        cv.Guid.TryWriteBytes(id);
                        BitConverter.TryWriteBytes(id.AsSpan(16), e.Stamp);
                        o.Append(" pdbid=").Append(Fmt.Hex(id));
                    }
                    o.Append('\n');
                    break;
                }
                case DebugDirectoryEntryType.PdbChecksum:
                {
                    PdbChecksumDebugDirectoryData c = pe.ReadPdbChecksumDebugDirectoryData(e);
                    o.Append("  pdbchecksum algorithm=").Append(Fmt.Quote(c.AlgorithmName))
                     .Append(" hash=").Append(Fmt.Hex(c.Checksum)).Append('\n');
                    break;
                }
                case DebugDirectoryEntryType.EmbeddedPortablePdb:
                {
                    ReadOnlySpan<byte> data = bytes.AsSpan(e.DataPointer, e.DataSize);
                    uint magic = BitConverter.ToUInt32(data);
                    uint size = BitConverter.ToUInt32(data.Slice(4));
                    using MetadataReaderProvider provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(e);
                    MetadataReader md = provider.GetMetadataReader();
                    if (md.MetadataLength != size)
                    {
                        throw new InvalidOperationException("embedded PDB size mismatch");
                    }
                    o.Append("  embeddedpdb magic=").Append(Fmt.Hex32(magic))
                     .Append(" size=").Append(Fmt.Dec(size))
                     .Append(" compressed=").Append(Fmt.Dec(data.Length - 8))
                     .Append(" pdbid=").Append(Fmt.Hex(md.DebugMetadataHeader!.Id)).Append('\n');
                    break;
                }
            }
        }
        o.Append("end\n");
        return o.ToString();
    }
}
