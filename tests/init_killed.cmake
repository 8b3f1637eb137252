cmake_minimum_required(VERSION 3.25)
# `init` killed (a test hook: PC_TEST_KILL_AT=init-before-rename) after
# the new store is whole but before it is renamed into place: no store is
# left at the name given, so the next command says there is none; only a
# hidden temporary beside it, which is removed here.
# cmake -DPCPLAN=... -DSRC=... -DWORK=... -P init_killed.cmake
set(dir ${WORK}/init_killed)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
set(ENV{PC_TEST_KILL_AT} init-before-rename)
execute_process(COMMAND ${PCPLAN} --db ${dir}/new.db init --data
                ${SRC}/tests/data/fixture RESULT_VARIABLE rc OUTPUT_QUIET
                ERROR_QUIET)
unset(ENV{PC_TEST_KILL_AT})
if(rc EQUAL 0)
  message(FATAL_ERROR "init was not killed at its test hook (exit 0)")
endif()
if(EXISTS ${dir}/new.db)
  message(FATAL_ERROR "a killed init left a store at new.db")
endif()
execute_process(COMMAND ${PCPLAN} --db ${dir}/new.db info RESULT_VARIABLE rc
                OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "no store at")
  message(FATAL_ERROR "info after a killed init: exit ${rc}: ${err}")
endif()
file(REMOVE_RECURSE ${dir})
