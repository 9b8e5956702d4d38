#include "document_json.hpp"

namespace vigie::cli {

using nlohmann::ordered_json;

ordered_json diagnostics_to_json(const std::vector<ingest::Diagnostic>& diagnostics) {
  ordered_json out = ordered_json::array();
  for (const auto& d : diagnostics) {
    out.push_back({{"severity", std::string(to_string(d.severity))},
                   {"code", d.code},
                   {"message", d.message},
                   {"page", d.page},
                   {"pages", d.pages}});
  }
  return out;
}

ordered_json document_to_json(const ingest::Document& doc) {
  ordered_json j;
  j["path"] = doc.source.path;
  j["id"] = doc.id;
  j["format"] = std::string(to_string(doc.format));
  j["source"] = {{"path", doc.source.path},
                 {"size", doc.source.size},
                 {"mtime", doc.source.mtime},
                 {"sha256", doc.source.sha256}};
  const auto& m = doc.metadata;
  j["metadata"] = {
      {"title", m.title},       {"author", m.author},     {"subject", m.subject},
      {"keywords", m.keywords}, {"creator", m.creator},   {"producer", m.producer},
      {"created", m.created},   {"modified", m.modified}, {"page_count", m.page_count}};
  ordered_json pages = ordered_json::array();
  for (const auto& p : doc.pages) {
    pages.push_back({{"number", p.number},
                     {"has_text", p.has_text},
                     {"offset", p.span.begin},
                     {"text", std::string(doc.text_of(p.span))}});
  }
  j["pages"] = std::move(pages);
  ordered_json blocks = ordered_json::array();
  for (const auto& b : doc.blocks) {
    ordered_json jb = {{"kind", std::string(to_string(b.kind))},
                       {"page", b.page},
                       {"offset", b.span.begin},
                       {"length", b.span.size()}};
    if (b.level > 0) {
      jb["level"] = b.level;
    }
    if (b.table >= 0) {
      jb["table"] = b.table;
      jb["row"] = b.row;
      jb["column"] = b.column;
    }
    jb["text"] = std::string(doc.text_of(b.span));
    blocks.push_back(std::move(jb));
  }
  j["blocks"] = std::move(blocks);
  ordered_json furniture = ordered_json::array();
  for (const auto& f : doc.furniture) {
    furniture.push_back(
        {{"placement", std::string(to_string(f.placement))}, {"page", f.page}, {"text", f.text}});
  }
  j["furniture"] = std::move(furniture);
  j["diagnostics"] = diagnostics_to_json(doc.diagnostics);
  return j;
}

ordered_json error_to_json(const ingest::Error& error) {
  return {{"path", error.path},
          {"error", {{"code", std::string(to_string(error.code))}, {"message", error.detail}}}};
}

}  // namespace vigie::cli
