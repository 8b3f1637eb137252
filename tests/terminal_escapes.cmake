cmake_minimum_required(VERSION 3.25)
# A practice name carrying ESC (a "clear screen" sequence) reaches no
# terminal raw: text answers show each control character as '?'; JSON
# escapes it (\u001b).
# cmake -DPCPLAN=... -DSRC=... -DWORK=... -P terminal_escapes.cmake
set(dir ${WORK}/terminal_escapes)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
file(COPY ${SRC}/tests/data/fixture DESTINATION ${dir})
string(ASCII 27 esc)
file(READ ${dir}/fixture/practices.csv csv)
string(REPLACE "WHITEHALL MEDICAL PRACTICE" "WHITE${esc}[2JHALL" csv "${csv}")
file(WRITE ${dir}/fixture/practices.csv "${csv}")

function(run_ok out_var)
  execute_process(COMMAND ${PCPLAN} --db ${dir}/s.db ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ARGN}: exit ${rc}\n${err}")
  endif()
  string(FIND "${out}${err}" "${esc}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "${ARGN}: a raw ESC reached the output")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

run_ok(out init --data ${dir}/fixture)
run_ok(out site show CW-HO)
string(FIND "${out}" "WHITE?[2JHALL" at)
if(at EQUAL -1)
  message(FATAL_ERROR "site show: the name is not shown with '?':\n${out}")
endif()
run_ok(out site show CW-HO --json)
string(FIND "${out}" "WHITE\\u001b[2JHALL" at)
if(at EQUAL -1)
  message(FATAL_ERROR "site show --json: ESC not escaped as \\u001b")
endif()
file(REMOVE_RECURSE ${dir})
