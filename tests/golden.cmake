# Golden-digest regression tests: one per line of tests/golden/digests.txt.
file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/golden/digests.txt TS_GOLDEN_LINES REGEX "^[a-z]")
foreach(line ${TS_GOLDEN_LINES})
  string(REGEX MATCH "^[^ ]+" name "${line}")
  add_test(NAME golden.${name} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/golden/check.sh ${CMAKE_BINARY_DIR} ${name})
  set_tests_properties(golden.${name} PROPERTIES LABELS golden)
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/golden/digests.txt)
