import path from "node:path";
import type { Command } from "commander";
import { CampaignError, type CampaignResult } from "../../../lib/campaign/campaign";
import { defaultCandidatesName, listCandidateSets, publishCandidates, readScoredCandidates } from "../../../lib/campaign/candidates-store";
import { campaignFromFeatureFrame, defaultCampaignPath, writeCampaignList } from "../../../lib/campaign/run-campaign";
import { buildScoringReport, saveScoringReport, scoringReportPath } from "../../../lib/monitoring/scoring-report";
import { parseCampaignQuery } from "../../../lib/campaign/campaign";
import { isValidVersion, listVersions, loadModel } from "../../../lib/registry/registry";
import { versionEvaluation, versionScoringReference } from "../../../lib/registry/version-files";
import { resolveWorkspace } from "../../../lib/workspace";
import { CliError } from "../errors";
import { progressBar } from "../progress";
import { textTable } from "../format";
import { reportSummary, reportWarnings } from "../scoring-report-output";
import fs from "node:fs";

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** The campaign's figures in words, each estimate with its interval and what it rests on. */
export function describeCampaign(result: CampaignResult, version: string): string {
  const lines: string[] = [];
  const what = "budget" in result.query ? `budget ${result.query.budget.toLocaleString("en-US")}` : `threshold ${result.query.threshold}`;
  lines.push(
    `${result.list.length.toLocaleString("en-US")} customers to push for ${"variantId" in result.query ? `variant ${result.query.variantId} (${result.productType})` : `product type ${result.productType}`} ` +
      `(${what}; ${result.candidateCustomers.toLocaleString("en-US")} candidate customers in ${result.candidateRows.toLocaleString("en-US")} rows)` +
      (result.cutoff !== null ? `, lowest probability on the list ${result.cutoff.toPrecision(3)}` : ""),
  );
  for (const e of result.estimates) {
    lines.push(
      `expected precision ${pct(e.precision)} [95% ${pct(e.precisionLow)}, ${pct(e.precisionHigh)}] → ${e.expectedBuyers.toFixed(1)} buyers [${e.expectedBuyersLow.toFixed(1)}, ${e.expectedBuyersHigh.toFixed(1)}] ` +
        `(validation curve of ${version}, ${e.basis}: ${e.validationBuyers} buyers among the ${e.validationPushes.toLocaleString("en-US")} validation rows scoring ≥ ${e.threshold.toPrecision(3)})`,
    );
  }
  if (result.estimatesNote) lines.push(`no expected buyers: ${result.estimatesNote}`);
  return `${lines.join("\n")}\n`;
}

export function registerCampaignCommands(program: Command): void {
  program
    .command("campaign")
    .description("rank the candidate customers for one product and write the list to push, with the expected buyers and precision from the validation curve")
    .argument("<input>", "feature-frame CSV of candidates (outcome optional)")
    .option("--product-type <type>", "a product type of the candidates")
    .option("--variant <id>", "a variant id of the candidates")
    .option("--budget <n>", "push this many customers (a positive integer)")
    .option("--threshold <t>", "push every customer whose probability is at least t (in [0, 1])")
    .option("--out <file>", "the list (default: INPUT_campaign.csv)")
    .option("--version <version>", "registry version (default: the active one)")
    .option("--strict", "exit with status 1 when any population stability index exceeds 0.25 (the list is still written)")
    .option("--json", "print the campaign as JSON")
    .action((input: string, options: { productType?: string; variant?: string; budget?: string; threshold?: string; out?: string; version?: string; strict?: boolean; json?: boolean }) => {
      let query;
      try {
        query = parseCampaignQuery(options);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const ws = resolveWorkspace();
      const model = loadModel(ws.registryDir, options.version);
      const reference = versionScoringReference(ws.registryDir, model.version);
      const evaluation = versionEvaluation(ws.registryDir, model.version);
      const bar = progressBar("scoring", "bytes");
      let run;
      try {
        run = campaignFromFeatureFrame(model, input, query, reference, evaluation, (done, total) => bar.update(done, total));
      } catch (error) {
        if (error instanceof CampaignError) throw new CliError(`${path.resolve(input)}: ${error.message}`);
        throw error;
      } finally {
        bar.stop();
      }
      const out = writeCampaignList(options.out ?? defaultCampaignPath(input), input, run.result);
      const report = buildScoringReport(run.profile, reference, { command: "campaign", input: path.resolve(input), output: out, version: model.version, experimentId: model.experimentId, threshold: model.threshold });
      const reportFile = saveScoringReport(ws.scoringDir, report);
      if (options.json) process.stdout.write(`${JSON.stringify({ version: model.version, out, scoringReport: reportFile, ...run.result }, null, 2)}\n`);
      else process.stdout.write(`wrote ${out}\n${describeCampaign(run.result, model.version)}${reportSummary(report, reportFile)}`);
      process.stderr.write(reportWarnings(report));
      if (options.strict && report.alerts.length > 0) throw new CliError(`--strict: ${report.alerts.length} population stability ${report.alerts.length === 1 ? "index exceeds" : "indices exceed"} 0.25 (see ${reportFile})`);
    });

  const candidates = program.command("candidates").description("publish scored candidate files for GET /api/campaign, or list them");
  candidates
    .command("publish")
    .description("publish a predictions CSV (the output of `pushlab predict`) as a named candidates set")
    .argument("<predictions>", "a CSV with user_id, variant_id, product_type and purchase_probability")
    .option("--name <name>", "the set's name: letters, digits, - and _ (default: the file's base name)")
    .option("--version <version>", "the version that scored it (default: the one its scoring report names)")
    .action((file: string, options: { name?: string; version?: string }) => {
      const ws = resolveWorkspace();
      let version = options.version;
      if (version === undefined) {
        const report = scoringReportPath(file);
        if (!fs.existsSync(report)) throw new CliError(`${path.resolve(file)}: no scoring report beside it (${report}) to say which version scored it: give --version`);
        version = (JSON.parse(fs.readFileSync(report, "utf8")) as { version: string }).version;
      }
      if (!isValidVersion(version) || !listVersions(ws.registryDir).versions.some((v) => v.version === version)) throw new CliError(`no version '${String(version).slice(0, 60)}' in the registry`);
      const name = options.name ?? defaultCandidatesName(file);
      const rows = readScoredCandidates(file);
      let set;
      try {
        set = publishCandidates(ws.candidatesDir, name, rows, { version, source: path.resolve(file) });
      } catch (error) {
        if (error instanceof RangeError) throw new CliError(`--name: ${error.message}`);
        throw error;
      }
      process.stdout.write(`published '${set.name}': ${set.rows.toLocaleString("en-US")} scored rows, ${set.productTypes.length} product types, scored by ${set.version}; GET /api/campaign?candidates=${set.name}&product_type=…&budget=…\n`);
    });
  candidates
    .command("list")
    .description("the published candidates sets")
    .action(() => {
      const sets = listCandidateSets(resolveWorkspace().candidatesDir);
      process.stdout.write(
        sets.length === 0
          ? "no candidates published: `pushlab candidates publish FILE_predictions.csv`\n"
          : `${textTable(["name", "rows", "product types", "version", "published", "source"], sets.map((s) => [s.name, s.rows, s.productTypes.length, s.version, s.publishedAt.slice(0, 19).replace("T", " "), s.source]))}\n`,
      );
    });
}
