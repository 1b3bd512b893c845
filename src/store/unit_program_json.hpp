#pragma once
// A unit's program as the JSON text of a unit_program_versions row (issue 18), written and read
// with core's small writer and reader (the store depends on no JSON library). The shape:
//   {"id","program_id","unit_id","status","version","due","source_name","source_sha256",
//    "first_submitted_at","submitted_at","decided_at","decided_by","comment",
//    "accepted_version","carried_from","updated_at","updated_by",
//    "decision":{"number","date":"YYYY-MM-DD"|null,"signer"},
//    "tasks":[{"id","serves","text","responsible_user_id","responsible_name","start","due",
//              "output","carried_from","dropped_from"}],
//    "targets":[{"target_id","indicator_code","name","uom","value":"1600000"|null,
//                "comparator","serves"}]}
// The same record and content always give the same text: audit verify recomputes it from the
// stored rows and compares its SHA-256 with the one the newest entry recorded.

#include <optional>
#include <string>
#include <string_view>

#include "domain/unit_program.hpp"
#include "store/store.hpp"

namespace wp::store {

std::string UnitProgramSnapshotJson(const UnitProgramRecord& record,
                                    const domain::UnitProgramContent& content);
// The content of a snapshot (its tasks with their ids, targets, decision); nullopt for a text
// that is not of its shape (unknown keys are skipped).
std::optional<domain::UnitProgramContent> ParseUnitProgramSnapshot(std::string_view text);

}  // namespace wp::store
