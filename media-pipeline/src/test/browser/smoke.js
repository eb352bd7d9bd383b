// Manual playback smoke check (not run by Maven; the automated browser tests are still to come, see docs/media.md).
// Serve a folder holding origin/<title>/..., keys/<title>/hls (the raw 16-byte HLS key) and node_modules/
// (npm install hls.js dashjs playwright-core) on 127.0.0.1:8765, encode with
// --set keys.hls-key-uri=http://127.0.0.1:8765/keys/{titleId}/hls, put "<kid hex> <cenc key hex>" of the encrypted
// title in enc1.keys, then: node smoke.js CLEAR_TITLE ENC_TITLE   (needs Debian's chromium)
const { chromium } = require('playwright-core');
(async () => {
  const [clear, enc] = process.argv.slice(2);
  const [kid, key] = require('fs').readFileSync('enc1.keys', 'utf8').trim().split(' ');
  const wrong = '00112233445566778899aabbccddeeff';
  const cases = [
    ['clear HLS', `kind=hls&src=/origin/${clear}/master.m3u8`, true],
    ['clear DASH', `kind=dash&src=/origin/${clear}/manifest.mpd`, true],
    ['AES-128 HLS', `kind=hls&src=/origin/${enc}/master.m3u8`, true],
    ['Clear Key DASH', `kind=dash&src=/origin/${enc}/manifest.mpd&kid=${kid}&key=${key}`, true],
    ['Clear Key DASH, no key', `kind=dash&src=/origin/${enc}/manifest.mpd`, false],
    ['Clear Key DASH, wrong key', `kind=dash&src=/origin/${enc}/manifest.mpd&kid=${kid}&key=${wrong}`, false],
  ];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox',
    '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--autoplay-policy=no-user-gesture-required'] });
  let failed = 0;
  for (const [name, q, shouldPlay] of cases) {
    const page = await browser.newPage();
    await page.goto('http://127.0.0.1:8765/play.html?' + q);
    let t = 0, errs = [];
    for (let i = 0; i < 40 && t <= 3; i++) {
      await page.waitForTimeout(250);
      t = await page.evaluate(() => document.getElementById('v').currentTime);
      errs = await page.evaluate(() => window.errors);
    }
    const ok = (t > 3) === shouldPlay;
    failed += ok ? 0 : 1;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: currentTime=${t.toFixed(2)} ${errs.slice(0, 1).join('; ').slice(0, 160)}`);
    await page.close();
  }
  await browser.close();
  process.exit(failed ? 1 : 0);
})();
