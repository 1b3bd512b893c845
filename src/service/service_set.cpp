// The composition of the services (service_set.hpp): every shared piece made once, in the order
// the services depend on one another, then each service over the pieces it needs.

#include "service/service_set.hpp"

#include "service/internal/caches.hpp"
#include "service/internal/engines.hpp"
#include "store/store.hpp"

namespace wp::service {

struct ServiceSet::Parts {
  Parts(std::unique_ptr<store::Store> s, std::unique_ptr<Organisation> o, ServiceOptions opts)
      : store(std::move(s)),
        options(std::move(opts)),
        time(options.clock),
        metrics(*store),
        org(std::move(o)),
        cache(*store, *org),
        schedule(*store, *org, cache),
        caches(*store),
        engines(*store, *org, cache, schedule, time),
        accounts(*store, *org, time, options),
        programs(*store, *org, cache, time, generation, options),
        responsibilities(*store, *org, cache, time),
        reporting(*store, *org, programs, cache, schedule, caches, engines, time, generation,
                  responsibilities),
        files(*org, programs, reporting, time),
        figures(*store, *org, programs, cache, schedule, engines, reporting, time),
        audit(*store, *org, options.audit_anchor),
        gen_data(*store, *org, time, generation) {}

  std::unique_ptr<store::Store> store;
  ServiceOptions options;
  Time time;
  DataGeneration generation;
  StoreMetrics metrics;
  std::unique_ptr<Organisation> org;
  ProgramCache cache;
  Schedule schedule;
  ReportCaches caches;
  Engines engines;
  Accounts accounts;
  Programs programs;
  Responsibilities responsibilities;
  Reporting reporting;
  ReportFiles files;
  Figures figures;
  AuditLog audit;
  DataGenerator gen_data;
};

core::Result<std::unique_ptr<ServiceSet>> ServiceSet::Open(std::unique_ptr<store::Store> store,
                                                           const OrgSeed& seed,
                                                           ServiceOptions options) {
  WP_ASSIGN_OR_RETURN(auto org, Organisation::Open(*store, seed));
  auto parts = std::make_unique<Parts>(std::move(store), std::move(org), std::move(options));
  return std::unique_ptr<ServiceSet>(new ServiceSet(std::move(parts)));
}

ServiceSet::ServiceSet(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {
  auto& p = *parts_;
  services_ = std::make_unique<Services>(Services{p.accounts, p.programs, *p.org, p.reporting,
                                                  p.files, p.figures, p.audit, p.gen_data, p.time,
                                                  p.generation, p.metrics, p.responsibilities});
}

ServiceSet::~ServiceSet() = default;

}  // namespace wp::service
