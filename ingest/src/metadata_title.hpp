#pragma once

// Whether the title a file's properties declare is a title, or what a word processor or a
// PDF printer puts there by default.

#include <string_view>

namespace vigie::ingest::detail {

// False for producer junk: "Microsoft Word - CCTP.docx", "Document1", "Sans titre",
// "untitled", a file name with its extension, a path, a text opening with a markup sign
// (">>> Début du paragraphe"), a string without letters, under four characters or over 250.
bool looks_like_title(std::string_view title);

}  // namespace vigie::ingest::detail
