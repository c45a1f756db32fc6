import { describe, expect, it } from 'vitest';
import { isProtocolError } from '../errors.ts';
import { ctlError, ctlOk, ctlSuccess, decodeCtlResponse, encodeCtlResponse } from './envelope.ts';
import { Host, HostInventory } from './types.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('ctl v1 envelope', () => {
  it('writes ok, success and error exactly as CtlResponse does', () => {
    expect(text(encodeCtlResponse(ctlOk({ key: 'v' })))).toBe(
      '{"success":true,"message":"","response":{"key":"v"}}',
    );
    expect(text(encodeCtlResponse(ctlSuccess('successfully put label')))).toBe(
      '{"success":true,"message":"successfully put label"}',
    );
    expect(text(encodeCtlResponse(ctlError('unsupported subject')))).toBe(
      '{"success":false,"message":"unsupported subject"}',
    );
  });

  it('puts the response in wire order when given its schema', () => {
    const bytes = encodeCtlResponse(ctlOk({ version: '1.9.2', id: 'N', uptime_seconds: 1 }), Host);
    expect(text(bytes)).toBe(
      '{"success":true,"message":"","response":{"friendly_name":"","id":"N","labels":{},"lattice":"","uptime_seconds":1,"version":"1.9.2"}}',
    );
  });

  it('decodes a typed response, an absent one and a null one', () => {
    const inv = decodeCtlResponse(
      '{"success":true,"message":"","response":{"actors":[],"providers":[]}}',
      HostInventory,
    );
    expect(inv.response?.components).toEqual([]);
    expect(decodeCtlResponse('{"success":true,"message":"ok"}', Host)).toEqual({
      success: true,
      message: 'ok',
    });
    expect(decodeCtlResponse('{"success":true,"message":"","response":null}')).toEqual({
      success: true,
      message: '',
    });
  });

  it("reads the host's last-resort error shape", () => {
    expect(decodeCtlResponse('{"success":false,"error":"boom"}')).toEqual({
      success: false,
      message: 'boom',
    });
  });

  it('throws malformed for a wrong envelope or response', () => {
    for (const bad of ['{"message":"x"}', '{"success":"yes","message":""}', '[]', 'null', '']) {
      expect(() => decodeCtlResponse(bad)).toThrow(expect.objectContaining({ code: 'malformed' }));
    }
    try {
      decodeCtlResponse(
        '{"success":true,"message":"","response":{"components":"x","providers":[]}}',
        HostInventory,
      );
      expect.unreachable();
    } catch (error) {
      expect(isProtocolError(error, 'malformed')).toBe(true);
      expect((error as Error).message).toContain('response.components');
    }
  });
});
