#ifndef AFALG_REPORT_REPORTER_H
#define AFALG_REPORT_REPORTER_H

#include "model/Finding.h"
#include <string>

namespace afalg {

/// What a reporter may know besides the findings. No clock, no absolute
/// paths: reporters are pure functions of (ScanResult, ReportContext).
struct ReportContext {
  std::string ToolName = "afalg-scan";
  std::string ToolVersion;           // e.g. "0.1.0"
  std::string AutomationId;          // SARIF automationDetails.id
  std::string FixTarget = "openssl"; // library named by --fix (or default)
  /// GitHub code scanning refuses a SARIF upload over 10 MB gzip-compressed;
  /// the SARIF reporter trims to fit (tests lower it).
  size_t SarifMaxCompressedBytes = 10 * 1000 * 1000;
};

std::string renderText(const ScanResult &R, const ReportContext &Ctx);
std::string renderJson(const ScanResult &R, const ReportContext &Ctx);
std::string renderSarif(const ScanResult &R, const ReportContext &Ctx);
std::string renderCbom(const ScanResult &R, const ReportContext &Ctx);
std::string renderGithub(const ScanResult &R, const ReportContext &Ctx);
std::string renderMarkdown(const ScanResult &R, const ReportContext &Ctx);

} // namespace afalg

#endif
