#pragma once

// Whether a mention in folded text is negated ("aucune restitution n'est prévue", "le budget
// ne comprend pas d'action de concertation", "la restitution n'est pas prévue").

#include <cstddef>
#include <string_view>

namespace vigie::rules::detail {

// `text` is folded text; [begin, end) the mention; [sentence_begin, sentence_end) its
// sentence. Looks at a few words before and after, within the same clause.
[[nodiscard]] bool is_negated(std::string_view text, std::size_t begin, std::size_t end,
                              std::size_t sentence_begin, std::size_t sentence_end);

}  // namespace vigie::rules::detail
