#pragma once

// Checks made before a command starts its work, so a mistyped path stops it at once
// (exit status 2) instead of after a long run.

#include <string>
#include <vector>

namespace vigie::cli {

// True when every path exists (file or folder); otherwise prints one French error per
// missing path ("PATH : fichier ou dossier introuvable") and returns false.
bool inputs_exist(const std::vector<std::string>& paths);

// True when the folder of every report exists and is a folder; otherwise prints one French
// error per report that could not be written and returns false.
bool report_folders_exist(const std::vector<std::string>& reports);

}  // namespace vigie::cli
