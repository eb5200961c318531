// The one way the benchmarks time things (issue 17, point 6), so a ratio means the same in every
// file:
// - peers are timed interleaved in one process (A B A B …, the order rotated each round), on the
//   same inputs, after a warm-up of each, so the JIT and the machine's load weigh on all alike;
// - cold figures are taken in fresh processes, also interleaved;
// - each figure is the median of at least three rounds with its spread (min–max), and a ratio is
//   taken per round (same moment, same load) and printed as its median and spread.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import os from 'node:os';

export const ROUNDS = Math.max(3, Number(process.env.QIVO_BENCH_ROUNDS ?? 7));

export interface Figure {
  /** Milliseconds per operation, one per round. */
  samples: number[];
  median: number;
  min: number;
  max: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function figure(samples: number[]): Figure {
  return { samples, median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Time of one call, in ms. */
export function timeOnce(fn: () => unknown): number {
  const start = nowMs();
  fn();
  return nowMs() - start;
}

export async function timeOnceAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = nowMs();
  await fn();
  return nowMs() - start;
}

export interface Case {
  name: string;
  /** One operation; `inner` of them are timed together and divided. */
  fn: () => unknown;
  /**
   * Runs before each operation, outside its timing (a fresh copy of the input, a garbage
   * collection); the case's operations are then timed one by one and their times summed.
   */
  before?: () => void;
}

/** Time of `inner` operations of a case, in ms. */
function timeCase(c: Case, inner: number): number {
  if (!c.before) {
    const start = nowMs();
    for (let i = 0; i < inner; i++) c.fn();
    return nowMs() - start;
  }
  let ms = 0;
  for (let i = 0; i < inner; i++) {
    c.before();
    ms += timeOnce(c.fn);
  }
  return ms;
}

/** Interleaved, in-process: each round runs every case once (`inner` operations), order rotated per round. */
export function interleave(cases: readonly Case[], options: { rounds?: number; inner?: number; warmup?: number } = {}): Record<string, Figure> {
  const rounds = Math.max(3, options.rounds ?? ROUNDS);
  const inner = options.inner ?? 1;
  for (const c of cases) timeCase(c, (options.warmup ?? 1) * inner);
  const samples: Record<string, number[]> = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + r) % cases.length]!;
      samples[c.name]!.push(timeCase(c, inner) / inner);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, figure(s)]));
}

export interface AsyncCase {
  name: string;
  fn: () => Promise<unknown>;
}

export async function interleaveAsync(cases: readonly AsyncCase[], options: { rounds?: number; warmup?: number } = {}): Promise<Record<string, Figure>> {
  const rounds = Math.max(3, options.rounds ?? ROUNDS);
  for (const c of cases) for (let i = 0; i < (options.warmup ?? 1); i++) await c.fn();
  const samples: Record<string, number[]> = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + r) % cases.length]!;
      samples[c.name]!.push(await timeOnceAsync(c.fn));
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, figure(s)]));
}

export interface ProcessCase {
  name: string;
  args: string[];
  options?: SpawnSyncOptions;
  /**
   * Read the figure from the child instead of the wall clock: the child prints one line
   * `BENCH_MS=<ms>` (e.g. the time of its start-up path measured inside it, without Node's own boot).
   */
  reported?: boolean;
}

/** Cold figures: each sample a fresh `node` process, the cases interleaved round by round. */
export function interleaveProcesses(cases: readonly ProcessCase[], options: { rounds?: number } = {}): Record<string, Figure> {
  const rounds = Math.max(3, options.rounds ?? ROUNDS);
  const samples: Record<string, number[]> = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + r) % cases.length]!;
      const start = nowMs();
      const result = spawnSync(process.execPath, c.args, { stdio: ['ignore', 'pipe', 'pipe'], ...c.options });
      const wall = nowMs() - start;
      if (result.status !== 0) throw new Error(`${c.name}: exited ${result.status}: ${String(result.stderr)}`);
      if (c.reported) {
        const match = /BENCH_MS=([\d.]+)/.exec(String(result.stdout));
        if (!match) throw new Error(`${c.name}: printed no BENCH_MS= line: ${String(result.stdout)}`);
        samples[c.name]!.push(Number(match[1]));
      } else {
        samples[c.name]!.push(wall);
      }
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, figure(s)]));
}

export function fmt(ms: number): string {
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 0)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}

export function spread(f: Figure): string {
  return `${fmt(f.median)} (${fmt(f.min)}–${fmt(f.max)})`;
}

/** Ratio ours/peer per round, as its median and spread. */
export function ratio(ours: Figure, peer: Figure): { median: number; min: number; max: number } {
  const n = Math.min(ours.samples.length, peer.samples.length);
  const per = Array.from({ length: n }, (_, i) => ours.samples[i]! / peer.samples[i]!);
  return { median: median(per), min: Math.min(...per), max: Math.max(...per) };
}

/** One line: what, ours, the peer or floor, and the ratio with its spread (and a target when there is one). */
export function printComparison(label: string, ours: Figure, peerName: string, peer: Figure, target?: string): void {
  const r = ratio(ours, peer);
  const goal = target ? `  [target ${target}]` : '';
  console.log(
    `${label}: ours ${spread(ours)} | ${peerName} ${spread(peer)} | ratio ${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)}), ${ours.samples.length} rounds${goal}`,
  );
}

/** A figure without a peer (still with its spread). */
export function printFigure(label: string, f: Figure, note = ''): void {
  console.log(`${label}: ${spread(f)}, ${f.samples.length} rounds${note ? `; ${note}` : ''}`);
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}
