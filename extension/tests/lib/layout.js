// Measuring the panel's layout in its frame (getBoundingClientRect), shared by the extension's
// e2e-widths.js and the web page's www/tests/widths.mjs (the page shares the panel's stylesheet). The
// functions named *InPage run in the page (frame.evaluate(fn)); checkRows asserts on what measureRows saw.
'use strict';

const assert = require('node:assert/strict');

/** Every row's cells, measured: what is visible, what overflows. Runs in the panel's frame. */
function measureRowsInPage() {
  const rect = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, width: r.width, height: r.height };
  };
  const list = document.querySelector('.list');
  const rows = [...document.querySelectorAll('.row')].map((row) => {
    const cell = (f) => row.querySelector(`[data-field=${f}]`);
    const clipped = (el) => (el ? el.scrollWidth > el.clientWidth + 1 : false);
    const badge = cell('cause').querySelector('.badge');
    return {
      text: row.textContent,
      row: rect(row),
      method: { box: rect(cell('method')), clipped: clipped(cell('method')), text: cell('method').textContent },
      path: {
        box: rect(cell('path')),
        tail: rect(cell('path').querySelector('.p-tail')),
        tailClipped: clipped(cell('path').querySelector('.p-tail')),
        tailText: cell('path').querySelector('.p-tail').textContent,
        title: cell('path').title,
      },
      status: { box: rect(cell('status')), clipped: clipped(cell('status')), text: cell('status').firstChild?.textContent },
      tags: [...cell('status').querySelectorAll('.pf-tag, .cors-tag')].map((t) => ({ text: t.textContent, box: rect(t) })),
      cause: { box: rect(badge), label: badge.textContent, title: badge.title, bg: getComputedStyle(badge).backgroundColor },
    };
  });
  return {
    width: document.documentElement.clientWidth,
    list: rect(list),
    listOverflow: list.scrollWidth - list.clientWidth,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    rows,
  };
}

/** The row checks that hold at every width. */
function checkRows(m, where) {
  assert.ok(m.rows.length >= 1, `${where}: rows`);
  assert.ok(m.listOverflow <= 0, `${where}: the list does not scroll sideways (${m.listOverflow} px)`);
  assert.ok(m.pageOverflow <= 0, `${where}: the panel does not scroll sideways (${m.pageOverflow} px)`);
  const inside = (box, row, what) => {
    assert.ok(box && box.width > 0 && box.height > 0, `${where}: ${what} is shown`);
    assert.ok(box.left >= row.left - 0.5 && box.right <= row.right + 0.5, `${where}: ${what} within its row ${JSON.stringify({ box, row })}`);
  };
  for (const r of m.rows) {
    const what = (x) => `${x} of "${r.text}"`;
    inside(r.method.box, r.row, what('method'));
    assert.ok(!r.method.clipped, what('method whole'));
    inside(r.path.box, r.row, what('path'));
    inside(r.path.tail, r.row, what('last path segment'));
    assert.ok(!r.path.tailClipped, `${where}: ${what('last segment')} is whole: ${r.path.tailText}`);
    inside(r.status.box, r.row, what('status'));
    assert.ok(!r.status.clipped, `${where}: ${what('status')} is not cut`);
    assert.match(r.status.text, /^\d{3}$|^no response$/, what('real status'));
    for (const t of r.tags) {
      assert.ok(t.box.left >= r.status.box.left - 0.5 && t.box.right <= r.status.box.right + 0.5, `${where}: tag ${t.text} within the status cell`);
    }
    inside(r.cause.box, r.row, what('cause'));
    assert.ok(r.cause.label.trim().length > 0 && r.cause.title === r.cause.label, `${where}: the cause has words (title and screen readers)`);
    assert.notEqual(r.cause.bg, 'rgba(0, 0, 0, 0)', `${where}: the cause is coloured`);
  }
}

/** Where the list and the detail are, and the Back control. */
function placementInPage() {
  const rect = (el) => {
    const r = el?.getBoundingClientRect();
    return r ? { left: r.left, right: r.right, top: r.top, width: r.width, height: r.height } : null;
  };
  const back = document.querySelector('[data-action=close-detail]');
  return {
    width: document.documentElement.clientWidth,
    list: rect(document.querySelector('.list-pane')),
    detail: rect(document.querySelector('.detail')),
    back: rect(back),
    backText: back?.innerText.trim(),
    // The accessible name: its text without what is hidden from screen readers.
    backName: (() => {
      const c = back?.cloneNode(true);
      c?.querySelectorAll('[aria-hidden=true]').forEach((e) => e.remove());
      return c?.textContent.replace(/\s+/g, ' ').trim();
    })(),
    focusInDetail: Boolean(document.activeElement?.closest('.detail')),
  };
}

/** Focus rings drawn in the panel: elements whose outline is visible. */
function ringsInPage() {
  return [...document.querySelectorAll('.why405, .why405 *')]
    .filter((el) => {
      const s = getComputedStyle(el);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    })
    .map((el) => el.className || el.tagName);
}

/** Header value pieces (.w: words ending at a separator or a space) broken across lines although they fit on one. */
function brokenPiecesInPage() {
  const bad = [];
  for (const w of document.querySelectorAll('.detail table.headers td .w, .detail .step-line .w, .detail .url .w')) {
    const box = w.getBoundingClientRect();
    const room = w.parentElement.closest('td, code, .url').getBoundingClientRect().width;
    const line = parseFloat(getComputedStyle(w).lineHeight) || parseFloat(getComputedStyle(w).fontSize) * 1.5;
    if (box.height > line * 1.5 && box.width < room - 2) bad.push(w.textContent);
  }
  return bad;
}

module.exports = { measureRowsInPage, checkRows, placementInPage, ringsInPage, brokenPiecesInPage };
