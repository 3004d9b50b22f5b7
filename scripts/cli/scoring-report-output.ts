import type { ScoringReport } from "../../lib/monitoring/scoring-report";

/** The lines `pushlab predict` / `campaign` print about a scoring report (stderr for the warnings). */
export function reportSummary(report: ScoringReport, file: string): string {
  const unseen = report.unseen.filter((u) => u.rows > 0).map((u) => `${u.column} ${(100 * u.rate).toFixed(2)}% unseen`);
  const psi = report.psi.available ? `max PSI ${report.psi.max.psi.toFixed(3)} (${report.psi.max.name === "score" ? "the score" : report.psi.max.name}, ${report.psi.max.level})` : "PSI unavailable";
  return `scoring report ${file}: ${(100 * report.shareAboveThreshold).toFixed(2)}% of rows at or above the threshold; ${psi}${unseen.length ? `; ${unseen.join(", ")}` : ""}\n`;
}

export function reportWarnings(report: ScoringReport): string {
  const lines = report.alerts.map((a) => `pushlab: warning: ${a}\n`);
  if (!report.psi.available) lines.push(`pushlab: note: ${report.psi.reason}\n`);
  return lines.join("");
}
