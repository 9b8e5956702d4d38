#include "database_cache.hpp"

#include <hs/hs.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

namespace vigie::rules::detail {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_magic = "vigie-regles-hs-1\n";
constexpr std::size_t k_kept_files = 16;

// The literals and Hyperscan's version, as one string: the cache file holds it in full and is
// used only when it is equal, so no two rule sets can share a database by a hash collision.
std::string key_of(const std::vector<std::string>& literals) {
  std::string key(hs_version());
  key += '\n';
  for (const auto& l : literals) {
    key += std::to_string(l.size());
    key += ':';
    key += l;
  }
  return key;
}

std::uint64_t fnv1a(std::string_view data) {
  std::uint64_t h = 1469598103934665603U;
  for (const char c : data) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211U;
  }
  return h;
}

std::string hex(std::uint64_t v) {
  constexpr std::string_view k_digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = k_digits[v & 0xFU];
    v >>= 4U;
  }
  return out;
}

void append_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((v >> (8U * static_cast<unsigned>(i))) & 0xFFU));
  }
}

std::uint64_t read_u64(std::string_view in) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8U) | static_cast<unsigned char>(in[static_cast<std::size_t>(i)]);
  }
  return v;
}

hs_database_t* compile(const std::vector<std::string>& literals, std::string& error) {
  std::vector<const char*> expressions;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> flags(literals.size(), 0);
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < literals.size(); ++i) {
    expressions.push_back(literals[i].data());
    lengths.push_back(literals[i].size());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                           &err) != HS_SUCCESS) {
    error = err != nullptr ? err->message : "erreur inconnue";
    hs_free_compile_error(err);
    return nullptr;
  }
  return db;
}

// The database stored for `key` in `file`, or nullptr.
hs_database_t* load(const fs::path& file, const std::string& key) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return nullptr;
  }
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string_view rest = data;
  if (!rest.starts_with(k_magic)) {
    return nullptr;
  }
  rest.remove_prefix(k_magic.size());
  if (rest.size() < 8) {
    return nullptr;
  }
  const std::uint64_t key_size = read_u64(rest);
  rest.remove_prefix(8);
  if (key_size != key.size() || rest.size() < key_size || rest.substr(0, key_size) != key) {
    return nullptr;
  }
  rest.remove_prefix(key_size);
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(rest.data(), rest.size(), &db) != HS_SUCCESS) {
    return nullptr;  // another platform, a damaged file: compiled again
  }
  return db;
}

// Writes the database beside the others, atomically (a temporary file renamed), and keeps the
// folder small. Failures are silent: the cache only saves time.
void store(const fs::path& folder, const fs::path& file, const std::string& key,
           const hs_database_t* db) {
  char* bytes = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS) {
    return;
  }
  std::string out(k_magic);
  append_u64(out, key.size());
  out += key;
  out.append(bytes, size);
  std::free(bytes);  // NOLINT(cppcoreguidelines-no-malloc): Hyperscan allocates with malloc
  std::error_code ec;
  fs::create_directories(folder, ec);
  const fs::path tmp = folder / (file.filename().string() + ".tmp" + std::to_string(::getpid()));
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    if (!o.write(out.data(), static_cast<std::streamsize>(out.size())) || !o.flush()) {
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, file, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return;
  }
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    if (e.path().extension() == ".hsdb") {
      files.emplace_back(e.last_write_time(ec), e.path());
    }
  }
  if (files.size() > k_kept_files) {
    std::sort(files.begin(), files.end());
    for (std::size_t i = 0; i + k_kept_files < files.size(); ++i) {
      fs::remove(files[i].second, ec);
    }
  }
}

}  // namespace

std::optional<fs::path> database_cache_folder() {
  const auto usable = [](const char* v) { return v != nullptr && *v != '\0'; };
  if (const char* off = std::getenv("VIGIE_NO_CACHE"); usable(off)) {
    return std::nullopt;
  }
  if (const char* dir = std::getenv("VIGIE_CACHE_DIR"); usable(dir)) {
    return fs::path(dir) / "regles";
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); usable(xdg)) {
    return fs::path(xdg) / "vigie" / "regles";
  }
  if (const char* home = std::getenv("HOME"); usable(home)) {
    return fs::path(home) / ".cache" / "vigie" / "regles";
  }
  return std::nullopt;
}

hs_database_t* literal_database(const std::vector<std::string>& literals, std::string& error,
                                bool* from_cache) {
  if (from_cache != nullptr) {
    *from_cache = false;
  }
  const auto folder = database_cache_folder();
  if (!folder) {
    return compile(literals, error);
  }
  const std::string key = key_of(literals);
  const fs::path file = *folder / (hex(fnv1a(key)) + ".hsdb");
  if (hs_database_t* db = load(file, key)) {
    if (from_cache != nullptr) {
      *from_cache = true;
    }
    return db;
  }
  hs_database_t* db = compile(literals, error);
  if (db != nullptr) {
    store(*folder, file, key, db);
  }
  return db;
}

}  // namespace vigie::rules::detail
