/**
 * mulberry32: a tiny seeded PRNG, so a fault schedule printed with its seed can be replayed exactly
 * (FAULT_SEED=<seed>). Not for anything that needs real randomness.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed to use: FAULT_SEED when set (a failure's printed seed), else a fresh one. */
export function faultSeed(env = process.env): number {
  const given = env.FAULT_SEED?.trim();
  if (given) {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new Error(`FAULT_SEED must be an integer 0..4294967295, not ${given}`);
    return seed;
  }
  return Math.floor(Math.random() * 0xffffffff);
}
