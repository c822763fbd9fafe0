// Run time, Chrome: the `chrome.*` extension APIs, with callbacks.
// extension/scripts/package.mjs ships this file as dist/chrome/platform.js;
// firefox.js exports the same functions for Firefox. Nothing else in the
// extension knows which browser it runs in.
//
// - Theme names: Chrome says "default" or "dark".
// - The DevTools page is a sibling frame of the panel (findCapture).
// - A request blocked by CORS is in the HAR with `_error`; preflights have
//   `_resourceType: "preflight"` (the core reads both).

const devtools = globalThis.chrome?.devtools;

/** The inspected tab's id (undefined outside DevTools). */
export function inspectedTabId() {
  return devtools?.inspectedWindow?.tabId;
}

/** Calls `fn(...args, callback)`; resolves with the callback's value. */
function withCallback(fn, ...args) {
  return new Promise((resolve, reject) => {
    try {
      fn(...args, (v) => resolve(v));
    } catch (e) {
      reject(e);
    }
  });
}

export function createPanel(title, icon, page) {
  return withCallback(devtools.panels.create.bind(devtools.panels), title, icon, page);
}

/** The HAR of what DevTools recorded so far: {entries: [...]}. */
export async function getHAR() {
  if (!devtools?.network?.getHAR) return { entries: [] };
  const har = await withCallback(devtools.network.getHAR.bind(devtools.network));
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
      request.getContent((content, encoding) => finish({ content, encoding }));
    } catch {
      finish(null);
    }
    setTimeout(() => finish(null), 1000);
  });
}

/** Whether openResource can show a source line (chrome.devtools.panels.openResource, Chrome 38+). */
export function canOpenResource() {
  return typeof devtools?.panels?.openResource === 'function';
}

/** Shows `url` at `line` (1-based) in the Sources panel; Chrome's lineNumber is 0-based. */
export function openResource(url, line) {
  if (!canOpenResource()) return false;
  devtools.panels.openResource(url, Math.max(0, line - 1), () => {});
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
  const panels = devtools?.panels;
  if (typeof panels?.setThemeChangeHandler === 'function') panels.setThemeChangeHandler((t) => fn(theme(t)));
  else if (panels?.onThemeChanged?.addListener) panels.onThemeChanged.addListener((t) => fn(theme(t)));
}

/** The background's install event. */
export function onInstalled(fn) {
  globalThis.chrome.runtime.onInstalled.addListener(fn);
}

/**
 * The capture kept by the DevTools page of `tabId`, when the panel page was
 * reloaded while shown (DevTools undocked/redocked): the DevTools page is a
 * sibling frame of the panel in Chrome. Null when it cannot be reached.
 */
export function findCapture(tabId) {
  let frames;
  try {
    frames = window.parent === window ? [] : Array.from(window.parent.frames);
  } catch {
    return null;
  }
  for (const f of frames) {
    try {
      const c = f.why405Capture;
      if (c && (tabId === undefined || c.tabId === tabId)) return c;
    } catch {
      /* a cross-origin frame (DevTools itself) */
    }
  }
  return null;
}

/**
 * Evaluates `expression` in the inspected page's main world (the Probe action's fetches: the page's own Origin, no
 * permission). Resolves {result} or {error}; never rejects.
 */
export function evalInInspected(expression) {
  return new Promise((resolve) => {
    if (!devtools?.inspectedWindow?.eval) {
      resolve({ error: 'no inspected page' });
      return;
    }
    try {
      devtools.inspectedWindow.eval(expression, (result, exception) => {
        if (exception && (exception.isError || exception.isException)) {
          resolve({ error: String(exception.value ?? exception.description ?? exception.code ?? 'the page refused it') });
        } else resolve({ result });
      });
    } catch (e) {
      resolve({ error: String(e?.message ?? e) });
    }
  });
}
