#pragma once

// Builds ZIP archives in memory with libarchive, for tests that need hostile or unusual
// archives (stored, duplicates, bombs, links, office documents with damaged parts).

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace vigie::testing_support {

struct Entry {
  std::string name;
  std::string data;
  std::size_t zeros = 0;     // when set: this many zero bytes instead of `data`
  std::string symlink = {};  // when set: a symbolic link to this target
};

inline la_ssize_t append_to_string(archive* /*a*/, void* client, const void* buf, size_t n) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

// A ZIP built in memory with libarchive; `options` e.g. "zip:compression=store".
inline std::string make_zip(const std::vector<Entry>& entries, const char* options = nullptr) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  if (options != nullptr) {
    EXPECT_EQ(archive_write_set_options(a, options), ARCHIVE_OK) << archive_error_string(a);
  }
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &out, nullptr, append_to_string, nullptr);
  const std::string chunk(1 << 20, '\0');
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_copy_pathname(entry, e.name.c_str());
    archive_entry_set_mtime(entry, 1700000000, 0);
    if (!e.symlink.empty()) {
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_perm(entry, 0777);
      archive_entry_copy_symlink(entry, e.symlink.c_str());
      archive_entry_set_size(entry, 0);
    } else {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_perm(entry, 0644);
      archive_entry_set_size(entry, static_cast<la_int64_t>(e.zeros > 0 ? e.zeros : e.data.size()));
    }
    EXPECT_EQ(archive_write_header(a, entry), ARCHIVE_OK) << archive_error_string(a);
    if (e.zeros > 0) {
      for (std::size_t left = e.zeros; left > 0;) {
        const std::size_t n = std::min(left, chunk.size());
        archive_write_data(a, chunk.data(), n);
        left -= n;
      }
    } else if (e.symlink.empty()) {
      archive_write_data(a, e.data.data(), e.data.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

}  // namespace vigie::testing_support
