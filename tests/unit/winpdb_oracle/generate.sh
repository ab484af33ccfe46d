#!/bin/sh
# Regenerates the *.facts files of this directory from llvm-pdbutil's view of
# the public corpus PDBs (../shared/corpus/cecil/windows). The facts are what
# test_winpdb_oracle.c checks our reader against; no value here comes from
# corsym itself.
#
# Usage: tests/unit/winpdb_oracle/generate.sh [corpus-dir]
# Needs: llvm-pdbutil (Debian llvm 14), a POSIX awk.
#
# Fact lines are tab separated:
#   summary  <key> <value>                 dump -summary
#   stream   <index> <size>                dump -streams
#   named    <index> <name>                dump -streams ("Named Stream")
#   module   <index> <stream> <name>       dump -modules
#   line     <module> <seg> <block start> <file> <address> <line|ASI>   dump -l
#   proc     <module> <offset> <token> <name>    S_GMANPROC, from dump -symbols -sym-data
#   slot     <module> <offset> <slot> <flags> <name>   S_MANSLOT, same
#   procref  <module 1-based> <offset> <name>          dump -globals
#   tokenref <module 1-based> <offset> <name>          dump -globals -sym-data
#   injected <name> <size> <vname> <crc>   pretty -native -injected-sources
#   entry    <token>                       S_PUB32 COM+_Entry_Point, dump -publics
#
# llvm-pdbutil prints managed records (S_GMANPROC, S_MANSLOT, S_TOKENREF)
# only as raw bytes; the awk below takes fixed fields out of those bytes at
# the offsets of cvinfo.h's MANPROCSYM / MANSLOTSYM / REFSYM2 layouts. It
# stops at the first record llvm-pdbutil cannot decode (S_MANCONSTANT with a
# non-integer leaf), so such modules contribute only the records before it.
set -eu
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/../../../../shared/corpus/cecil/windows}
command -v llvm-pdbutil >/dev/null || { echo "llvm-pdbutil not found" >&2; exit 1; }

for pdb in "$corpus"/*.pdb; do
  name=$(basename "$pdb" .pdb)
  out="$here/$name.facts"
  {
    printf '# llvm-pdbutil facts for %s.pdb (%s)\n' "$name" "$(llvm-pdbutil --version | sed -n 's/.*LLVM version \([0-9.]*\).*/\1/p' | head -n1)"

    llvm-pdbutil dump -summary "$pdb" | awk '
      /Block Size:/        { printf "summary\tblock_size\t%s\n", $3 }
      /Number of blocks:/  { printf "summary\tblocks\t%s\n", $4 }
      /Number of streams:/ { printf "summary\tstreams\t%s\n", $4 }
      /Signature:/         { printf "summary\tsignature\t%s\n", $2 }
      /^ *Age:/            { printf "summary\tage\t%s\n", $2 }
      /GUID:/              { g = $2; gsub(/[{}]/, "", g); printf "summary\tguid\t%s\n", g }'

    llvm-pdbutil dump -streams "$pdb" | awk '
      /^ *Stream +[0-9]+ *\(/ {
        line = $0
        sub(/^ *Stream +/, "", line); idx = line; sub(/ .*/, "", idx)
        size = line; sub(/^[^(]*\( */, "", size); sub(/ bytes.*/, "", size)
        printf "stream\t%s\t%s\n", idx, size
        if (line ~ /Named Stream "/) {
          n = line; sub(/.*Named Stream "/, "", n); sub(/"\]$/, "", n)
          printf "named\t%s\t%s\n", idx, n
        }
      }'

    llvm-pdbutil dump -modules "$pdb" | awk '
      /Mod [0-9]+ \| `/ { m = $0; sub(/.*Mod /, "", m); idx = m; sub(/ .*/, "", idx)
                          n = m; sub(/^[0-9]+ \| `/, "", n); sub(/`: *$/, "", n); next }
      /debug stream:/   { s = $0; sub(/.*debug stream: /, "", s); sub(/,.*/, "", s)
                          printf "module\t%d\t%s\t%s\n", idx, s, n }'

    llvm-pdbutil dump -l "$pdb" | awk '
      /Mod [0-9]+ \| `/ { m = $0; sub(/.*Mod /, "", m); sub(/ .*/, "", m); mod = m + 0; next }
      /^ *[0-9A-F]+:[0-9A-F]+-[0-9A-F]+, line/ {
        r = $1; seg = r; sub(/:.*/, "", seg); start = r; sub(/^[^:]*:/, "", start); sub(/-.*/, "", start)
        next }
      /\((no checksum|[A-Za-z0-9-]+: [0-9A-Fa-f]*)\) *$/ { f = $0; sub(/^ */, "", f); sub(/ ?\([^(]*\) *$/, "", f); next }
      /^ +(ASI|NSI|[0-9]+) [0-9A-F]+ / || /^ +(ASI|NSI|[0-9]+) [0-9A-F]+ *$/ {
        for (i = 1; i + 1 <= NF; i += 2)
          printf "line\t%d\t%s\t%s\t%s\t%s\t%s\n", mod, seg, start, f, $(i + 1), $i
      }'

    llvm-pdbutil dump -symbols -sym-data "$pdb" 2>/dev/null | awk '
      function hexval(h,   i, v) { v = 0; h = toupper(h)
        for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1
        return v }
      function u32(o) { return b[o] + b[o + 1] * 256 + b[o + 2] * 65536 + b[o + 3] * 16777216 }
      function u16(o) { return b[o] + b[o + 1] * 256 }
      function cstr(o,   s) { s = ""; while (o < nb && b[o] != 0) { s = s sprintf("%c", b[o]); o++ } return s }
      function flush() {
        if (kind == "S_GMANPROC" || kind == "S_LMANPROC")
          printf "proc\t%d\t%d\t%08x\t%s\n", mod, off, u32(24), cstr(37)
        else if (kind == "S_MANSLOT")
          printf "slot\t%d\t%d\t%d\t%d\t%s\n", mod, off, u32(0), u16(14), cstr(16)
        kind = ""; nb = 0 }
      /Mod [0-9]+ \| `/ { flush(); m = $0; sub(/.*Mod /, "", m); sub(/ .*/, "", m); mod = m + 0; next }
      /^ *[0-9]+ \| S_[A-Z0-9_]+ / { flush(); off = $1; kind = $3; nb = 0; next }
      /^ *[0-9A-F]+: / && kind != "" {
        for (i = 2; i <= NF && substr($i, 1, 1) != "|"; i++)
          for (j = 1; j < length($i); j += 2) b[nb++] = hexval(substr($i, j, 2))
      }
      END { flush() }'

    llvm-pdbutil dump -globals -sym-data "$pdb" 2>/dev/null | awk '
      function hexval(h,   i, v) { v = 0; h = toupper(h)
        for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1
        return v }
      function u32(o) { return b[o] + b[o + 1] * 256 + b[o + 2] * 65536 + b[o + 3] * 16777216 }
      function u16(o) { return b[o] + b[o + 1] * 256 }
      function cstr(o,   s) { s = ""; while (o < nb && b[o] != 0) { s = s sprintf("%c", b[o]); o++ } return s }
      function flush() {
        if (kind == "S_PROCREF" || kind == "S_TOKENREF")
          printf "%s\t%d\t%d\t%s\n", (kind == "S_PROCREF" ? "procref" : "tokenref"), u16(8), u32(4), cstr(10)
        kind = ""; nb = 0 }
      /^ *[0-9]+ \| S_[A-Z0-9_]+ / { flush(); kind = $3; nb = 0; next }
      /^ *[0-9A-F]+: / && kind != "" {
        for (i = 2; i <= NF && substr($i, 1, 1) != "|"; i++)
          for (j = 1; j < length($i); j += 2) b[nb++] = hexval(substr($i, j, 2))
      }
      END { flush() }' | sort

    llvm-pdbutil pretty -native -injected-sources "$pdb" 2>/dev/null | awk '
      / bytes\): obj=/ {
        l = $0; sub(/^ */, "", l)
        n = l; sub(/ \([0-9]+ bytes\): obj=.*/, "", n)
        sz = l; sub(/.* \(/, "", sz); sub(/ bytes\).*/, "", sz)
        v = l; sub(/.*, vname=/, "", v); sub(/, crc=.*/, "", v)
        c = l; sub(/.*, crc=/, "", c); sub(/,.*/, "", c)
        printf "injected\t%s\t%s\t%s\t%s\n", n, sz, v, c }'

    llvm-pdbutil dump -publics "$pdb" 2>/dev/null | awk '
      /S_PUB32 .*`COM\+_Entry_Point`/ { want = 1; next }
      want && /addr = / { a = $0; sub(/.*addr = [0-9]+:/, "", a); printf "entry\t%s\n", a; want = 0 }'
  } > "$out"
  echo "wrote $out ($(grep -vc '^#' "$out") facts)"
done
