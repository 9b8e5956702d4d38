#include "xml_util.hpp"

#include <climits>

namespace vigie::ingest::detail {

XmlDocPtr parse_xml(std::string_view bytes, std::string& error) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    error = "partie XML trop volumineuse";
    return nullptr;
  }
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) {
    error = "mémoire insuffisante";
    return nullptr;
  }
  xmlDoc* doc =
      xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) {
    const xmlError* err = xmlCtxtGetLastError(ctxt);
    error = err != nullptr && err->message != nullptr ? err->message : "XML mal formé";
    while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) {
      error.pop_back();
    }
    if (err != nullptr) {
      error += " (ligne " + std::to_string(err->line) + ")";
    }
  }
  xmlFreeParserCtxt(ctxt);
  return XmlDocPtr(doc);
}

std::optional<std::string> attribute(const xmlNode* n, const char* local) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), local) == 0) {
      std::string value;
      for (const xmlNode* c = a->children; c != nullptr; c = c->next) {
        if (c->content != nullptr) {
          value += reinterpret_cast<const char*>(c->content);
        }
      }
      return value;
    }
  }
  return std::nullopt;
}

const xmlNode* child(const xmlNode* n, const char* local) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (is_element(c, local)) {
      return c;
    }
  }
  return nullptr;
}

namespace {
void collect_text(const xmlNode* n, std::string& out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != nullptr) {
      out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      collect_text(c, out);
    }
  }
}
}  // namespace

std::string all_text(const xmlNode* n) {
  std::string out;
  if (n != nullptr) {
    collect_text(n, out);
  }
  return out;
}

}  // namespace vigie::ingest::detail
