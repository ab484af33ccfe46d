// SPDX-License-Identifier: MIT
//
// bench/srm: the walk of bench/walk.c over System.Reflection.Metadata, the library every
// managed Portable PDB reader (Microsoft.DiaSymReader.PortablePdb included) is built on.
//
//   SrmWalk PDB [--reps N] [--open-reps N] [--warmup N] [--methods N] [--small PDB]
//
// Measured as the best of N repetitions (Stopwatch) after warm-up repetitions that let the JIT
// tier up:
//   open_stream  MetadataReaderProvider.FromPortablePdbStream(MemoryStream over the bytes)
//                + GetMetadataReader() (SRM copies the stream into native memory, as corsym's
//                GetReaderFromStream copies an IStream)
//   open_file    FromPortablePdbStream(FileStream) + GetMetadataReader() (SRM maps large files)
//   walk         on a freshly opened provider: every document (name, language, hash algorithm,
//                hash); for every MethodDef row 1..N: MethodDebugInformation + every sequence
//                point; the method's LocalScopes nested with a stack (as the COM API presents
//                them: a tree); each scope's LocalVariables (name, attributes, index) and
//                LocalConstants (name, signature blob decoded into a value).
// A method counts when it has sequence points or custom debug information, as in corsym and
// Microsoft.DiaSymReader.PortablePdb. Output and checksum are those of bench/walk.c.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Corsym.Bench
{
    internal struct Counts
    {
        public ulong Documents, Methods, Points, Scopes, Locals, Constants, Checksum;
    }

    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length < 1)
                return Usage();
            string pdbPath = args[0];
            string? smallPath = null;
            int reps = 5, openReps = 50, warmup = 3;
            long methodsArg = -1;
            for (int i = 1; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--reps" when i + 1 < args.Length: reps = int.Parse(args[++i]); break;
                    case "--open-reps" when i + 1 < args.Length: openReps = int.Parse(args[++i]); break;
                    case "--warmup" when i + 1 < args.Length: warmup = int.Parse(args[++i]); break;
                    case "--methods" when i + 1 < args.Length: methodsArg = long.Parse(args[++i]); break;
                    case "--small" when i + 1 < args.Length: smallPath = args[++i]; break;
                    default: return Usage();
                }
            }
            if (reps < 1)
                return Usage();

            long rssStart = PeakRssKb();
            byte[] bytes = File.ReadAllBytes(pdbPath);
            long rssLoaded = PeakRssKb();

            int methodRows;
            using (var provider = OpenStream(bytes))
                methodRows = provider.GetMetadataReader().MethodDebugInformation.Count;
            int methodCount = methodsArg >= 0 ? (int)methodsArg : methodRows;

            Console.WriteLine("walker srm");
            Console.WriteLine($"pdb {pdbPath}");
            Console.WriteLine($"pdb_bytes {bytes.Length}");
            Console.WriteLine($"method_tokens {methodCount}");
            Console.WriteLine($"reps {reps}");
            Console.WriteLine($"warmup {warmup}");

            Counts first = default, c = default;
            double bestWalk = double.MaxValue, totalWalk = 0;
            long bestAllocated = long.MaxValue;
            for (int r = -warmup; r < reps; r++)
            {
                using var provider = OpenStream(bytes);
                MetadataReader md = provider.GetMetadataReader();
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                c = Walk(md, methodCount);
                long t1 = Stopwatch.GetTimestamp();
                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                if (r == -warmup)
                    first = c;
                else if (!first.Equals(c))
                {
                    Console.Error.WriteLine($"SrmWalk: repetition {r} saw different counts");
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

            if (openReps > 0)
            {
                (double large, double largeFile) = TimeOpen(pdbPath, openReps, warmup);
                Console.WriteLine($"open_stream_us {large * 1e6:F2}");
                Console.WriteLine($"open_file_us {largeFile * 1e6:F2}");
                if (smallPath != null)
                {
                    (double small, double smallFile) = TimeOpen(smallPath, openReps, warmup);
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
            Console.Error.WriteLine("usage: SrmWalk PDB [--reps N] [--open-reps N] [--warmup N] [--methods N] [--small PDB]");
            return 2;
        }

        private static MetadataReaderProvider OpenStream(byte[] bytes) =>
            MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(bytes, writable: false));

        private static (double stream, double file) TimeOpen(string path, int reps, int warmup)
        {
            byte[] bytes = File.ReadAllBytes(path);
            double bestStream = double.MaxValue, bestFile = double.MaxValue;
            for (int r = -warmup; r < reps; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                var provider = OpenStream(bytes);
                MetadataReader md = provider.GetMetadataReader();
                long t1 = Stopwatch.GetTimestamp();
                GC.KeepAlive(md);
                provider.Dispose();

                long t2 = Stopwatch.GetTimestamp();
                var fileProvider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(path));
                MetadataReader fmd = fileProvider.GetMetadataReader();
                long t3 = Stopwatch.GetTimestamp();
                GC.KeepAlive(fmd);
                fileProvider.Dispose();
                if (r < 0)
                    continue;
                bestStream = Math.Min(bestStream, Stopwatch.GetElapsedTime(t0, t1).TotalSeconds);
                bestFile = Math.Min(bestFile, Stopwatch.GetElapsedTime(t2, t3).TotalSeconds);
            }
            return (bestStream, bestFile);
        }

        private static long PeakRssKb()
        {
            using var self = Process.GetCurrentProcess();
            return self.PeakWorkingSet64 / 1024;
        }

        // ---- the walk ----

        private static Counts Walk(MetadataReader md, int methodCount)
        {
            var c = new Counts();
            foreach (DocumentHandle dh in md.Documents)
            {
                Document d = md.GetDocument(dh);
                string url = md.GetString(d.Name);
                Guid language = md.GetGuid(d.Language);
                Guid algorithm = md.GetGuid(d.HashAlgorithm);
                byte[] hash = md.GetBlobBytes(d.Hash);
                c.Checksum += (ulong)url.Length + 1 + (ulong)hash.Length;
                GC.KeepAlive(language);
                GC.KeepAlive(algorithm);
                c.Documents++;
            }

            int rows = Math.Min(methodCount, md.MethodDebugInformation.Count);
            var stack = new List<int>();
            for (int rid = 1; rid <= rows; rid++)
            {
                MethodDebugInformation info = md.GetMethodDebugInformation(MetadataTokens.MethodDebugInformationHandle(rid));
                MethodDefinitionHandle method = MetadataTokens.MethodDefinitionHandle(rid);
                if (info.SequencePointsBlob.IsNil && md.GetCustomDebugInformation(method).Count == 0)
                    continue; // no symbols for this method
                c.Methods++;
                foreach (SequencePoint sp in info.GetSequencePoints())
                {
                    DocumentHandle document = sp.Document;
                    GC.KeepAlive(document);
                    c.Checksum += (ulong)sp.Offset + (ulong)sp.StartLine + (ulong)sp.StartColumn
                                + (ulong)sp.EndLine + (ulong)sp.EndColumn;
                    c.Points++;
                }

                // Scopes are sorted by start offset ascending, then length descending: a stack of
                // open scopes' ends gives each one its parent.
                stack.Clear();
                foreach (LocalScopeHandle sh in md.GetLocalScopes(method))
                {
                    LocalScope scope = md.GetLocalScope(sh);
                    int start = scope.StartOffset, end = scope.EndOffset;
                    while (stack.Count > 0 && stack[stack.Count - 1] < end)
                        stack.RemoveAt(stack.Count - 1);
                    stack.Add(end);
                    c.Scopes++;
                    c.Checksum += (ulong)start + (ulong)end;

                    foreach (LocalVariableHandle vh in scope.GetLocalVariables())
                    {
                        LocalVariable v = md.GetLocalVariable(vh);
                        string name = md.GetString(v.Name);
                        c.Checksum += (ulong)name.Length + 1 + (ulong)v.Attributes + (ulong)v.Index;
                        c.Locals++;
                    }
                    foreach (LocalConstantHandle kh in scope.GetLocalConstants())
                    {
                        LocalConstant k = md.GetLocalConstant(kh);
                        string name = md.GetString(k.Name);
                        object? value = DecodeConstant(md.GetBlobReader(k.Signature));
                        c.Checksum += (ulong)name.Length + 1;
                        if (value is int i4)
                            c.Checksum += (ulong)(long)i4;
                        c.Constants++;
                    }
                }
            }
            return c;
        }

        // LocalConstantSig (Portable PDB spec): CustomMod* (PrimitiveConstant | EnumConstant |
        // GeneralConstant). Values come back as the COM API widens them is not the point here:
        // the point is reading every byte a consumer needs.
        private static object? DecodeConstant(BlobReader blob)
        {
            SignatureTypeCode code;
            while (true)
            {
                code = (SignatureTypeCode)blob.ReadByte();
                if (code == SignatureTypeCode.RequiredModifier || code == SignatureTypeCode.OptionalModifier)
                    blob.ReadTypeHandle();
                else
                    break;
            }
            object? value;
            switch (code)
            {
                case SignatureTypeCode.Boolean: value = blob.ReadBoolean(); break;
                case SignatureTypeCode.Char: value = blob.ReadChar(); break;
                case SignatureTypeCode.SByte: value = blob.ReadSByte(); break;
                case SignatureTypeCode.Byte: value = blob.ReadByte(); break;
                case SignatureTypeCode.Int16: value = blob.ReadInt16(); break;
                case SignatureTypeCode.UInt16: value = blob.ReadUInt16(); break;
                case SignatureTypeCode.Int32: value = blob.ReadInt32(); break;
                case SignatureTypeCode.UInt32: value = blob.ReadUInt32(); break;
                case SignatureTypeCode.Int64: value = blob.ReadInt64(); break;
                case SignatureTypeCode.UInt64: value = blob.ReadUInt64(); break;
                case SignatureTypeCode.Single: value = blob.ReadSingle(); break;
                case SignatureTypeCode.Double: value = blob.ReadDouble(); break;
                case SignatureTypeCode.String:
                    if (blob.RemainingBytes == 1 && blob.ReadByte() == 0xFF)
                        return null;
                    return blob.ReadUTF16(blob.RemainingBytes);
                case SignatureTypeCode.Object:
                    return null;
                case (SignatureTypeCode)0x11: // VALUETYPE
                case (SignatureTypeCode)0x12: // CLASS
                    blob.ReadTypeHandle();
                    if (blob.RemainingBytes == 13)
                        return blob.ReadDecimal();
                    if (blob.RemainingBytes == 8)
                        return new DateTime(blob.ReadInt64());
                    return null;
                default:
                    return null; // null constants of other types
            }
            if (blob.RemainingBytes > 0)
                blob.ReadTypeHandle(); // EnumConstant: the enum type follows the value
            return value;
        }
    }
}
