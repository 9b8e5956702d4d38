#include "vigie/ingest/archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <locale.h>
#include <clocale>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <memory>
#include <system_error>

#include "archive_detect.hpp"

#include "vigie/base/utf8.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::ingest {
namespace {

namespace fs = std::filesystem;
using detail::has_zip_signature;

// The upper half of code page 850 (DOS Latin-1, what French Windows writes in ZIP names
// without the UTF-8 flag). Its accented letters sit where CP437 has them.
constexpr std::array<char16_t, 128> k_cp850 = {
    0xc7,   0xfc,   0xe9,   0xe2,   0xe4,   0xe0,   0xe5,   0xe7,   0xea,   0xeb,   0xe8,   0xef,
    0xee,   0xec,   0xc4,   0xc5,   0xc9,   0xe6,   0xc6,   0xf4,   0xf6,   0xf2,   0xfb,   0xf9,
    0xff,   0xd6,   0xdc,   0xf8,   0xa3,   0xd8,   0xd7,   0x192,  0xe1,   0xed,   0xf3,   0xfa,
    0xf1,   0xd1,   0xaa,   0xba,   0xbf,   0xae,   0xac,   0xbd,   0xbc,   0xa1,   0xab,   0xbb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0xc1,   0xc2,   0xc0,   0xa9,   0x2563, 0x2551, 0x2557,
    0x255d, 0xa2,   0xa5,   0x2510, 0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0xe3,   0xc3,
    0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0xa4,   0xf0,   0xd0,   0xca,   0xcb,
    0xc8,   0x131,  0xcd,   0xce,   0xcf,   0x2518, 0x250c, 0x2588, 0x2584, 0xa6,   0xcc,   0x2580,
    0xd3,   0xdf,   0xd4,   0xd2,   0xf5,   0xd5,   0xb5,   0xfe,   0xde,   0xda,   0xdb,   0xd9,
    0xfd,   0xdd,   0xaf,   0xb4,   0xad,   0xb1,   0x2017, 0xbe,   0xb6,   0xa7,   0xf7,   0xb8,
    0xb0,   0xa8,   0xb7,   0xb9,   0xb3,   0xb2,   0x25a0, 0xa0};

std::string from_cp850(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + raw.size() / 2);
  for (const char c : raw) {
    const auto b = static_cast<unsigned char>(c);
    utf8::append_utf8(out, b < 0x80 ? char32_t{b} : char32_t{k_cp850[b - 0x80]});
  }
  return out;
}

// True for names that would leave the folder they were extracted to.
bool unsafe_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\') {
    return true;
  }
  if (name.size() >= 2 && name[1] == ':') {  // "C:\..."
    return true;
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) {
      end = name.size();
    }
    if (name.substr(start, end - start) == "..") {
      return true;
    }
    start = end + 1;
  }
  return false;
}

std::string mib(std::uint64_t bytes) {
  return std::to_string((bytes + 512 * 1024) / (1024 * 1024)) + " Mo";
}

std::string kib(std::uint64_t bytes) { return std::to_string((bytes + 512) / 1024) + " Ko"; }

std::string libarchive_reason(archive* ar) {
  const char* why = archive_error_string(ar);
  return why ? std::string(" (") + why + ")" : std::string();
}

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

// libarchive converts names flagged UTF-8 (ZIP) or stored in Unicode (7z, RAR) to the
// charset of the locale, which fails for accented names in the C locale (the process never
// calls setlocale; archive_entry_pathname then returns null). While it reads a header and
// its name, the calling thread alone gets LC_CTYPE C.UTF-8 (uselocale); the process locale,
// other threads and the callbacks are left alone. Names without a charset still come out
// as raw bytes.
class Utf8Ctype {
 public:
  Utf8Ctype() : m_locale(newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{})) {}
  ~Utf8Ctype() {
    if (m_locale != locale_t{}) {
      freelocale(m_locale);
    }
  }
  Utf8Ctype(const Utf8Ctype&) = delete;
  Utf8Ctype& operator=(const Utf8Ctype&) = delete;

  // The locale is the thread's while a Use lives.
  class Use {
   public:
    explicit Use(const Utf8Ctype& ctype)
        : m_previous(ctype.m_locale != locale_t{} ? uselocale(ctype.m_locale) : locale_t{}) {}
    ~Use() {
      if (m_previous != locale_t{}) {
        uselocale(m_previous);
      }
    }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

   private:
    locale_t m_previous;
  };

 private:
  locale_t m_locale;
};

ArchivePtr new_reader() {
  ArchivePtr ar(archive_read_new(), archive_read_free);
  if (ar) {
    archive_read_support_filter_gzip(ar.get());
    archive_read_support_filter_bzip2(ar.get());
    archive_read_support_filter_xz(ar.get());
    archive_read_support_filter_zstd(ar.get());
    archive_read_support_format_zip(ar.get());  // seekable (central directory) and streaming
    archive_read_support_format_7zip(ar.get());
    archive_read_support_format_rar(ar.get());
    archive_read_support_format_rar5(ar.get());
    archive_read_support_format_tar(ar.get());
  }
  return ar;
}

class Walker {
 public:
  Walker(const ArchiveLimits& limits, const ArchiveCallbacks& callbacks)
      : m_limits(limits), m_callbacks(callbacks) {}

  bool walk_memory(std::string_view bytes, const std::string& display, int depth) {
    if (depth == 1) {
      start(display, bytes.size());
    }
    ArchivePtr ar = new_reader();
    if (!ar) {
      problem(display, "damaged-archive", "mémoire insuffisante pour ouvrir l'archive");
      return false;
    }
    if (archive_read_open_memory(ar.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
      problem(display, "damaged-archive", "archive illisible" + libarchive_reason(ar.get()));
      return false;
    }
    return walk(ar.get(), display, depth);
  }

  bool walk_file(const fs::path& file, const std::string& display) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) {
      problem(display, "unreadable", "fichier illisible (" + ec.message() + ")");
      return false;
    }
    start(display, size);
    ArchivePtr ar = new_reader();
    if (!ar || archive_read_open_filename(ar.get(), file.c_str(), 1 << 16) != ARCHIVE_OK) {
      problem(display, "damaged-archive",
              "archive illisible" + (ar ? libarchive_reason(ar.get()) : std::string()));
      return false;
    }
    return walk(ar.get(), display, 1);
  }

 private:
  enum class ReadOutcome { ok, damaged, too_large, bomb };

  // The budget covers the top-level archive and everything nested in it.
  void start(const std::string& display, std::uint64_t size) {
    m_top = display;
    m_top_size = size;
    m_budget = std::max(m_limits.bomb_floor, m_limits.bomb_ratio * size);
  }

  // Walks an opened archive. Returns false when it could not be read to its end.
  bool walk(archive* ar, const std::string& display, int depth) {
    bool legacy_names = false;
    std::map<std::string, int> seen;
    archive_entry* entry = nullptr;
    for (;;) {
      if (m_stopped) {
        return !m_aborted;
      }
      int rc = ARCHIVE_FATAL;
      std::string name;
      {
        const Utf8Ctype::Use utf8(m_utf8);
        rc = archive_read_next_header(ar, &entry);
        if (rc == ARCHIVE_OK || rc == ARCHIVE_WARN) {
          const char* raw = archive_entry_pathname(entry);
          name = raw ? raw : "";
        }
      }
      if (rc == ARCHIVE_EOF) {
        break;
      }
      if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
        problem(display, "damaged-archive",
                "archive endommagée ou tronquée : lecture arrêtée" + libarchive_reason(ar));
        return false;
      }
      if (++m_entries > m_limits.max_entries) {
        problem(m_top, "too-many-entries",
                "plus de " + std::to_string(m_limits.max_entries) +
                    " entrées dans l'archive (archives imbriquées comprises) : lecture arrêtée à " +
                    display);
        give_up();
        return false;
      }
      if (!utf8::is_valid_utf8(name)) {
        name = from_cp850(name);
        legacy_names = true;
      }
      const auto type = archive_entry_filetype(entry);
      if (type == AE_IFDIR || (!name.empty() && (name.back() == '/' || name.back() == '\\'))) {
        continue;
      }
      // An archive made of "." (tar czf dce.tar.gz .) names its members "./CCTP.pdf": shown,
      // compared and counted as "CCTP.pdf".
      while (name.size() > 2 && name.starts_with("./")) {
        name.erase(0, 2);
      }
      // Two members of the same name: the second is "NAME#2", the third "NAME#3"...
      const int occurrence = ++seen[name];
      const bool duplicate = occurrence > 1;
      if (duplicate) {
        name += "#" + std::to_string(occurrence);
      }
      const std::string path = display + "!/" + name;
      if (unsafe_name(name)) {
        problem(path, "unsafe-name",
                "nom d'entrée dangereux (chemin absolu ou « .. ») : entrée ignorée, rien n'est "
                "écrit sur le disque");
        continue;
      }
      if (duplicate) {
        problem(path, "duplicate-name",
                "l'archive contient plusieurs entrées du même nom : celle-ci (n° " +
                    std::to_string(occurrence) + ") est lue sous le nom « " +
                    name.substr(name.find_last_of("/\\") + 1) + " »",
                false);
      }
      if (type != AE_IFREG && type != 0) {
        problem(path, "not-a-file",
                "entrée qui n'est pas un fichier (lien ou fichier spécial) : ignorée");
        continue;
      }
      if (archive_entry_is_encrypted(entry) != 0) {
        problem(path, "encrypted", "entrée chiffrée (protégée par un mot de passe) : non lue");
        continue;
      }
      if (archive_entry_size_is_set(entry) != 0 &&
          static_cast<std::uint64_t>(archive_entry_size(entry)) > m_limits.max_member_size) {
        problem(path, "too-large",
                "entrée trop volumineuse une fois décompressée (" +
                    mib(static_cast<std::uint64_t>(archive_entry_size(entry))) + ", limite " +
                    mib(m_limits.max_member_size) + ") : non lue");
        continue;
      }
      ArchiveMember member;
      member.path = path;
      member.mtime = archive_entry_mtime_is_set(entry) != 0 ? archive_entry_mtime(entry) : 0;
      const ReadOutcome outcome = read_member(ar, member.bytes);
      if (outcome == ReadOutcome::bomb) {
        problem(m_top, "zip-bomb",
                "bombe de décompression : plus de " + mib(m_expanded) +
                    " extraits d'une archive de " + kib(m_top_size) + " (plus de " +
                    std::to_string(m_limits.bomb_ratio) +
                    " fois sa taille, archives imbriquées comprises) ; lecture de l'archive "
                    "arrêtée à " +
                    path);
        give_up();
        return false;
      }
      if (outcome == ReadOutcome::too_large) {
        problem(path, "too-large",
                "entrée trop volumineuse une fois décompressée (plus de " +
                    mib(m_limits.max_member_size) + ") : non lue");
        continue;
      }
      if (outcome == ReadOutcome::damaged) {
        problem(path, "damaged-member", "entrée illisible" + libarchive_reason(ar));
        continue;
      }
      if (is_archive_bytes(member.bytes)) {
        if (depth + 1 > m_limits.max_depth) {
          problem(path, "too-deep",
                  "archive imbriquée au-delà de " + std::to_string(m_limits.max_depth) +
                      " niveaux : non ouverte");
          continue;
        }
        walk_memory(member.bytes, path, depth + 1);
        if (m_aborted) {
          return false;
        }
        continue;
      }
      if (!m_callbacks.member(std::move(member))) {
        m_stopped = true;
        return true;
      }
    }
    if (legacy_names) {
      problem(display, "legacy-names",
              "noms d'entrées codés en page de code DOS (CP850/CP437) : convertis en UTF-8", false);
    }
    return true;
  }

  // A limit of the top-level archive was reached: nothing more is read from it.
  void give_up() {
    m_stopped = true;
    m_aborted = true;
  }

  ReadOutcome read_member(archive* ar, std::string& out) {
    std::array<char, 1 << 16> buf{};
    for (;;) {
      const la_ssize_t n = archive_read_data(ar, buf.data(), buf.size());
      if (n == 0) {
        return ReadOutcome::ok;
      }
      if (n < 0) {
        return ReadOutcome::damaged;
      }
      const auto got = static_cast<std::uint64_t>(n);
      m_expanded += got;
      if (m_expanded > m_budget) {
        out.clear();
        out.shrink_to_fit();
        return ReadOutcome::bomb;
      }
      if (out.size() + got > m_limits.max_member_size) {
        out.clear();
        out.shrink_to_fit();
        archive_read_data_skip(ar);
        return ReadOutcome::too_large;
      }
      out.append(buf.data(), got);
    }
  }

  void problem(const std::string& path, const char* code, std::string message,
               bool skipped = true) {
    if (m_callbacks.problem) {
      m_callbacks.problem(ArchiveProblem{path, code, std::move(message), skipped});
    }
  }

  const ArchiveLimits& m_limits;
  const ArchiveCallbacks& m_callbacks;
  Utf8Ctype m_utf8;
  std::string m_top;
  std::uint64_t m_top_size = 0;
  std::uint64_t m_budget = 0;
  std::uint64_t m_expanded = 0;
  std::uint64_t m_entries = 0;
  bool m_stopped = false;
  bool m_aborted = false;
};

std::string read_sample(const fs::path& path) {
  // The whole file when small; else its start and its end (where a ZIP lists its members).
  constexpr std::uint64_t k_whole = std::uint64_t{8} * 1024 * 1024;
  constexpr std::uint64_t k_head = 64 * 1024;
  constexpr std::uint64_t k_tail = 1024 * 1024;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return {};
  }
  const std::uint64_t size = fs::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) {
    return {};
  }
  std::string sample(static_cast<std::size_t>(size <= k_whole ? size : k_head), '\0');
  if (!in.read(sample.data(), static_cast<std::streamsize>(sample.size()))) {
    return {};
  }
  if (size > k_whole && has_zip_signature(sample)) {
    std::string tail(static_cast<std::size_t>(k_tail), '\0');
    in.seekg(static_cast<std::streamoff>(size - k_tail));
    if (in.read(tail.data(), static_cast<std::streamsize>(tail.size()))) {
      sample += tail;
    }
  }
  return sample;
}

}  // namespace

bool is_archive_bytes(std::string_view bytes) {
  const SniffedType type = sniff(bytes);
  return type == SniffedType::zip || type == SniffedType::archive;
}

bool is_archive_file(const std::filesystem::path& path) {
  return is_archive_bytes(read_sample(path));
}

bool walk_archive(const std::filesystem::path& file, const std::string& display_path,
                  const ArchiveLimits& limits, const ArchiveCallbacks& callbacks) {
  return Walker(limits, callbacks).walk_file(file, display_path);
}

bool walk_archive_bytes(std::string_view bytes, const std::string& display_path,
                        const ArchiveLimits& limits, const ArchiveCallbacks& callbacks) {
  return Walker(limits, callbacks).walk_memory(bytes, display_path, 1);
}

}  // namespace vigie::ingest
