// parse.mjs runs Mermaid's own parser over diagrams, for the lesson lint
// (internal/lessonlint). It reads a JSON array of diagram texts on standard input and writes a
// JSON array of the same length: null for a diagram Mermaid parses, else Mermaid's message
// ("Parse error on line N: ..."). Mermaid needs a DOM, so a jsdom window stands in for the
// browser's.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;
for (const k of ['Element', 'HTMLElement', 'SVGElement', 'Node', 'DOMParser', 'MutationObserver']) {
  if (globalThis[k] === undefined && window[k] !== undefined) globalThis[k] = window[k];
}

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const text of JSON.parse(input)) {
  try {
    await mermaid.parse(text);
    out.push(null);
  } catch (e) {
    out.push(String(e && e.message ? e.message : e));
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
