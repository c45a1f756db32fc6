export {
  DEFAULT_MAX_BYTES,
  type DecodeOptions,
  decodeJson,
  encodeJson,
  normalize,
  parseJson,
} from './json.ts';
export { decodeMsgpack, encodeMsgpack, parseMsgpack } from './msgpack.ts';
export { compareKeys, sortKeys } from './wire.ts';
