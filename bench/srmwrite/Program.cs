// SPDX-License-Identifier: MIT
//
// bench/srmwrite: the Portable PDB of bench/write.c (same documents, methods, sequence points,
// scopes, locals, constant and import; the content is described there), built the way a
// managed compiler builds one: System.Reflection.Metadata's MetadataBuilder for the debug
// tables and heaps, PortablePdbBuilder to serialize.
//
//   SrmWrite [--methods N] [--reps N] [--warmup N] [--out PDB]
//
// Timed (best of N after warm-up runs that let the JIT tier up, Stopwatch): from a new
// MetadataBuilder to the serialized image in a byte array (bench/write.c's memory stream),
// once with PortablePdbBuilder's default id (time-based, as Initialize's random one) and once
// with a SHA-256 content id (as InitializeDeterministic). The blobs a compiler encodes itself
// (document names, sequence points, imports, the constant signature) are encoded here as
// Roslyn encodes them. --out writes the last deterministic image, outside the timing.
// write_first_ms is the process's first build, JIT included (a one-shot compiler's cost).
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Security.Cryptography;

namespace Corsym.Bench
{
    internal static class Program
    {
        private const int Documents = 10;
        private const int Points = 10;
        private const int HiddenLine = 0xFEEFEE;

        private static readonly Guid LanguageCSharp = new Guid("3f5162f8-07c6-11d3-9053-00c04fa302a1");
        private static readonly Guid HashSha256 = new Guid("8829d00f-11b8-4213-878b-770e8597ac16");

        private static int Main(string[] args)
        {
            int methods = 50000, reps = 5, warmup = 3;
            string? outPath = null;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--methods" when i + 1 < args.Length: methods = int.Parse(args[++i]); break;
                    case "--reps" when i + 1 < args.Length: reps = int.Parse(args[++i]); break;
                    case "--warmup" when i + 1 < args.Length: warmup = int.Parse(args[++i]); break;
                    case "--out" when i + 1 < args.Length: outPath = args[++i]; break;
                    default:
                        Console.Error.WriteLine("usage: SrmWrite [--methods N] [--reps N] [--warmup N] [--out PDB]");
                        return 2;
                }
            }
            if (reps < 1 || methods < 1)
                return 2;

            Console.WriteLine("writer srm");
            Console.WriteLine($"methods {methods}");
            Console.WriteLine($"reps {reps}");
            Console.WriteLine($"warmup {warmup}");
            string[] modes = { "write", "write_deterministic" };
            double first = -1; // the process's first write: what a one-shot compiler pays
            for (int mode = 0; mode < 2; mode++)
            {
                double best = double.MaxValue, total = 0;
                byte[] image = Array.Empty<byte>();
                for (int r = -warmup; r < reps; r++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    image = Build(methods, mode == 1);
                    double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    if (first < 0)
                        first = seconds;
                    if (r < 0)
                        continue;
                    best = Math.Min(best, seconds);
                    total += seconds;
                }
                if (mode == 1 && outPath != null)
                    File.WriteAllBytes(outPath, image);
                Console.WriteLine($"{modes[mode]}_ms {best * 1e3:F3}");
                Console.WriteLine($"{modes[mode]}_mean_ms {total / reps * 1e3:F3}");
                Console.WriteLine($"{modes[mode]}_ns_per_method {best * 1e9 / methods:F1}");
                Console.WriteLine($"{modes[mode]}_pdb_bytes {image.Length}");
            }
            Console.WriteLine($"write_first_ms {first * 1e3:F3}");
            Console.WriteLine($"peak_rss_kb {PeakRssKb()}");
            return 0;
        }

        private static byte[] Build(int methods, bool deterministic)
        {
            var md = new MetadataBuilder();
            var documents = new DocumentHandle[Documents];
            for (int d = 0; d < Documents; d++)
            {
                var hash = new byte[32];
                for (int k = 0; k < 32; k++)
                    hash[k] = (byte)((31 * d + k) & 0xFF);
                documents[d] = md.AddDocument(
                    DocumentName(md, $"C:\\bench\\src\\File{d}.cs"),
                    md.GetOrAddGuid(HashSha256),
                    md.GetOrAddBlob(hash),
                    md.GetOrAddGuid(LanguageCSharp));
            }

            // Row 1, the module's import scope; row 2, "System" under it (as Roslyn and corsym).
            md.AddImportScope(default, default);
            var imports = new BlobBuilder();
            imports.WriteByte((byte)ImportDefinitionKind.ImportNamespace);
            imports.WriteCompressedInteger(MetadataTokens.GetHeapOffset(md.GetOrAddBlobUTF8("System")));
            ImportScopeHandle system = md.AddImportScope(MetadataTokens.ImportScopeHandle(1), md.GetOrAddBlob(imports));

            StringHandle count = md.GetOrAddString("count"), item = md.GetOrAddString("item");
            StringHandle limit = md.GetOrAddString("Limit");
            var points = new BlobBuilder();
            var constant = new BlobBuilder();
            int variables = 0, constants = 0;
            for (int i = 0; i < methods; i++)
            {
                var method = MetadataTokens.MethodDefinitionHandle(i + 1);
                points.Clear();
                SequencePoints(points, i);
                md.AddMethodDebugInformation(documents[i % Documents], md.GetOrAddBlob(points));

                md.AddLocalScope(method, system, MetadataTokens.LocalVariableHandle(variables + 1),
                                 MetadataTokens.LocalConstantHandle(constants + 1), 0, 30);
                md.AddLocalVariable(LocalVariableAttributes.None, 0, count);
                variables++;
                constant.Clear();
                constant.WriteByte((byte)SignatureTypeCode.Int32);
                constant.WriteInt32(i);
                md.AddLocalConstant(limit, md.GetOrAddBlob(constant));
                constants++;
                md.AddLocalScope(method, system, MetadataTokens.LocalVariableHandle(variables + 1),
                                 MetadataTokens.LocalConstantHandle(constants + 1), 6, 15);
                md.AddLocalVariable(LocalVariableAttributes.None, 1, item);
                variables++;
            }

            var rows = new int[MetadataTokens.TableCount];
            rows[(int)TableIndex.MethodDef] = methods;
            rows[(int)TableIndex.Module] = 1;
            rows[(int)TableIndex.StandAloneSig] = methods; // the locals' signatures
            Func<IEnumerable<Blob>, BlobContentId>? id = deterministic ? ContentId : null;
            var builder = new PortablePdbBuilder(md, ImmutableArray.Create(rows), default, id);
            var image = new BlobBuilder();
            builder.Serialize(image);
            return image.ToArray();
        }

        // Sequence points blob (Portable PDB spec): the local signature row, then per point the
        // IL delta, line/column extents and start line/column (absolute for the first visible
        // point, signed deltas after).
        private static void SequencePoints(BlobBuilder b, int i)
        {
            b.WriteCompressedInteger(i + 1); // StandAloneSig row of the locals
            int previousLine = -1, previousColumn = -1, previousOffset = 0;
            for (int k = 0; k < Points; k++)
            {
                int offset = 3 * k;
                b.WriteCompressedInteger(k == 0 ? offset : offset - previousOffset);
                previousOffset = offset;
                if (k == 5)
                {
                    b.WriteCompressedInteger(0);
                    b.WriteCompressedInteger(0);
                    continue;
                }
                int line = 1 + 12 * (i / 10) + k, column = 9, endColumn = 19 + k % 7;
                b.WriteCompressedInteger(0); // one line
                b.WriteCompressedInteger(endColumn - column);
                if (previousLine < 0)
                {
                    b.WriteCompressedInteger(line);
                    b.WriteCompressedInteger(column);
                }
                else
                {
                    b.WriteCompressedSignedInteger(line - previousLine);
                    b.WriteCompressedSignedInteger(column - previousColumn);
                }
                previousLine = line;
                previousColumn = column;
            }
        }

        // Document name blob: the separator, then each part as a UTF-8 blob index.
        private static BlobHandle DocumentName(MetadataBuilder md, string path)
        {
            var b = new BlobBuilder();
            b.WriteByte((byte)'\\');
            foreach (string part in path.Split('\\'))
                b.WriteCompressedInteger(part.Length == 0 ? 0 : MetadataTokens.GetHeapOffset(md.GetOrAddBlobUTF8(part)));
            return md.GetOrAddBlob(b);
        }

        private static BlobContentId ContentId(IEnumerable<Blob> content)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (Blob blob in content)
            {
                ArraySegment<byte> bytes = blob.GetBytes();
                sha.AppendData(bytes.Array!, bytes.Offset, bytes.Count);
            }
            return BlobContentId.FromHash(sha.GetHashAndReset());
        }

        private static long PeakRssKb()
        {
            try
            {
                foreach (string line in File.ReadLines("/proc/self/status"))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        return long.Parse(line.Substring(6).Trim().Split(' ')[0]);
            }
            catch (IOException)
            {
            }
            return -1;
        }
    }
}
