#include "vigie/base/file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace vigie::base {

std::string cause_fr(int error) {
  switch (error) {
    case ENOSPC:
      return "espace disque insuffisant";
    case EDQUOT:
      return "quota de disque dépassé";
    case ENOENT:
      return "dossier ou fichier introuvable";
    case ENOTDIR:
      return "un élément du chemin n'est pas un dossier";
    case EISDIR:
      return "c'est un dossier";
    case EACCES:
    case EPERM:
      return "permission refusée";
    case EROFS:
      return "système de fichiers en lecture seule";
    case EFBIG:
      return "fichier trop volumineux";
    case EIO:
      return "erreur d'entrée-sortie";
    case ENAMETOOLONG:
      return "nom de fichier trop long";
    case EMFILE:
    case ENFILE:
      return "trop de fichiers ouverts";
    case EPIPE:
      return "tube fermé par le lecteur";
    case EEXIST:
      return "le fichier existe déjà";
    case EBUSY:
      return "ressource occupée";
    case EXDEV:
      return "déplacement impossible entre deux systèmes de fichiers";
    case ELOOP:
      return "trop de niveaux de liens symboliques";
    default:
      return std::strerror(error);
  }
}

std::string_view to_string(FileErrorCode code) {
  switch (code) {
    case FileErrorCode::read:
      return "read";
    case FileErrorCode::write:
      return "write";
    case FileErrorCode::replace:
      return "replace";
  }
  return "read";
}

std::string FileError::message(std::string_view what) const {
  std::string cause = cause_fr(system_error);
  if (code == FileErrorCode::write && system_error == ENOENT) {
    const auto folder = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!folder.empty() && !std::filesystem::exists(folder, ec)) {
      cause = "le dossier " + folder.string() + " n'existe pas";
    }
  }
  switch (code) {
    case FileErrorCode::read:
      return path + " : impossible de lire " + std::string(what) + " (" + cause + ")";
    case FileErrorCode::write:
      return path + " : impossible d'écrire " + std::string(what) + " (" + cause + ")";
    case FileErrorCode::replace:
      return path + " : impossible de mettre " + std::string(what) + " en place (" + cause + ")";
  }
  return path + " : " + cause;
}

Result<std::string, FileError> read_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return FileError{FileErrorCode::read, path, errno};
  }
  std::string content;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    content.append(buffer, n);
  }
  const int error = std::ferror(file) != 0 ? (errno != 0 ? errno : EIO) : 0;
  std::fclose(file);
  if (error != 0) {
    return FileError{FileErrorCode::read, path, error};
  }
  return content;
}

AtomicFile::AtomicFile(std::string path) : m_path(std::move(path)) {
  m_error.path = m_path;
  struct stat st {};
  const bool exists = ::stat(m_path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    fail(FileErrorCode::write, EISDIR);
    return;
  }
  struct stat link {};
  const bool symlink = ::lstat(m_path.c_str(), &link) == 0 && S_ISLNK(link.st_mode);
  if (exists && (!S_ISREG(st.st_mode) || symlink)) {
    // A device, a FIFO or a symbolic link (/dev/stdout): written in place, through the link.
    m_file = std::fopen(m_path.c_str(), "wb");
    if (m_file == nullptr) {
      fail(FileErrorCode::write, errno);
    }
    return;
  }
  if (exists && ::access(m_path.c_str(), W_OK) != 0) {
    fail(FileErrorCode::write, errno);
    return;
  }
  m_temp = m_path + ".tmp." + std::to_string(::getpid());
  m_file = std::fopen(m_temp.c_str(), "wb");
  if (m_file == nullptr) {
    fail(FileErrorCode::write, errno);
    return;
  }
  if (exists && ::fchmod(::fileno(m_file), st.st_mode & 07777) != 0) {
    fail(FileErrorCode::write, errno);
  }
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::fail(FileErrorCode code, int error) {
  if (ok()) {
    m_error.code = code;
    m_error.system_error = error != 0 ? error : EIO;
  }
}

void AtomicFile::discard() {
  if (m_file != nullptr) {
    std::fclose(m_file);
    m_file = nullptr;
  }
  if (!m_temp.empty()) {
    std::remove(m_temp.c_str());
    m_temp.clear();
  }
}

void AtomicFile::write(std::string_view bytes) {
  if (m_file != nullptr && ok() &&
      std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size()) {
    fail(FileErrorCode::write, errno);
  }
}

Status<FileError> AtomicFile::commit() {
  if (m_file != nullptr && ok()) {
    // A file in place (a device, a FIFO) is flushed but not synced: fsync means nothing there.
    if (std::fflush(m_file) != 0 || (!m_temp.empty() && ::fsync(::fileno(m_file)) != 0)) {
      fail(FileErrorCode::write, errno);
    }
    const int closed = std::fclose(m_file);
    m_file = nullptr;
    if (closed != 0) {
      fail(FileErrorCode::write, errno);
    }
  }
  if (ok() && !m_temp.empty()) {
    if (std::rename(m_temp.c_str(), m_path.c_str()) != 0) {
      fail(FileErrorCode::replace, errno);
    } else {
      m_temp.clear();
    }
  }
  discard();
  if (!ok()) {
    return m_error;
  }
  return Done{};
}

}  // namespace vigie::base
