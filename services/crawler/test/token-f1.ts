/**
 * Token F1 between an extraction and a reference text: words are maximal runs of Unicode letters and digits,
 * lower-cased, compared as multisets (a word counts as often as it occurs), so paragraph breaks and spacing do
 * not matter but every missing or extra word does. 1 means the same words, 0 none in common.
 */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== "");
}

export function tokenF1(candidate: string, reference: string): number {
  const got = tokens(candidate);
  const want = tokens(reference);
  if (got.length === 0 || want.length === 0) return got.length === want.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const token of want) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of got) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      common++;
      remaining.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / got.length;
  const recall = common / want.length;
  return (2 * precision * recall) / (precision + recall);
}
