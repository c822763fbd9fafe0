// Shared by the extension's panel page (panel.js) and the standalone page
// (www/www.js): the message shown instead of a blank page when the wasm UI
// cannot start, and copying text to the clipboard.

/** Replaces the contents of `app` with a plain "could not start" message. */
export function fail(app, what, err, hint) {
  app.textContent = '';
  const box = document.createElement('div');
  box.className = 'boot-error';
  box.setAttribute('role', 'alert');
  const h = document.createElement('h1');
  h.textContent = 'why405 could not start';
  const p = document.createElement('p');
  p.textContent = `${what}: ${err?.message ?? err}. ${hint}`;
  box.append(h, p);
  app.append(box);
  console.error('why405:', what, err);
}

/** The selection-based copy (works where the async clipboard API is refused). */
function copyBySelection(text) {
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.append(ta);
  ta.select();
  let ok;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

/**
 * Copies `text`. DevTools panels are frames where `navigator.clipboard` is
 * often refused, so they try the selection first (`selectionFirst`); a page
 * tries the async API first and falls back to the selection.
 */
export function copyText(text, { selectionFirst = false } = {}) {
  if (selectionFirst) {
    if (!copyBySelection(text)) navigator.clipboard?.writeText(text).catch(() => {});
    return true;
  }
  if (navigator.clipboard?.writeText) {
    navigator.clipboard.writeText(text).catch(() => copyBySelection(text));
    return true;
  }
  return copyBySelection(text);
}
