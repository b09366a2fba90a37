# cmake -DPLUGIN=<file.so> -DSERVER_BUILD=<AkashiPluginSDKServerBuild.cmake> -P AkashiCheckPluginSignature.cmake
#
# Fails when the plugin's build signature differs from the server's that shipped the SDK: that server
# would refuse the plugin at startup ("build signature mismatch"), so the build says so first.
include(${CMAKE_CURRENT_LIST_DIR}/AkashiBuildSignature.cmake)
include(${SERVER_BUILD})

akashi_read_build_signature("${PLUGIN}" signature)
if(NOT signature)
  message(FATAL_ERROR "${PLUGIN} holds no Akashi build signature: its descriptor must come from "
                      "akashi::plugin::makeDescriptor (akashi/plugin/Abi.h)")
endif()
if(NOT signature STREQUAL AKASHI_PLUGIN_SERVER_SIGNATURE)
  message(FATAL_ERROR
    "${PLUGIN} was built as \"${signature}\" but the server this SDK belongs to was built as "
    "\"${AKASHI_PLUGIN_SERVER_SIGNATURE}\"; the server would refuse it (build signature mismatch). "
    "Configure a fresh build directory with -DCMAKE_CXX_COMPILER=${AKASHI_PLUGIN_SERVER_CXX_COMPILER} "
    "(${AKASHI_PLUGIN_SERVER_CXX_COMPILER_VERSION}) and do not set NDEBUG or _GLIBCXX_USE_CXX11_ABI on the "
    "plugin's target: akashi_add_plugin() sets both to the server's values.")
endif()
