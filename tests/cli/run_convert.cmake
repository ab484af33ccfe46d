# SPDX-License-Identifier: MIT
# Converts a PDB through one or more formats with `corsym convert` and checks that the dump
# of the result equals the dump of the original, modulo the documented differences (README.md):
#   -DTOOL=path [-DEMULATOR=wine] -DLIBRARY=path -DIN=pdb [-DPE=module] -DSTEPS=windows|portable
#   -DWORK=dir -DNAME=name
#   [-DIGNORE_CONSTANTS=a|b: constants left out of both dumps]
#   [-DITEMS_ONLY=ON: compare files, sequence points, locals, constants, async information
#    and the entry point, but not the scope tree and namespaces]
#   [-DMODULES=regex: the Windows PDB of the first step, as llvm-pdbutil dump --modules lists
#    its modules, must match (checked when llvm-pdbutil is installed)]
#   [-DPE_BESIDE=ON: copy PE beside every intermediate PDB, so each step has the module]
#   [-DCONSTANT_TYPES=ON: compare the constants' type attributes too]
#   [-DIMPORTS=file: the Windows PDB of the first step, dumped with its namespaces and tokens,
#    must show in method TOKEN each ELEMENT of the file's "TOKEN|ELEMENT" lines (a line
#    "!TOKEN|TEXT": TEXT must not be there); '#' lines are comments]
#   [-DIMPORTS_STEP=N: check IMPORTS on the PDB of step N (a Windows one) instead of step 1]
# With PE, both PDBs are dumped as `dump PE PDB` (names from the module's metadata).
cmake_minimum_required(VERSION 3.20)
string(REPLACE "|" ";" steps "${STEPS}")
file(MAKE_DIRECTORY "${WORK}")
set(current "${IN}")
set(n 0)
foreach(step ${steps})
  math(EXPR n "${n} + 1")
  set(out "${WORK}/${NAME}.${n}.${step}.pdb")
  file(REMOVE "${out}")
  execute_process(COMMAND ${EMULATOR} "${TOOL}" --library "${LIBRARY}" convert "${current}" "${out}"
                          --to ${step}
                  RESULT_VARIABLE code OUTPUT_VARIABLE cout ERROR_VARIABLE cerr)
  message(STATUS "convert ${current} -> ${out} (${step}): exit ${code}\n${cerr}")
  if(NOT code STREQUAL "0" OR NOT EXISTS "${out}")
    message(FATAL_ERROR "convert to ${step} failed: exit ${code}\n${cerr}")
  endif()
  file(GLOB leftovers "${out}.tmp*")
  if(leftovers)
    message(FATAL_ERROR "temporary files left behind: ${leftovers}")
  endif()
  set(current "${out}")
  if(PE_BESIDE)
    get_filename_component(ext "${PE}" LAST_EXT)
    string(REGEX REPLACE "[.]pdb$" "${ext}" beside "${out}")
    file(COPY_FILE "${PE}" "${beside}")
  endif()
endforeach()

if(MODULES)
  find_program(LLVM_PDBUTIL NAMES llvm-pdbutil llvm-pdbutil-18 llvm-pdbutil-16 llvm-pdbutil-14)
  if(LLVM_PDBUTIL)
    execute_process(COMMAND "${LLVM_PDBUTIL}" dump --modules "${WORK}/${NAME}.1.windows.pdb"
                    RESULT_VARIABLE code OUTPUT_VARIABLE modules ERROR_VARIABLE err)
    if(NOT code STREQUAL "0" OR NOT modules MATCHES "${MODULES}")
      message(FATAL_ERROR "llvm-pdbutil's modules do not match /${MODULES}/ (exit ${code}):\n"
                          "${modules}${err}")
    endif()
  else()
    message(STATUS "llvm-pdbutil not found: the modules are not checked")
  endif()
endif()

if(IMPORTS)
  if(NOT IMPORTS_STEP)
    set(IMPORTS_STEP 1)
  endif()
  execute_process(COMMAND ${EMULATOR} "${TOOL}" --library "${LIBRARY}" dump --tokens ${PE}
                          "${WORK}/${NAME}.${IMPORTS_STEP}.windows.pdb"
                  RESULT_VARIABLE code OUTPUT_VARIABLE xml ERROR_VARIABLE err)
  if(NOT code STREQUAL "0")
    message(FATAL_ERROR "dump of the Windows PDB failed: exit ${code}\n${err}")
  endif()
  file(STRINGS "${IMPORTS}" wanted ENCODING UTF-8)
  set(missing "")
  foreach(line IN LISTS wanted)
    if(line MATCHES "^#" OR line STREQUAL "")
      continue()
    endif()
    if(NOT line MATCHES "^(!?)(0x[0-9a-f]+)[|](.*)$")
      message(FATAL_ERROR "bad line in ${IMPORTS}: ${line}")
    endif()
    set(negate "${CMAKE_MATCH_1}")
    set(token "${CMAKE_MATCH_2}")
    set(element "${CMAKE_MATCH_3}")
    string(FIND "${xml}" "token=\"${token}\">" at)
    if(at LESS 0)
      list(APPEND missing "method ${token} not in the dump")
      continue()
    endif()
    string(SUBSTRING "${xml}" ${at} -1 method)
    string(FIND "${method}" "</method>" end)
    string(SUBSTRING "${method}" 0 ${end} method)
    string(FIND "${method}" "${element}" found)
    if(negate AND found GREATER -1)
      list(APPEND missing "method ${token} has ${element}")
    elseif(NOT negate AND found LESS 0)
      list(APPEND missing "method ${token} lacks ${element}")
    endif()
  endforeach()
  if(missing)
    string(REPLACE ";" "\n  " missing "${missing}")
    message(FATAL_ERROR "the Windows PDB's imports differ from ${IMPORTS}:\n  ${missing}")
  endif()
endif()

function(dump pdb var)
  execute_process(COMMAND ${EMULATOR} "${TOOL}" --library "${LIBRARY}" dump --no-namespaces
                          ${PE} "${pdb}"
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL "0")
    message(FATAL_ERROR "dump ${pdb} failed: exit ${code}\n${err}")
  endif()
  set(${var} "${out}" PARENT_SCOPE)
endfunction()

# The documented differences, taken out of both dumps:
# - used namespaces: a Portable PDB's imports are not in its dump (PdbToXml shows none), so
#   both are dumped with --no-namespaces (tests/com/test_com_reader_imports.c reads them);
# - document ids and order (a Windows PDB keeps its documents in its own order): the files
#   are compared sorted, without ids, and sequence points without their document ids;
# - a hidden sequence point with columns (VB's, "invalid" to PdbToXml) is a plain hidden
#   point in a Portable PDB;
# - a constant's type (a Windows PDB names it by a StandAloneSig token of the module, which
#   convert finds only in a module that has one with the same signature: none of a module
#   built with a Portable PDB): type, signature and runtime-type attributes are dropped
#   (unless CONSTANT_TYPES), and a null reference, which a Windows PDB stores as 0 of that
#   type, compares as 0;
# - an empty scope spanning a whole method (an async kick-off, an iterator, a method
#   without locals) is the method's own scope to both writers, and is not kept; a method
#   left with nothing is dropped from both dumps;
# - the module's custom debug information (<customDebugInfo> after the methods: compilation
#   options and references) and <compilerInfo>: not carried over; a method's (hoisted scopes,
#   EnC maps) is, as MD2, and compared; a Windows PDB's MD2 also holds what a Portable PDB
#   keeps elsewhere and Pdb2Xml does not show for one (using groups, a kick-off method's state
#   machine name, dynamic locals, tuple element names): those elements are left out;
# - line ends: the XML dump ends its lines in CRLF, as PdbToXml does.
function(normalize text var)
  string(REPLACE "\r" "" text "${text}")
  string(REPLACE ";" "<semicolon>" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(files "")
  set(body "")
  set(pending "")
  string(REPLACE "|" ";" ignored "${IGNORE_CONSTANTS}")
  set(in_cdi OFF)
  set(in_locals_cdi OFF)
  foreach(line IN LISTS lines)
    if(in_cdi)
      if(line MATCHES "</customDebugInfo>$")
        set(in_cdi OFF)
      endif()
      continue()
    endif()
    if(line MATCHES "^  <customDebugInfo>$")
      set(in_cdi ON)
      continue()
    endif()
    if(line MATCHES "^  <(customDebugInfo|compilerInfo)[ >/]")
      continue()
    endif()
    if(in_locals_cdi)
      if(line MATCHES "</(using|dynamicLocals|tupleElementNames)>$")
        set(in_locals_cdi OFF)
      endif()
      continue()
    endif()
    if(line MATCHES "^ *<(using|dynamicLocals|tupleElementNames)>$")
      set(in_locals_cdi ON)
      continue()
    endif()
    if(line MATCHES "^ *<(forwardIterator|forwardToModule|using|dynamicLocals|tupleElementNames)[ /]")
      continue()
    endif()
    if(ITEMS_ONLY AND NOT line MATCHES "<(file|entry|local|constant|entryPoint|kickoffMethod|await|catchHandler) ")
      continue()
    endif()
    if(line MATCHES "<constant name=\"([^\"]*)\"" AND CMAKE_MATCH_1 IN_LIST ignored)
      continue()
    endif()
    if(line MATCHES "^    <file ")
      string(REGEX REPLACE " id=\"[0-9]+\"" "" line "${line}")
      list(APPEND files "${line}")
      continue()
    endif()
    string(REGEX REPLACE " document=\"[0-9?]+\"" "" line "${line}")
    string(REPLACE "hidden=\"invalid\"" "hidden=\"true\"" line "${line}")
    if(line MATCHES "<constant " AND NOT CONSTANT_TYPES)
      string(REGEX REPLACE " (type|signature|runtime-type|unknown-signature)=\"[^\"]*\"" ""
             line "${line}")
      string(REPLACE " value=\"null\"" " value=\"0\"" line "${line}")
    endif()
    if(line MATCHES "^      <scope startOffset=\"0x0\" endOffset=\"0x[0-9a-f]+\" />$")
      continue()
    endif()
    if(line MATCHES "^    <method .* />$")
      continue()
    endif()
    if(pending)
      if(line STREQUAL "    </method>")
        set(pending "")
        continue()
      endif()
      list(APPEND body "${pending}")
      set(pending "")
    endif()
    if(line MATCHES "^    <method .*>$")
      set(pending "${line}")
      continue()
    endif()
    list(APPEND body "${line}")
  endforeach()
  # A method's <customDebugInfo> left empty by the rules above goes, and then a method left
  # with nothing.
  set(kept "")
  set(held "")
  foreach(line IN LISTS body)
    if(held)
      if(line MATCHES "^ *</customDebugInfo>$")
        set(held "")
        continue()
      endif()
      list(APPEND kept "${held}")
      set(held "")
    endif()
    if(line MATCHES "^ +<customDebugInfo>$")
      set(held "${line}")
      continue()
    endif()
    list(APPEND kept "${line}")
  endforeach()
  set(body "")
  foreach(line IN LISTS kept)
    if(held)
      set(method_line "${held}")
      set(held "")
      if(line STREQUAL "    </method>")
        continue()
      endif()
      list(APPEND body "${method_line}")
    endif()
    if(line MATCHES "^    <method .*>$")
      set(held "${line}")
      continue()
    endif()
    list(APPEND body "${line}")
  endforeach()
  list(SORT files)
  list(APPEND files ${body})
  string(REPLACE ";" "\n" text "${files}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

dump("${IN}" original)
dump("${current}" converted)
normalize("${original}" want)
normalize("${converted}" got)
if(NOT want STREQUAL got)
  file(WRITE "${WORK}/${NAME}.want.xml" "${want}")
  file(WRITE "${WORK}/${NAME}.got.xml" "${got}")
  set(d "")
  find_program(DIFF diff)
  if(DIFF)
    execute_process(COMMAND ${DIFF} -u "${WORK}/${NAME}.want.xml" "${WORK}/${NAME}.got.xml"
                    OUTPUT_VARIABLE d)
    string(SUBSTRING "${d}" 0 6000 d)
  endif()
  message(FATAL_ERROR "the dump of ${current} differs from the dump of ${IN} "
                      "(normalized: ${WORK}/${NAME}.want.xml, ${WORK}/${NAME}.got.xml)\n${d}")
endif()
