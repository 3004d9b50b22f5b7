import { Command, CommanderError } from "commander";
import { CliError } from "./errors";
import { DataError } from "../../lib/data/errors";
import { UnknownExperimentError } from "../../lib/experiments/results/results-store";
import { RegistryError } from "../../lib/registry/registry";
import { ConfigError } from "../../lib/workspace";
import { registerCampaignCommands } from "./commands/campaign";
import { registerDataCommands } from "./commands/data";
import { registerExperimentCommands } from "./commands/experiments";
import { registerRegistryCommands } from "./commands/registry";
import { registerPathCommand } from "./commands/path";
import { registerReportCommand } from "./commands/report";
import { registerServeCommand } from "./commands/serve";



export function buildProgram(): Command {
  const program = new Command();
  program
    .name("pushlab")
    .description("Find, compare and select the push-notification model; score customers with it.")
    .showHelpAfterError()
    .exitOverride();
  registerDataCommands(program);
  registerExperimentCommands(program);
  registerRegistryCommands(program);
  registerCampaignCommands(program);
  registerPathCommand(program);
  registerReportCommand(program);
  registerServeCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode;
    }
    if (error instanceof DataError || error instanceof CliError || error instanceof RegistryError || error instanceof UnknownExperimentError || error instanceof RangeError || error instanceof ConfigError) {
      process.stderr.write(`pushlab: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`pushlab: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}
