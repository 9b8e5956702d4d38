#include "archive_detect.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vigie::ingest::detail {
namespace {

std::uint32_t u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8;
}

std::uint32_t u32(std::string_view b, std::size_t at) { return u16(b, at) | u16(b, at + 2) << 16; }

std::uint64_t u64(std::string_view b, std::size_t at) {
  return static_cast<std::uint64_t>(u32(b, at)) | static_cast<std::uint64_t>(u32(b, at + 4)) << 32;
}

bool at_signature(std::string_view b, std::size_t at, std::string_view signature) {
  return at <= b.size() && b.substr(at, signature.size()) == signature;
}

struct ZipListing {
  std::vector<std::string_view> names;
  std::string_view mimetype;  // content of a stored "mimetype" first member
  bool complete = false;      // every member name is known
};

// Member names from the central directory, found through the end-of-central-directory
// record (zip64 too). The directory is located from its size, just before that record, so
// junk before the archive (a self-extractor) or a sample made of the file's start and end
// still works.
bool read_central_directory(std::string_view b, ZipListing& out) {
  constexpr std::size_t k_eocd = 22;
  if (b.size() < k_eocd) {
    return false;
  }
  const std::size_t lowest = b.size() > k_eocd + 65535 ? b.size() - k_eocd - 65535 : 0;
  for (std::size_t pos = b.size() - k_eocd;; --pos) {
    if (at_signature(b, pos, "PK\x05\x06")) {
      std::uint64_t cd_size = u32(b, pos + 12);
      std::size_t end = pos;
      if ((cd_size == 0xFFFFFFFF || u16(b, pos + 10) == 0xFFFF) && pos >= 76 &&
          at_signature(b, pos - 20, "PK\x06\x07") && at_signature(b, pos - 76, "PK\x06\x06")) {
        cd_size = u64(b, pos - 76 + 40);
        end = pos - 76;
      }
      if (cd_size <= end) {
        std::vector<std::string_view> names;
        std::size_t at = end - static_cast<std::size_t>(cd_size);
        bool ok = true;
        while (at < end) {
          if (at + 46 > end || !at_signature(b, at, "PK\x01\x02")) {
            ok = false;
            break;
          }
          const std::size_t n = u16(b, at + 28);
          const std::size_t extra = u16(b, at + 30);
          const std::size_t comment = u16(b, at + 32);
          if (at + 46 + n > end) {
            ok = false;
            break;
          }
          names.push_back(b.substr(at + 46, n));
          at += 46 + n + extra + comment;
        }
        if (ok) {
          out.names = std::move(names);
          out.complete = true;
          return true;
        }
      }
    }
    if (pos == lowest) {
      return false;
    }
  }
}

// Member names from the local headers, as far as their sizes allow (the bytes may stop
// before the central directory, or a member may be followed by a data descriptor).
void read_local_headers(std::string_view b, ZipListing& out) {
  std::size_t at = 0;
  while (at + 30 <= b.size() && at_signature(b, at, "PK\x03\x04")) {
    const std::uint32_t flags = u16(b, at + 6);
    const std::uint64_t size = u32(b, at + 18);
    const std::size_t n = u16(b, at + 26);
    const std::size_t extra = u16(b, at + 28);
    if (at + 30 + n > b.size()) {
      return;
    }
    out.names.push_back(b.substr(at + 30, n));
    if (((flags & 8) != 0 && size == 0) || size == 0xFFFFFFFF) {
      return;  // size unknown here
    }
    at += 30 + n + extra + static_cast<std::size_t>(size);
  }
  out.complete = at_signature(b, at, "PK\x01\x02") || at_signature(b, at, "PK\x05\x06");
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool tar_header(std::string_view b) {
  if (b.size() < 512 || b[0] == '\0') {
    return false;
  }
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < 512; ++i) {
    sum += (i >= 148 && i < 156) ? std::uint64_t{' '} : static_cast<unsigned char>(b[i]);
  }
  std::uint64_t stored = 0;
  std::size_t i = 148;
  while (i < 156 && b[i] == ' ') {
    ++i;
  }
  const std::size_t first = i;
  while (i < 156 && b[i] >= '0' && b[i] <= '7') {
    stored = stored * 8 + static_cast<std::uint64_t>(b[i] - '0');
    ++i;
  }
  return i > first && stored == sum;
}

// A compressed stream whose content starts with a tar header (libarchive decompresses it).
bool compressed_tar(std::string_view b) {
  const bool compressed = b.starts_with("\x1F\x8B") || b.starts_with("BZh") ||
                          b.starts_with(std::string_view("\xFD"
                                                         "7zXZ\0",
                                                         6)) ||
                          b.starts_with("\x28\xB5\x2F\xFD");
  if (!compressed) {
    return false;
  }
  std::unique_ptr<archive, decltype(&archive_read_free)> ar(archive_read_new(), archive_read_free);
  if (!ar) {
    return false;
  }
  archive_read_support_filter_gzip(ar.get());
  archive_read_support_filter_bzip2(ar.get());
  archive_read_support_filter_xz(ar.get());
  archive_read_support_filter_zstd(ar.get());
  archive_read_support_format_tar(ar.get());
  const std::string_view head = b.substr(0, 1 << 20);
  if (archive_read_open_memory(ar.get(), head.data(), head.size()) != ARCHIVE_OK) {
    return false;
  }
  archive_entry* entry = nullptr;
  const int rc = archive_read_next_header(ar.get(), &entry);
  return rc == ARCHIVE_OK || rc == ARCHIVE_WARN;
}

}  // namespace

bool has_zip_signature(std::string_view bytes) {
  return bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06");
}

ZipKind classify_zip(std::string_view b) {
  ZipListing listing;
  if (!read_central_directory(b, listing)) {
    read_local_headers(b, listing);
  }
  if (b.starts_with("PK\x03\x04") && b.size() >= 30 && u16(b, 8) == 0) {
    const std::size_t n = u16(b, 26);
    const std::size_t extra = u16(b, 28);
    if (b.substr(30, n) == "mimetype" && 30 + n + extra <= b.size()) {
      listing.mimetype = b.substr(30 + n + extra, std::min<std::size_t>(u32(b, 18), 100));
    }
  }
  const auto has = [&](std::string_view name) {
    return std::find(listing.names.begin(), listing.names.end(), name) != listing.names.end();
  };
  if (has("word/document.xml")) {
    return ZipKind::docx;
  }
  if (listing.mimetype.starts_with("application/vnd.oasis.opendocument.text")) {
    return ZipKind::odt;
  }
  if (has("xl/workbook.xml")) {
    return ZipKind::xlsx;
  }
  if (listing.mimetype.starts_with("application/vnd.oasis.opendocument.") ||
      has("ppt/presentation.xml")) {
    return ZipKind::other_office;
  }
  if (has("content.xml") && has("META-INF/manifest.xml")) {
    return ZipKind::odt;  // an ODT whose mimetype member is not first
  }
  if (listing.complete) {
    return ZipKind::plain;
  }
  // Only the start of an archive, its names not all known: fall back on its bytes.
  if (contains(b, "word/document.xml")) {
    return ZipKind::docx;
  }
  if (contains(b, "xl/workbook.xml")) {
    return ZipKind::xlsx;
  }
  if (contains(b, "ppt/presentation.xml")) {
    return ZipKind::other_office;
  }
  return ZipKind::plain;
}

bool is_non_zip_archive(std::string_view b) {
  return b.starts_with("7z\xBC\xAF\x27\x1C") ||
         b.starts_with(std::string_view("Rar!\x1A\x07\x00", 7)) ||
         b.starts_with(std::string_view("Rar!\x1A\x07\x01\x00", 8)) || tar_header(b) ||
         compressed_tar(b);
}

}  // namespace vigie::ingest::detail
