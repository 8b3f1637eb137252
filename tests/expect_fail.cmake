cmake_minimum_required(VERSION 3.25)
# Passes when a command fails: it exits non-zero and its output (stdout and
# stderr) matches WANT. CMD is the command with its arguments separated by
# '|' (a ';' list would be split by add_test).
# cmake -DCMD="prog|arg|..." -DWANT=<regex> -P expect_fail.cmake
string(REPLACE "|" ";" cmd "${CMD}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "exited 0, expected a failure: ${CMD}\n${out}")
endif()
if(NOT out MATCHES "${WANT}")
  message(FATAL_ERROR "exit ${rc}, but the output lacks /${WANT}/: "
          "${CMD}\n${out}")
endif()
message(STATUS "failed as expected (exit ${rc}): ${CMD}")
