# akashi_add_plugin(KIND <kind> NAME <name> SOURCES <files...> [OUTPUT_DIRECTORY <dir>] [NO_INSTALL])
#
# Builds the MODULE target akashi-plugin-<kind>-<name> as <kind>-<name>.so, a plugin loadable by the
# Akashi server; <kind> is embedding, ratelimit, notify or exporter. It exports exactly one symbol,
# akashi_plugin_descriptor: hidden visibility hides our own symbols, and a linker version script hides the
# std template instantiations that libstdc++ headers declare with default visibility. A post-build check
# fails the build if `nm -D --defined-only` shows anything else; --no-undefined makes a missing symbol a
# link error instead of a dlopen failure at server startup.
#
# The same file serves the server's own tree and the installed SDK (find_package(AkashiPluginSDK)):
#   * in-tree, plugins follow the build type, like the server they are built with;
#   * from the SDK, AkashiPluginSDKServerBuild.cmake next to this file records how the server that
#     shipped the headers was built. NDEBUG and the libstdc++ string ABI are set to the server's values
#     whatever the project's build type, and a second post-build check fails the build when the plugin's
#     build signature still differs from the server's (a different compiler, say), since the server
#     would refuse it.
#
# Install rule (unless NO_INSTALL): in-tree into the server's plugin directory, component "server";
# from the SDK into ${AKASHI_PLUGIN_INSTALL_DIR} (default lib/akashi/plugins under the install prefix).
include_guard(GLOBAL)

function(akashi_add_plugin)
  cmake_parse_arguments(ARG "NO_INSTALL" "KIND;NAME;OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_KIND OR NOT ARG_NAME OR NOT ARG_SOURCES)
    message(FATAL_ERROR "akashi_add_plugin needs KIND, NAME and SOURCES")
  endif()
  if(NOT ARG_KIND MATCHES "^(embedding|ratelimit|notify|exporter)$")
    message(FATAL_ERROR "akashi_add_plugin: KIND must be embedding, ratelimit, notify or exporter, not \"${ARG_KIND}\"")
  endif()
  if(NOT ARG_NAME MATCHES "^[a-z0-9][a-z0-9_-]*$")
    message(FATAL_ERROR "akashi_add_plugin: NAME \"${ARG_NAME}\" must be lowercase letters, digits, '_' or '-'")
  endif()

  set(dir ${CMAKE_CURRENT_FUNCTION_LIST_DIR})
  set(server_build ${dir}/AkashiPluginSDKServerBuild.cmake)
  if(EXISTS ${server_build})
    set(from_sdk TRUE)
  else()
    set(from_sdk FALSE)
  endif()

  set(target akashi-plugin-${ARG_KIND}-${ARG_NAME})
  if(NOT ARG_OUTPUT_DIRECTORY)
    if(DEFINED AKASHI_BUILD_PLUGIN_DIR)
      set(ARG_OUTPUT_DIRECTORY ${AKASHI_BUILD_PLUGIN_DIR})
    else()
      set(ARG_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/plugins)
    endif()
  endif()

  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    SUFFIX ".so"
    OUTPUT_NAME ${ARG_KIND}-${ARG_NAME}
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY}
    CXX_STANDARD 20
    CXX_STANDARD_REQUIRED ON
    CXX_EXTENSIONS OFF
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(${target} PRIVATE Akashi::PluginSDK)
  target_link_options(${target} PRIVATE
    -Wl,--version-script=${dir}/akashi-plugin.map
    -Wl,--no-undefined)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${dir}/akashi-plugin.map)
  set(nm nm)
  if(CMAKE_NM)
    set(nm ${CMAKE_NM})
  endif()
  # The loader refuses plugin files writable by group or others, which a umask of 002 would produce.
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DPLUGIN=$<TARGET_FILE:${target}> -DNM=${nm} -P ${dir}/AkashiCheckPluginExports.cmake
    COMMAND chmod go-w $<TARGET_FILE:${target}>
    VERBATIM)

  if(from_sdk)
    include(${server_build})
    list(GET AKASHI_PLUGIN_SERVER_SIGNATURE 2 cxx11abi)
    list(GET AKASHI_PLUGIN_SERVER_SIGNATURE 3 ndebug)
    # Compile options come after the build type's flags on the command line, so these win over them.
    if(ndebug STREQUAL "ndebug=1")
      target_compile_options(${target} PRIVATE -DNDEBUG)
    else()
      target_compile_options(${target} PRIVATE -UNDEBUG)
    endif()
    if(cxx11abi MATCHES "^cxx11abi=([01])$")
      target_compile_options(${target} PRIVATE -D_GLIBCXX_USE_CXX11_ABI=${CMAKE_MATCH_1})
    endif()
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -DPLUGIN=$<TARGET_FILE:${target}> -DSERVER_BUILD=${server_build}
              -P ${dir}/AkashiCheckPluginSignature.cmake
      VERBATIM)
    if(NOT ARG_NO_INSTALL)
      if(NOT AKASHI_PLUGIN_INSTALL_DIR)
        set(AKASHI_PLUGIN_INSTALL_DIR lib/akashi/plugins)
      endif()
      install(TARGETS ${target} LIBRARY DESTINATION ${AKASHI_PLUGIN_INSTALL_DIR})
    endif()
  else()
    if(TARGET akashi_warnings)
      target_link_libraries(${target} PRIVATE akashi_warnings)
    endif()
    if(NOT ARG_NO_INSTALL AND DEFINED AKASHI_INSTALL_PLUGIN_DIR)
      install(TARGETS ${target} LIBRARY DESTINATION ${AKASHI_INSTALL_PLUGIN_DIR} COMPONENT server)
    endif()
  endif()
endfunction()
