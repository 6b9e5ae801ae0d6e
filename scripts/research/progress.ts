import type { ConceptView } from "./client.ts";

export interface StageCounts {
  discovered: number;
  crawled: number;
  parsed: number;
  failed: number;
  chunks: number;
  validated: string;
}

/** The four stages a person follows: discovered → crawled → parsed → validated. */
export function stagesOf(view: ConceptView | undefined, discovered: number): StageCounts {
  const c = view?.counts;
  return {
    discovered: Math.max(discovered, c?.total ?? 0),
    crawled: (c?.crawled ?? 0) + (c?.parsed ?? 0),
    parsed: c?.parsed ?? 0,
    failed: c?.failed ?? 0,
    chunks: view?.chunks_total ?? 0,
    validated: view?.validation?.status ?? "waiting",
  };
}

function bar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

function lines(s: StageCounts, status: string): string[] {
  const total = s.discovered;
  const failed = s.failed ? `, ${s.failed} failed` : "";
  const validatedDone = s.validated === "completed" || s.validated === "failed" ? 1 : 0;
  return [
    `  discovered ${bar(total, total)} ${total} sources`,
    `  crawled    ${bar(s.crawled + s.failed, total)} ${s.crawled}/${total}${failed}`,
    `  parsed     ${bar(s.parsed, total)} ${s.parsed}/${total}, ${s.chunks} chunks`,
    `  validated  ${bar(validatedDone, 1)} ${s.validated}   (status: ${status})`,
  ];
}

/**
 * Progress per stage. On a terminal: four bars redrawn in place. Otherwise (a pipe, a CI log): one plain line
 * each time something changes, so the log reads as a history.
 */
export class Progress {
  private drawn = 0;
  private last = "";

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly tty = Boolean(out.isTTY),
  ) {}

  update(stages: StageCounts, status: string): void {
    if (this.tty) {
      const text = lines(stages, status);
      if (this.drawn) this.out.write(`\x1b[${this.drawn}A`);
      this.out.write(text.map((line) => `\x1b[2K${line}\n`).join(""));
      this.drawn = text.length;
      return;
    }
    const line =
      `status ${status}: discovered ${stages.discovered}, crawled ${stages.crawled}, parsed ${stages.parsed}` +
      `${stages.failed ? `, failed ${stages.failed}` : ""}, chunks ${stages.chunks}, validation ${stages.validated}`;
    if (line !== this.last) this.out.write(`${line}\n`);
    this.last = line;
  }
}
