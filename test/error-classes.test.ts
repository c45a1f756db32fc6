/** Every package's error class shares protocol's `TrellisError` base: one `instanceof` for any Trellis failure. */

import { ClientError, HostRefusedError, TransportError } from '@trellis/client';
import { HostError } from '@trellis/host';
import { ProtocolError, TrellisError } from '@trellis/protocol';
import { expect, it } from 'vitest';
import { CliError } from '../packages/cli/src/cli-error.ts';
import { EdgeError } from '../packages/edge/src/errors.ts';
import { RuntimeError } from '../packages/host/src/runtime/errors.ts';
import { SourceError } from '../packages/host/src/sources/errors.ts';

it('every error class is a TrellisError with its own name and code', () => {
  const errors = [
    new ProtocolError('malformed', 'm'),
    new ClientError('invalid_argument', 'm'),
    new TransportError('timeout', 'subject', 'm'),
    new HostRefusedError('subject', 'no'),
    new HostError('not_found', 'm'),
    new RuntimeError('trap', 'm'),
    new SourceError('io', 'm'),
    new CliError('usage', 'm'),
    new EdgeError('unauthorized', 'm'),
  ];
  for (const error of errors) {
    expect(error).toBeInstanceOf(TrellisError);
    expect(error.name).toBe(error.constructor.name);
    expect(typeof error.code).toBe('string');
  }
});
