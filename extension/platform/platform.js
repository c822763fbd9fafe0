// Run time: the one place where Chrome and Firefox differ. Everything else
// calls these functions.
//
// - Firefox has `browser.*` with promises; Chrome has `chrome.*` with
//   callbacks (Firefox also offers `chrome.*`, so `browser` is tested first).
// - Theme names: Chrome says "default"/"dark", Firefox "light"/"dark".
// - Firefox omits a request whose preflight failed; the core recovers it
//   from the orphan preflight, so nothing here has to.

const browserApi = globalThis.browser;
const chromeApi = globalThis.chrome;
const api = browserApi?.devtools ? browserApi : chromeApi;

export const isFirefox = Boolean(browserApi?.runtime?.getBrowserInfo);
export const devtools = api?.devtools;

/** True inside DevTools (devtools page or panel), false in a plain tab. */
export function inDevtools() {
  return Boolean(devtools?.inspectedWindow);
}

function promisify(fn, ...args) {
  return new Promise((resolve, reject) => {
    try {
      const r = fn(...args, (v) => resolve(v));
      if (r && typeof r.then === 'function') r.then(resolve, reject);
    } catch (e) {
      reject(e);
    }
  });
}

export function createPanel(title, icon, page) {
  return promisify(devtools.panels.create.bind(devtools.panels), title, icon, page);
}

/** The HAR of what DevTools recorded so far: {entries: [...]}. */
export async function getHAR() {
  if (!devtools?.network?.getHAR) return { entries: [] };
  const har = await promisify(devtools.network.getHAR.bind(devtools.network));
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

/** The response body of a finished request, or null. */
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
      const r = request.getContent((content, encoding) => finish({ content, encoding }));
      if (r && typeof r.then === 'function') {
        r.then((v) => finish(Array.isArray(v) ? { content: v[0], encoding: v[1] } : { content: v }), () => finish(null));
      }
    } catch {
      finish(null);
    }
    setTimeout(() => finish(null), 1000);
  });
}

export function reloadInspected() {
  if (!devtools?.inspectedWindow?.reload) return false;
  devtools.inspectedWindow.reload({ ignoreCache: false });
  return true;
}

/** "dark" or "light". */
export function themeName() {
  const t = devtools?.panels?.themeName;
  if (t) return t === 'dark' ? 'dark' : 'light';
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function onThemeChanged(fn) {
  const panels = devtools?.panels;
  const wrap = (t) => fn(t === 'dark' ? 'dark' : 'light');
  if (panels?.onThemeChanged?.addListener) panels.onThemeChanged.addListener(wrap);
  else if (typeof panels?.setThemeChangeHandler === 'function') panels.setThemeChangeHandler(wrap);
}
