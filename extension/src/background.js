// The extension's background (a module service worker in Chrome, a module
// background script in Firefox). Capture lives in the DevTools page, never
// here: Chrome may stop an idle service worker at any time, and nothing may
// be lost when it does. Reserved for permissions asked at run time.
import { onInstalled } from './platform.js';

onInstalled(() => {});
