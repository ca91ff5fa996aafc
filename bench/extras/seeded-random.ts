/** Reproducible pseudo-random integers (mulberry32), so every run pages at the same places. */
export function seededIntegers(seed: number, count: number, min: number, max: number): number[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return Array.from({ length: count }, () => min + Math.floor(next() * (max - min + 1)));
}
