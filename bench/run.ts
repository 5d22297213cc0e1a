/**
 * `npm run bench`: speed and capacity figures, printed as a table and as JSON.
 * Each scenario exports `run…Bench(): Promise<{ name, figures }>`; pass names to run a subset.
 */
import { runApiBench } from './api-bench.js';
import { runBurstBench } from './burst-bench.js';
import { runCalendarBench } from './calendar-bench.js';
import { runLibraryBench } from './library-bench.js';
import { runMemorySoakBench } from './memory-soak.js';
import { runParseBench } from './parse-bench.js';
import { runPickupBench } from './pickup-bench.js';
import { runSweepBench } from './sweep-bench.js';

type Bench = () => Promise<{ name: string; figures: Record<string, number> }>;
const BENCHES: Record<string, Bench> = {
  parse: runParseBench,
  burst: runBurstBench,
  api: runApiBench,
  calendar: runCalendarBench,
  library: runLibraryBench,
  memory: runMemorySoakBench,
  pickup: runPickupBench,
  sweep: runSweepBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const results = [];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  results.push(await bench());
}
for (const r of results) {
  console.log(`\n${r.name}`);
  console.table(r.figures);
}
console.log(JSON.stringify({ benches: results }, null, 2));
