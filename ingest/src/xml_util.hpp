#pragma once

// libxml2 helpers shared by the DOCX and ODT readers (private to ingest).

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::ingest::detail {

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

// Parses `bytes` without network access or entity expansion. On failure returns null and
// sets `error` to libxml2's message.
XmlDocPtr parse_xml(std::string_view bytes, std::string& error);

inline bool is_element(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

inline std::string_view local_name(const xmlNode* n) {
  return reinterpret_cast<const char*>(n->name);
}

// The attribute with local name `local` (any namespace), or nullopt.
std::optional<std::string> attribute(const xmlNode* n, const char* local);

// The first child element with local name `local`, or null.
const xmlNode* child(const xmlNode* n, const char* local);

// The concatenated text of every descendant text node.
std::string all_text(const xmlNode* n);

}  // namespace vigie::ingest::detail
