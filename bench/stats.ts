/** Timing helpers shared by the benches: warm up, then the median of several runs. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function timeMedian(fn: () => void, runs = 15, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  budget?: number;
  higherIsBetter?: boolean;
}
