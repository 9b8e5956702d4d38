#include "source.hpp"

#include <sstream>
#include <stdexcept>

namespace vigie::docgen {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) {
    return {};
  }
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

Source parse_source(const std::string& text, const std::string& path) {
  Source src;
  src.path = path;
  std::istringstream in(text);
  std::string raw;
  int line_no = 0;
  std::string paragraph;
  auto flush = [&] {
    if (!paragraph.empty()) {
      src.blocks.push_back(Block{BlockType::paragraph, 0, paragraph, {}});
      paragraph.clear();
    }
  };
  auto fail = [&](const std::string& msg) {
    throw std::runtime_error(path + ":" + std::to_string(line_no) + ": " + msg);
  };
  while (std::getline(in, raw)) {
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') {
      raw.pop_back();
    }
    if (raw.starts_with("//")) {
      continue;  // comment
    }
    const std::string line = trim(raw);
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '%') {
      flush();
      const auto space = line.find(' ');
      if (space == std::string::npos) {
        fail("métadonnée sans valeur : " + line);
      }
      src.meta[line.substr(1, space - 1)] = trim(line.substr(space + 1));
    } else if (line[0] == '@') {
      flush();
      std::istringstream words(line.substr(1));
      std::string cmd;
      words >> cmd;
      Block b;
      if (cmd == "toc") {
        b.type = BlockType::toc;
      } else if (cmd == "pagebreak") {
        b.type = BlockType::page_break;
      } else if (cmd == "columns") {
        b.type = BlockType::columns;
        words >> b.level;
        if (b.level < 1 || b.level > 3) {
          fail("@columns attend 1, 2 ou 3");
        }
      } else if (cmd == "scan") {
        b.type = BlockType::scan_begin;
      } else if (cmd == "space") {
        b.type = BlockType::spacer;
        words >> b.level;
      } else {
        fail("commande inconnue : @" + cmd);
      }
      src.blocks.push_back(b);
    } else if (line.starts_with("= ")) {
      flush();
      src.blocks.push_back(Block{BlockType::title, 0, trim(line.substr(2)), {}});
    } else if (line[0] == '#') {
      flush();
      std::size_t level = 0;
      while (level < line.size() && line[level] == '#') {
        ++level;
      }
      if (level > 3) {
        fail("titre de niveau supérieur à 3");
      }
      src.blocks.push_back(
          Block{BlockType::heading, static_cast<int>(level), trim(line.substr(level)), {}});
    } else if (line.starts_with("- ")) {
      flush();
      src.blocks.push_back(Block{BlockType::list_item, 1, trim(line.substr(2)), {}});
    } else if (line.starts_with("-- ")) {
      flush();
      src.blocks.push_back(Block{BlockType::list_item, 2, trim(line.substr(3)), {}});
    } else if (line.starts_with(">")) {
      flush();
      const std::string content =
          line.size() > 1 && line[1] == ' ' ? line.substr(2) : line.substr(1);
      if (!src.blocks.empty() && src.blocks.back().type == BlockType::raw_lines) {
        src.blocks.back().cells.push_back(content);
      } else {
        src.blocks.push_back(Block{BlockType::raw_lines, 0, {}, {content}});
      }
    } else if (line[0] == '|') {
      flush();
      Block b{BlockType::table_row, 0, {}, {}};
      std::string cell;
      for (std::size_t i = 1; i < line.size(); ++i) {
        if (line[i] == '|') {
          b.cells.push_back(trim(cell));
          cell.clear();
        } else {
          cell.push_back(line[i]);
        }
      }
      if (!trim(cell).empty()) {
        fail("ligne de tableau non terminée par |");
      }
      src.blocks.push_back(b);
    } else {
      if (!paragraph.empty()) {
        paragraph.push_back(' ');
      }
      paragraph += line;
    }
  }
  flush();
  return src;
}

}  // namespace vigie::docgen
