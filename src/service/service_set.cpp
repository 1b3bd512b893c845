// The composition of the services (service_set.hpp): every shared piece made once, in the order
// the services depend on one another, then each service over the pieces it needs.

#include "service/service_set.hpp"

#include "core/json_text.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/engines.hpp"
#include "service/internal/shared.hpp"
#include "store/store.hpp"
#include "text/fold.hpp"

namespace wp::service {

struct ServiceSet::Parts {
  Parts(std::unique_ptr<store::Store> s, std::unique_ptr<Organisation> o, ServiceOptions opts,
        std::map<std::string, std::string> templates)
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
        gen_data(*store, *org, time, generation),
        documents(*store, *org, programs, cache, figures, reporting, responsibilities, time,
                  generation, std::move(templates)),
        amendments(*store, *org, cache, responsibilities, time, generation),
        unit_programs(*store, *org, cache, schedule, responsibilities, time, generation),
        next_year(*store, *org, cache, figures, time, generation, options),
        changes(*store, engines, schedule, generation) {}

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
  Documents documents;
  Amendments amendments;
  UnitPrograms unit_programs;
  NextYear next_year;
  ChangeFeed changes;  // declared last: stopped first
};

namespace {

// The issuers' catalogues of indicators (data/indicators/*.csv) into a store that has none: at
// first start, and at the first start of a database made before issue 16; then the catalogue
// is the store's, edited through the API. "molisa" is the Ministry's (programs.hpp).
core::Status LoadCatalogues(store::Store& store, const OrgSeed& seed, const std::string& at) {
  if (seed.indicator_csvs.empty()) return {};
  WP_ASSIGN_OR_RETURN(auto stored, store.ListIndicators(""));
  std::vector<domain::Indicator> all;
  std::string files;
  for (const auto& [name, csv] : seed.indicator_csvs) {
    const std::string issuer = name == "molisa" ? kDefaultIssuer : name;
    auto list = domain::ParseIndicatorCatalogue(csv, text::FoldKey(issuer));
    // A stored catalogue is the store's: a file it no longer needs may not stop a start.
    if (!list && !stored.empty()) return {};
    if (!list) return tl::unexpected(list.error());
    for (auto& x : *list) all.push_back(std::move(x));
    files += (files.empty() ? "" : ",") + name + ".csv";
  }
  if (!stored.empty()) {
    // A catalogue stored before issue 17 gets the files' sentences, once (NULL until then).
    store::AuditEvent fill;
    fill.at = at;
    fill.actor = "system";
    fill.action = "indicator.sentences";
    fill.entity = "indicator";
    fill.after = core::JsonObjectText().Add("files", files).Finish();
    WP_ASSIGN_OR_RETURN(auto filled, store.FillIndicatorSentences(all, fill));
    (void)filled;
    return {};
  }
  store::AuditEvent event;
  event.at = at;
  event.actor = "system";
  event.action = "indicator.load";
  event.entity = "indicator";
  event.after = core::JsonObjectText()
                    .Add("files", files)
                    .Add("indicators", static_cast<int64_t>(all.size()))
                    .Finish();
  WP_RETURN_IF_ERROR(store.AddIndicators(all, at, event));
  return {};
}

}  // namespace

core::Result<std::unique_ptr<ServiceSet>> ServiceSet::Open(std::unique_ptr<store::Store> store,
                                                           const OrgSeed& seed,
                                                           ServiceOptions options) {
  WP_ASSIGN_OR_RETURN(auto org, Organisation::Open(*store, seed));
  WP_RETURN_IF_ERROR(LoadCatalogues(*store, seed, IsoUtc(options.clock())));
  auto parts =
      std::make_unique<Parts>(std::move(store), std::move(org), std::move(options), seed.templates);
  return std::unique_ptr<ServiceSet>(new ServiceSet(std::move(parts)));
}

ServiceSet::ServiceSet(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {
  auto& p = *parts_;
  services_ = std::make_unique<Services>(
      Services{p.accounts, p.programs, *p.org, p.reporting, p.files, p.figures, p.audit, p.gen_data,
               p.time, p.generation, p.metrics, p.responsibilities, p.documents, p.amendments,
               p.unit_programs, p.next_year, p.changes});
}

ServiceSet::~ServiceSet() = default;

}  // namespace wp::service
