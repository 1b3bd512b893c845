#pragma once
// Reports and allocations as files: the .xlsx form to fill offline (protected sheets, input
// cells, dropdowns, a hidden sheet naming the report and its version) and its upload, checked
// cell by cell and stored whole or not at all; the allocations workbook; the CSV bodies of
// machine clients. Reads and writes through Reporting, so a file is checked as a form is.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "service/report_types.hpp"

namespace wp::service {

class Reporting;

class ReportFiles {
 public:
  ReportFiles(const Organisation& org, Programs& programs, Reporting& reporting, const Time& time);

  // The form as an Excel workbook to fill offline, and such a workbook read back and saved.
  core::Result<std::string> ReportWorkbook(const domain::Principal& by, const ReportRef& ref);
  core::Result<ReportForm> UploadReportWorkbook(const domain::Principal& by, std::string_view bytes,
                                                domain::ReportAction action);
  // Such a workbook read back and checked as CheckReport checks (nothing stored); problems
  // name cells ("Chỉ tiêu!E8"). Fails as the upload fails on a file that is not a form or a
  // cell that cannot be read.
  core::Result<ReportCheck> CheckReportWorkbook(const domain::Principal& by, std::string_view bytes,
                                                domain::ReportAction action);
  // CSV bodies of machine clients, read into rows (header names as in docs/api.md).
  // kInvalidArgument ("csv_invalid") naming the line.
  core::Result<std::vector<AllocationRow>> ParseAllocationCsv(std::string_view csv) const;
  // Allocations as a workbook: the sheet "Giao chỉ tiêu" (target_id, indicator,
  // unit_of_measure, unit, unit_name, value) with the current shares and empty input rows to
  // add more, beside reference sheets of the program's targets and of the units at its date.
  core::Result<std::string> AllocationWorkbook(const domain::Principal& by, ProgramId program);
  // Such a workbook filled in (or any .xlsx whose first sheet, or the sheet "Giao chỉ tiêu",
  // has the columns target_id, unit and value in its first row), each field keeping its cell.
  core::Result<std::vector<AllocationRow>> ParseAllocationXlsx(std::string_view bytes) const;
  core::Result<std::vector<BulkValueRow>> ParseBulkCsv(std::string_view csv) const;
  // A report's values as CSV for machine clients (no BOM, ','): one row per target of the form
  // and scope — target_id, indicator, unit_of_measure, scope, kind, value (plain digits, "."
  // decimal; empty when not reported), note — and the version it was read at.
  core::Result<ReportValuesCsv> GetReportValuesCsv(const domain::Principal& by,
                                                   const ReportRef& ref);
  // Such a CSV read back: target_id, scope, kind, value (an empty value clears it), note
  // optional, other columns ignored. kInvalidArgument ("csv_invalid") naming each bad line.
  core::Result<std::vector<domain::ReportValue>> ParseReportValuesCsv(std::string_view csv) const;

 private:
  const Organisation& org_;
  Programs& programs_;
  Reporting& reporting_;
  const Time& time_;
};

}  // namespace wp::service
