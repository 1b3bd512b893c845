#pragma once
// How a document's parts are kept as text (issue 17): its header, a block's table of figures and
// the snapshot of a version, as JSON written and read here with core's small writer and reader
// (the store does not depend on a JSON library: JSON DTOs belong to `api`). The shapes:
//   header   {"parent_body","issuer","symbol","place","date":"YYYY-MM-DD"|null,"title",
//             "subject","signature":{"authority","title","name"},"recipients":[…]}
//   table    {"columns":[{"label","format"}],"rows":[[{"text","value":…|null,"bold"}]]}
//   blocks   [{"key","kind","style","section","area","unit":id|null,"generated","base","edited",
//             "removed","state","anchor","table":table|null}]
//   snapshot {"id","program_id","kind","unit_id","period","as_of","status","version",
//             "data_generation","generated_at","number_year","number_seq","header":header,
//             "blocks":blocks}
// Readers return nullopt for a text that is not of its shape (unknown keys are skipped).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/document.hpp"
#include "store/store.hpp"

namespace wp::store {

std::string HeaderJson(const domain::DocumentHeader& header);
std::optional<domain::DocumentHeader> ParseHeaderJson(std::string_view text);

std::string TableJson(const domain::BlockTable& table);
std::optional<domain::BlockTable> ParseTableJson(std::string_view text);

std::string BlocksJson(const std::vector<domain::Block>& blocks);
std::optional<std::vector<domain::Block>> ParseBlocksJson(std::string_view text);

// The content of a document_versions row: the record (its row's fields as above) and blocks.
std::string SnapshotJson(const DocumentRecord& record, const std::vector<domain::Block>& blocks);
std::optional<std::pair<DocumentRecord, std::vector<domain::Block>>> ParseSnapshotJson(
    std::string_view text);

// A list of keys as a JSON array of strings, and back.
std::string KeysJson(const std::vector<std::string>& keys);
std::optional<std::vector<std::string>> ParseKeysJson(std::string_view text);

}  // namespace wp::store
