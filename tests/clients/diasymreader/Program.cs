// SPDX-License-Identifier: MIT
// Microsoft.DiaSymReader (the managed client of Microsoft.DiaSymReader.Native) reading PDBs through
// corsym on Linux.
//
//   DiaSymClient portable PE PDB ORACLE-DUMP    compare with a System.Reflection.Metadata dump
//                                               (tests/oracle/expected, format tests/oracle/FORMAT.md)
//   DiaSymClient cecil-test PE PDB              check the facts Mono.Cecil's PdbTests assert about
//                                               cecil's Windows PDB test.pdb
//
// The reader is created the way Roslyn and PdbToXml create it:
// SymUnmanagedReaderFactory.CreateReader<ISymUnmanagedReader5>(pdbStream, metadataProvider, options).
// Prints one "ok"/"FAIL" line per check and "N passed, N failed"; exit status 1 on any failure.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.DiaSymReader;

// The three IMetaDataImport methods Microsoft.DiaSymReader's adapter forwards, over S.R.M.
unsafe sealed class MetadataProvider : ISymReaderMetadataProvider
{
    private readonly MetadataReader _md;
    public MetadataProvider(MetadataReader md) => _md = md;

    public bool TryGetStandaloneSignature(int token, out byte* signature, out int length)
    {
        var handle = (StandaloneSignatureHandle)MetadataTokens.Handle(token);
        BlobReader blob = _md.GetBlobReader(_md.GetStandaloneSignature(handle).Signature);
        signature = blob.StartPointer;
        length = blob.Length;
        return true;
    }

    public bool TryGetTypeDefinitionInfo(int token, out string ns, out string name, out TypeAttributes attributes)
    {
        TypeDefinition type = _md.GetTypeDefinition((TypeDefinitionHandle)MetadataTokens.Handle(token));
        ns = _md.GetString(type.Namespace);
        name = _md.GetString(type.Name);
        attributes = type.Attributes;
        return true;
    }

    public bool TryGetTypeReferenceInfo(int token, out string ns, out string name)
    {
        TypeReference type = _md.GetTypeReference((TypeReferenceHandle)MetadataTokens.Handle(token));
        ns = _md.GetString(type.Namespace);
        name = _md.GetString(type.Name);
        return true;
    }
}

static class Program
{
    static int s_passed, s_failed;

    static void Check(bool ok, string what, string detail = null)
    {
        if (ok) { s_passed++; Console.WriteLine($"ok   {what}"); }
        else { s_failed++; Console.WriteLine($"FAIL {what}{(detail == null ? "" : ": " + detail)}"); }
    }

    static void CheckEqual<T>(T expected, T actual, string what) =>
        Check(EqualityComparer<T>.Default.Equals(expected, actual), what, $"expected {expected}, got {actual}");

    static void CheckLines(List<string> expected, List<string> actual, string what)
    {
        int i = 0;
        while (i < expected.Count && i < actual.Count && expected[i] == actual[i]) i++;
        bool ok = i == expected.Count && i == actual.Count;
        Check(ok, $"{what} ({expected.Count} lines)",
              ok ? null : $"first difference at line {i + 1}: expected [{(i < expected.Count ? expected[i] : "<end>")}], got [{(i < actual.Count ? actual[i] : "<end>")}]");
    }

    static int Main(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: DiaSymClient portable PE PDB ORACLE | cecil-test PE PDB");
            return 2;
        }
        var options = SymUnmanagedReaderCreationOptions.UseAlternativeLoadPath;
        using var pe = new PEReader(File.OpenRead(args[1]));
        MetadataReader md = pe.GetMetadataReader();
        using FileStream pdb = File.OpenRead(args[2]);
        ISymUnmanagedReader5 reader;
        try
        {
            reader = SymUnmanagedReaderFactory.CreateReader<ISymUnmanagedReader5>(pdb, new MetadataProvider(md), options);
        }
        catch (Exception e)
        {
            Console.WriteLine($"FAIL CreateReader: {e.GetType().Name}: {e.Message}");
            Console.WriteLine("0 passed, 1 failed");
            return 1;
        }
        Check(true, $"CreateReader<ISymUnmanagedReader5> over {Path.GetFileName(args[2])}");

        if (args[0] == "portable")
            Portable(reader, md, File.ReadAllLines(args[3]));
        else if (args[0] == "cecil-test")
            CecilTest(reader, md);
        else
            return 2;

        ((ISymUnmanagedDispose)reader).Destroy();
        Console.WriteLine($"{s_passed} passed, {s_failed} failed");
        return s_failed == 0 ? 0 : 1;
    }

    static string Hex(byte[] bytes) => bytes.Length == 0 ? "-" : Convert.ToHexString(bytes).ToLowerInvariant();

    // ---- Portable PDB against the S.R.M oracle dump ----

    static void Portable(ISymUnmanagedReader5 reader, MetadataReader md, string[] oracle)
    {
        // documents, in table order
        ISymUnmanagedDocument[] documents = reader.GetDocuments();
        var rowOfName = new Dictionary<string, int>();
        var expectedDocs = new List<string>();
        var actualDocs = new List<string>();
        foreach (string line in oracle.Where(l => l.StartsWith("document ")))
            expectedDocs.Add(line.Substring(line.IndexOf(' ', 9) + 1));
        for (int i = 0; i < documents.Length; i++)
        {
            ISymUnmanagedDocument d = documents[i];
            string name = d.GetName();
            rowOfName.TryAdd(name, i + 1);
            actualDocs.Add($"name={Quote(name)} lang={d.GetLanguage()} hashalg={d.GetHashAlgorithm()} hash={Hex(d.GetChecksum())}");
        }
        CheckLines(expectedDocs, actualDocs, "documents: name, language, hash algorithm, checksum");

        // methods: sequence points and local signature
        var expected = new List<string>();
        var actual = new List<string>();
        int methods = 0;
        for (int i = 0; i < oracle.Length; i++)
        {
            if (!oracle[i].StartsWith("method 0x"))
                continue;
            methods++;
            string[] head = oracle[i].Split(' ');
            int token = int.Parse(head[1].AsSpan(2), NumberStyles.HexNumber);
            expected.Add($"method {head[1]} {head[3]}");
            for (int j = i + 1; j < oracle.Length && oracle[j].StartsWith("  sp "); j++)
                expected.Add(oracle[j].Trim());

            ISymUnmanagedMethod method = reader.GetMethod(token);
            if (method == null) { actual.Add($"method {head[1]} <no symbols>"); continue; }
            int localSig = ((ISymUnmanagedMethod2)method).GetLocalSignatureToken();
            actual.Add($"method {head[1]} localsig={(localSig == 0 ? "0" : $"0x{localSig:x8}")}");
            foreach (SymUnmanagedSequencePoint sp in method.GetSequencePoints())
            {
                int row = rowOfName.TryGetValue(sp.Document.GetName(), out int r) ? r : -1;
                actual.Add(sp.IsHidden ? $"sp il={sp.Offset} doc={row} hidden"
                                       : $"sp il={sp.Offset} doc={row} {sp.StartLine}:{sp.StartColumn}-{sp.EndLine}:{sp.EndColumn}");
            }
        }
        CheckLines(expected, actual, $"sequence points and local signatures of {methods} methods");

        // locals and constants: per method, every scope's, as sorted sets
        var oracleLocals = new SortedDictionary<int, List<string>>();
        int current = 0;
        foreach (string line in oracle)
        {
            if (line.StartsWith("scope "))
                current = int.Parse(line.Split(' ')[2].AsSpan("method=0x".Length), NumberStyles.HexNumber);
            else if (!line.StartsWith(" "))
                current = 0;
            else if (current != 0 && line.StartsWith("  local "))
            {
                string[] f = line.Trim().Split(' ', 5);
                Add(oracleLocals, current, $"local {f[4]} {f[2]} {f[3]}");
            }
            else if (current != 0 && line.StartsWith("  const "))
            {
                string rest = line.Trim().Substring(line.Trim().IndexOf(' ', 6) + 1); // name=... sig=... value=...
                string name = rest.Substring(0, rest.IndexOf(" sig="));
                string value = rest.Substring(rest.IndexOf(" value=") + 7);
                Add(oracleLocals, current, $"const {name} value={OracleConstant(value)}");
            }
        }
        var expectedScopes = new List<string>();
        var actualScopes = new List<string>();
        foreach (var (token, items) in oracleLocals)
        {
            items.Sort(StringComparer.Ordinal);
            expectedScopes.Add($"method 0x{token:x8}");
            expectedScopes.AddRange(items);
            var got = new List<string>();
            ISymUnmanagedMethod method = reader.GetMethod(token);
            if (method != null)
                Walk(method.GetRootScope(), got);
            got.Sort(StringComparer.Ordinal);
            actualScopes.Add($"method 0x{token:x8}");
            actualScopes.AddRange(got);
        }
        CheckLines(expectedScopes, actualScopes, $"locals (name, slot, attributes) and constants (name, value) of {oracleLocals.Count} methods");
    }

    static void Add(SortedDictionary<int, List<string>> map, int key, string item)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<string>();
        list.Add(item);
    }

    static void Walk(ISymUnmanagedScope scope, List<string> into)
    {
        foreach (ISymUnmanagedVariable local in scope.GetLocals())
            into.Add($"local name={Quote(local.GetName())} slot={local.GetSlot()} attrs={local.GetAttributes()}");
        foreach (ISymUnmanagedConstant constant in scope.GetConstants())
            into.Add($"const name={Quote(constant.GetName())} value={ComConstant(constant.GetValue())}");
        foreach (ISymUnmanagedScope child in scope.GetChildren())
            Walk(child, into);
    }

    // The oracle's constant (FORMAT.md 2.5) as the VARIANT Microsoft's portable reader returns.
    static string OracleConstant(string value)
    {
        while (value.StartsWith("modopt(") || value.StartsWith("modreq("))
            value = value.Substring(value.IndexOf(") ") + 2);
        if (value.StartsWith("enum:"))
            value = value.Substring(5, value.LastIndexOf(" type=") - 5);
        int colon = value.IndexOf(':');
        string kind = colon < 0 ? value : value.Substring(0, colon), v = colon < 0 ? "" : value.Substring(colon + 1);
        switch (kind)
        {
            case "boolean": case "i1": case "u1": case "i2": return "I2:" + v;
            case "char": case "u2": return "UI2:" + v;
            case "i4": return "I4:" + v;
            case "u4": return "UI4:" + v;
            case "i8": return "I8:" + v;
            case "u8": return "UI8:" + v;
            case "r4": return "R4:" + v;
            case "r8": return "R8:" + v;
            case "object": return "I4:0";
            case "string": return v == "null" ? "I4:0" : "BSTR:" + v;
            case "class": case "valuetype":
                if (v.StartsWith("null") || v.StartsWith("default")) return "I4:0";
                if (v.StartsWith("decimal:")) return "DECIMAL:" + v.Substring(8, v.IndexOf(" type=") - 8);
                if (v.StartsWith("datetime:")) return $"R8:0x{long.Parse(v.Substring(9, v.IndexOf(" type=") - 9)):x16}";
                return "?" + value;
            default: return "?" + value;
        }
    }

    static string ComConstant(object value) => value switch
    {
        short s => "I2:" + s,
        ushort u => "UI2:" + u,
        int i => "I4:" + i,
        uint u => "UI4:" + u,
        long l => "I8:" + l,
        ulong u => "UI8:" + u,
        float f => $"R4:0x{BitConverter.SingleToUInt32Bits(f):x8}",
        double d => $"R8:0x{BitConverter.DoubleToUInt64Bits(d):x16}",
        string s => "BSTR:" + Quote(s),
        decimal m => "DECIMAL:" + DecimalText(m),
        null => "null",
        _ => $"{value.GetType().Name}:{value}",
    };

    static string DecimalText(decimal m)
    {
        bool negative = (decimal.GetBits(m)[3] & int.MinValue) != 0;
        string text = Math.Abs(m).ToString(CultureInfo.InvariantCulture);
        return negative ? "-" + text : text;
    }

    // FORMAT.md 1: strings between double quotes with \\ \" \n \r \t and \uXXXX escapes.
    static string Quote(string s)
    {
        var b = new StringBuilder("\"");
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\\') b.Append("\\\\");
            else if (c == '"') b.Append("\\\"");
            else if (c == '\n') b.Append("\\n");
            else if (c == '\r') b.Append("\\r");
            else if (c == '\t') b.Append("\\t");
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { b.Append(c).Append(s[i + 1]); i++; }
            else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || char.IsSurrogate(c)) b.Append($"\\u{(int)c:x4}");
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }

    // ---- cecil's Windows PDB test.pdb: the facts Mono.Cecil's PdbTests assert ----

    static void CecilTest(ISymUnmanagedReader5 reader, MetadataReader md)
    {
        int main = 0;
        foreach (TypeDefinitionHandle th in md.TypeDefinitions)
        {
            TypeDefinition type = md.GetTypeDefinition(th);
            if (md.GetString(type.Name) != "Program") continue;
            foreach (MethodDefinitionHandle mh in type.GetMethods())
                if (md.GetString(md.GetMethodDefinition(mh).Name) == "Main")
                    main = MetadataTokens.GetToken(mh);
        }
        ISymUnmanagedMethod method = reader.GetMethod(main);
        Check(method != null, $"GetMethod(Program.Main 0x{main:x8})");
        if (method == null) return;

        // PdbTests.Main: ".line 6,6:2,3" = start line, end line : start column, end column
        var expected = new List<string> {
            "IL_0000 6:2-6:3", "IL_0001 7:8-7:18", "IL_0003 hidden", "IL_0005 8:4-8:21",
            "IL_000e 7:36-7:39", "IL_0012 7:19-7:34", "IL_0019 hidden", "IL_001c 10:3-10:12", "IL_0020 11:2-11:3" };
        var actual = method.GetSequencePoints()
            .Select(sp => sp.IsHidden ? $"IL_{sp.Offset:x4} hidden" : $"IL_{sp.Offset:x4} {sp.StartLine}:{sp.StartColumn}-{sp.EndLine}:{sp.EndColumn}")
            .ToList();
        CheckLines(expected, actual, "Program.Main sequence points (PdbTests.Main)");

        // PdbTests.Document
        ISymUnmanagedDocument document = method.GetSequencePoints().First(sp => !sp.IsHidden).Document;
        CheckEqual(@"c:\sources\cecil\symbols\Mono.Cecil.Pdb\Test\Resources\assemblies\test.cs", document.GetName(), "document URL");
        CheckEqual(new Guid("406ea660-64cf-4c82-b6f0-42d48172a799"), document.GetHashAlgorithm(), "document hash algorithm MD5");
        CheckEqual("e4b0983652eeee44ed9c058e76a076f5", Hex(document.GetChecksum()), "document checksum");
        CheckEqual(new Guid("3f5162f8-07c6-11d3-9053-00c04fa302a1"), document.GetLanguage(), "document language C#");
        CheckEqual(new Guid("994b45c4-e6e9-11d2-903f-00c04fa302a1"), document.GetLanguageVendor(), "document language vendor Microsoft");
        CheckEqual(new Guid("5a869d0b-6611-11d3-bd2a-0000f80849bd"), document.GetDocumentType(), "document type text");

        // PdbTests.DebuggerHiddenVariable: root scope CS$1$0000, CS$4$0001 (hidden); one child with i
        ISymUnmanagedScope root = method.GetRootScope();
        ISymUnmanagedScope[] children = root.GetChildren();
        // Microsoft's reader wraps the method's outermost PDB scope in a synthesized root; follow
        // single children down to the scope that holds the locals.
        ISymUnmanagedScope outer = root;
        while (outer.GetLocals().Length == 0 && outer.GetChildren().Length == 1)
            outer = outer.GetChildren()[0];
        string Locals(ISymUnmanagedScope s) => string.Join(",", s.GetLocals().Select(l => $"{l.GetName()}/{l.GetAttributes()}"));
        CheckEqual("CS$1$0000/1,CS$4$0001/1", Locals(outer), "Main outer scope locals (name/attributes, 1 = hidden)");
        ISymUnmanagedScope[] inner = outer.GetChildren();
        CheckEqual(1, inner.Length, "Main outer scope has one child scope");
        if (inner.Length == 1)
            CheckEqual("i/0", Locals(inner[0]), "Main inner scope locals");
    }
}
