#include "errors.hpp"

#include <cerrno>
#include <cstring>

namespace vigie::index {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::locked:
      return "locked";
    case ErrorCode::corrupt:
      return "corrupt";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::disk_full:
      return "disk_full";
    case ErrorCode::io:
      return "io";
    case ErrorCode::bad_query:
      return "bad_query";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

namespace detail {
namespace {

bool mentions(const std::string& text, const char* what) {
  return text.find(what) != std::string::npos;
}

// A write that failed for lack of space: ENOSPC, or EFBIG (over the file size limit).
bool out_of_space(const Xapian::Error& e) {
  const char* err = e.get_error_string();
  const std::string text = (err != nullptr ? std::string(err) : std::string()) + " " + e.get_msg();
  return mentions(text, std::strerror(ENOSPC)) || mentions(text, std::strerror(EFBIG)) ||
         mentions(text, "No space left on device") || mentions(text, "File too large");
}

}  // namespace

Error from_xapian(const Xapian::Error& e, const std::string& where) {
  const std::string cause = e.get_description();
  const std::string index = "index " + where + " : ";
  // Xapian::Error is not polymorphic: its most derived class is known by name only.
  const std::string type = e.get_type();
  if (out_of_space(e)) {
    return {ErrorCode::disk_full,
            index + "espace disque insuffisant, l'écriture a échoué (" + cause +
                ") ; la dernière mise à jour enregistrée est conservée : libérez de la place "
                "puis relancez la commande"};
  }
  if (type == "DatabaseLockError") {
    return {ErrorCode::locked, index + "en cours de mise à jour par un autre processus (" + cause +
                                   ") : réessayez quand il aura fini"};
  }
  if (type == "DatabaseNotFoundError") {
    return {ErrorCode::not_found,
            index + "aucun index ici (" + cause + ") : créez-le avec « vigie index add DOSSIER »"};
  }
  if (type == "DatabaseCorruptError" || type == "DatabaseVersionError" ||
      type == "DatabaseOpeningError" || type == "SerialisationError") {
    return {ErrorCode::corrupt,
            index + "index endommagé ou illisible (" + cause +
                ") : supprimez ce dossier puis reconstruisez l'index avec « vigie index add »"};
  }
  if (type == "QueryParserError") {
    return {ErrorCode::bad_query, index + "requête illisible : " + e.get_msg()};
  }
  if (type.rfind("Database", 0) == 0 || type.rfind("Network", 0) == 0) {
    return {ErrorCode::io, index + "lecture ou écriture impossible (" + cause + ")"};
  }
  return {ErrorCode::internal, index + "erreur interne de Xapian (" + cause + ")"};
}

Error from_current_exception(const std::string& where) {
  try {
    throw;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, where);
  } catch (const std::bad_alloc&) {
    return {ErrorCode::internal, "index " + where + " : mémoire insuffisante"};
  } catch (const std::exception& e) {
    return {ErrorCode::internal, "index " + where + " : erreur interne (" + e.what() + ")"};
  } catch (...) {
    return {ErrorCode::internal, "index " + where + " : erreur interne inconnue"};
  }
}

}  // namespace detail
}  // namespace vigie::index
