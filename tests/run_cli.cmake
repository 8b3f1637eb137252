cmake_minimum_required(VERSION 3.25)
# Runs one CLI case: tests/cli/<case>.args (one argument per line), compares
# stdout with <case>.out (when present) and the exit status with <case>.rc
# (default 0); each line of <case>.err (when present) must occur in stderr,
# and an empty <case>.err means stderr must be empty.
# A <case>.pre (one argument per line, optional) is a pcplan command run
# first, which must succeed: e.g. an import into the store the case reads;
# a <case>.pre2 (optional) is a second one, run after it.
# In arguments, @DB@ is a store freshly made from the fixture, @NODB@ a
# store that does not exist, @SRC@ the source tree, @OUT@ a folder that
# does not exist (removed after the case); in stdout, these paths are
# turned back into their tokens before comparing. A CASE with no .args
# file is an error. With PC_UPDATE_GOLDEN=1 in the environment, a case
# that has a .out gets what pcplan printed written over it. Runs are stored
# as of 2026-04-01 (SOURCE_DATE_EPOCH), so that `runs` prints one date.
# cmake -DPCPLAN=... -DSRC=... -DCASE=<path without extension> -DWORK=... -P
set(ENV{SOURCE_DATE_EPOCH} 1775001600)
get_filename_component(name "${CASE}" NAME)
if(NOT name OR NOT EXISTS "${CASE}.args")
  message(FATAL_ERROR "no CLI case \"${name}\": ${CASE}.args does not exist "
          "(the cases are tests/cli/*.args)")
endif()
set(db ${WORK}/cli_${name}.db)
set(nodb ${WORK}/cli_${name}_none.db)
set(outdir ${WORK}/cli_${name}_out)
file(REMOVE ${db} ${nodb})
file(REMOVE_RECURSE ${outdir})
set(need_db OFF)
foreach(part args pre pre2)
  set(${part} "")
  if(NOT EXISTS ${CASE}.${part})
    continue()
  endif()
  file(STRINGS ${CASE}.${part} raw)
  foreach(a IN LISTS raw)
    if(a MATCHES "@DB@")
      set(need_db ON)
    endif()
    string(REPLACE "@DB@" ${db} a "${a}")
    string(REPLACE "@NODB@" ${nodb} a "${a}")
    string(REPLACE "@SRC@" ${SRC} a "${a}")
    string(REPLACE "@OUT@" ${outdir} a "${a}")
    list(APPEND ${part} "${a}")
  endforeach()
endforeach()
if(need_db)
  execute_process(COMMAND ${PCPLAN} --db ${db} init --data
                  ${SRC}/tests/data/fixture RESULT_VARIABLE r OUTPUT_QUIET)
  if(NOT r EQUAL 0)
    message(FATAL_ERROR "${name}: cannot make the store (${r})")
  endif()
endif()
foreach(part pre pre2)
  if(${part})
    execute_process(COMMAND ${PCPLAN} ${${part}} RESULT_VARIABLE r OUTPUT_QUIET
                    ERROR_VARIABLE pre_err)
    if(NOT r EQUAL 0)
      message(FATAL_ERROR "${name}: ${name}.${part} failed (${r}): ${pre_err}")
    endif()
  endif()
endforeach()
execute_process(COMMAND ${PCPLAN} ${args} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
# paths in stdout (the inputs of a --json answer) go back to their tokens,
# the folders under the source tree before the source tree
foreach(pair "${db};@DB@" "${nodb};@NODB@" "${outdir};@OUT@" "${SRC};@SRC@")
  list(GET pair 0 path)
  list(GET pair 1 token)
  string(REPLACE "${path}" "${token}" out "${out}")
endforeach()
file(REMOVE ${db} ${nodb})
file(REMOVE_RECURSE ${outdir})
set(want_rc 0)
if(EXISTS ${CASE}.rc)
  file(STRINGS ${CASE}.rc want_rc LIMIT_COUNT 1)
endif()
if(NOT rc EQUAL want_rc)
  message(FATAL_ERROR "${name}: exit ${rc}, expected ${want_rc}\n${err}")
endif()
if(EXISTS ${CASE}.out AND DEFINED ENV{PC_UPDATE_GOLDEN}
   AND NOT "$ENV{PC_UPDATE_GOLDEN}" STREQUAL "")
  file(WRITE ${CASE}.out "${out}")
endif()
if(EXISTS ${CASE}.out)
  file(READ ${CASE}.out want)
  if(NOT out STREQUAL want)
    file(WRITE ${WORK}/cli_${name}.got "${out}")
    message(FATAL_ERROR "${name}: stdout differs from ${CASE}.out "
            "(got ${WORK}/cli_${name}.got)")
  endif()
endif()
if(EXISTS ${CASE}.err)
  file(SIZE ${CASE}.err err_size)
  if(err_size EQUAL 0 AND NOT err STREQUAL "")
    message(FATAL_ERROR "${name}: stderr should be empty\n(got: ${err})")
  endif()
  file(STRINGS ${CASE}.err wants)
  foreach(w IN LISTS wants)
    string(FIND "${err}" "${w}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${name}: stderr lacks \"${w}\"\n(got: ${err})")
    endif()
  endforeach()
endif()
# A text answer fits 100 columns (characters; the multibyte ones pcplan
# prints counted as one) unless the case asks for --wide, JSON or CSV.
if(NOT args MATCHES "(^|;)--(wide|json|csv|format|help)($|;|=)")
  string(REGEX MATCHALL "[^\n]+" lines "${out}")
  foreach(line IN LISTS lines)
    foreach(ch "£" "…" "²" "–" "—" "→" "≥" "≤" "±" "×")
      string(REPLACE "${ch}" "x" line "${line}")
    endforeach()
    string(LENGTH "${line}" n)
    if(n GREATER 100)
      message(FATAL_ERROR "${name}: a line of ${n} columns, more than 100:\n"
              "${line}")
    endif()
  endforeach()
endif()
