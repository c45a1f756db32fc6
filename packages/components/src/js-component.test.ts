import { existsSync } from 'node:fs';
import { componentWit } from '@bytecodealliance/jco';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildJsComponent, jsComponentHash } from './js-component.ts';
import { buildDir } from './paths.ts';
import { instantiateForTest, type TestInstance } from './testing.ts';

const text = new TextEncoder();
const str = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('JS handler component (jco componentize, QuickJS)', () => {
  let bytes: Uint8Array;
  let component: TestInstance;
  beforeAll(async () => {
    bytes = await buildJsComponent();
    component = await instantiateForTest(bytes);
  }, 120_000);

  it('exports trellis:lattice/handler and imports logging and config', async () => {
    const wit = await componentWit(bytes);
    expect(wit).toContain('export trellis:lattice/handler@0.1.0;');
    expect(wit).toContain('import wasi:config/runtime@0.2.0-draft;');
  });

  it('is cached by source hash: a second build returns the same bytes', async () => {
    const again = await buildJsComponent();
    expect(Buffer.compare(again, bytes)).toBe(0);
    expect(existsSync(new URL(`js-handler-${await jsComponentHash()}.wasm`, buildDir))).toBe(true);
  });

  it('echoes, upper-cases UTF-8 and fails with err', () => {
    expect(str(component.handler.handle('echo', text.encode('hé')))).toBe('hé');
    expect(str(component.handler.handle('upper', text.encode('grüße')))).toBe('GRÜSSE');
    expect(() => component.handler.handle('fail', text.encode('nope'))).toThrow('nope');
    expect(() => component.handler.handle('what', new Uint8Array())).toThrow('unknown operation: what');
  });

  it('reads config and logs', () => {
    component.config.color = 'blue';
    expect(str(component.handler.handle('config', text.encode('color')))).toBe('blue');
    expect(() => component.handler.handle('config', text.encode('size'))).toThrow('config key not set');
    expect(JSON.parse(str(component.handler.handle('config-all', new Uint8Array())))).toEqual({
      color: 'blue',
    });
    component.handler.handle('log', text.encode('from js'));
    expect(component.logs).toContainEqual({ level: 'info', context: 'js-handler', message: 'from js' });
  });
});
