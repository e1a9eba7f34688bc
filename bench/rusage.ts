// Preloaded with `node --import` by the benchmark: writes this process's peak memory and CPU
// time to $BENCH_RUSAGE_FILE when it exits (worker threads are included: they share the process).
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }));
  });
}
