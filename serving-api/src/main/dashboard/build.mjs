// Bundles the dashboard (plain JavaScript, echarts imported from npm) into one minified script next to the page and
// its stylesheet, in the directory given as the first argument (Maven passes target/classes/assets/dashboard, so
// the page ships inside serving-api's jar and AssetServlet serves it at /dashboard/).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const out = resolve(process.argv[2] ?? 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({ entryPoints: ['src/main.js'], bundle: true, minify: true, format: 'iife', target: 'es2020',
  legalComments: 'none', logLevel: 'warning', outfile: `${out}/dashboard.js` });
for (const file of ['index.html', 'dashboard.css']) {
  copyFileSync(`src/${file}`, `${out}/${file}`);
}
console.log(`dashboard bundled into ${out}`);
