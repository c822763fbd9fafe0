// Shared by extension/scripts/package.mjs and www/build.mjs.

/** `--name value` pairs from the command line, as an object. */
export function parseArgs(argv) {
  return Object.fromEntries(argv.reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
}

/**
 * Yew links a raw-HTML path (VRaw, `Html::from_html_unchecked`) that sets
 * innerHTML; why405 never renders raw HTML, so the sink is removed from the
 * generated wasm-bindgen glue rather than shipped (web-ext lint flags it, and
 * the web page's CSP story is simpler without it).
 */
export function withoutInnerHtml(glue, who) {
  const out = glue.replace(/(\w+)\.innerHTML = getStringFromWasm0\(\w+, \w+\);/g, "throw new Error('why405: raw HTML rendering is disabled');");
  if (/innerHTML\s*=/.test(out)) throw new Error(`${who}: an innerHTML assignment is left in the wasm-bindgen glue`);
  return out;
}
