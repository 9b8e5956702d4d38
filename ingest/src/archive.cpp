#include "vigie/ingest/archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <memory>
#include <system_error>

#include "vigie/ingest/extract.hpp"
#include "vigie/ingest/utf8.hpp"

namespace vigie::ingest {
namespace {

namespace fs = std::filesystem;

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

class Walker {
 public:
  Walker(const ArchiveLimits& limits, const ArchiveCallbacks& callbacks)
      : m_limits(limits), m_callbacks(callbacks) {}

  // Walks an opened archive whose own size is `archive_size`. Returns false when it could
  // not be read to its end.
  bool walk(archive* ar, const std::string& display, std::uint64_t archive_size, int depth) {
    const std::uint64_t budget = std::max(m_limits.bomb_floor, m_limits.bomb_ratio * archive_size);
    std::uint64_t expanded = 0;
    bool legacy_names = false;
    archive_entry* entry = nullptr;
    for (;;) {
      if (m_stopped) {
        return true;
      }
      const int rc = archive_read_next_header(ar, &entry);
      if (rc == ARCHIVE_EOF) {
        break;
      }
      if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
        problem(display, "damaged-archive",
                "archive endommagée ou tronquée : lecture arrêtée" + libarchive_reason(ar));
        return false;
      }
      const char* raw = archive_entry_pathname(entry);
      std::string name = raw ? raw : "";
      if (!utf8::is_valid_utf8(name)) {
        name = from_cp850(name);
        legacy_names = true;
      }
      const std::string path = display + "!/" + name;
      const auto type = archive_entry_filetype(entry);
      if (type == AE_IFDIR || (!name.empty() && (name.back() == '/' || name.back() == '\\'))) {
        continue;
      }
      if (unsafe_name(name)) {
        problem(path, "unsafe-name",
                "nom d'entrée dangereux (chemin absolu ou « .. ») : entrée ignorée, rien n'est "
                "écrit sur le disque");
        continue;
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
      const ReadOutcome outcome = read_member(ar, member.bytes, expanded, budget);
      if (outcome == ReadOutcome::bomb) {
        problem(display, "zip-bomb",
                "bombe de décompression : plus de " + mib(expanded) +
                    " extraits d'une archive de " + kib(archive_size) + " (plus de " +
                    std::to_string(m_limits.bomb_ratio) +
                    " fois sa taille) ; lecture de l'archive arrêtée à " + name);
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
      if (sniff(member.bytes) == SniffedType::zip) {
        if (depth + 1 > m_limits.max_depth) {
          problem(path, "too-deep",
                  "archive imbriquée au-delà de " + std::to_string(m_limits.max_depth) +
                      " niveaux : non ouverte");
          continue;
        }
        walk_memory(member.bytes, path, depth + 1);
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

  bool walk_memory(std::string_view bytes, const std::string& display, int depth) {
    ArchivePtr ar(archive_read_new(), archive_read_free);
    archive_read_support_format_zip(ar.get());
    if (archive_read_open_memory(ar.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
      problem(display, "damaged-archive", "archive ZIP illisible" + libarchive_reason(ar.get()));
      return false;
    }
    return walk(ar.get(), display, bytes.size(), depth);
  }

  bool walk_file(const fs::path& file, const std::string& display) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) {
      problem(display, "unreadable", "fichier illisible (" + ec.message() + ")");
      return false;
    }
    ArchivePtr ar(archive_read_new(), archive_read_free);
    archive_read_support_format_zip(ar.get());
    if (archive_read_open_filename(ar.get(), file.c_str(), 1 << 16) != ARCHIVE_OK) {
      problem(display, "damaged-archive", "archive ZIP illisible" + libarchive_reason(ar.get()));
      return false;
    }
    return walk(ar.get(), display, size, 1);
  }

 private:
  enum class ReadOutcome { ok, damaged, too_large, bomb };

  ReadOutcome read_member(archive* ar, std::string& out, std::uint64_t& expanded,
                          std::uint64_t budget) const {
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
      expanded += got;
      if (expanded > budget) {
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
  bool m_stopped = false;
};

}  // namespace

bool walk_archive(const std::filesystem::path& file, const std::string& display_path,
                  const ArchiveLimits& limits, const ArchiveCallbacks& callbacks) {
  return Walker(limits, callbacks).walk_file(file, display_path);
}

bool walk_archive_bytes(std::string_view bytes, const std::string& display_path,
                        const ArchiveLimits& limits, const ArchiveCallbacks& callbacks) {
  return Walker(limits, callbacks).walk_memory(bytes, display_path, 1);
}

}  // namespace vigie::ingest
