# Run at every build (the ts_git_commit target): writes the commit the
# sources are at, with "+dirty" when tracked files differ from it, into
# OUT, touching the file only when that changes. A commit read at
# configure time went stale with the next commit and lied in every output.
# usage: cmake -DSRC=<source dir> -DOUT=<file.cpp> [-DGIT=<git>] -P git_commit.cmake
set(commit "unknown")
if(GIT)
  execute_process(COMMAND ${GIT} rev-parse HEAD WORKING_DIRECTORY ${SRC}
                  OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    set(commit "${head}")
    execute_process(COMMAND ${GIT} diff --quiet HEAD -- WORKING_DIRECTORY ${SRC} RESULT_VARIABLE dirty ERROR_QUIET)
    if(NOT dirty EQUAL 0)
      string(APPEND commit "+dirty")
    endif()
  endif()
endif()
set(text "// Generated at build time by cmake/git_commit.cmake.\n#include \"build_info.hpp\"\nnamespace ts::build {\nconst char* const git_commit = \"${commit}\";\n}  // namespace ts::build\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
