#pragma once

#include <string>

#include "source.hpp"

namespace vigie::docgen {

// Each writer throws std::runtime_error naming `out_path` on failure.
void render_pdf(const Source& src, const std::string& out_path);
void write_docx(const Source& src, const std::string& out_path);
void write_odt(const Source& src, const std::string& out_path);

}  // namespace vigie::docgen
