// Run time, Firefox: the `browser.*` extension APIs, with promises.
// extension/scripts/package.mjs ships this file as dist/firefox/platform.js;
// chrome.js exports the same functions for Chrome. Nothing else in the
// extension knows which browser it runs in.
//
// - Theme names: Firefox says "light" or "dark".
// - HAR entries carry no `_resourceType`/`_initiator`; a request whose
//   preflight failed is absent from the HAR (the core recovers it from the
//   orphan preflight, so nothing here has to).
// - The DevTools page runs apart from the panel: only onShown hands the
//   capture over (findCapture finds nothing).

const devtools = globalThis.browser?.devtools;

/** The inspected tab's id (undefined outside DevTools). */
export function inspectedTabId() {
  return devtools?.inspectedWindow?.tabId;
}

export function createPanel(title, icon, page) {
  return devtools.panels.create(title, icon, page);
}

/** The HAR of what DevTools recorded so far: {entries: [...]}. */
export async function getHAR() {
  if (!devtools?.network?.getHAR) return { entries: [] };
  const har = await devtools.network.getHAR();
  return har ?? { entries: [] };
}

export function onRequestFinished(fn) {
  devtools.network.onRequestFinished.addListener(fn);
}

export function offRequestFinished(fn) {
  devtools.network.onRequestFinished.removeListener(fn);
}

export function onNavigated(fn) {
  devtools.network.onNavigated.addListener(fn);
}

/** The response body of a finished request ({content, encoding}), or null (after 1 s at most). */
export function getContent(request) {
  if (typeof request?.getContent !== 'function') return Promise.resolve(null);
  return new Promise((resolve) => {
    let done = false;
    const finish = (v) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    try {
      Promise.resolve(request.getContent()).then(
        (v) => finish(Array.isArray(v) ? { content: v[0], encoding: v[1] } : { content: v }),
        () => finish(null),
      );
    } catch {
      finish(null);
    }
    setTimeout(() => finish(null), 1000);
  });
}

/**
 * Whether openResource can show a source line: `devtools.panels.openResource` exists only in newer Firefox
 * versions (feature-detected; without it the panel shows the initiator as plain text).
 */
export function canOpenResource() {
  return typeof devtools?.panels?.openResource === 'function';
}

/** Shows `url` at `line` (1-based) in the Debugger; lineNumber is 0-based as in Chrome's API. */
export function openResource(url, line) {
  if (!canOpenResource()) return false;
  Promise.resolve(devtools.panels.openResource(url, Math.max(0, line - 1))).catch(() => {});
  return true;
}

/** Reloads the inspected page; false outside DevTools. */
export function reloadInspected() {
  if (!devtools?.inspectedWindow?.reload) return false;
  devtools.inspectedWindow.reload({ ignoreCache: false });
  return true;
}

const theme = (t) => (t === 'dark' ? 'dark' : 'light');

/** "dark" or "light". */
export function themeName() {
  const t = devtools?.panels?.themeName;
  if (t) return theme(t);
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function onThemeChanged(fn) {
  devtools?.panels?.onThemeChanged?.addListener((t) => fn(theme(t)));
}

/** The background's install event. */
export function onInstalled(fn) {
  globalThis.browser.runtime.onInstalled.addListener(fn);
}

/** The DevTools page is not reachable from the panel in Firefox: onShown hands the capture over. */
export function findCapture(_tabId) {
  return null;
}

/**
 * Evaluates `expression` in the inspected page (the Probe action's fetches: the page's own Origin, no permission;
 * Firefox has no `permissions.request` in DevTools pages, so nothing else could be asked for at the click).
 * Resolves {result} or {error}; never rejects.
 */
export async function evalInInspected(expression) {
  if (!devtools?.inspectedWindow?.eval) return { error: 'no inspected page' };
  try {
    const [result, exception] = await devtools.inspectedWindow.eval(expression);
    if (exception && (exception.isError || exception.isException)) {
      return { error: String(exception.value ?? exception.description ?? exception.code ?? 'the page refused it') };
    }
    return { result };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}
