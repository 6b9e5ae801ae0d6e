/** Words too common to tell pages apart. */
const STOP_WORDS = new Set(
  "a an and are as at be but by for from has have how if in into is it its of on or so that the their then there these this to was were what when which who why will with".split(
    " ",
  ),
);

/** Lower-cased words of at least two letters or digits, stop words dropped. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2 && !STOP_WORDS.has(word));
}

export interface Bm25Document {
  id: string;
  words: readonly string[];
}

/**
 * Okapi BM25 (k1 = 1.2, b = 0.75, the usual defaults) over whole words. `score(query)` returns each
 * document with a positive score, best first; ties keep the documents' order, so a ranking is repeatable.
 */
export function createBm25(documents: readonly Bm25Document[], { k1 = 1.2, b = 0.75 } = {}) {
  const frequencies = documents.map((doc) => {
    const counts = new Map<string, number>();
    for (const word of doc.words) counts.set(word, (counts.get(word) ?? 0) + 1);
    return counts;
  });
  const documentFrequency = new Map<string, number>();
  for (const counts of frequencies) {
    for (const word of counts.keys()) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  }
  const total = documents.length;
  const averageLength = documents.reduce((sum, doc) => sum + doc.words.length, 0) / Math.max(total, 1);

  return {
    score(query: string): Array<{ id: string; score: number }> {
      const terms = [...new Set(wordsOf(query))];
      const scored = documents.map((doc, index) => {
        const counts = frequencies[index]!;
        let score = 0;
        for (const term of terms) {
          const tf = counts.get(term) ?? 0;
          if (tf === 0) continue;
          const df = documentFrequency.get(term) ?? 0;
          // The "+1" form of IDF stays positive even for a word most pages share.
          const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
          score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * doc.words.length) / averageLength));
        }
        return { id: doc.id, score, index };
      });
      return scored
        .filter((entry) => entry.score > 0)
        .sort((x, y) => y.score - x.score || x.index - y.index)
        .map(({ id, score }) => ({ id, score }));
    },
  };
}
