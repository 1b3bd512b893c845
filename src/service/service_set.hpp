#pragma once
// The composition of the services over one store: the shared pieces (the organisation, the
// clock, the program cache, the schedule, the form skeleton and report content caches, the
// analytics engines, the data generation) made once and handed to each service. `app` and the
// tests open a store and build one; `api` receives its Services.

#include <memory>

#include "core/error.hpp"
#include "service/services.hpp"

namespace wp::service {

class ServiceSet {
 public:
  // Loads the organisation from the store, saving the initial one from `seed` at first start.
  static core::Result<std::unique_ptr<ServiceSet>> Open(std::unique_ptr<store::Store> store,
                                                        const OrgSeed& seed,
                                                        ServiceOptions options = {});
  ~ServiceSet();

  const Services& services() const { return *services_; }

 private:
  struct Parts;
  explicit ServiceSet(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
  std::unique_ptr<Services> services_;
};

}  // namespace wp::service
