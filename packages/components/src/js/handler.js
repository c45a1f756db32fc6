// The JavaScript handler: trellis:lattice/handler@0.1.0 built with `jco componentize --backend qjs`.
// QuickJS has no TextEncoder/TextDecoder, so UTF-8 is converted by hand below.
import { get, getAll } from 'wasi:config/runtime@0.2.0-draft';
import { log } from 'wasi:logging/logging@0.1.0-draft';

function encode(text) {
  const bytes = [];
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(bytes);
}

function decode(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    let c = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) c = (c << 6) | (bytes[i + k] & 63);
    text += String.fromCodePoint(c);
    i += n;
  }
  return text;
}

const operations = {
  echo: (payload) => payload,
  upper: (payload) => encode(decode(payload).toUpperCase()),
  fail: (payload) => {
    throw decode(payload);
  },
  log: (payload) => {
    log('info', 'js-handler', decode(payload));
    return payload;
  },
  config: (payload) => {
    const value = get(decode(payload));
    if (value == null) throw 'config key not set';
    return encode(value);
  },
  'config-all': () => encode(JSON.stringify(Object.fromEntries(getAll()))),
  json: (payload) => encode(JSON.stringify({ operation: 'json', received: decode(payload) })),
};

export const handler = {
  handle(operation, payload) {
    const run = operations[operation];
    if (!run) throw `unknown operation: ${operation}`;
    return run(payload);
  },
};
