// Bundles the dashboard (plain JavaScript, echarts imported from npm) into one minified script next to the page and
// its stylesheet, in the directory given as the first argument (Maven passes target/classes/assets/dashboard, so
// the page ships inside serving-api's jar and AssetServlet serves it at /dashboard/); the watch page likewise into
// the sibling directory watch/ (served at /watch/).
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

// the watch page (/watch/: sign in, browse, play with hls.js and the player SDK) beside it, in a sibling directory
// (assets/watch/ when Maven passes assets/dashboard): its own bundle, sharing src/api.js
const watch = resolve(out, '..', 'watch');
rmSync(watch, { recursive: true, force: true });
mkdirSync(watch, { recursive: true });
await build({ entryPoints: ['src/watch/watch.js'], bundle: true, minify: true, format: 'iife', target: 'es2020',
  legalComments: 'none', logLevel: 'warning', outfile: `${watch}/watch.js` });
for (const file of ['index.html', 'watch.css']) {
  copyFileSync(`src/watch/${file}`, `${watch}/${file}`);
}
console.log(`watch page bundled into ${watch}`);
