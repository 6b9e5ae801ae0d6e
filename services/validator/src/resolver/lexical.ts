/**
 * BM25 (k1 = 1.2, b = 0.75) of a query against a handful of short documents (the strategy descriptions):
 * the documented fallback when no embedding service answers. Tokens are lower-cased words with a crude
 * suffix strip ("crossing" → "cross", "averages" → "average") so inflections still meet.
 */
const STOP = new Set([
  "the",
  "a",
  "an",
  "of",
  "and",
  "or",
  "to",
  "in",
  "on",
  "when",
  "it",
  "its",
  "is",
  "be",
  "by",
  "for",
  "with",
  "at",
  "as",
  "this",
  "that",
  "than",
  "above",
  "below",
  "e",
  "g",
]);

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? [])
    .filter((t) => !STOP.has(t))
    .map((t) => t.replace(/(?:ing|es|s|ed)$/, "").replace(/(.)\1$/, "$1"))
    .filter((t) => t.length > 0);
}

export function bm25Scores(query: string, documents: string[], k1 = 1.2, b = 0.75): number[] {
  const docs = documents.map(tokenize);
  const avg = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, docs.length);
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...new Set(tokenize(query))];
  return docs.map((doc) => {
    let score = 0;
    for (const term of terms) {
      const n = df.get(term) ?? 0;
      if (n === 0) continue;
      const tf = doc.filter((t) => t === term).length;
      if (tf === 0) continue;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * doc.length) / avg));
    }
    return score;
  });
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
