#include "xml_util.hpp"

#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include <climits>

namespace vigie::ingest::detail {

namespace {

// Deeper element nesting than any office document has: refused before the tree gets deep
// enough to exhaust the readers' recursion.
constexpr int k_max_depth = 1000;

// What one parse collects instead of printing: libxml2's first error, our own refusals.
struct ParseState {
  int depth = 0;
  std::string refusal;  // French, set by the SAX wrappers below
  std::string first_error;
  int first_error_code = 0;
  int first_error_line = 0;
};

// The parse running on this thread (libxml2's callbacks get the parser context only).
thread_local ParseState* t_state = nullptr;

ParseState* state_of(void* /*ctx*/) { return t_state; }

void collect_error(void* user_data, xmlErrorPtr error) {
  auto* state = static_cast<ParseState*>(user_data);
  if (state == nullptr || error == nullptr || !state->first_error.empty() ||
      error->level < XML_ERR_ERROR) {
    return;
  }
  state->first_error = error->message != nullptr ? error->message : "";
  state->first_error_code = error->code;
  state->first_error_line = error->line;
}

// Parser errors come through the context (its user data is the context itself).
void collect_context_error(void* ctx, xmlErrorPtr error) { collect_error(state_of(ctx), error); }

void ignore_generic(void* /*ctx*/, const char* /*msg*/, ...) {}

void start_element(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                   int nb_namespaces, const xmlChar** namespaces, int nb_attributes,
                   int nb_defaulted, const xmlChar** attributes) {
  ParseState* state = state_of(ctx);
  if (++state->depth > k_max_depth) {
    state->refusal = "imbrication XML trop profonde (plus de " + std::to_string(k_max_depth) +
                     " niveaux d'éléments)";
    xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
    return;
  }
  xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                        nb_defaulted, attributes);
}

void end_element(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri) {
  --state_of(ctx)->depth;
  xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

void entity_declaration(void* ctx, const xmlChar* /*name*/, int /*type*/,
                        const xmlChar* /*public_id*/, const xmlChar* /*system_id*/,
                        xmlChar* /*content*/) {
  state_of(ctx)->refusal = "le XML déclare des entités (refusé : risque d'expansion sans fin)";
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

// libxml2 reports some errors (encodings, I/O) outside the parser context, through its
// per-thread handlers: they are collected too while a parse runs, and restored after.
class SilentLibxml {
 public:
  explicit SilentLibxml(ParseState& state)
      : m_outer(t_state),
        m_structured(xmlStructuredError),
        m_structured_context(xmlStructuredErrorContext),
        m_generic(xmlGenericError),
        m_generic_context(xmlGenericErrorContext) {
    t_state = &state;
    xmlSetStructuredErrorFunc(&state, collect_error);
    xmlSetGenericErrorFunc(nullptr, ignore_generic);
  }
  ~SilentLibxml() {
    xmlSetStructuredErrorFunc(m_structured_context, m_structured);
    xmlSetGenericErrorFunc(m_generic_context, m_generic);
    t_state = m_outer;
  }
  SilentLibxml(const SilentLibxml&) = delete;
  SilentLibxml& operator=(const SilentLibxml&) = delete;

 private:
  ParseState* m_outer;
  xmlStructuredErrorFunc m_structured;
  void* m_structured_context;
  xmlGenericErrorFunc m_generic;
  void* m_generic_context;
};

// One line, in French, with libxml2's words when it has no better name for the cause.
std::string describe_error(const ParseState& state) {
  if (!state.refusal.empty()) {
    return state.refusal;
  }
  std::string what;
  switch (state.first_error_code) {
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
      what = "texte mal encodé (pas de l'UTF-8 valide ou caractère interdit en XML)";
      break;
    case XML_ERR_DOCUMENT_EMPTY:
      what = "partie vide";
      break;
    default: {
      std::string message = state.first_error.empty() ? "erreur inconnue" : state.first_error;
      for (char& c : message) {
        if (c == '\n' || c == '\r' || c == '\t') {
          c = ' ';
        }
      }
      while (!message.empty() && message.back() == ' ') {
        message.pop_back();
      }
      what = "XML mal formé : " + message;
      break;
    }
  }
  if (state.first_error_line > 0) {
    what += " (ligne " + std::to_string(state.first_error_line) + ")";
  }
  return what;
}

}  // namespace

XmlDocPtr parse_xml(std::string_view bytes, std::string& error) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    error = "partie XML trop volumineuse";
    return nullptr;
  }
  ParseState state;
  SilentLibxml silent(state);
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) {
    error = "mémoire insuffisante";
    return nullptr;
  }
  ctxt->sax->serror = collect_context_error;
  ctxt->sax->error = nullptr;
  ctxt->sax->warning = nullptr;
  ctxt->sax->startElementNs = start_element;
  ctxt->sax->endElementNs = end_element;
  ctxt->sax->entityDecl = entity_declaration;
  // XML_PARSE_HUGE lifts the 10 MB limit on one text node (a long paragraph); the depth
  // limit and the refusal of entities above stand in for the limits it lifts.
  xmlDoc* doc =
      xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
  if (doc != nullptr && !state.refusal.empty()) {
    xmlFreeDoc(doc);
    doc = nullptr;
  }
  if (doc == nullptr) {
    error = describe_error(state);
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
