#include "vigie/ingest/tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <utility>

#include "vigie/base/file.hpp"

namespace vigie::ingest {
namespace {

using Identity = std::pair<dev_t, ino_t>;

std::string join(const std::string& folder, const std::string& name) {
  if (!folder.empty() && folder.back() == '/') {
    return folder + name;
  }
  return folder + "/" + name;
}

std::string link_target(const std::string& path) {
  std::string target(4096, '\0');
  const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
  if (n < 0) {
    return "?";
  }
  target.resize(static_cast<std::size_t>(n));
  return target;
}

class TreeWalker {
 public:
  TreeWalker(const TreeOptions& options, TreeListing& out) : m_options(options), m_out(out) {}

  void walk_argument(const std::string& given) {
    std::vector<TreeFile> files;
    // Entries still to look at: (path, given explicitly). Popped from the back, so each
    // folder's entries are pushed in reverse name order.
    std::vector<std::pair<std::string, bool>> pending{{given, true}};
    while (!pending.empty()) {
      auto [path, explicit_path] = std::move(pending.back());
      pending.pop_back();
      visit(path, given, explicit_path, files, pending);
    }
    std::sort(files.begin(), files.end(),
              [](const TreeFile& a, const TreeFile& b) { return a.path < b.path; });
    m_out.files.insert(m_out.files.end(), std::make_move_iterator(files.begin()),
                       std::make_move_iterator(files.end()));
  }

 private:
  void skip(const std::string& path, const char* code, std::string message) {
    m_out.skips.push_back({path, code, std::move(message)});
  }

  void visit(const std::string& path, const std::string& root, bool explicit_path,
             std::vector<TreeFile>& files, std::vector<std::pair<std::string, bool>>& pending) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      const int err = errno;
      if (err == ENOENT || err == ENOTDIR) {
        skip(path, "not-found", "fichier ou dossier introuvable");
      } else {
        skip(path, "unreadable", "inaccessible (" + base::cause_fr(err) + ")");
      }
      return;
    }
    bool through_link = false;
    if (S_ISLNK(st.st_mode)) {
      if (!explicit_path && !m_options.follow_links) {
        skip(path, "symlink",
             "lien symbolique vers " + link_target(path) +
                 " : non suivi (option --follow pour suivre les liens)");
        return;
      }
      if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ELOOP) {
          skip(path, "link-loop",
               "boucle de liens symboliques (" + link_target(path) + ") : ignoré");
        } else {
          skip(path, "broken-link",
               "lien symbolique cassé : sa cible " + link_target(path) + " est introuvable");
        }
        return;
      }
      through_link = true;
    }
    const Identity identity{st.st_dev, st.st_ino};
    if (S_ISDIR(st.st_mode)) {
      if (!m_folders.insert(identity).second) {
        skip(path, "link-loop",
             "dossier déjà parcouru par un autre chemin (boucle de liens symboliques) : non "
             "relu");
        return;
      }
      list_folder(path, pending);
      return;
    }
    if (S_ISREG(st.st_mode)) {
      if ((m_options.follow_links || through_link) && !m_files.insert(identity).second) {
        skip(path, "already-listed",
             "même fichier que celui d'un autre chemin déjà listé (lien) : lu une seule fois");
        return;
      }
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
      if (fd < 0) {
        skip(path, "unreadable", "fichier illisible (" + base::cause_fr(errno) + ")");
        return;
      }
      ::close(fd);
      files.push_back({path, root, static_cast<std::uint64_t>(st.st_size),
                       static_cast<std::int64_t>(st.st_mtime)});
      return;
    }
    if (S_ISFIFO(st.st_mode)) {
      skip(path, "fifo", "tube nommé (FIFO), pas un document : ignoré");
    } else if (S_ISSOCK(st.st_mode)) {
      skip(path, "socket", "socket, pas un document : ignoré");
    } else {
      skip(path, "device", "fichier de périphérique, pas un document : ignoré");
    }
  }

  void list_folder(const std::string& folder, std::vector<std::pair<std::string, bool>>& pending) {
    DIR* dir = ::opendir(folder.c_str());
    if (dir == nullptr) {
      skip(folder, "unreadable-folder", "dossier illisible (" + base::cause_fr(errno) + ")");
      return;
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") {
        names.push_back(name);
      }
      errno = 0;
    }
    const int err = errno;
    ::closedir(dir);
    if (err != 0) {
      skip(folder, "unreadable-folder",
           "dossier lu en partie seulement (" + base::cause_fr(err) + ")");
    }
    std::sort(names.rbegin(), names.rend());
    for (const auto& name : names) {
      pending.emplace_back(join(folder, name), false);
    }
  }

  const TreeOptions& m_options;
  TreeListing& m_out;
  std::set<Identity> m_folders;
  std::set<Identity> m_files;
};

}  // namespace

TreeListing list_tree(const std::vector<std::string>& paths, const TreeOptions& options) {
  TreeListing listing;
  try {
    TreeWalker walker(options, listing);
    for (const auto& given : paths) {
      walker.walk_argument(given);
    }
  } catch (const std::exception& e) {
    listing.skips.push_back({paths.empty() ? std::string() : paths.front(), "unreadable",
                             std::string("parcours interrompu (") + e.what() + ")"});
  }
  return listing;
}

}  // namespace vigie::ingest
