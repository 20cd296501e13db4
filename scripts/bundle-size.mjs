// Prints the gzip size of each asset in the release build (html, js, wasm, css) and fails
// when the total is over the budget. Usage: node scripts/bundle-size.mjs [dist] [--json]
import { readdirSync, readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

// The product's budget (issues 3 and 7): 250,000 B gzip for html + js + wasm + css together.
// BENCHMARKS.md says where the bytes go and what keeps them down.
export const BUDGET_BYTES = 250_000;
const KINDS = ['.html', '.js', '.wasm', '.css'];

export function bundleSizes(dir) {
  const rows = readdirSync(dir)
    .filter((f) => KINDS.includes(extname(f)))
    .map((f) => {
      const raw = readFileSync(join(dir, f));
      return { file: f, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
    });
  const total = rows.reduce((sum, r) => sum + r.gzip, 0);
  return { rows, total };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  const { rows, total } = bundleSizes(dir);
  for (const kind of KINDS) {
    if (!rows.some((r) => extname(r.file) === kind)) {
      console.error(`bundle-size: no ${kind} file in ${dir}/ — is the build complete?`);
      process.exit(1);
    }
  }
  for (const r of rows) {
    console.log(`${r.file.padEnd(44)} ${String(r.raw).padStart(9)} B raw ${String(r.gzip).padStart(9)} B gzip`);
  }
  console.log(`${'total'.padEnd(44)} ${' '.repeat(15)} ${String(total).padStart(9)} B gzip (budget ${BUDGET_BYTES}, ${BUDGET_BYTES - total} B to spare)`);
  if (total > BUDGET_BYTES) {
    console.error(`bundle-size: ${total} B gzip is over the ${BUDGET_BYTES} B budget by ${total - BUDGET_BYTES} B (see BENCHMARKS.md)`);
    process.exit(1);
  }
}
