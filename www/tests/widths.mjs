// The standalone page at 400 and 1,280 px (issue 14): it shares the panel's stylesheet (panel.css), so it gets the
// same layout as the extension's panel (extension/tests/e2e-widths.js; the measuring is in
// extension/tests/lib/layout.js): every row shows its method, path, status, cause and tags with nothing
// overflowing; the detail is over the list with a Back control (and Escape) at 400 px, beside it at 1,280 px.
//   node --test www/tests/widths.mjs      (after ./build.sh www)
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { fixture, launch, loadThroughInput, openPage } from './harness.mjs';

const require = createRequire(import.meta.url);
const { measureRowsInPage, checkRows, placementInPage } = require('../../extension/tests/lib/layout.js');

// A refused preflight (preflight and CORS tags), a catch-all OPTIONS, a method mismatch, a redirect.
const FIXTURES = ['express_secrets_bearer_put_preflight', 'slim_catchall_options_put_missing_route', 'flask_cors_put_get_only_route', 'express_post_redirect_302'];

let h;
before(async () => {
  h = await launch();
});
after(async () => {
  await h?.close();
});

for (const width of [400, 1280]) {
  test(`at ${width} px: the rows keep their columns; the detail is ${width < 720 ? 'over the list, with Back' : 'beside the list'}`, async () => {
    for (const name of FIXTURES) {
      const { page } = await openPage(h);
      await page.setViewport({ width, height: 800 });
      assert.equal(await loadThroughInput(page, fixture(name)), 'ready', name);
      await page.click('[data-action=filter-all]');
      await page.waitForSelector('[data-action=filter-all][aria-pressed=true]', { timeout: 5000 });
      const m = await page.evaluate(measureRowsInPage);
      assert.ok(Math.abs(m.width - width) <= 20, `${name}: the page is about ${width} px wide (${m.width})`);
      checkRows(m, `${name} at ${width} px`);
      for (const r of m.rows) {
        const dot = r.cause.box.width <= 12;
        assert.equal(dot, width < 640, `${name} at ${width} px: the cause is ${width < 640 ? 'a dot' : 'in words'}`);
      }
      await page.click('.row');
      await page.waitForSelector('.detail [data-field=summary]', { timeout: 5000 });
      const p = await page.evaluate(placementInPage);
      if (width < 720) {
        assert.equal(p.list.width, 0, `${name}: the detail covers the list`);
        assert.ok(p.back.width > 0 && p.backName === 'Back to the list', `${name}: a Back control: ${JSON.stringify(p)}`);
        assert.ok(p.focusInDetail, `${name}: the focus is in the detail`);
        await page.keyboard.press('Escape');
        await page.waitForFunction(() => !document.querySelector('.detail'), { timeout: 5000 });
        assert.ok((await page.evaluate(placementInPage)).list.width >= width - 20, `${name}: the list is back`);
      } else {
        assert.ok(p.list.width > 300 && p.detail.left >= p.list.right - 1, `${name}: the detail is beside the list: ${JSON.stringify(p)}`);
        checkRows(await page.evaluate(measureRowsInPage), `${name} at ${width} px, beside the detail`);
      }
      await page.close();
    }
  });
}
