# SPDX-License-Identifier: MIT
# writer_calls.exe over our DLL must print exactly what it printed over Microsoft's.
execute_process(COMMAND ${WINE} ${CALLS} ${DLL} ${OUT} OUTPUT_VARIABLE actual RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "writer_calls failed (${rc})")
endif()
string(REPLACE "\r\n" "\n" actual "${actual}")
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${OUT}.actual.txt "${actual}")
  message(FATAL_ERROR "differs from Microsoft's answers: diff ${EXPECTED} ${OUT}.actual.txt")
endif()
