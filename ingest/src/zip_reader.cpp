#include "zip_reader.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace vigie::ingest::detail {

std::optional<std::string> read_zip_parts(std::string_view bytes,
                                          const std::function<bool(std::string_view)>& wanted,
                                          std::uint64_t max_part_size, ZipParts& out) {
  std::unique_ptr<archive, decltype(&archive_read_free)> ar(archive_read_new(), archive_read_free);
  if (!ar) {
    return std::string("mémoire insuffisante pour ouvrir l'archive");
  }
  archive_read_support_format_zip_seekable(ar.get());
  if (archive_read_open_memory(ar.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    const char* why = archive_error_string(ar.get());
    return std::string("archive ZIP invalide ou tronquée") +
           (why ? std::string(" (") + why + ")" : "");
  }
  archive_entry* entry = nullptr;
  for (;;) {
    const int rc = archive_read_next_header(ar.get(), &entry);
    if (rc == ARCHIVE_EOF) {
      break;
    }
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      const char* why = archive_error_string(ar.get());
      return std::string("archive ZIP endommagée") + (why ? std::string(" (") + why + ")" : "");
    }
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = raw_name ? raw_name : "";
    out.names.push_back(name);
    if (!wanted(name) || archive_entry_filetype(entry) != AE_IFREG) {
      continue;
    }
    if (archive_entry_is_encrypted(entry)) {
      out.failed[name] = "membre chiffré dans l'archive : " + name;
      continue;
    }
    std::string data;
    if (archive_entry_size_is_set(entry)) {
      const auto declared = static_cast<std::uint64_t>(archive_entry_size(entry));
      if (declared > max_part_size) {
        out.failed[name] = "membre " + name + " trop volumineux une fois décompressé (" +
                           std::to_string(declared / (1024 * 1024)) + " Mo)";
        continue;
      }
      data.reserve(static_cast<std::size_t>(declared));
    }
    char buf[65536];
    std::optional<std::string> failure;
    for (;;) {
      const la_ssize_t n = archive_read_data(ar.get(), buf, sizeof buf);
      if (n == 0) {
        break;
      }
      if (n < 0) {
        const char* why = archive_error_string(ar.get());
        failure = "membre " + name + " illisible" + (why ? std::string(" (") + why + ")" : "");
        break;
      }
      data.append(buf, static_cast<std::size_t>(n));
      if (data.size() > max_part_size) {
        failure = "membre " + name + " trop volumineux une fois décompressé (bombe ZIP ?)";
        break;
      }
    }
    if (failure) {
      out.failed[name] = *std::move(failure);
      continue;
    }
    out.parts[name] = std::move(data);
  }
  return std::nullopt;
}

}  // namespace vigie::ingest::detail
