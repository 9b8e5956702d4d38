# Writes OUTPUT, a C++ fragment holding the text of every YAML file given in INPUTS (a
# ;-separated list) as `constexpr std::array<Embedded, N> k_embedded`. Run with cmake -P.
set(entries "")
set(count 0)
foreach(input IN LISTS INPUTS)
  get_filename_component(name "${input}" NAME_WE)
  file(READ "${input}" text)
  string(FIND "${text}" ")vigie\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${input} contains the raw-string delimiter )vigie\"")
  endif()
  string(APPEND entries "    Embedded{\"${name}\", R\"vigie(${text})vigie\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from rules/rulesets/*.yaml by cmake/EmbedRulesets.cmake. Do not edit.\n"
  "constexpr std::array<Embedded, ${count}> k_embedded = {\n${entries}};\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
