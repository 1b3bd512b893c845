#pragma once
// Which indicator of the issuer's catalogue (domain::Indicator) a decision's phrase names. Here
// rather than in domain because it folds Vietnamese text (text::Fold), which domain may not use.

#include <span>
#include <string_view>

#include "domain/indicator.hpp"

namespace wp::ingest {

// The catalogue indicator a phrase of the decision names ("… chỉ tiêu tạo việc làm người" →
// viec_lam): the indicator one of whose names (its name or an alias) occurs in the phrase as
// whole words, compared folded (case, diacritics, punctuation ignored); the longest such name
// wins, then the first in the catalogue. `unit` must agree with the indicator's ("người" also
// reads "lao động"). Null when none does.
const domain::Indicator* MatchIndicator(std::span<const domain::Indicator> catalogue,
                                        std::string_view phrase, std::string_view unit);

// The same for a phrase read under a qualifier — the project a "+ Dự án …" bullet belongs to,
// the heading before a colon ("Cơ cấu lao động: nông nghiệp"): only a name that begins in the
// qualifier counts (it may run on into the phrase), so "tạo việc làm" under "Dự án Vay vốn tạo
// việc làm" is the project's indicator ("vay vốn tạo việc làm"), never the headline's.
const domain::Indicator* MatchQualifiedIndicator(std::span<const domain::Indicator> catalogue,
                                                 std::string_view qualifier,
                                                 std::string_view phrase, std::string_view unit);

// A count of legal documents to draft ("03 Chỉ thị", "12 Nghị định", "văn bản"): what the drafting
// unit reports, never an indicator of the catalogue.
bool IsDocumentCount(std::string_view unit);

}  // namespace wp::ingest
