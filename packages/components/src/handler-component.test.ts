import { componentWit } from '@bytecodealliance/jco';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHandlerComponent } from './handler-component.ts';
import { instantiateForTest, type TestInstance } from './testing.ts';

const text = new TextEncoder();
const str = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('tiny WAT handler component', () => {
  let bytes: Uint8Array;
  let component: TestInstance;
  beforeAll(async () => {
    bytes = await buildHandlerComponent();
    component = await instantiateForTest(bytes);
  });

  it('is a component exporting trellis:lattice/handler and importing logging and config', async () => {
    const wit = await componentWit(bytes);
    expect(wit).toContain('export trellis:lattice/handler@0.1.0;');
    expect(wit).toContain('import wasi:logging/logging@0.1.0-draft;');
    expect(wit).toContain('import wasi:config/runtime@0.2.0-draft;');
  });

  it('echoes and upper-cases', () => {
    expect(str(component.handler.handle('echo', text.encode('hello')))).toBe('hello');
    expect(str(component.handler.handle('upper', text.encode('hello, wasm')))).toBe('HELLO, WASM');
    expect(component.handler.handle('echo', new Uint8Array())).toHaveLength(0);
  });

  it('returns err for fail, unknown operations and unset config', () => {
    expect(() => component.handler.handle('fail', text.encode('boom'))).toThrow('boom');
    expect(() => component.handler.handle('nope', new Uint8Array())).toThrow('unknown operation: nope');
    expect(() => component.handler.handle('config', text.encode('missing'))).toThrow('config key not set');
  });

  it('reads config and logs through its imports', () => {
    component.config.greeting = 'hi';
    expect(str(component.handler.handle('config', text.encode('greeting')))).toBe('hi');
    component.handler.handle('log', text.encode('a line'));
    expect(component.logs).toContainEqual({ level: 'info', context: 'handler', message: 'a line' });
  });

  it('spins for the asked milliseconds and reports its clock readings', () => {
    const out = component.handler.handle('spin', text.encode('5'));
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    expect(view.getBigUint64(8, true) - view.getBigUint64(0, true)).toBeGreaterThanOrEqual(5_000_000n);
  });

  it('traps on `trap`', async () => {
    const fresh = await instantiateForTest(bytes);
    expect(() => fresh.handler.handle('trap', new Uint8Array())).toThrow(WebAssembly.RuntimeError);
  });
});
