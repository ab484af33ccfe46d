// SPDX-License-Identifier: MIT
//
// bench/ppdbwalk: the walk of bench/walk.c through Microsoft.DiaSymReader.PortablePdb, Microsoft's
// managed implementation of the DiaSymReader COM interfaces over System.Reflection.Metadata.
//
//   PpdbWalk PDB [--module PE] [--reps N] [--open-reps N] [--warmup N] [--position-reps N]
//            [--methods N] [--small PDB]
//
// The reader is made as managed clients of that package make it (symreader-converter's PdbToXml,
// Roslyn's tests): new SymBinder(), a metadata importer from
// SymUnmanagedReaderFactory.CreateSymReaderMetadataImport over the module (PE, read with S.R.M;
// without --module a provider that knows no tokens: the walk never asks for one), and the PDB
// as an IStream from SymUnmanagedStreamFactory.CreateStream. The walker calls the interfaces
// (Microsoft.DiaSymReader's ISymUnmanaged*) on the managed objects directly: no COM marshalling
// happens, which is the cheapest way there is to use that reader.
//
// Measured as the best of N repetitions (Stopwatch) after warm-up repetitions that let the JIT
// tier up, with the keys of bench/walk.c:
//   open_stream  ISymUnmanagedBinder.GetReaderFromStream(importer, IStream over the bytes)
//                (the stream is made once, outside the timing, and rewound before each open)
//   open_file    ISymUnmanagedBinder4.GetReaderFromPdbFile(importer provider, path)
//   walk         on a freshly opened reader: GetDocuments and every document's URL, language,
//                vendor, type, checksum algorithm and checksum; for every MethodDef token 1..N:
//                GetMethod, GetSequencePointCount + GetSequencePoints (all six arrays),
//                GetRootScope and a recursive walk of GetChildren with GetStartOffset/
//                GetEndOffset, GetLocalCount/GetLocals (GetName, GetAttributes,
//                GetAddressField1) and ISymUnmanagedScope2 GetConstantCount/GetConstants
//                (GetName, GetValue, GetSignature). Each reader is destroyed
//                (ISymUnmanagedDispose) outside the timing.
//   position     (not part of the walk) GetMethodFromDocumentPosition and FindClosestLine for the
//                line of method 0x06000001's first visible sequence point, on one reader: the
//                best of N calls and the first call (which builds the reader's lazy indexes).
// Names, URLs, checksums and signatures use the API's two-call protocol with buffers the walker
// reuses, as walk.c does; N (the MethodDef tokens) is probed as walk.c probes it (GetMethod
// upwards until 1 000 tokens in a row have no symbols) unless --methods is given. Output and
// checksum rules are those of walk.c, so bench/run.sh compares the three walkers.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices.ComTypes;
using Microsoft.DiaSymReader;
using Microsoft.DiaSymReader.PortablePdb;

namespace Corsym.Bench
{
    internal struct Counts
    {
        public ulong Documents, Methods, Points, Scopes, Locals, Constants, Checksum;
    }

    // ISymReaderMetadataProvider over the module's metadata (S.R.M). PortablePdb asks it only for
    // type names of enum/class-typed constants' signatures and for standalone signatures.
    internal sealed unsafe class ModuleMetadata : ISymReaderMetadataProvider, IDisposable
    {
        private readonly PEReader? _pe;
        private readonly MetadataReader? _md;

        public ModuleMetadata(string? path)
        {
            if (path == null)
                return;
            _pe = new PEReader(File.OpenRead(path), PEStreamOptions.PrefetchEntireImage);
            _md = _pe.GetMetadataReader();
        }

        public void Dispose() => _pe?.Dispose();

        public bool TryGetStandaloneSignature(int standaloneSignatureToken, out byte* signature, out int length)
        {
            signature = null;
            length = 0;
            if (_md == null)
                return false;
            var handle = (StandaloneSignatureHandle)MetadataTokens.Handle(standaloneSignatureToken);
            BlobReader blob = _md.GetBlobReader(_md.GetStandaloneSignature(handle).Signature);
            signature = blob.StartPointer;
            length = blob.Length;
            return true;
        }

        public bool TryGetTypeDefinitionInfo(int typeDefinitionToken, out string namespaceName, out string typeName, out TypeAttributes attributes)
        {
            namespaceName = typeName = "";
            attributes = 0;
            if (_md == null)
                return false;
            TypeDefinition t = _md.GetTypeDefinition((TypeDefinitionHandle)MetadataTokens.Handle(typeDefinitionToken));
            namespaceName = _md.GetString(t.Namespace);
            typeName = _md.GetString(t.Name);
            attributes = t.Attributes;
            return true;
        }

        public bool TryGetTypeReferenceInfo(int typeReferenceToken, out string namespaceName, out string typeName)
        {
            namespaceName = typeName = "";
            if (_md == null)
                return false;
            TypeReference t = _md.GetTypeReference((TypeReferenceHandle)MetadataTokens.Handle(typeReferenceToken));
            namespaceName = _md.GetString(t.Namespace);
            typeName = _md.GetString(t.Name);
            return true;
        }
    }

    internal sealed class ImportProvider : IMetadataImportProvider
    {
        private readonly object _import;
        public ImportProvider(object import) => _import = import;
        public object GetMetadataImport() => _import;
    }

    // The walker's reusable buffers (walk.c's struct buffers).
    internal sealed class Buffers
    {
        public char[] Name = new char[16];
        public byte[] Bytes = new byte[16];
        public int[] Offsets = new int[16], Lines = new int[16], Columns = new int[16],
                     EndLines = new int[16], EndColumns = new int[16];
        public ISymUnmanagedDocument[] PointDocs = new ISymUnmanagedDocument[16];
        public ISymUnmanagedDocument[] Docs = new ISymUnmanagedDocument[16];
        public ISymUnmanagedVariable[] Locals = new ISymUnmanagedVariable[16];
        public ISymUnmanagedConstant[] Constants = new ISymUnmanagedConstant[16];
        public readonly List<ISymUnmanagedScope[]> Children = new List<ISymUnmanagedScope[]>();

        public static T[] Grow<T>(ref T[] array, int need)
        {
            if (need > array.Length)
            {
                int n = array.Length;
                while (n < need)
                    n *= 2;
                array = new T[n];
            }
            return array;
        }

        public ISymUnmanagedScope[] ChildBuffer(int depth, int need)
        {
            while (Children.Count <= depth)
                Children.Add(new ISymUnmanagedScope[16]);
            ISymUnmanagedScope[] a = Children[depth];
            if (need > a.Length)
                Children[depth] = a = Grow(ref a, need);
            return a;
        }

        public void PointBuffers(int need)
        {
            Grow(ref Offsets, need);
            Grow(ref Lines, need);
            Grow(ref Columns, need);
            Grow(ref EndLines, need);
            Grow(ref EndColumns, need);
            Grow(ref PointDocs, need);
        }
    }

    internal static class Program
    {
        private static void Check(int hr, string what)
        {
            if (hr < 0)
                throw new InvalidOperationException($"{what} failed: 0x{hr:x8}");
        }

        private static int Main(string[] args)
        {
            if (args.Length < 1)
                return Usage();
            string pdbPath = args[0];
            string? smallPath = null, modulePath = null;
            int reps = 5, openReps = 50, warmup = 3, positionReps = 5;
            long methodsArg = -1;
            for (int i = 1; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--reps" when i + 1 < args.Length: reps = int.Parse(args[++i]); break;
                    case "--open-reps" when i + 1 < args.Length: openReps = int.Parse(args[++i]); break;
                    case "--warmup" when i + 1 < args.Length: warmup = int.Parse(args[++i]); break;
                    case "--position-reps" when i + 1 < args.Length: positionReps = int.Parse(args[++i]); break;
                    case "--methods" when i + 1 < args.Length: methodsArg = long.Parse(args[++i]); break;
                    case "--small" when i + 1 < args.Length: smallPath = args[++i]; break;
                    case "--module" when i + 1 < args.Length: modulePath = args[++i]; break;
                    default: return Usage();
                }
            }
            if (reps < 1 || openReps < 0 || warmup < 0)
                return Usage();

            long rssStart = PeakRssKb();
            using var module = new ModuleMetadata(modulePath);
            object importer = SymUnmanagedReaderFactory.CreateSymReaderMetadataImport(module);
            var importProvider = new ImportProvider(importer);
            var binder = new SymBinder();

            byte[] bytes = File.ReadAllBytes(pdbPath);
            IStream stream = SymUnmanagedStreamFactory.CreateStream(new MemoryStream(bytes, writable: false));
            long rssLoaded = PeakRssKb();

            int methodCount;
            if (methodsArg >= 0)
                methodCount = (int)methodsArg;
            else
            {
                ISymUnmanagedReader probe = OpenStream(binder, importer, stream);
                methodCount = ProbeMethods(probe);
                Destroy(probe);
            }

            Console.WriteLine("walker portablepdb");
            Console.WriteLine($"pdb {pdbPath}");
            Console.WriteLine($"pdb_bytes {bytes.Length}");
            Console.WriteLine($"module {modulePath ?? "-"}");
            Console.WriteLine($"portablepdb_assembly {typeof(SymBinder).Assembly.Location}");
            Console.WriteLine($"method_tokens {methodCount}");
            Console.WriteLine($"reps {reps}");
            Console.WriteLine($"warmup {warmup}");

            var b = new Buffers();
            Counts first = default, c = default;
            double bestWalk = double.MaxValue, totalWalk = 0;
            long bestAllocated = long.MaxValue;
            for (int r = -warmup; r < reps; r++)
            {
                ISymUnmanagedReader reader = OpenStream(binder, importer, stream);
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                c = Walk(reader, methodCount, b);
                long t1 = Stopwatch.GetTimestamp();
                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                Destroy(reader);
                if (r == -warmup)
                    first = c;
                else if (!first.Equals(c))
                {
                    Console.Error.WriteLine($"PpdbWalk: repetition {r} saw different counts");
                    return 1;
                }
                if (r < 0)
                    continue;
                double seconds = Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
                bestWalk = Math.Min(bestWalk, seconds);
                totalWalk += seconds;
                bestAllocated = Math.Min(bestAllocated, allocated);
            }
            long rssWalk = PeakRssKb();
            Console.WriteLine($"walk_ms {bestWalk * 1e3:F3}");
            Console.WriteLine($"walk_mean_ms {totalWalk / reps * 1e3:F3}");
            Console.WriteLine($"walk_ns_per_method {(c.Methods > 0 ? bestWalk * 1e9 / c.Methods : 0):F1}");
            Console.WriteLine($"walk_allocated_bytes {bestAllocated}");
            Console.WriteLine($"documents {c.Documents}");
            Console.WriteLine($"methods {c.Methods}");
            Console.WriteLine($"sequence_points {c.Points}");
            Console.WriteLine($"scopes {c.Scopes}");
            Console.WriteLine($"locals {c.Locals}");
            Console.WriteLine($"constants {c.Constants}");
            Console.WriteLine($"checksum {c.Checksum}");

            if (positionReps > 0)
            {
                ISymUnmanagedReader reader = OpenStream(binder, importer, stream);
                TimePosition(reader, positionReps);
                Destroy(reader);
            }

            if (openReps > 0)
            {
                (double large, double largeFile) = TimeOpen(binder, importer, importProvider, pdbPath, openReps, warmup);
                Console.WriteLine($"open_stream_us {large * 1e6:F2}");
                Console.WriteLine($"open_file_us {largeFile * 1e6:F2}");
                if (smallPath != null)
                {
                    (double small, double smallFile) = TimeOpen(binder, importer, importProvider, smallPath, openReps, warmup);
                    Console.WriteLine($"small_pdb {smallPath}");
                    Console.WriteLine($"small_pdb_bytes {new FileInfo(smallPath).Length}");
                    Console.WriteLine($"small_open_stream_us {small * 1e6:F2}");
                    Console.WriteLine($"small_open_file_us {smallFile * 1e6:F2}");
                    Console.WriteLine($"open_stream_scaling {large / small:F2}");
                    Console.WriteLine($"open_file_scaling {largeFile / smallFile:F2}");
                }
            }

            Console.WriteLine($"rss_start_kb {rssStart}");
            Console.WriteLine($"rss_after_load_kb {rssLoaded}");
            Console.WriteLine($"peak_rss_after_walks_kb {rssWalk}");
            Console.WriteLine($"peak_rss_kb {PeakRssKb()}");
            return 0;
        }

        private static int Usage()
        {
            Console.Error.WriteLine("usage: PpdbWalk PDB [--module PE] [--reps N] [--open-reps N] [--warmup N] [--position-reps N] [--methods N] [--small PDB]");
            return 2;
        }

        private static ISymUnmanagedReader OpenStream(SymBinder binder, object importer, IStream stream)
        {
            stream.Seek(0, 0 /* STREAM_SEEK_SET */, IntPtr.Zero);
            Check(binder.GetReaderFromStream(importer, stream, out ISymUnmanagedReader? reader), "GetReaderFromStream");
            return reader!;
        }

        private static void Destroy(ISymUnmanagedReader reader) => ((ISymUnmanagedDispose)reader).Destroy();

        // Best-of-N open times (stream and file), after warm-up opens; readers destroyed outside the timing.
        private static (double stream, double file) TimeOpen(SymBinder binder, object importer, IMetadataImportProvider provider,
                                                             string path, int reps, int warmup)
        {
            IStream stream = SymUnmanagedStreamFactory.CreateStream(new MemoryStream(File.ReadAllBytes(path), writable: false));
            double bestStream = double.MaxValue, bestFile = double.MaxValue;
            for (int r = -warmup; r < reps; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                ISymUnmanagedReader reader = OpenStream(binder, importer, stream);
                long t1 = Stopwatch.GetTimestamp();
                Destroy(reader);

                long t2 = Stopwatch.GetTimestamp();
                Check(binder.GetReaderFromPdbFile(provider, path, out ISymUnmanagedReader fileReader), "GetReaderFromPdbFile");
                long t3 = Stopwatch.GetTimestamp();
                Destroy(fileReader);
                if (r < 0)
                    continue;
                bestStream = Math.Min(bestStream, Stopwatch.GetElapsedTime(t0, t1).TotalSeconds);
                bestFile = Math.Min(bestFile, Stopwatch.GetElapsedTime(t2, t3).TotalSeconds);
            }
            return (bestStream, bestFile);
        }

        private static void TimePosition(ISymUnmanagedReader reader, int reps)
        {
            if (reader.GetMethod(0x06000001, out ISymUnmanagedMethod? method) < 0 || method == null)
                return;
            method.GetSequencePointCount(out int n);
            var lines = new int[Math.Max(n, 1)];
            var docs = new ISymUnmanagedDocument[Math.Max(n, 1)];
            ISymUnmanagedDocument? doc = null;
            int line = 0;
            if (n > 0 && method.GetSequencePoints(n, out n, null!, docs, lines, null!, null!, null!) >= 0)
            {
                for (int i = 0; i < n; i++)
                {
                    if (lines[i] != 0xFEEFEE)
                    {
                        doc = docs[i];
                        line = lines[i];
                        break;
                    }
                }
            }
            if (doc == null)
                return;
            double bestMethod = double.MaxValue, bestLine = double.MaxValue, firstMethod = 0, firstLine = 0;
            for (int r = 0; r < reps; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                reader.GetMethodFromDocumentPosition(doc, line, 0, out ISymUnmanagedMethod? found);
                long t1 = Stopwatch.GetTimestamp();
                GC.KeepAlive(found);
                long t2 = Stopwatch.GetTimestamp();
                doc.FindClosestLine(line, out int closest);
                long t3 = Stopwatch.GetTimestamp();
                GC.KeepAlive(closest);
                if (r == 0)
                {
                    firstMethod = Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
                    firstLine = Stopwatch.GetElapsedTime(t2, t3).TotalSeconds;
                }
                bestMethod = Math.Min(bestMethod, Stopwatch.GetElapsedTime(t0, t1).TotalSeconds);
                bestLine = Math.Min(bestLine, Stopwatch.GetElapsedTime(t2, t3).TotalSeconds);
            }
            Console.WriteLine($"get_method_from_document_position_ms {bestMethod * 1e3:F3}");
            Console.WriteLine($"find_closest_line_ms {bestLine * 1e3:F3}");
            Console.WriteLine($"get_method_from_document_position_first_ms {firstMethod * 1e3:F3}");
            Console.WriteLine($"find_closest_line_first_ms {firstLine * 1e3:F3}");
        }

        // Highest MethodDef row with symbols: probe upwards until 1000 tokens in a row have none.
        private static int ProbeMethods(ISymUnmanagedReader reader)
        {
            int last = 0;
            for (int rid = 1, misses = 0; misses < 1000 && rid < 0x01000000; rid++)
            {
                if (reader.GetMethod(0x06000000 | rid, out ISymUnmanagedMethod? method) >= 0 && method != null)
                {
                    last = rid;
                    misses = 0;
                }
                else
                {
                    misses++;
                }
            }
            return last;
        }

        // ---- the walk (bench/walk.c's, call for call) ----

        private static Counts Walk(ISymUnmanagedReader reader, int methodCount, Buffers b)
        {
            var c = new Counts();
            WalkDocuments(reader, b, ref c);
            for (int rid = 1; rid <= methodCount; rid++)
            {
                if (reader.GetMethod(0x06000000 | rid, out ISymUnmanagedMethod? method) < 0 || method == null)
                    continue; // no symbols for this method
                c.Methods++;
                WalkMethod(method, b, ref c);
            }
            return c;
        }

        private static void WalkDocuments(ISymUnmanagedReader reader, Buffers b, ref Counts c)
        {
            Check(reader.GetDocuments(0, out int n, null!), "GetDocuments");
            ISymUnmanagedDocument[] docs = Buffers.Grow(ref b.Docs, Math.Max(n, 1));
            if (n > 0)
                Check(reader.GetDocuments(n, out n, docs), "GetDocuments");
            for (int i = 0; i < n; i++)
            {
                ISymUnmanagedDocument d = docs[i];
                Guid g = default;
                Check(d.GetUrl(0, out int len, null!), "GetUrl");
                Check(d.GetUrl(len, out len, Buffers.Grow(ref b.Name, len)), "GetUrl");
                c.Checksum += (ulong)len;
                Check(d.GetLanguage(ref g), "GetLanguage");
                Check(d.GetLanguageVendor(ref g), "GetLanguageVendor");
                Check(d.GetDocumentType(ref g), "GetDocumentType");
                Check(d.GetChecksumAlgorithmId(ref g), "GetChecksumAlgorithmId");
                Check(d.GetChecksum(0, out int size, null!), "GetChecksum");
                if (size > 0)
                    Check(d.GetChecksum(size, out size, Buffers.Grow(ref b.Bytes, size)), "GetChecksum");
                c.Checksum += (ulong)size;
                docs[i] = null!;
            }
            c.Documents += (ulong)n;
        }

        private static void WalkMethod(ISymUnmanagedMethod method, Buffers b, ref Counts c)
        {
            Check(method.GetSequencePointCount(out int n), "GetSequencePointCount");
            if (n > 0)
            {
                b.PointBuffers(n);
                Check(method.GetSequencePoints(n, out n, b.Offsets, b.PointDocs, b.Lines, b.Columns, b.EndLines, b.EndColumns),
                      "GetSequencePoints");
                for (int i = 0; i < n; i++)
                {
                    c.Checksum += (ulong)(uint)b.Offsets[i] + (ulong)(uint)b.Lines[i] + (ulong)(uint)b.Columns[i] +
                                  (ulong)(uint)b.EndLines[i] + (ulong)(uint)b.EndColumns[i];
                    b.PointDocs[i] = null!;
                }
                c.Points += (ulong)n;
            }
            if (method.GetRootScope(out ISymUnmanagedScope? root) >= 0 && root != null)
                WalkScope(root, 0, b, ref c);
        }

        private static void WalkScope(ISymUnmanagedScope scope, int depth, Buffers b, ref Counts c)
        {
            Check(scope.GetStartOffset(out int start), "GetStartOffset");
            Check(scope.GetEndOffset(out int end), "GetEndOffset");
            if (depth > 0)
            {
                // The root is synthetic (there is no LocalScope row for it): not counted.
                c.Scopes++;
                c.Checksum += (ulong)(uint)start + (ulong)(uint)end;
            }
            WalkLocals(scope, b, ref c);
            WalkConstants(scope, b, ref c);
            Check(scope.GetChildren(0, out int n, null!), "GetChildren");
            if (n == 0)
                return;
            ISymUnmanagedScope[] children = b.ChildBuffer(depth, n);
            Check(scope.GetChildren(n, out n, children), "GetChildren");
            for (int i = 0; i < n; i++)
            {
                WalkScope(children[i], depth + 1, b, ref c);
                children[i] = null!;
            }
        }

        private static void WalkLocals(ISymUnmanagedScope scope, Buffers b, ref Counts c)
        {
            Check(scope.GetLocalCount(out int n), "GetLocalCount");
            if (n == 0)
                return;
            ISymUnmanagedVariable[] locals = Buffers.Grow(ref b.Locals, n);
            Check(scope.GetLocals(n, out n, locals), "GetLocals");
            for (int i = 0; i < n; i++)
            {
                ISymUnmanagedVariable v = locals[i];
                Check(v.GetName(0, out int len, null!), "GetName");
                Check(v.GetName(len, out len, Buffers.Grow(ref b.Name, len)), "GetName");
                Check(v.GetAttributes(out int attributes), "GetAttributes");
                Check(v.GetAddressField1(out int slot), "GetAddressField1");
                c.Checksum += (ulong)(uint)len + (ulong)(uint)attributes + (ulong)(uint)slot;
                locals[i] = null!;
            }
            c.Locals += (ulong)n;
        }

        private static void WalkConstants(ISymUnmanagedScope scope, Buffers b, ref Counts c)
        {
            if (scope is not ISymUnmanagedScope2 scope2)
                return;
            Check(scope2.GetConstantCount(out int n), "GetConstantCount");
            if (n == 0)
                return;
            ISymUnmanagedConstant[] constants = Buffers.Grow(ref b.Constants, n);
            Check(scope2.GetConstants(n, out n, constants), "GetConstants");
            for (int i = 0; i < n; i++)
            {
                ISymUnmanagedConstant k = constants[i];
                Check(k.GetName(0, out int len, null!), "GetName");
                Check(k.GetName(len, out len, Buffers.Grow(ref b.Name, len)), "GetName");
                c.Checksum += (ulong)(uint)len;
                Check(k.GetValue(out object? value), "GetValue");
                if (value is int i4)
                    c.Checksum += (ulong)(long)i4;
                Check(k.GetSignature(0, out int size, null!), "GetSignature");
                if (size > 0)
                    Check(k.GetSignature(size, out size, Buffers.Grow(ref b.Bytes, size)), "GetSignature");
                constants[i] = null!;
            }
            c.Constants += (ulong)n;
        }

        private static long PeakRssKb()
        {
            using var self = Process.GetCurrentProcess();
            return self.PeakWorkingSet64 / 1024;
        }
    }
}
