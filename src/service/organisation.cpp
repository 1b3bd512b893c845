// The organisation (organisation.hpp): the registry loaded from the store or saved from data/,
// the working calendar, and unit names read at a date.

#include "service/organisation.hpp"

#include <algorithm>

#include "domain/org_catalog.hpp"
#include "ingest/resolver.hpp"
#include "store/store.hpp"

namespace wp::service {

using core::ErrorCode;

core::Result<std::unique_ptr<Organisation>> Organisation::Open(store::Store& store,
                                                               const OrgSeed& seed) {
  WP_ASSIGN_OR_RETURN(auto units, store.LoadOrgUnits());
  domain::OrgRegistry registry;
  if (units.empty()) {
    WP_ASSIGN_OR_RETURN(registry,
                        domain::BuildInitialRegistry(seed.provinces_csv, seed.provinces_2025_csv));
    WP_RETURN_IF_ERROR(store.SaveOrgUnits(registry.units()));
  } else {
    registry = domain::OrgRegistry(std::move(units));
  }
  domain::WorkCalendar calendar;
  if (!seed.holidays_csv.empty()) {
    WP_ASSIGN_OR_RETURN(calendar, domain::WorkCalendar::FromCsv(seed.holidays_csv));
  }
  return std::make_unique<Organisation>(std::move(registry), std::move(calendar));
}

Organisation::Organisation(domain::OrgRegistry registry, domain::WorkCalendar calendar)
    : registry_(std::move(registry)),
      calendar_(std::move(calendar)),
      resolver_(std::make_unique<ingest::UnitResolver>(registry_)) {}

Organisation::~Organisation() = default;

void Organisation::Replace(domain::OrgRegistry registry) {
  registry_ = std::move(registry);
  resolver_ = std::make_unique<ingest::UnitResolver>(registry_);
}

std::string Organisation::UnitName(domain::OrgUnitId id) const { return resolver_->UnitName(id); }

core::Result<const domain::OrgUnit*> Organisation::FindUnit(const std::string& id_or_code,
                                                            const core::CivilDate& at) const {
  const domain::OrgUnit* u = registry_.FindByCode(id_or_code, at);
  if (u == nullptr && !id_or_code.empty() &&
      std::all_of(id_or_code.begin(), id_or_code.end(),
                  [](char c) { return c >= '0' && c <= '9'; }) &&
      id_or_code.size() < 18) {
    u = registry_.Find(std::stoll(id_or_code));
  }
  if (u == nullptr) {
    // A code no longer in use names the last unit that had it (Vụ KHTC of the Ministry before
    // 2025).
    for (const auto& c : registry_.units()) {
      if (c.code == id_or_code &&
          (u == nullptr || (c.valid_from && (!u->valid_from || *u->valid_from < *c.valid_from))))
        u = &c;
    }
  }
  if (u == nullptr) {
    return core::Fail(ErrorCode::kNotFound, "unit_not_found",
                      "Không tìm thấy đơn vị \"" + id_or_code + "\" (mã hoặc số hiệu)");
  }
  return u;
}

}  // namespace wp::service
