#include "vigie/ingest/extract.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include "archive_detect.hpp"
#include "metadata_title.hpp"
#include "readers.hpp"
#include "utf8.hpp"
#include "vigie/base/file.hpp"
#include "vigie/ingest/archive.hpp"

namespace vigie::ingest {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string lower_extension(std::string_view path) {
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return {};
  }
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// What a file that is not what its name says actually looks like, in French.
std::string describe(SniffedType type, std::string_view bytes) {
  switch (type) {
    case SniffedType::pdf:
      return "un PDF";
    case SniffedType::docx:
      return "un document DOCX";
    case SniffedType::odt:
      return "un document ODT";
    case SniffedType::xlsx:
      return "un classeur Excel (XLSX)";
    case SniffedType::zip:
      return "une archive ZIP";
    case SniffedType::archive:
      return "une archive (7z, RAR ou tar)";
    case SniffedType::other_office:
      if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
        return "un document Office 97-2003 (.doc ou .xls)";
      }
      if (bytes.starts_with("{\\rtf")) {
        return "un document RTF";
      }
      return "un document bureautique d'un autre type";
    case SniffedType::text: {
      std::string head(bytes.substr(0, 512));
      std::transform(head.begin(), head.end(), head.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (contains(head, "<html") || contains(head, "<!doctype html")) {
        return "une page HTML (souvent une page d'erreur enregistrée à la place du fichier)";
      }
      return "du texte";
    }
    case SniffedType::empty:
      return "un fichier vide";
    case SniffedType::binary:
      if (bytes.starts_with("\x89PNG")) {
        return "une image PNG";
      }
      if (bytes.starts_with("\xFF\xD8\xFF")) {
        return "une image JPEG";
      }
      if (bytes.starts_with("II*\0") || bytes.starts_with("MM\0*")) {
        return "une image TIFF";
      }
      return "des données binaires d'un format inconnu";
  }
  return "un format inconnu";
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(k_hex[digest[i] >> 4]);
    out.push_back(k_hex[digest[i] & 0xF]);
  }
  return out;
}

std::string_view to_string(SniffedType type) {
  switch (type) {
    case SniffedType::pdf:
      return "pdf";
    case SniffedType::docx:
      return "docx";
    case SniffedType::odt:
      return "odt";
    case SniffedType::text:
      return "text";
    case SniffedType::xlsx:
      return "xlsx";
    case SniffedType::zip:
      return "zip";
    case SniffedType::archive:
      return "archive";
    case SniffedType::other_office:
      return "other-office";
    case SniffedType::binary:
      return "binary";
    case SniffedType::empty:
      return "empty";
  }
  return "binary";
}

SniffedType sniff(std::string_view bytes) {
  if (bytes.empty()) {
    return SniffedType::empty;
  }
  if (bytes.starts_with("%PDF-")) {
    return SniffedType::pdf;
  }
  // Archives by their structure first: a stored ZIP holds its members' bytes as they are, so
  // a PDF's header or a DOCX's part names inside must not decide what the archive is.
  if (detail::has_zip_signature(bytes)) {
    switch (detail::classify_zip(bytes)) {
      case detail::ZipKind::docx:
        return SniffedType::docx;
      case detail::ZipKind::odt:
        return SniffedType::odt;
      case detail::ZipKind::xlsx:
        return SniffedType::xlsx;
      case detail::ZipKind::other_office:
        return SniffedType::other_office;
      case detail::ZipKind::plain:
        return SniffedType::zip;
    }
  }
  if (detail::is_non_zip_archive(bytes)) {
    return SniffedType::archive;
  }
  // Readers accept "%PDF-" within the first kilobyte after junk bytes (a BOM, a mail
  // header): so does vigie when the prefix is blank or binary, or when the file also ends
  // like a PDF; text that merely mentions "%PDF-" stays text.
  if (const auto at = bytes.substr(0, 1024).find("%PDF-"); at != std::string_view::npos) {
    const std::string_view prefix = bytes.substr(0, at);
    const bool blank = prefix.find_first_not_of(" \t\r\n") == std::string_view::npos;
    const bool binary =
        prefix.find('\0') != std::string_view::npos || prefix.starts_with("\xEF\xBB\xBF");
    const std::string_view tail = bytes.substr(bytes.size() > 2048 ? bytes.size() - 2048 : 0);
    const bool pdf_end = contains(tail, "%%EOF") || contains(tail, "startxref");
    if (blank || binary || pdf_end) {
      return SniffedType::pdf;
    }
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") || bytes.starts_with("{\\rtf")) {
    return SniffedType::other_office;
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return SniffedType::text;
  }
  // Text: no NUL byte (or the regular NULs of UTF-16) and few control characters.
  const std::string_view head = bytes.substr(0, 8192);
  std::size_t nul = 0;
  std::size_t control = 0;
  for (const char ch : head) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) {
      ++nul;
    } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1A) {
      ++control;
    }
  }
  if (nul > 0) {
    return nul * 3 > head.size() && nul * 2 < head.size() + 2 ? SniffedType::text
                                                              : SniffedType::binary;
  }
  return control * 100 < head.size() ? SniffedType::text : SniffedType::binary;
}

namespace {

std::string mebibytes(std::uint64_t bytes) {
  return std::to_string((bytes + 512 * 1024) / (1024 * 1024)) + " Mo";
}

Error text_too_long(const std::string& path, std::uint64_t limit) {
  return Error{ErrorCode::too_large, path,
               "document trop long : plus de " + mebibytes(limit) +
                   " de texte (limite de vigie pour un document)"};
}

Result<Document> read_bytes(std::string_view bytes, std::string display_path, std::int64_t mtime,
                            const ExtractOptions& options) {
  Document document;
  document.source.path = std::move(display_path);
  document.source.size = bytes.size();
  document.source.mtime = mtime;
  if (bytes.size() > options.max_file_size) {
    return Error{ErrorCode::too_large, document.source.path,
                 "fichier trop volumineux (" + std::to_string(bytes.size() / (1024 * 1024)) +
                     " Mo, limite " + std::to_string(options.max_file_size / (1024 * 1024)) +
                     " Mo)"};
  }
  document.source.sha256 = sha256_hex(bytes);
  document.id = document.source.sha256.substr(0, 16);

  const std::string ext = lower_extension(document.source.path);
  const SniffedType type = sniff(bytes);
  const auto mismatch_note = [&](std::string_view what) {
    document.diagnostics.push_back({Severity::warning, "extension-mismatch",
                                    "le fichier porte l'extension ." + ext + " mais contient " +
                                        std::string(what) + " : lu comme tel",
                                    0});
  };

  if (type == SniffedType::empty) {
    return Error{ErrorCode::unsupported_format, document.source.path, "fichier vide (0 octet)"};
  }
  if (ext == "pdf" && type != SniffedType::pdf &&
      (type == SniffedType::text || type == SniffedType::binary || type == SniffedType::zip ||
       type == SniffedType::xlsx || type == SniffedType::other_office)) {
    return Error{ErrorCode::not_a_pdf, document.source.path,
                 "n'est pas un PDF : le contenu est " + describe(type, bytes)};
  }
  if ((ext == "docx" || ext == "odt") && type != SniffedType::docx && type != SniffedType::odt) {
    if (type == SniffedType::pdf) {
      mismatch_note("un PDF");
    } else if (type == SniffedType::zip) {
      return Error{ErrorCode::missing_part, document.source.path,
                   std::string(ext == "docx" ? "DOCX" : "ODT") +
                       " invalide : archive ZIP sans la partie principale du document"};
    } else {
      return Error{ErrorCode::invalid_zip, document.source.path,
                   std::string(ext == "docx" ? "DOCX" : "ODT") +
                       " invalide : n'est pas une archive ZIP valide (le contenu est " +
                       describe(type, bytes) + ")"};
    }
  }

  std::optional<Error> error;
  switch (type) {
    case SniffedType::pdf:
      document.format = Format::pdf;
      error = detail::read_pdf(bytes, options, document);
      break;
    case SniffedType::docx:
      if (!ext.empty() && ext != "docx" && ext != "docm" && ext != "dotx") {
        mismatch_note("un document DOCX");
      }
      document.format = Format::docx;
      error = detail::read_docx(bytes, options, document);
      break;
    case SniffedType::odt:
      if (!ext.empty() && ext != "odt" && ext != "ott") {
        mismatch_note("un document ODT");
      }
      document.format = Format::odt;
      error = detail::read_odt(bytes, options, document);
      break;
    case SniffedType::text:
      if (bytes.size() > options.max_text_size) {
        return text_too_long(document.source.path, options.max_text_size);
      }
      document.format = Format::text;
      error = detail::read_text(bytes, options, document);
      break;
    case SniffedType::xlsx:
      return Error{ErrorCode::unsupported_format, document.source.path,
                   "classeur Excel (XLSX) : format non pris en charge par vigie"};
    case SniffedType::zip:
      return Error{ErrorCode::unsupported_format, document.source.path,
                   "archive ZIP : vigie lit des documents, pas des archives ; désignez-en un "
                   "membre (ARCHIVE!/CHEMIN) ou utilisez vigie audit"};
    case SniffedType::archive:
      return Error{ErrorCode::unsupported_format, document.source.path,
                   "archive (7z, RAR ou tar) : vigie lit des documents, pas des archives ; "
                   "désignez-en un membre (ARCHIVE!/CHEMIN)"};
    case SniffedType::other_office:
      return Error{ErrorCode::unsupported_format, document.source.path,
                   "format non pris en charge : " + describe(type, bytes) +
                       " (enregistrez-le en PDF, DOCX ou ODT)"};
    case SniffedType::binary:
    case SniffedType::empty:
      return Error{ErrorCode::unsupported_format, document.source.path,
                   "format non reconnu : le contenu est " + describe(type, bytes)};
  }
  if (error) {
    return *std::move(error);
  }
  if (!detail::looks_like_title(document.metadata.title)) {
    document.metadata.title.clear();  // producer junk ("Microsoft Word - CCTP.docx")
  }
  if (document.text.size() > options.max_text_size) {
    return text_too_long(document.source.path, options.max_text_size);
  }
  return document;
}

// "a.zip!/lots/b.zip!/CCTP.pdf": the member of the longest existing file before a "!/",
// found by walking that archive as vigie audit does (so "NAME#2" names a duplicate).
std::optional<Result<Document>> extract_member(const std::string& display,
                                               const ExtractOptions& options) {
  std::string archive_path;
  for (auto at = display.rfind("!/"); at != std::string::npos && at > 0;
       at = display.rfind("!/", at - 1)) {
    struct stat st {};
    const std::string prefix = display.substr(0, at);
    if (::stat(prefix.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      archive_path = prefix;
      break;
    }
  }
  if (archive_path.empty()) {
    return std::nullopt;
  }
  ArchiveLimits limits;
  limits.max_member_size = options.max_file_size;
  std::optional<ArchiveMember> found;
  std::optional<ArchiveProblem> why;
  ArchiveCallbacks callbacks;
  callbacks.member = [&](ArchiveMember&& m) {
    if (m.path != display) {
      return true;
    }
    found = std::move(m);
    return false;
  };
  callbacks.problem = [&](ArchiveProblem&& p) {
    if (p.skipped &&
        (p.path == display || display.starts_with(p.path + "!/") || p.path == archive_path)) {
      why = std::move(p);
    }
  };
  walk_archive(archive_path, archive_path, limits, callbacks);
  if (found) {
    return extract_bytes(found->bytes, display, found->mtime, options);
  }
  if (why) {
    return Error{ErrorCode::unreadable, display, "entrée non lue : " + why->message};
  }
  return Error{ErrorCode::not_found, display, "entrée introuvable dans l'archive " + archive_path};
}

}  // namespace

Result<Document> extract_bytes(std::string_view bytes, std::string display_path, std::int64_t mtime,
                               const ExtractOptions& options) {
  // Readers throw nothing on purpose, but memory can run out on any document: the batch
  // hears about this one and goes on.
  std::string path = display_path;
  try {
    return read_bytes(bytes, std::move(display_path), mtime, options);
  } catch (const std::bad_alloc&) {
    return Error{ErrorCode::out_of_memory, path, "mémoire insuffisante pour lire ce document"};
  } catch (const std::exception& e) {
    return Error{ErrorCode::damaged, path,
                 std::string("erreur inattendue en lisant ce document (") + e.what() + ")"};
  }
}

Result<Document> extract_file(const std::filesystem::path& path, const ExtractOptions& options) {
  const std::string display = path.string();
  struct stat st {};
  if (::stat(display.c_str(), &st) != 0) {
    const int err = errno;
    if ((err == ENOENT || err == ENOTDIR) && display.find("!/") != std::string::npos) {
      try {
        if (auto member = extract_member(display, options)) {
          return *std::move(member);
        }
      } catch (const std::bad_alloc&) {
        return Error{ErrorCode::out_of_memory, display,
                     "mémoire insuffisante pour lire ce document"};
      }
    }
    if (err == ENOENT || err == ENOTDIR) {
      return Error{ErrorCode::not_found, display, "fichier introuvable"};
    }
    return Error{ErrorCode::unreadable, display,
                 "fichier inaccessible (" + base::cause_fr(err) + ")"};
  }
  if (S_ISDIR(st.st_mode)) {
    return Error{ErrorCode::unreadable, display, "est un dossier, pas un fichier"};
  }
  if (!S_ISREG(st.st_mode)) {
    return Error{ErrorCode::unreadable, display, "n'est pas un fichier ordinaire"};
  }
  if (static_cast<std::uint64_t>(st.st_size) > options.max_file_size) {
    return Error{ErrorCode::too_large, display,
                 "fichier trop volumineux (" +
                     std::to_string(static_cast<std::uint64_t>(st.st_size) / (1024 * 1024)) +
                     " Mo, limite " + std::to_string(options.max_file_size / (1024 * 1024)) +
                     " Mo)"};
  }
  if (static_cast<std::uint64_t>(st.st_size) > options.max_text_size) {
    // A text file this size would make a document too long: refused before it is read.
    std::ifstream head_in(path, std::ios::binary);
    std::string head(64 * 1024, '\0');
    head_in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(head_in.gcount()));
    if (sniff(head) == SniffedType::text) {
      return text_too_long(display, options.max_text_size);
    }
  }
  std::string bytes;
  try {
    bytes.resize(static_cast<std::size_t>(st.st_size));
  } catch (const std::bad_alloc&) {
    return Error{ErrorCode::out_of_memory, display, "mémoire insuffisante pour lire ce document"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{ErrorCode::unreadable, display,
                 "lecture impossible (" + base::cause_fr(errno) + ")"};
  }
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<std::size_t>(in.gcount()) != bytes.size()) {
    return Error{ErrorCode::unreadable, display,
                 "lecture interrompue (fichier modifié pendant la lecture ?)"};
  }
  return extract_bytes(bytes, display, static_cast<std::int64_t>(st.st_mtime), options);
}

}  // namespace vigie::ingest
