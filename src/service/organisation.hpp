#pragma once
// The organisation every use case reads: the versioned registry of units (loaded from the store,
// or saved from data/ at first start), the working calendar, and the reader of unit names at a
// date. One object shared by the services; a generated data set replaces its registry.

#include <memory>
#include <string>

#include "core/error.hpp"
#include "domain/calendar.hpp"
#include "domain/org.hpp"
#include "service/common.hpp"

namespace wp::ingest {
class UnitResolver;
}

namespace wp::service {

class Organisation {
 public:
  // Loads the organisation from the store, saving the initial one from `seed` at first start.
  // Fails with the store's errors, or a seed that does not read.
  static core::Result<std::unique_ptr<Organisation>> Open(store::Store& store, const OrgSeed& seed);
  Organisation(domain::OrgRegistry registry, domain::WorkCalendar calendar);
  ~Organisation();

  const domain::OrgRegistry& registry() const { return registry_; }
  const domain::WorkCalendar& calendar() const { return calendar_; }
  const ingest::UnitResolver& resolver() const { return *resolver_; }
  std::string UnitName(domain::OrgUnitId id) const;
  // A unit by id, or by code valid on `at` (a code no longer in use: the last unit that had
  // it). kNotFound ("unit_not_found").
  core::Result<const domain::OrgUnit*> FindUnit(const std::string& id_or_code,
                                                const core::CivilDate& at) const;
  // After a data set added units (gen-data): the registry and the name reader are rebuilt.
  void Replace(domain::OrgRegistry registry);

 private:
  domain::OrgRegistry registry_;
  domain::WorkCalendar calendar_;
  std::unique_ptr<ingest::UnitResolver> resolver_;
};

}  // namespace wp::service
