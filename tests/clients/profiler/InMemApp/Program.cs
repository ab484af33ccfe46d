// SPDX-License-Identifier: MIT
// usage: InMemApp LIB.dll LIB.pdb ORACLE-OUT
//   Loads LIB.dll from a byte array together with LIB.pdb (AssemblyLoadContext.LoadFromStream,
//   the .NET Core form of Assembly.Load(byte[], byte[])), runs a method from it, then defines
//   and runs a Reflection.Emit module. The profiler attached to this process reports both.
//   ORACLE-OUT receives the same PDB's sequence points as System.Reflection.Metadata reads them,
//   in the profiler's format, for the comparison.
using System;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.Loader;
using System.Text;

static class Program
{
    static int Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: InMemApp LIB.dll LIB.pdb ORACLE-OUT");
            return 2;
        }
        byte[] pe = File.ReadAllBytes(args[0]);
        byte[] pdb = File.ReadAllBytes(args[1]);

        Assembly lib = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(pe), new MemoryStream(pdb));
        object sum = lib.GetType("InMemLib.Calc").GetMethod("SumTo").Invoke(null, new object[] { 4 });
        Console.WriteLine($"loaded {lib.GetName().Name} from bytes, SumTo(4) = {sum}");

        AssemblyBuilder dynamicAssembly = AssemblyBuilder.DefineDynamicAssembly(
            new AssemblyName("EmitDynamic"), AssemblyBuilderAccess.Run);
        ModuleBuilder module = dynamicAssembly.DefineDynamicModule("EmitDynamicModule");
        TypeBuilder type = module.DefineType("Generated", TypeAttributes.Public | TypeAttributes.Class);
        MethodBuilder method = type.DefineMethod("Answer", MethodAttributes.Public | MethodAttributes.Static,
                                                 typeof(int), Type.EmptyTypes);
        ILGenerator il = method.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4, 42);
        il.Emit(OpCodes.Ret);
        object answer = type.CreateType().GetMethod("Answer").Invoke(null, null);
        Console.WriteLine($"Reflection.Emit module ran, Answer() = {answer}");

        File.WriteAllText(args[2], OracleDump(pdb));
        return 0;
    }

    // The sequence points of every method, as the profiler prints them.
    static string OracleDump(byte[] pdb)
    {
        var text = new StringBuilder();
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbImage(System.Collections.Immutable.ImmutableArray.Create(pdb));
        MetadataReader reader = provider.GetMetadataReader();
        foreach (MethodDebugInformationHandle handle in reader.MethodDebugInformation)
        {
            MethodDebugInformation info = reader.GetMethodDebugInformation(handle);
            var points = info.GetSequencePoints();
            if (!points.GetEnumerator().MoveNext())
                continue;
            text.Append($"method 0x{MetadataTokens.GetToken(handle.ToDefinitionHandle()):x8}\n");
            foreach (SequencePoint sp in points)
            {
                text.Append($"  IL_{sp.Offset:x4} ");
                if (sp.IsHidden)
                    text.Append("hidden\n");
                else
                    text.Append($"{sp.StartLine}:{sp.StartColumn}-{sp.EndLine}:{sp.EndColumn} {reader.GetString(reader.GetDocument(sp.Document).Name)}\n");
            }
        }
        return text.ToString();
    }
}
