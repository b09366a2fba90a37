# Our own targets compile warning-clean; third-party headers are included as system headers.
add_library(akashi_warnings INTERFACE)
target_compile_options(akashi_warnings INTERFACE -Wall -Wextra -Werror -Wno-error=deprecated-declarations)

if(SANITIZE)
  add_compile_options(-fsanitize=${SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${SANITIZE})
endif()
