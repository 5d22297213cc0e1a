import { pathToFileURL } from 'node:url';
import { PHRASE_GROUPS, PHRASES, type PhraseCase } from '../test/unit/core/language/phrases.js';
import { runCase } from '../test/unit/core/language/run-case.js';

/**
 * Parse bench: throughput and latency of the scheduling language over the phrase table (every
 * form, many zones, DST edges, errors included), through the public API, after a warm-up and
 * excluding module load. Goal on the 2-core CI box: ≥ 20,000 phrases/s and p99 ≤ 200 µs.
 * `npx tsx bench/parse-bench.ts` prints a table and the JSON figures.
 */

const WARMUP_ROUNDS = 30;
const MEASURE_MS = 2000;

function timeOne(c: PhraseCase): number {
  const started = process.hrtime.bigint();
  runCase(c);
  return Number(process.hrtime.bigint() - started) / 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Runs the bench; figures are phrases/s and microseconds. */
export async function runParseBench(): Promise<{ name: string; figures: Record<string, number> }> {
  for (let i = 0; i < WARMUP_ROUNDS; i++) for (const c of PHRASES) runCase(c);

  let parsed = 0;
  const started = performance.now();
  while (performance.now() - started < MEASURE_MS) {
    for (const c of PHRASES) runCase(c);
    parsed += PHRASES.length;
  }
  const throughput = parsed / ((performance.now() - started) / 1000);

  const samples: number[] = [];
  const byGroup: Record<string, number> = {};
  for (let round = 0; round < 20; round++) {
    for (const [group, cases] of Object.entries(PHRASE_GROUPS)) {
      for (const c of cases) {
        const us = timeOne(c);
        samples.push(us);
        byGroup[group] = (byGroup[group] ?? 0) + us / (20 * cases.length);
      }
    }
  }
  samples.sort((a, b) => a - b);
  const figures: Record<string, number> = {
    phrases: PHRASES.length,
    phrasesPerSecond: Math.round(throughput),
    meanUs: round1(samples.reduce((a, b) => a + b, 0) / samples.length),
    p50Us: round1(percentile(samples, 0.5)),
    p99Us: round1(percentile(samples, 0.99)),
    maxUs: round1(samples.at(-1)!),
  };
  for (const [group, mean] of Object.entries(byGroup)) figures[`meanUs.${group}`] = round1(mean);
  return { name: 'parse', figures };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runParseBench();
  const width = Math.max(...Object.keys(result.figures).map((k) => k.length));
  console.log(`bench: ${result.name}`);
  for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(width)}  ${value}`);
  console.log(JSON.stringify(result));
}
