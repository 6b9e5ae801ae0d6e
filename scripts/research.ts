/**
 * `pnpm research "<concept>" [--sources web|fixtures] [--symbols SPY,…] [--market-dir DIR] [--out DIR]
 *  [--keep-running] [--json]`: the main job. Starts what is not already running (the same stack as
 * `pnpm start`; a running `pnpm start` with the same --sources is used as it is), posts the concept to the
 * edge worker, follows it stage by stage, prints a summary and writes report.html and summary.json
 * (to --out DIR, default .data/reports/<concept id>). Exit 0 when a report was written; otherwise one sentence
 * on stderr and exit 1 (the pipeline failed), 2 (bad input or missing price data) or 3 (no network).
 */
import { parseResearchArgs, USAGE, UsageError } from "./research/args.ts";
import { ApiError } from "./research/client.ts";
import { ResearchFailure, research } from "./research/run.ts";
import { stopOnSignals } from "./stack/index.ts";

/** Write and wait until the pipe took it: process.exit right after a large write would cut it (issue 10). */
export function writeFully(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((done) => {
    if (stream.write(text)) done();
    else stream.once("drain", done);
  });
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseResearchArgs>;
  try {
    args = parseResearchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`research: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  const human = args.json ? process.stderr : process.stdout;
  let stopStack = async () => {};
  stopOnSignals(async (reason) => {
    console.error(`research: stopping (${reason})`);
    await stopStack();
  });
  let json = "";
  try {
    await research(args, {
      say: (line) => human.write(`${line}\n`),
      progressStream: human,
      printJson: (text) => {
        json = `${text}\n`;
      },
      register: (stop) => {
        stopStack = stop;
      },
      cwd: process.env.INIT_CWD ?? process.cwd(),
    });
  } catch (error) {
    if (error instanceof ResearchFailure) {
      console.error(error.message);
      return error.exitCode;
    }
    if (error instanceof ApiError) {
      console.error(`The research stopped: ${error.message}.`);
      return 1;
    }
    throw error;
  }
  if (json) await writeFully(process.stdout, json);
  if (args.keepRunning) await new Promise(() => {});
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`research: ${error.message}`);
    process.exit(1);
  },
);
