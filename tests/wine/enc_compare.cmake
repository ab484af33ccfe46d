# SPDX-License-Identifier: MIT
# One scenario of enc_scenarios.txt under Wine: the writer's PDBs (corsym's core, as
# writer_tests.cmake makes them), then enc_dump.exe --compare with corsym.dll.
# Variables: WINE WRITER DUMP DLL SCENARIOS NAME EXPECTED DIFFERENCES WORK CORPUS SRC.
file(STRINGS ${SCENARIOS} lines REGEX "^${NAME} ")
list(GET lines 0 line)
string(REPLACE "@PDBS@" "${WORK}/pdbs" line "${line}")
string(REPLACE "@CORPUS@" "${CORPUS}" line "${line}")
string(REPLACE "@SRC@" "${SRC}" line "${line}")
separate_arguments(args UNIX_COMMAND "${line}")
list(REMOVE_AT args 0)
list(GET args 0 base)
if(NOT EXISTS "${base}" AND NOT base MATCHES "^${WORK}")
  message("${base} is absent (the corpus is not here): skipped")
  return()
endif()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/pdbs)
execute_process(COMMAND ${WINE} ${WRITER} core ${WORK}/pdbs
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "writer_pdbs failed (${rc}): ${out}")
endif()
execute_process(COMMAND ${WINE} ${DUMP} --compare ${EXPECTED} ${DIFFERENCES} ${DLL} ${args}
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "enc_dump --compare failed (${rc})")
endif()
