'use strict';
// Firefox-shaped HARs: Firefox ESR driven by puppeteer-core over WebDriver BiDi (no geckodriver).
// BiDi's network.beforeRequestSent / responseStarted / responseCompleted / fetchError events show preflights as
// their own OPTIONS requests (no initiator link), and an actual request whose preflight failed only as a fetchError
// without a response. The HAR written here follows Firefox DevTools' export: no _resourceType/_initiator, the
// request that was never sent is absent, log.creator.name "Firefox". Firefox reports no Chromium CORS names.
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const { closeBrowser } = require('./browser');
const { stepsOf } = require('./capture');

const FIREFOX = process.env.WHY405_FIREFOX || '/usr/bin/firefox-esr';
const SETTLE_TIMEOUT_MS = 10000;
const FETCH_TIMEOUT_MS = 10000;
const EVENTS = ['network.beforeRequestSent', 'network.responseStarted', 'network.responseCompleted', 'network.fetchError'];

function bidiHeaders(list) {
  return (list || []).map((h) => ({ name: h.name, value: h.value && h.value.type === 'base64' ? Buffer.from(h.value.value, 'base64').toString('latin1') : (h.value ? h.value.value : '') }));
}

function headerValue(arr, name) {
  const h = arr.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return h ? h.value : undefined;
}

function parseQuery(url) {
  const q = url.indexOf('?');
  if (q === -1) return [];
  return url.slice(q + 1).split('#')[0].split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    return i === -1 ? { name: p, value: '' } : { name: p.slice(0, i), value: p.slice(i + 1) };
  });
}

const r2 = (x) => Math.max(0, Math.round(x));

class FirefoxCapture {
  static available() {
    return fs.existsSync(FIREFOX);
  }

  static async launch({ tmpDir }) {
    const userDataDir = fs.mkdtempSync(path.join(tmpDir, 'firefox-profile-'));
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir, timeout: 60000, protocolTimeout: 30000 });
    const cap = new FirefoxCapture();
    cap.browser = browser;
    const v = await browser.version(); // "firefox/153.7.0esr"
    cap.version = (v.split('/')[1] || v).replace(/esr$/, '');
    cap.conn = browser.connection;
    cap.listeners = new Set();
    for (const name of EVENTS) cap.conn.on(name, (p) => { for (const l of cap.listeners) l(name, p); });
    await cap.conn.send('session.subscribe', { events: ['network'] });
    try {
      const r = await cap.conn.send('network.addDataCollector', { dataTypes: ['response'], maxEncodedDataSize: 1 << 20 });
      cap.collector = r.result && r.result.collector;
    } catch {
      cap.collector = null; // older BiDi: no response bodies
    }
    return cap;
  }

  async close() {
    const b = this.browser;
    this.browser = null;
    await closeBrowser(b);
  }

  async capture(scenario, originUrl) {
    const steps = stepsOf(scenario);
    const page = await this.browser.newPage();
    const reqs = new Map(); // request id → {hops: [{before, response, completed}], error, seq}
    let seq = 0;
    let recording = false;
    let wake = () => {};
    const listener = (name, p) => {
      if (!recording) return;
      const url = p.request.url;
      if (url.startsWith(originUrl) || url.startsWith('data:')) return;
      const id = p.request.request;
      let r = reqs.get(id);
      if (!r) {
        r = { id, hops: [], error: null, seq: seq++ };
        reqs.set(id, r);
      }
      if (name === 'network.beforeRequestSent') r.hops[p.redirectCount] = { before: p, response: null, completed: null };
      const hop = r.hops[p.redirectCount] || (r.hops[p.redirectCount] = { before: p, response: null, completed: null });
      if (name === 'network.responseStarted') hop.response = p;
      if (name === 'network.responseCompleted') hop.completed = p;
      if (name === 'network.fetchError') r.error = p;
      wake();
    };
    this.listeners.add(listener);
    try {
      await page.goto(originUrl + '/', { waitUntil: 'load', timeout: 15000 });
      if (scenario.request.cookie) {
        const target = new URL(steps[steps.length - 1].url);
        for (const pair of scenario.request.cookie.split(';')) {
          const i = pair.indexOf('=');
          if (i > 0) await page.setCookie({ name: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim(), url: target.origin + '/' });
        }
      }
      recording = true;
      const results = await page.evaluate((s, t) => window.labRun(s, t), steps, FETCH_TIMEOUT_MS);
      const terminal = (r) => r.error || (r.hops.length && r.hops[r.hops.length - 1].completed &&
        !/^3\d\d$/.test(String(r.hops[r.hops.length - 1].completed.response.status)));
      const seen = (st) => [...reqs.values()].some((r) => r.hops[0] && r.hops[0].before.request.url === st.url && r.hops[0].before.request.method === st.init.method);
      const settled = () => steps.every(seen) && [...reqs.values()].every(terminal);
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('Firefox: timed out waiting for the network events')), SETTLE_TIMEOUT_MS);
        wake = () => { if (settled()) { clearTimeout(timer); resolve(); } };
        wake();
      });
      recording = false;

      const bodies = new Map();
      if (this.collector) {
        for (const r of reqs.values()) {
          if (r.error) continue;
          try {
            const d = await this.conn.send('network.getData', { dataType: 'response', request: r.id, collector: this.collector });
            if (d.result && d.result.bytes) bodies.set(r.id, d.result.bytes);
          } catch {
            /* none */
          }
        }
      }
      const entries = [];
      for (const r of [...reqs.values()].sort((a, b) => a.seq - b.seq)) {
        r.hops.forEach((hop, i) => {
          const done = hop.completed || hop.response;
          if (!done) return; // never answered (the actual request behind a failed preflight): Firefox lists nothing
          const last = i === r.hops.length - 1;
          entries.push(this.entry(hop, done, last ? bodies.get(r.id) : null, steps));
        });
      }
      // Firefox's export lists requests by start time.
      entries.sort((a, b) => (a.startedDateTime < b.startedDateTime ? -1 : a.startedDateTime > b.startedDateTime ? 1 : 0));
      const har = {
        log: {
          version: '1.2',
          creator: { name: 'Firefox', version: this.version },
          browser: { name: 'Firefox', version: this.version },
          pages: [{ id: 'page_1', pageTimings: { onContentLoad: -1, onLoad: -1 }, startedDateTime: entries.length ? entries[0].startedDateTime : new Date().toISOString(), title: originUrl + '/' }],
          entries,
        },
      };
      return { har, js: results[results.length - 1], jsBefore: results.slice(0, -1) };
    } finally {
      this.listeners.delete(listener);
      await page.close().catch(() => {});
    }
  }

  entry(hop, done, body, steps) {
    const rq = done.request;
    const rs = done.response;
    const reqHeaders = bidiHeaders(rq.headers);
    const resHeaders = bidiHeaders(rs.headers);
    const t = rq.timings;
    const step = steps.find((s) => s.url === rq.url && s.init.method === rq.method);
    const postText = step && step.init.body !== undefined && rq.method !== 'GET' ? String(step.init.body) : null;
    const start = t.requestTime || hop.before.timestamp;
    const timings = {
      blocked: t.fetchStart && t.dnsStart ? r2(t.dnsStart - t.requestTime) : 0,
      dns: t.dnsEnd && t.dnsStart ? r2(t.dnsEnd - t.dnsStart) : 0,
      connect: t.connectEnd && t.connectStart ? r2(t.connectEnd - t.connectStart) : 0,
      ssl: 0,
      send: 0,
      wait: t.responseStart && t.requestStart ? r2(t.responseStart - t.requestStart) : 0,
      receive: t.responseEnd && t.responseStart ? r2(t.responseEnd - t.responseStart) : 0,
    };
    const text = body ? (body.type === 'base64' ? Buffer.from(body.value, 'base64').toString('utf8') : body.value) : undefined;
    const content = { mimeType: headerValue(resHeaders, 'content-type') || rs.mimeType || '', size: rs.content ? rs.content.size : 0 };
    if (text !== undefined) {
      content.text = text;
      if (!content.size) content.size = Buffer.byteLength(text);
    }
    const request = {
      bodySize: postText ? Buffer.byteLength(postText) : 0,
      method: rq.method,
      url: rq.url,
      httpVersion: (rs.protocol || 'http/1.1').toUpperCase(),
      headers: reqHeaders,
      cookies: (rq.cookies || []).map((c) => ({ name: c.name, value: c.value.value })),
      queryString: parseQuery(rq.url),
      headersSize: rq.headersSize || -1,
    };
    if (postText) request.postData = { mimeType: headerValue(reqHeaders, 'content-type') || '', params: [], text: postText };
    return {
      pageref: 'page_1',
      startedDateTime: new Date(start).toISOString(),
      request,
      response: {
        status: rs.status,
        statusText: rs.statusText,
        httpVersion: (rs.protocol || 'http/1.1').toUpperCase(),
        headers: resHeaders,
        cookies: [],
        content,
        redirectURL: headerValue(resHeaders, 'location') || '',
        headersSize: rs.headersSize || -1,
        bodySize: rs.bodySize !== undefined && rs.bodySize !== null ? rs.bodySize : -1,
      },
      cache: {},
      timings,
      time: Object.values(timings).reduce((a, b) => a + Math.max(b, 0), 0),
      serverIPAddress: '127.0.0.1',
      connection: new URL(rq.url).port || '80',
    };
  }
}

module.exports = { FirefoxCapture };
