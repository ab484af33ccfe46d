// SPDX-License-Identifier: MIT
// Microsoft.DiaSymReader's Windows PDB writer (SymUnmanagedWriter, the API Roslyn emits Windows PDBs
// through) driving corsym on Linux, then Microsoft.DiaSymReader's reader (also corsym) reading the
// PDB back.
//
//   DiaSymWriterClient WORK-DIR [LLVM-PDBUTIL]
//
// Writes one small module's symbols the way Roslyn's PdbWriter does (documents with checksums,
// methods with sequence points, nested scopes, locals, constants, usings, custom debug
// information, async step information, the entry point, source link, source server data,
// compiler information, the token-to-source map), gets the signature, and writes the PDB with
// WriteTo. Then reads it back and checks that every value round-trips, and, with LLVM-PDBUTIL,
// that the file is an MSF PDB whose GUID and age are the writer's. Once non-deterministic and
// three times with SymUnmanagedWriterCreationOptions.Deterministic (twice the same input must
// give the same bytes; UpdateSignature must set the id).
//
// Prints one "ok"/"FAIL" line per check and "N passed, N failed"; exit status 1 on any failure.
// A failing writer call is reported with its HRESULT.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.DiaSymReader;

// ---- the module: what Roslyn would know from its metadata writer ----

sealed class TypeDef
{
    public int Token; public string Namespace; public string Name; public TypeAttributes Attributes; public int Enclosing;
}

sealed class MethodDef
{
    public int Token; public string Name; public int DeclaringType;
}

// ISymWriterMetadataProvider (what Roslyn implements over its metadata writer) and
// ISymReaderMetadataProvider over the same tables.
unsafe sealed class Metadata : ISymWriterMetadataProvider, ISymReaderMetadataProvider
{
    public readonly List<TypeDef> Types = new();
    public readonly List<MethodDef> Methods = new();
    public readonly List<string> Calls = new();

    public bool TryGetTypeDefinitionInfo(int token, out string ns, out string name, out TypeAttributes attributes)
    {
        Calls.Add($"TryGetTypeDefinitionInfo(0x{token:x8})");
        TypeDef t = Types.FirstOrDefault(t => t.Token == token);
        ns = t?.Namespace; name = t?.Name; attributes = t?.Attributes ?? 0;
        return t != null;
    }

    public bool TryGetEnclosingType(int token, out int enclosing)
    {
        Calls.Add($"TryGetEnclosingType(0x{token:x8})");
        TypeDef t = Types.FirstOrDefault(t => t.Token == token);
        enclosing = t?.Enclosing ?? 0;
        return t != null && t.Enclosing != 0;
    }

    public bool TryGetMethodInfo(int token, out string name, out int declaringType)
    {
        Calls.Add($"TryGetMethodInfo(0x{token:x8})");
        MethodDef m = Methods.FirstOrDefault(m => m.Token == token);
        name = m?.Name; declaringType = m?.DeclaringType ?? 0;
        return m != null;
    }

    public bool TryGetStandaloneSignature(int token, out byte* signature, out int length)
    {
        signature = null; length = 0;
        return false;
    }

    public bool TryGetTypeReferenceInfo(int token, out string ns, out string name)
    {
        ns = name = null;
        return false;
    }
}

sealed class Doc
{
    public string Name; public Guid Language, Vendor, Type, HashAlgorithm; public byte[] Checksum;
}

sealed class SeqPoint
{
    public int Document, Offset, StartLine, StartColumn, EndLine, EndColumn;
    public bool Hidden => StartLine == 0xfeefee;
}

sealed class Local { public string Name; public int Slot, Attributes; }
sealed class Const { public string Name; public object Value; public string Expected; }

sealed class Scope
{
    public int Start, End;
    public List<Local> Locals = new();
    public List<Const> Constants = new();
    public List<string> Usings = new();
    public List<Scope> Children = new();
}

sealed class AsyncInfo
{
    public int Kickoff, CatchHandler; public int[] Yields, Resumes;
}

sealed class Method
{
    public int Token; public List<SeqPoint> Points = new(); public bool UseSequencePointsWriter;
    public Scope Root; public byte[] CustomDebugInfo; public AsyncInfo Async; public int LocalSignature;
}

static class Program
{
    static int s_passed, s_failed;

    static void Check(bool ok, string what, string detail = null)
    {
        if (ok) { s_passed++; Console.WriteLine($"ok   {what}"); }
        else { s_failed++; Console.WriteLine($"FAIL {what}{(detail == null ? "" : ": " + detail)}"); }
    }

    // A check that fails because of a corsym bug listed in README.md: reported, not counted.
    static void KnownIssue(bool ok, string what, string detail)
    {
        if (ok) Check(true, what);
        else Console.WriteLine($"KNOWN-ISSUE {what}: {detail}");
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
        if (!ok)
        {
            Console.WriteLine("     expected:"); foreach (string l in expected) Console.WriteLine("       " + l);
            Console.WriteLine("     actual:"); foreach (string l in actual) Console.WriteLine("       " + l);
        }
    }

    // An exception from Microsoft.DiaSymReader, down to the HRESULT the native call returned.
    static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception x = e; x != null; x = x.InnerException)
            parts.Add($"{x.GetType().Name} HRESULT 0x{x.HResult:x8} \"{x.Message}\"");
        return string.Join(" <- ", parts);
    }

    // A writer call; a failure is reported with the call's name and HRESULT.
    static bool Call(string what, Action action)
    {
        try { action(); return true; }
        catch (Exception e) { Check(false, $"writer {what}", Describe(e)); return false; }
    }

    static readonly Guid CSharp = new("3f5162f8-07c6-11d3-9053-00c04fa302a1");
    static readonly Guid Microsoft = new("994b45c4-e6e9-11d2-903f-00c04fa302a1");
    static readonly Guid Text = new("5a869d0b-6611-11d3-bd2a-0000f80849bd");
    static readonly Guid Sha256 = new("8829d00f-11b8-4213-878b-770e8597ac16");
    static readonly Guid Sha1 = new("ff1816ec-aa5e-4d10-87f7-6f4963833460");

    static int Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: DiaSymWriterClient WORK-DIR [LLVM-PDBUTIL]");
            return 2;
        }
        string work = args[0], pdbutil = args.Length > 1 ? args[1] : null;
        Directory.CreateDirectory(work);
        var (md, docs, methods) = Model();
        var alt = SymUnmanagedWriterCreationOptions.UseAlternativeLoadPath;

        Console.WriteLine("--- non-deterministic writer");
        if (Write(md, docs, methods, alt, null, out byte[] pdb, out var sig))
        {
            string path = Path.Combine(work, "written.pdb");
            File.WriteAllBytes(path, pdb);
            ReadBack(path, md, docs, methods, sig);
            if (pdbutil != null) PdbUtil(pdbutil, path, sig, docs);
        }

        Console.WriteLine("--- deterministic writer");
        var det = alt | SymUnmanagedWriterCreationOptions.Deterministic;
        if (Write(md, docs, methods, det, null, out byte[] d1, out var s1) &&
            Write(md, docs, methods, det, null, out byte[] d2, out var s2))
        {
            Check(d1.AsSpan().SequenceEqual(d2), $"Deterministic: the same input gives the same {d1.Length} bytes twice");
            CheckEqual(s1, s2, "Deterministic: the same signature twice");
            string path = Path.Combine(work, "deterministic.pdb");
            File.WriteAllBytes(path, d1);
            ReadBack(path, md, docs, methods, s1);
        }
        // Roslyn's deterministic build: the id is the hash of the PE, set with UpdateSignature.
        var wanted = (Guid: new Guid("0123cdef-4567-89ab-cdef-0123456789ab"), Stamp: 0x89abcdefu, Age: 1);
        if (Write(md, docs, methods, det, wanted, out byte[] d3, out var s3))
        {
            CheckEqual(wanted, s3, "UpdateSignature: GetSignature returns the id set");
            string path = Path.Combine(work, "updated.pdb");
            File.WriteAllBytes(path, d3);
            ReadBack(path, md, docs, methods, wanted);
            if (pdbutil != null) PdbUtil(pdbutil, path, wanted, docs);
        }

        Console.WriteLine($"{s_passed} passed, {s_failed} failed");
        return s_failed == 0 ? 0 : 1;
    }

    // ---- the symbols written ----

    static byte[] Bytes(int n, int seed) => Enumerable.Range(0, n).Select(i => (byte)(seed + i * 7)).ToArray();

    // Roslyn's custom debug information: a header (version 4, record count), then records
    // (version 4, kind, 2 bytes of padding, size including the 8-byte header, data padded to 4).
    static byte[] Cdi(params (byte Kind, byte[] Data)[] records)
    {
        var b = new List<byte> { 4, (byte)records.Length, 0, 0 };
        foreach (var (kind, data) in records)
        {
            int size = 8 + ((data.Length + 3) & ~3);
            b.AddRange(new byte[] { 4, kind, 0, 0 });
            b.AddRange(BitConverter.GetBytes(size));
            b.AddRange(data);
            b.AddRange(new byte[size - 8 - data.Length]);
        }
        return b.ToArray();
    }

    static (Metadata, List<Doc>, List<Method>) Model()
    {
        var md = new Metadata();
        md.Types.Add(new TypeDef { Token = 0x02000002, Namespace = "App", Name = "Program", Attributes = TypeAttributes.Public });
        md.Types.Add(new TypeDef { Token = 0x02000003, Namespace = "", Name = "<RunAsync>d__1", Attributes = TypeAttributes.NestedPrivate | TypeAttributes.Sealed, Enclosing = 0x02000002 });
        md.Methods.Add(new MethodDef { Token = 0x06000001, Name = "Main", DeclaringType = 0x02000002 });
        md.Methods.Add(new MethodDef { Token = 0x06000002, Name = "RunAsync", DeclaringType = 0x02000002 });
        md.Methods.Add(new MethodDef { Token = 0x06000003, Name = "MoveNext", DeclaringType = 0x02000003 });

        var docs = new List<Doc>
        {
            new() { Name = "/src/App/Program.cs", Language = CSharp, Vendor = Microsoft, Type = Text, HashAlgorithm = Sha256, Checksum = Bytes(32, 0x11) },
            new() { Name = "/src/App/Async.cs", Language = CSharp, Vendor = Microsoft, Type = Text, HashAlgorithm = Sha1, Checksum = Bytes(20, 0x5a) },
            new() { Name = "/src/App/Generated.cs", Language = CSharp, Vendor = Microsoft, Type = Text, HashAlgorithm = Guid.Empty, Checksum = Array.Empty<byte>() },
        };

        const int H = 0xfeefee;
        var main = new Method
        {
            Token = 0x06000001,
            LocalSignature = 0x11000001,
            Points =
            {
                new() { Document = 0, Offset = 0x00, StartLine = 5, StartColumn = 9, EndLine = 5, EndColumn = 10 },
                new() { Document = 0, Offset = 0x01, StartLine = 6, StartColumn = 13, EndLine = 6, EndColumn = 30 },
                new() { Document = 0, Offset = 0x07, StartLine = H, StartColumn = 0, EndLine = H, EndColumn = 0 },
                new() { Document = 0, Offset = 0x09, StartLine = 7, StartColumn = 13, EndLine = 9, EndColumn = 14 },
                new() { Document = 0, Offset = 0x1e, StartLine = 10, StartColumn = 9, EndLine = 10, EndColumn = 10 },
            },
            Root = new Scope
            {
                Start = 0, End = 0x20,
                Locals = { new() { Name = "x", Slot = 0, Attributes = 0 }, new() { Name = "CS$4$0000", Slot = 1, Attributes = 1 } },
                Constants =
                {
                    new() { Name = "I", Value = 42, Expected = "I4:42" },
                    new() { Name = "L", Value = 1234567890123L, Expected = "I8:1234567890123" },
                    new() { Name = "D", Value = 3.5, Expected = "R8:0x400c000000000000" },
                    new() { Name = "S", Value = "hello, world", Expected = "BSTR:\"hello, world\"" },
                    new() { Name = "M", Value = 1.5m, Expected = "DECIMAL:1.5" },
                    new() { Name = "N", Value = null, Expected = "I4:0" },
                },
                Usings = { "USystem", "USystem.Collections.Generic", "AIO System.IO" },
                Children =
                {
                    new Scope
                    {
                        Start = 0x07, End = 0x1e,
                        Locals = { new() { Name = "i", Slot = 2, Attributes = 0 } },
                        Constants = { new() { Name = "Z", Value = (short)-7, Expected = "I2:-7" } },
                    },
                },
            },
            // UsingGroups: one group of the three usings
            CustomDebugInfo = Cdi((0, new byte[] { 1, 0, 3, 0 })),
        };
        var kickoff = new Method
        {
            Token = 0x06000002,
            Points = { new() { Document = 2, Offset = 0, StartLine = 14, StartColumn = 5, EndLine = 14, EndColumn = 6 } },
            Root = new Scope { Start = 0, End = 0x0c },
            // StateMachineTypeName "<RunAsync>d__1", then ForwardMethodInfo to Main
            CustomDebugInfo = Cdi((4, Encoding.Unicode.GetBytes("<RunAsync>d__1\0")), (1, BitConverter.GetBytes(0x06000001))),
        };
        var moveNext = new Method
        {
            Token = 0x06000003,
            UseSequencePointsWriter = true, // Roslyn's SymUnmanagedSequencePointsWriter, switching documents
            Points =
            {
                new() { Document = 1, Offset = 0x00, StartLine = H, StartColumn = 0, EndLine = H, EndColumn = 0 },
                new() { Document = 1, Offset = 0x07, StartLine = 3, StartColumn = 5, EndLine = 3, EndColumn = 6 },
                new() { Document = 1, Offset = 0x08, StartLine = 4, StartColumn = 9, EndLine = 4, EndColumn = 35 },
                new() { Document = 0, Offset = 0x20, StartLine = 12, StartColumn = 9, EndLine = 12, EndColumn = 31 },
                new() { Document = 1, Offset = 0x3a, StartLine = 5, StartColumn = 5, EndLine = 5, EndColumn = 6 },
            },
            Root = new Scope
            {
                Start = 0, End = 0x48,
                Locals = { new() { Name = "CS$<>8__locals0", Slot = 0, Attributes = 0 }, new() { Name = "<>u__1", Slot = 1, Attributes = 1 } },
            },
            CustomDebugInfo = Cdi((1, BitConverter.GetBytes(0x06000001))),
            Async = new AsyncInfo { Kickoff = 0x06000002, CatchHandler = 0x2e, Yields = new[] { 0x12, 0x24 }, Resumes = new[] { 0x18, 0x2a } },
        };
        return (md, docs, new List<Method> { main, kickoff, moveNext });
    }

    static readonly byte[] SourceLink = Encoding.UTF8.GetBytes("{\"documents\":{\"/src/App/*\":\"https://example.invalid/app/*\"}}");
    static readonly byte[] SourceServer = Encoding.UTF8.GetBytes("SRCSRV: ini ------------------------------------------------\r\nVERSION=2\r\nSRCSRV: end ------------------------------------------------\r\n");

    static bool Write(Metadata md, List<Doc> docs, List<Method> methods, SymUnmanagedWriterCreationOptions options,
                      (Guid, uint, int)? update, out byte[] pdb, out (Guid Guid, uint Stamp, int Age) signature)
    {
        pdb = null; signature = default;
        SymUnmanagedWriter writer;
        // run.sh recognises a crash right after this line (README.md, known issues)
        Console.WriteLine($"calling CreateWriter({options})");
        Console.Out.Flush();
        try
        {
            writer = SymUnmanagedWriterFactory.CreateWriter(md, options);
        }
        catch (Exception e)
        {
            Check(false, $"CreateWriter({options})", Describe(e));
            return false;
        }
        Check(true, $"CreateWriter({options})");
        int failedBefore = s_failed;
        using (writer)
        {
            var index = new int[docs.Count];
            for (int i = 0; i < docs.Count; i++)
            {
                Doc d = docs[i];
                Call($"DefineDocument({d.Name})", () => index[i] = writer.DefineDocument(d.Name, d.Language, d.Vendor, d.Type, d.HashAlgorithm, d.Checksum, null));
            }
            foreach (Method m in methods)
            {
                if (!Call($"OpenMethod(0x{m.Token:x8})", () => writer.OpenMethod(m.Token))) continue;
                WriteScope(writer, m.Root, m, true);
                if (m.UseSequencePointsWriter)
                {
                    var spw = new SymUnmanagedSequencePointsWriter(writer);
                    Call($"SymUnmanagedSequencePointsWriter 0x{m.Token:x8}", () =>
                    {
                        foreach (SeqPoint p in m.Points) spw.Add(index[p.Document], p.Offset, p.StartLine, p.StartColumn, p.EndLine, p.EndColumn);
                        spw.Flush();
                    });
                }
                else
                {
                    foreach (var group in m.Points.GroupBy(p => p.Document))
                    {
                        SeqPoint[] pts = group.ToArray();
                        Call($"DefineSequencePoints(0x{m.Token:x8}, document {group.Key})", () => writer.DefineSequencePoints(index[group.Key], pts.Length,
                            pts.Select(p => p.Offset).ToArray(), pts.Select(p => p.StartLine).ToArray(), pts.Select(p => p.StartColumn).ToArray(),
                            pts.Select(p => p.EndLine).ToArray(), pts.Select(p => p.EndColumn).ToArray()));
                    }
                }
                if (m.Async != null)
                    Call($"SetAsyncInfo(0x{m.Token:x8})", () => writer.SetAsyncInfo(m.Token, m.Async.Kickoff, m.Async.CatchHandler, m.Async.Yields, m.Async.Resumes));
                if (m.CustomDebugInfo != null)
                    Call($"DefineCustomMetadata(0x{m.Token:x8})", () => writer.DefineCustomMetadata(m.CustomDebugInfo));
                Call($"CloseMethod(0x{m.Token:x8})", () => writer.CloseMethod());
            }
            Call("SetEntryPoint", () => writer.SetEntryPoint(0x06000001));
            // Roslyn: the types without method bodies, mapped to their source spans.
            Call("OpenTokensToSourceSpansMap", () => writer.OpenTokensToSourceSpansMap());
            Call("MapTokenToSourceSpan", () => writer.MapTokenToSourceSpan(0x02000003, index[1], 1, 1, 6, 2));
            Call("CloseTokensToSourceSpansMap", () => writer.CloseTokensToSourceSpansMap());
            Call("SetSourceLinkData", () => writer.SetSourceLinkData(SourceLink));
            Call("SetSourceServerData", () => writer.SetSourceServerData(SourceServer));
            Call("AddCompilerInfo", () => writer.AddCompilerInfo(4, 12, 0, 0, "C# - 4.12.0"));
            if (update is (Guid g, uint s, int a))
                Call("UpdateSignature", () => writer.UpdateSignature(g, s, a));
            (Guid, uint, int) sig = default;
            if (Call("GetSignature", () => { writer.GetSignature(out Guid g2, out uint s2, out int a2); sig = (g2, s2, a2); }))
            {
                signature = sig;
                Check(sig.Item1 != Guid.Empty && sig.Item3 >= 1, $"GetSignature (GetDebugInfo + IPdbWriter.GetSignatureAge): guid={sig.Item1} stamp=0x{sig.Item2:x8} age={sig.Item3}");
            }
            var output = new MemoryStream();
            if (!Call("WriteTo", () => writer.WriteTo(output))) return false;
            pdb = output.ToArray();
            Check(pdb.Length > 0 && Encoding.ASCII.GetString(pdb, 0, 32) == "Microsoft C/C++ MSF 7.00\r\n\x1a" + "DS\0\0\0",
                  $"WriteTo: {pdb.Length} bytes, an MSF 7.00 file");
        }
        return s_failed == failedBefore;
    }

    static void WriteScope(SymUnmanagedWriter writer, Scope s, Method m, bool root)
    {
        // Roslyn opens the method's outermost scope too.
        Call($"OpenScope(0x{s.Start:x})", () => writer.OpenScope(s.Start));
        foreach (string u in s.Usings)
            Call($"UsingNamespace({u})", () => writer.UsingNamespace(u));
        foreach (Local l in s.Locals)
            Call($"DefineLocalVariable({l.Name})", () => writer.DefineLocalVariable(l.Slot, l.Name, l.Attributes, m.LocalSignature));
        foreach (Const c in s.Constants)
            Call($"DefineLocalConstant({c.Name})", () => Check(writer.DefineLocalConstant(c.Name, c.Value, 0), $"DefineLocalConstant({c.Name}) returns true"));
        foreach (Scope child in s.Children)
            WriteScope(writer, child, m, false);
        Call($"CloseScope(0x{s.End:x})", () => writer.CloseScope(s.End));
    }

    // ---- reading it back ----

    static string Hex(byte[] bytes) => bytes == null || bytes.Length == 0 ? "-" : Convert.ToHexString(bytes).ToLowerInvariant();

    static void ReadBack(string path, Metadata md, List<Doc> docs, List<Method> methods, (Guid Guid, uint Stamp, int Age) sig)
    {
        using FileStream stream = File.OpenRead(path);
        ISymUnmanagedReader5 reader;
        try
        {
            reader = SymUnmanagedReaderFactory.CreateReader<ISymUnmanagedReader5>(stream, md, SymUnmanagedReaderCreationOptions.UseAlternativeLoadPath);
        }
        catch (Exception e)
        {
            Check(false, $"CreateReader over {Path.GetFileName(path)}", Describe(e));
            return;
        }
        Check(true, $"CreateReader<ISymUnmanagedReader5> over {Path.GetFileName(path)}");

        int hr = reader.MatchesModule(sig.Guid, sig.Stamp, sig.Age, out bool matches);
        Check(hr == 0 && matches, "MatchesModule(the writer's GetSignature)", $"hr=0x{hr:x8} result={matches}");
        hr = reader.MatchesModule(Guid.NewGuid(), sig.Stamp, sig.Age, out matches);
        Check(hr == 0 && !matches, "MatchesModule(another GUID) is false", $"hr=0x{hr:x8} result={matches}");
        CheckEqual(0x06000001, reader.GetUserEntryPoint(), "GetUserEntryPoint");

        // documents, as a set
        var expectedDocs = docs.Select(DocLine).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var actualDocs = reader.GetDocuments().Select(d => DocLine(new Doc
        {
            Name = d.GetName(), Language = d.GetLanguage(), Vendor = d.GetLanguageVendor(), Type = d.GetDocumentType(),
            HashAlgorithm = d.GetHashAlgorithm(), Checksum = d.GetChecksum(),
        })).OrderBy(s => s, StringComparer.Ordinal).ToList();
        CheckLines(expectedDocs, actualDocs, "documents: name, language, vendor, type, hash algorithm, checksum");

        foreach (Method m in methods)
        {
            string t = $"0x{m.Token:x8}";
            ISymUnmanagedMethod method = reader.GetMethod(m.Token);
            if (method == null) { Check(false, $"GetMethod({t})", "no symbols"); continue; }
            CheckEqual(m.Token, method.GetToken(), $"{t} GetToken");

            var expected = m.Points.Select(p => p.Hidden ? $"il={p.Offset} {docs[p.Document].Name} hidden"
                                                          : $"il={p.Offset} {docs[p.Document].Name} {p.StartLine}:{p.StartColumn}-{p.EndLine}:{p.EndColumn}").ToList();
            var actual = method.GetSequencePoints().Select(sp => sp.IsHidden ? $"il={sp.Offset} {sp.Document.GetName()} hidden"
                                                                              : $"il={sp.Offset} {sp.Document.GetName()} {sp.StartLine}:{sp.StartColumn}-{sp.EndLine}:{sp.EndColumn}").ToList();
            CheckLines(expected, actual, $"{t} sequence points");

            if (m.LocalSignature != 0)
                CheckEqual(m.LocalSignature, ((ISymUnmanagedMethod2)method).GetLocalSignatureToken(), $"{t} GetLocalSignatureToken");

            // the scope tree; Microsoft's reader may put the method's outermost scope under a
            // synthesized root of the same range
            ISymUnmanagedScope root = method.GetRootScope();
            ISymUnmanagedScope[] top = root.GetChildren();
            if (root.GetLocals().Length == 0 && root.GetConstants().Length == 0 && root.GetNamespaces().Length == 0 && top.Length == 1 &&
                top[0].GetStartOffset() == root.GetStartOffset())
                root = top[0];
            var expectedScopes = new List<string>();
            ScopeLines(m.Root, "", expectedScopes);
            var actualScopes = new List<string>();
            ScopeLines(root, "", actualScopes);
            CheckLines(expectedScopes, actualScopes, $"{t} scopes: ranges, locals (name, slot, attributes, address), constants, usings");

            byte[] cdi = reader.GetCustomDebugInfo(m.Token, 1);
            CheckEqual(Hex(m.CustomDebugInfo), Hex(cdi), $"{t} custom debug information (MD2)");

            ISymUnmanagedAsyncMethod async = method.AsAsyncMethod();
            if (m.Async == null)
            {
                Check(async == null, $"{t} is not an async method");
                continue;
            }
            if (async == null) { Check(false, $"{t} is an async method (ISymUnmanagedAsyncMethod.IsAsyncMethod)"); continue; }
            CheckEqual(m.Async.Kickoff, async.GetKickoffMethod(), $"{t} kickoff method");
            CheckEqual(m.Async.CatchHandler, async.GetCatchHandlerILOffset(), $"{t} catch handler IL offset");
            var steps = async.GetAsyncStepInfos().Select(s => $"yield={s.YieldOffset} resume={s.ResumeOffset} method=0x{s.ResumeMethod:x8}").ToList();
            var want = m.Async.Yields.Select((y, i) => $"yield={y} resume={m.Async.Resumes[i]} method=0x{m.Token:x8}").ToList();
            CheckLines(want, steps, $"{t} async step information");
        }

        if (reader is ISymUnmanagedCompilerInfoReader info)
        {
            bool got = info.TryGetCompilerInfo(out Version version, out string name);
            Check(got && name == "C# - 4.12.0", "compiler information name (AddCompilerInfo)", $"got {got} {name}");
            KnownIssue(got && version == new Version(4, 12, 0, 0), "compiler information version (AddCompilerInfo)",
                       $"got {version}: corsym writes the version as the S_COMPILE3 back end version (front end 0) and reads it back from the front end version");
        }
        else
            Check(false, "the reader implements ISymUnmanagedCompilerInfoReader");

        unsafe
        {
            // ISymUnmanagedReader4::GetSourceServerData gives the Source Link JSON (as
            // Microsoft's reader does); ISymUnmanagedSourceServerModule the srcsrv stream.
            hr = reader.GetSourceServerData(out byte* data, out int size);
            byte[] link = hr == 0 && data != null ? new ReadOnlySpan<byte>(data, size).ToArray() : null;
            CheckEqual(Hex(SourceLink), Hex(link), $"ISymUnmanagedReader4.GetSourceServerData: the Source Link data (hr=0x{hr:x8})");
            if (reader is ISymUnmanagedSourceServerModule module)
            {
                hr = module.GetSourceServerData(out int length, out byte* srv);
                byte[] got = hr == 0 && srv != null ? new ReadOnlySpan<byte>(srv, length).ToArray() : null;
                CheckEqual(Hex(SourceServer), Hex(got), $"ISymUnmanagedSourceServerModule.GetSourceServerData: the srcsrv data (hr=0x{hr:x8})");
                if (srv != null) Marshal.FreeCoTaskMem((IntPtr)srv);
            }
            else
                Check(false, "the reader implements ISymUnmanagedSourceServerModule");
        }
        ((ISymUnmanagedDispose)reader).Destroy();
    }

    static string DocLine(Doc d) =>
        $"{d.Name} lang={d.Language} vendor={d.Vendor} type={d.Type} hashalg={d.HashAlgorithm} hash={Hex(d.Checksum)}";

    static void ScopeLines(Scope s, string indent, List<string> into)
    {
        into.Add($"{indent}scope [0x{s.Start:x}, 0x{s.End:x})");
        foreach (Local l in s.Locals)
            into.Add($"{indent}  local {l.Name} slot={l.Slot} attrs={l.Attributes} kind=1 field1={l.Slot}");
        foreach (Const c in s.Constants)
            into.Add($"{indent}  const {c.Name} {c.Expected}");
        foreach (string u in s.Usings)
            into.Add($"{indent}  using {u}");
        foreach (Scope c in s.Children)
            ScopeLines(c, indent + "  ", into);
    }

    static void ScopeLines(ISymUnmanagedScope s, string indent, List<string> into)
    {
        into.Add($"{indent}scope [0x{s.GetStartOffset():x}, 0x{s.GetEndOffset():x})");
        foreach (ISymUnmanagedVariable l in s.GetLocals())
        {
            l.GetAddressKind(out int kind);
            l.GetAddressField1(out int field1);
            into.Add($"{indent}  local {l.GetName()} slot={l.GetSlot()} attrs={l.GetAttributes()} kind={kind} field1={field1}");
        }
        foreach (ISymUnmanagedConstant c in s.GetConstants())
            into.Add($"{indent}  const {c.GetName()} {ComConstant(c.GetValue())}");
        foreach (ISymUnmanagedNamespace n in s.GetNamespaces())
            into.Add($"{indent}  using {n.GetName()}");
        foreach (ISymUnmanagedScope c in s.GetChildren())
            ScopeLines(c, indent + "  ", into);
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
        string s => $"BSTR:\"{s}\"",
        decimal m => "DECIMAL:" + m.ToString(System.Globalization.CultureInfo.InvariantCulture),
        null => "null",
        _ => $"{value.GetType().Name}:{value}",
    };

    // ---- llvm-pdbutil: an MSF PDB with the writer's id, modules, lines and symbols ----

    static void PdbUtil(string tool, string path, (Guid Guid, uint Stamp, int Age) sig, List<Doc> docs)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "dump", "-summary", "-modules", "-l", "-symbols", path }) psi.ArgumentList.Add(a);
        string output, errors;
        int exit;
        try
        {
            using Process p = Process.Start(psi);
            Task<string> err = p.StandardError.ReadToEndAsync();
            output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            errors = err.Result;
            exit = p.ExitCode;
        }
        catch (Exception e)
        {
            Check(false, $"run {tool}", e.Message);
            return;
        }
        File.WriteAllText(path + ".pdbutil.txt", output + errors);
        // llvm-pdbutil cannot print an S_MANCONSTANT whose value is a floating-point or decimal
        // numeric leaf (LF_REAL64, LF_DECIMAL): "invalid APSInt type", and it stops that module.
        string all = Regex.Replace(output + errors, @".*Error while processing symbol records\.\s+The CodeView record is corrupted\. Buffer contains invalid APSInt type", "(llvm-pdbutil: a non-integer numeric leaf)");
        bool clean = exit == 0 && !Regex.IsMatch(all, @"(?i)error|invalid|corrupt");
        Check(clean, $"llvm-pdbutil dump -summary -modules -l -symbols {Path.GetFileName(path)}: exit 0, no error",
              $"exit {exit}; see {path}.pdbutil.txt: {all.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, @"(?i)error|invalid|corrupt"))}");
        Match guid = Regex.Match(output, @"GUID: \{?([0-9A-Fa-f-]{36})\}?");
        Match age = Regex.Match(output, @"Age: (\d+)");
        Check(guid.Success && new Guid(guid.Groups[1].Value) == sig.Guid, "llvm-pdbutil summary GUID is the writer's", guid.Success ? guid.Groups[1].Value : "no GUID line");
        Check(age.Success && int.Parse(age.Groups[1].Value) == sig.Age, "llvm-pdbutil summary age is the writer's", age.Success ? age.Groups[1].Value : "no Age line");
        foreach (string module in new[] { "App.Program", "App.Program.<RunAsync>d__1" })
            Check(Regex.IsMatch(output, $@"Mod \d+ \| `{Regex.Escape(module)}`"), $"llvm-pdbutil lists module `{module}`");
        foreach (Doc d in docs.Take(2))
            Check(output.Contains(d.Name), $"llvm-pdbutil line tables name {d.Name}");
        Check(Regex.IsMatch(output, @"S_GMANPROC|S_LMANPROC|0x112A|0x112B"), "llvm-pdbutil shows managed procedure symbols");
    }
}
