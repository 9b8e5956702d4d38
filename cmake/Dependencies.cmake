# Every third-party dependency is looked up here, and only here. All come from Debian 12
# packages installed by scripts/install-deps.sh.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp>=22.02)
# Poppler's core API, for the document catalog (forms, attachments) that poppler-cpp does not
# expose; its headers come with Debian's libpoppler-private-dev.
pkg_check_modules(POPPLER_CORE REQUIRED IMPORTED_TARGET poppler>=22.02)
find_path(POPPLER_CORE_CATALOG_H Catalog.h HINTS ${POPPLER_CORE_INCLUDE_DIRS} NO_DEFAULT_PATH)
if(NOT POPPLER_CORE_CATALOG_H)
  message(FATAL_ERROR "Poppler's core headers (Catalog.h) not found: install libpoppler-private-dev")
endif()
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
pkg_check_modules(HYPERSCAN REQUIRED IMPORTED_TARGET libhs>=5.4)
pkg_check_modules(HUNSPELL REQUIRED IMPORTED_TARGET hunspell)
find_package(yaml-cpp 0.7 REQUIRED)
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core>=1.4.20)
pkg_check_modules(TOMLPLUSPLUS REQUIRED IMPORTED_TARGET tomlplusplus>=3.0)
find_package(ICU 70 REQUIRED COMPONENTS uc i18n)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)

if(VIGIE_BUILD_TOOLS)
  pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo-pdf)
endif()
if(VIGIE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(VIGIE_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
