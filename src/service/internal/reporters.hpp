#pragma once
// Who reports each target of a program on a date, as the dashboard's coverage, the allocations
// and the demo read it: the responsibility matrix's reporters (groups expanded at the date)
// when the program has any; otherwise today's rule, the units a form asks — those allocated the
// target and the lead units of the sections that state it. Included only by src/service.

#include <map>
#include <span>
#include <vector>

#include "domain/responsibility.hpp"
#include "service/programs.hpp"
#include "store/store.hpp"

namespace wp::service {

class ReportingUnits {
 public:
  // `matrix` (the program's reporter rows, possibly none) and `program` outlive this.
  ReportingUnits(const ProgramView& program, std::span<const domain::Reporter> matrix,
                 const std::vector<store::Allocation>& allocations, const domain::OrgRegistry& org);

  // The units expected to report `target` on `at`, in code order, each once.
  std::vector<domain::OrgUnitId> Of(int64_t target, const core::CivilDate& at) const;
  // True when `unit` reports `target` on `at`.
  bool Reports(int64_t target, domain::OrgUnitId unit, const core::CivilDate& at) const;
  // True when `unit`, or a unit within it on `at`, reports `target` on `at`.
  bool ReportedWithin(int64_t target, domain::OrgUnitId unit, const core::CivilDate& at) const;
  // False when the program has no matrix and today's rule applies.
  bool from_matrix() const { return !matrix_.empty(); }

 private:
  std::span<const domain::Reporter> matrix_;
  const domain::OrgRegistry& org_;
  std::map<int64_t, std::vector<domain::OrgUnitId>> fallback_;  // in code order
};

}  // namespace wp::service
