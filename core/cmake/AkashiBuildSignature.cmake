# akashi_read_build_signature(<file> <out-var>)
#
# Sets <out-var> to the AKASHI_PLUGIN_BUILD_SIGNATURE string compiled into <file> (an object file or a
# plugin .so), e.g. "gcc-12;cxxabi=1017;cxx11abi=1;ndebug=1", or to "" when the file holds none. Fails
# when it holds two different signatures. Shared by the server's build (which records its own signature
# for the SDK) and the SDK's post-build check of out-of-tree plugins.
include_guard(GLOBAL)

function(akashi_read_build_signature file out)
  # The signature is one NUL-terminated literal; file(STRINGS) returns each match as a list entry, and
  # its own semicolons split it further, so identical copies collapse to the same four fields.
  file(STRINGS "${file}" fields
    REGEX "^(gcc-[0-9]+|clang-[0-9]+|unknown);cxxabi=[A-Za-z0-9_]+;cxx11abi=[A-Za-z0-9_]+;ndebug=[01]$")
  list(REMOVE_DUPLICATES fields)
  list(LENGTH fields count)
  if(count EQUAL 0)
    set(${out} "" PARENT_SCOPE)
  elseif(count EQUAL 4)
    set(${out} "${fields}" PARENT_SCOPE)
  else()
    message(FATAL_ERROR "${file} holds more than one Akashi build signature: ${fields}")
  endif()
endfunction()
