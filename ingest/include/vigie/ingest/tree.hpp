#pragma once

// Listing the files under the paths a user gives (folders walked recursively, in name order),
// so that every entry of the tree is either a file to read or a skip with its reason: nothing
// is dropped in silence. Symbolic links inside folders are not followed unless asked (a link
// may point outside the tree, to a device, or back to a folder above it); paths given
// explicitly are always followed.

#include <cstdint>
#include <string>
#include <vector>

namespace vigie::ingest {

struct TreeOptions {
  // Follow symbolic links found inside folders. Folders are then recognised by device and
  // inode, so a link loop is reported once instead of walked forever, and a file reached
  // through two links is listed once.
  bool follow_links = false;
};

// A regular file to read.
struct TreeFile {
  std::string path;  // as found: the argument, or the argument joined with the names below it
  std::string root;  // the argument it was found under
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
};

// An entry that is not read, and why.
struct TreeSkip {
  std::string path;
  // Stable English identifier: "not-found", "symlink", "broken-link", "link-loop",
  // "already-listed", "fifo", "socket", "device", "unreadable", "unreadable-folder".
  std::string code;
  std::string message;  // French
};

struct TreeListing {
  std::vector<TreeFile> files;  // argument order, then name order within each folder
  std::vector<TreeSkip> skips;  // in the order met
};

// Lists every entry under `paths`. Never throws.
[[nodiscard]] TreeListing list_tree(const std::vector<std::string>& paths,
                                    const TreeOptions& options = {});

}  // namespace vigie::ingest
