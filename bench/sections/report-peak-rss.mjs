// `node --import ./bench/sections/report-peak-rss.mjs …`: when the process exits, writes its peak
// resident memory (MB, worker threads included) to the file named by VLM_BENCH_PEAK_RSS_FILE, so
// the bench can measure a whole CLI process from outside.
import { writeFileSync } from 'node:fs';

const file = process.env.VLM_BENCH_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS / 1024)));
