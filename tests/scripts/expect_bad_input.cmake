# A run with a bad override must exit 2, say which key is wrong, and write nothing.
file(REMOVE ${OUT})
execute_process(COMMAND ${TS} run ${CFG} --quiet --set fees.buyback_share=1.5 -o ${OUT}
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "expected exit code 2, got ${rc}: ${err}")
endif()
if(NOT err MATCHES "fees.buyback_share")
  message(FATAL_ERROR "the message does not name the key: ${err}")
endif()
if(EXISTS ${OUT})
  message(FATAL_ERROR "an output file was written: ${OUT}")
endif()
