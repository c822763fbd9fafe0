// Build time: the one manifest source, transformed per browser.
// Chrome: a module service worker. Firefox: module background scripts plus
// the gecko settings web-ext lint asks for. (Run time: chrome.js, firefox.js.)

export const GECKO_ID = 'why405@why405.dev';

export function manifestFor(browser, source) {
  const m = structuredClone(source);
  const worker = source.background?.service_worker;
  if (browser === 'chrome') {
    m.background = { service_worker: worker, type: 'module' };
    delete m.browser_specific_settings;
  } else if (browser === 'firefox') {
    m.background = { scripts: [worker], type: 'module' };
    m.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        data_collection_permissions: { required: ['none'] },
      },
    };
  } else {
    throw new Error(`unknown browser ${browser}`);
  }
  return m;
}
