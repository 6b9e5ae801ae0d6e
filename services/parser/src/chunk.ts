/** A contiguous span of the cleaned text: `text === source.slice(start, end)`. */
export interface Chunk {
  text: string;
  start: number;
  end: number;
  /** Word pieces including [CLS] and [SEP]. */
  tokens: number;
}

export interface ChunkOptions {
  /** Word pieces per chunk including the 2 special tokens (all-MiniLM-L6-v2 was trained at 256). */
  maxTokens?: number;
  /** Word pieces of trailing sentences repeated at the start of the next chunk. */
  overlapTokens?: number;
  /** Characters per chunk: a word the tokenizer maps to one [UNK] can be thousands of characters long. */
  maxChars?: number;
  /** Stop after this many chunks; the result says `truncated`. */
  maxChunks?: number;
  /** Word pieces of a text with special tokens, from the model's own tokenizer. */
  countTokens: (text: string) => number;
}

interface Unit {
  start: number;
  end: number;
  tokens: number; // without special tokens
}

const SPECIAL = 2;
const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Trimmed [start, end) of a span, or undefined when it is only whitespace. */
function trimSpan(text: string, start: number, end: number): [number, number] | undefined {
  while (start < end && /\s/.test(text[start] ?? "")) start++;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  return start < end ? [start, end] : undefined;
}

/** Split one over-long span into pieces that fit `budget`: at spaces, then (one huge "word") at code points. */
function* splitLong(text: string, start: number, end: number, limits: Limits, count: (t: string) => number) {
  let pieceStart = start;
  while (pieceStart < end) {
    // Largest prefix of the rest that fits, found by binary search over its length.
    let lo = pieceStart + 1;
    let hi = end;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (mid - pieceStart <= limits.chars && count(text.slice(pieceStart, mid)) - SPECIAL <= limits.tokens)
        lo = mid;
      else hi = mid - 1;
    }
    let cut = lo;
    if (cut < end) {
      const space = text.lastIndexOf(" ", cut);
      if (space > pieceStart) cut = space; // prefer a word boundary
      const code = text.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff && cut - 1 > pieceStart) cut--; // never split a surrogate pair
    }
    const span = trimSpan(text, pieceStart, cut);
    if (span) yield { start: span[0], end: span[1], tokens: count(text.slice(span[0], span[1])) - SPECIAL };
    pieceStart = cut;
  }
}

/** Sentences (and pieces of over-long ones) in order, computed lazily so a huge page costs only what is used. */
interface Limits {
  tokens: number; // without special tokens
  chars: number;
}

function* units(text: string, limits: Limits, count: (t: string) => number): Generator<Unit> {
  for (const segment of segmenter.segment(text)) {
    const span = trimSpan(text, segment.index, segment.index + segment.segment.length);
    if (!span) continue;
    const tokens = count(text.slice(span[0], span[1])) - SPECIAL;
    if (tokens <= limits.tokens && span[1] - span[0] <= limits.chars)
      yield { start: span[0], end: span[1], tokens };
    else yield* splitLong(text, span[0], span[1], limits, count);
  }
}

/**
 * Chunk cleaned text by sentence: whole sentences are packed while the chunk stays within `maxTokens` word
 * pieces (checked with the tokenizer on the final chunk text, since word pieces at a join can differ from
 * the sum); a sentence longer than a chunk is split at spaces. Each chunk after the first starts with the
 * previous chunk's last sentences up to `overlapTokens`, so context survives the cut. Chunks are contiguous
 * spans of `text`, so nothing between them is lost.
 */
export function chunkText(text: string, options: ChunkOptions): { chunks: Chunk[]; truncated: boolean } {
  const { maxTokens = 256, overlapTokens = 32, maxChars = 4000, countTokens } = options;
  const maxChunks = options.maxChunks ?? Number.POSITIVE_INFINITY;
  const budget = maxTokens - SPECIAL;
  const chunks: Chunk[] = [];
  let current: Unit[] = [];

  const emit = (group: Unit[]) => {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) return;
    const body = text.slice(first.start, last.end);
    chunks.push({ text: body, start: first.start, end: last.end, tokens: countTokens(body) });
  };
  const fits = (group: Unit[]) => {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) return true;
    const estimate = group.reduce((sum, unit) => sum + unit.tokens, 0);
    if (estimate > budget || last.end - first.start > maxChars) return false;
    return countTokens(text.slice(first.start, last.end)) <= maxTokens;
  };

  for (const unit of units(text, { tokens: budget, chars: maxChars }, countTokens)) {
    if (fits([...current, unit])) {
      current.push(unit);
      continue;
    }
    if (chunks.length >= maxChunks - 1) {
      emit(current);
      return { chunks, truncated: true };
    }
    emit(current);
    // Overlap: trailing sentences of the chunk just emitted, fewest first dropped until the new one fits.
    let overlap: Unit[] = [];
    let overlapSize = 0;
    for (let index = current.length - 1; index > 0; index--) {
      const candidate = current[index] as Unit;
      if (overlapSize + candidate.tokens > overlapTokens) break;
      overlap = [candidate, ...overlap];
      overlapSize += candidate.tokens;
    }
    while (overlap.length > 0 && !fits([...overlap, unit])) overlap = overlap.slice(1);
    current = [...overlap, unit];
  }
  emit(current);
  return { chunks, truncated: false };
}
