import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { MarketIndex } from "../../services/validator/src/data/market-index.ts";
import {
  describeStack,
  ROOT,
  readHealth,
  readLiveState,
  removeState,
  type Stack,
  startStack,
  writeState,
} from "../stack/index.ts";
import type { ResearchArgs } from "./args.ts";
import {
  type ConceptView,
  type EdgeAnswer,
  postConcept,
  readConcept,
  readReport,
  readSummary,
  type Summary,
} from "./client.ts";
import { formatSummary } from "./format.ts";
import { Progress, stagesOf } from "./progress.ts";

/** A run that ended without a report: the one sentence a person reads, and the exit code. */
export class ResearchFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface ResearchIo {
  /** Human-readable lines (stdout, or stderr with --json). */
  say: (line: string) => void;
  progressStream: NodeJS.WriteStream;
  /** The summary JSON with --json. */
  printJson: (text: string) => void;
  /** Lets the caller stop a stack we started when it is interrupted. */
  register: (stop: () => Promise<void>) => void;
  cwd: string;
}

const TERMINAL = new Set(["done", "partial", "failed"]);

/** Finished: the contract's terminal states, or (before those existed) every URL settled and validation over. */
function settled(view: ConceptView | undefined): boolean {
  if (!view) return false;
  if (TERMINAL.has(view.status)) return true;
  const c = view.counts;
  const v = view.validation?.status;
  return c.discovered + c.crawling + c.crawled === 0 && (v === "completed" || v === "failed");
}

/** Symbols asked for with --symbols must have prices before anything starts: never a silent substitute. */
function checkSymbols(args: ResearchArgs, marketDir: string): void {
  if (!args.symbols.length || process.env.DOWNLOAD_ENABLED === "true") return;
  const known = new Set(new MarketIndex(marketDir).symbols());
  const missing = args.symbols.filter((s) => !known.has(s));
  if (missing.length)
    throw new ResearchFailure(
      `No price data for ${missing.join(", ")} in ${marketDir}: put ${missing[0]}.csv (Date,Open,High,Low,Close,Adj Close,Volume) there or in a folder given with --market-dir, or set DOWNLOAD_ENABLED=true to let the validator download prices (needs internet); available: ${[...known].join(", ") || "none"}.`,
      2,
    );
}

async function reusable(dataDir: string, args: ResearchArgs): Promise<Stack | undefined> {
  const state = readLiveState(dataDir);
  if (!state) return undefined;
  // A second stack on the same data folder would fight the first over Redis's and qstash-local's files.
  if (state.sources !== args.sources || args.marketDir || !state.urls["edge-worker"])
    throw new ResearchFailure(
      `A stack started with --sources ${state.sources}${state.urls["edge-worker"] ? "" : " and no edge worker"} is already running on ${dataDir} (pid ${state.pid}): stop it, run with the same options${args.marketDir ? " and without --market-dir" : ""}, or set STACK_DATA_DIR to another folder.`,
      2,
    );
  const edge = await readHealth("edge-worker", state.urls["edge-worker"]!);
  const orchestrator = await readHealth("orchestrator", state.urls.orchestrator!);
  if (edge.status === "not answering" || orchestrator.status === "not answering")
    throw new ResearchFailure(
      `The stack running on ${dataDir} (pid ${state.pid}) does not answer (edge worker: ${edge.status}, orchestrator: ${orchestrator.status}): wait until it is up, stop it, or set STACK_DATA_DIR to another folder.`,
    );
  return {
    urls: state.urls,
    edgeUrl: state.urls["edge-worker"],
    orchestratorUrl: state.urls.orchestrator!,
    fixtureUrl: state.urls["fixture-web"],
    health: async () => [edge, orchestrator],
    listeners: () => [],
    stop: async () => {},
  };
}

/** Sentences from the edge worker's answer when discovery could not work, or undefined. */
function offline(answer: EdgeAnswer, args: ResearchArgs): string | undefined {
  const network = (answer.errors ?? []).filter((e) => e.kind === "network");
  if (args.sources !== "web" || answer.urls.length > 0 || network.length === 0) return undefined;
  return `No network: the web search providers could not be reached (${network[0]!.message}); run with --sources fixtures for the offline demonstration on the bundled pages.`;
}

/**
 * `pnpm research`: start (or reuse) the stack, post the concept, follow it stage by stage, fetch the summary and
 * the report, write them, print the summary. Throws ResearchFailure with one sentence when no report came.
 */
export async function research(args: ResearchArgs, io: ResearchIo): Promise<{ reportPath: string }> {
  const dataDir = resolve(ROOT, process.env.STACK_DATA_DIR ?? ".data");
  const marketDir = args.marketDir
    ? resolve(io.cwd, args.marketDir)
    : (process.env.MARKET_DATA_DIR ?? resolve(ROOT, "data/market"));
  if (!existsSync(marketDir))
    throw new ResearchFailure(`The market data folder ${marketDir} does not exist.`, 2);
  checkSymbols(args, marketDir);

  let stack = await reusable(dataDir, args);
  let ownStack = false;
  if (stack) io.say(`using the stack already running (edge worker ${stack.edgeUrl})`);
  else {
    io.say(`starting the pipeline (discovery: ${args.sources}; logs in ${resolve(dataDir, "logs")}) …`);
    stack = await startStack({
      dataDir,
      sources: args.sources,
      marketDir,
      output: { kind: "files", path: (name) => resolve(dataDir, "logs", `${name}.log`) },
      log: io.say,
      register: io.register,
    });
    ownStack = true;
    io.say(await describeStack(stack));
    writeState(dataDir, {
      pid: process.pid,
      sources: args.sources,
      urls: stack.urls,
      started_at: new Date().toISOString(),
    });
  }
  try {
    return await follow(stack, args, io);
  } finally {
    if (ownStack && !args.keepRunning) {
      await stack.stop();
      removeState(dataDir);
    }
  }
}

async function follow(stack: Stack, args: ResearchArgs, io: ResearchIo): Promise<{ reportPath: string }> {
  if (!stack.edgeUrl)
    throw new ResearchFailure("The edge worker is not running (EDGE=false), so nothing can be posted.");
  // --symbols reach the validator's resolver inside the concept: `$TICKER` always names a symbol.
  const concept = args.symbols.length
    ? `${args.concept} ${args.symbols.map((s) => `$${s}`).join(" ")}`
    : args.concept;
  const answer = await postConcept(stack.edgeUrl, concept);
  const noNetwork = offline(answer, args);
  if (noNetwork) throw new ResearchFailure(noNetwork, 3);
  io.say(
    `concept ${answer.concept_id}: ${answer.urls.length} sources found${answer.stored === 0 && answer.urls.length ? " (already queued earlier)" : ""}` +
      `${answer.errors?.length ? `; ${answer.errors.map((e) => `${e.provider}: ${e.message}`).join("; ")}` : ""}`,
  );

  const progress = new Progress(io.progressStream);
  const deadline = Date.now() + args.timeoutS * 1000;
  let view: ConceptView | undefined;
  for (;;) {
    view = await readConcept(stack.orchestratorUrl, answer.concept_id).catch(() => view);
    progress.update(stagesOf(view, answer.urls.length), view?.status ?? "waiting");
    if (settled(view)) break;
    if (Date.now() > deadline)
      throw new ResearchFailure(
        `The concept did not finish within ${args.timeoutS} s (status ${view?.status ?? "unknown"}); see the logs in ${resolve(ROOT, process.env.STACK_DATA_DIR ?? ".data", "logs")}.`,
      );
    await sleep(500);
  }
  if (view!.status === "failed" || view!.validation?.status === "failed") {
    const failures = view!.failures.slice(0, 3).map((f) => `${f.url}: ${f.reason}`);
    const reasons = view!.reasons?.length
      ? view!.reasons.join("; ")
      : (view!.validation?.reason ??
        view!.validation?.last_error ??
        (failures.join("; ") || "no reason given"));
    throw new ResearchFailure(`The research failed: ${withDataHint(reasons)}`);
  }

  let summary: Summary | undefined;
  let html: string | undefined;
  for (let i = 0; i < 60 && !(summary && html); i++) {
    summary ??= await readSummary(stack.orchestratorUrl, answer.concept_id);
    html ??= await readReport(stack.orchestratorUrl, answer.concept_id);
    if (!(summary && html)) await sleep(500);
  }
  if (!summary || !html)
    throw new ResearchFailure("The pipeline finished but its report was not ready within 30 s.");

  const outDir = resolve(
    io.cwd,
    args.out ?? resolve(ROOT, process.env.STACK_DATA_DIR ?? ".data", "reports", answer.concept_id),
  );
  mkdirSync(outDir, { recursive: true });
  const reportPath = resolve(outDir, "report.html");
  writeFileSync(reportPath, html);
  writeFileSync(resolve(outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  const shown = relative(io.cwd, reportPath);
  if (args.json) io.printJson(JSON.stringify(summary, null, 2));
  else io.say(formatSummary(summary, shown.startsWith("..") ? reportPath : shown));
  if (args.keepRunning && stack.supervisor)
    io.say(
      `\nthe stack keeps running: ${stack.edgeUrl} (POST / {"concept": …}), ${stack.orchestratorUrl}; Ctrl-C stops it`,
    );
  return { reportPath };
}

/** The validator's "no market data" reason, plus how to give it data from this command. */
function withDataHint(reason: string): string {
  return /no (market|price) data/i.test(reason) && !/--market-dir/.test(reason)
    ? `${reason} (put the CSV in data/market or a folder given with --market-dir, or set DOWNLOAD_ENABLED=true)`
    : reason;
}
