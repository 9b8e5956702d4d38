#pragma once

// Writing files the user asked for, with the cause of a failure said in French.

#include <string>
#include <string_view>

namespace vigie::cli {

// The system's cause of a failure (an errno value), in French: "espace disque insuffisant",
// "permission refusée"…; strerror's text for the rare others.
std::string cause_fr(int error);

// Writes `content` to `path` (created or truncated), checking every step including the
// final flush and close. Returns the French error naming the path and the cause ("PATH :
// impossible d'écrire le rapport (espace disque insuffisant)"), empty on success. `what`
// names what is written ("le rapport").
std::string write_file(const std::string& path, std::string_view content,
                       std::string_view what = "le rapport");

// Records a failed write to stdout (its errno), so the end of the run can say it.
void note_stdout_failure(int error);
// After a final flush of stdout: the French error if a write to it failed, else empty.
std::string stdout_failure();

}  // namespace vigie::cli
