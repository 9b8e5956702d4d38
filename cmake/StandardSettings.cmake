# INTERFACE targets that only first-party code links: warnings and sanitizers.
add_library(vigie_warnings INTERFACE)
target_compile_options(vigie_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(VIGIE_WARNINGS_AS_ERRORS)
  target_compile_options(vigie_warnings INTERFACE -Werror)
endif()
# Bounds-checked standard containers in debug and sanitizer builds.
target_compile_definitions(vigie_warnings INTERFACE
  $<$<OR:$<CONFIG:Debug>,$<BOOL:${VIGIE_SANITIZE}>>:_GLIBCXX_ASSERTIONS>)

add_library(vigie_sanitizers INTERFACE)
if(VIGIE_SANITIZE)
  target_compile_options(vigie_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(vigie_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

# Fuzzing: first-party code instrumented for libFuzzer's coverage, with ASan and UBSan; the
# harnesses of fuzz/ link libFuzzer itself.
if(VIGIE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "VIGIE_FUZZ=ON needs clang: CC=clang CXX=clang++ cmake ...")
  endif()
  target_compile_options(vigie_sanitizers INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(vigie_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

add_library(vigie_project_options INTERFACE)
target_link_libraries(vigie_project_options INTERFACE vigie_warnings vigie_sanitizers)
