// Bundles src/ into dist/ (ESM and a script-tag IIFE, both minified, plus .d.ts types) and fails the build when
// either bundle is above the size budget, min+gzip, without the player libraries (they are peer dependencies).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 12 * 1024;
const common = { entryPoints: ['src/index.ts'], bundle: true, minify: true, target: 'es2018', sourcemap: true,
  legalComments: 'none', logLevel: 'warning' };

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
await build({ ...common, format: 'esm', outfile: 'dist/ott-player-sdk.esm.js' });
await build({ ...common, format: 'iife', globalName: 'OttPlayerSdk', outfile: 'dist/ott-player-sdk.iife.js' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });

const sizes = {};
let over = [];
for (const name of ['ott-player-sdk.esm.js', 'ott-player-sdk.iife.js']) {
  const code = readFileSync(`dist/${name}`);
  const gzip = gzipSync(code, { level: 9 }).length;
  sizes[name] = { min_bytes: code.length, min_gzip_bytes: gzip };
  console.log(`player-sdk size: ${name} ${code.length} B min, ${gzip} B min+gzip (${(gzip / 1024).toFixed(2)} KB; budget ${BUDGET_BYTES / 1024} KB)`);
  if (gzip > BUDGET_BYTES) {
    over.push(`${name} is ${gzip} B min+gzip, over the ${BUDGET_BYTES} B budget`);
  }
}
writeFileSync('dist/size.json', JSON.stringify({ budget_bytes: BUDGET_BYTES, ...sizes }, null, 2) + '\n');
if (over.length) {
  console.error(`player-sdk size budget exceeded: ${over.join('; ')}`);
  process.exit(1);
}
