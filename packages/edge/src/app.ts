/**
 * The edge's hono app: settings from the bindings, CORS (off unless `CORS_ORIGINS` names origins), the body
 * size limit (413), bearer auth on `/v1/*`, every route, `/openapi.json`, and one error handler that turns
 * anything thrown into the JSON error body with its status. Stateless: nothing here holds a connection.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { bearerAuth } from './auth.ts';
import type { AppEnv } from './context.ts';
import { EdgeError, toEdgeError } from './errors.ts';
import { registerAuctions } from './routes/auctions.ts';
import { registerComponents } from './routes/components.ts';
import { registerConfig } from './routes/config.ts';
import { registerEvents } from './routes/events.ts';
import { registerHealth } from './routes/health.ts';
import { registerHosts } from './routes/hosts.ts';
import { registerInvoke } from './routes/invoke.ts';
import { registerLinks } from './routes/links.ts';
import { registerProviders } from './routes/providers.ts';
import { readSettings } from './settings.ts';

export const API_VERSION = '0.1.0';

/** The first validation issue as `a.b: message`, with the field path. */
function firstIssue(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }) {
  const issue = error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.');
  return { field, message: `${field}: ${issue?.message ?? 'invalid'}` };
}

export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const { field, message } = firstIssue(result.error);
      throw new EdgeError('invalid_request', message, { details: { field, target: result.target } });
    },
  });

  app.use('*', async (c, next) => {
    c.set('settings', readSettings(c.env));
    await next();
  });
  app.use('*', async (c, next) => {
    const origins = c.get('settings').corsOrigins;
    if (origins.length === 0) return next();
    return cors({
      origin: origins.includes('*') ? '*' : origins,
      allowHeaders: ['authorization', 'content-type', 'accept'],
      allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    })(c, next);
  });
  app.use('/v1/*', bearerAuth());
  app.use('/v1/*', async (c, next) => {
    const maxSize = c.get('settings').maxBodyBytes;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new EdgeError('payload_too_large', `request body over ${maxSize} bytes`);
      },
    })(c, next);
  });

  registerHealth(app);
  registerHosts(app);
  registerAuctions(app);
  registerComponents(app);
  registerProviders(app);
  registerLinks(app);
  registerConfig(app);
  registerInvoke(app);
  registerEvents(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Trellis edge',
      version: API_VERSION,
      description:
        'Operate a Trellis (wasmCloud-compatible) lattice over HTTP. Bearer tokens: scope read for GETs and ' +
        'events, admin for everything.',
    },
    security: [{ bearer: [] }],
  });

  app.notFound(() => new EdgeError('not_found', 'no such route').toResponse());
  app.onError((error) => {
    if (error instanceof HTTPException && !(error.cause instanceof EdgeError)) {
      const code =
        error.status === 413 ? 'payload_too_large' : error.status === 400 ? 'invalid_request' : 'internal';
      return new EdgeError(code, error.message || 'bad request', { cause: error }).toResponse();
    }
    return toEdgeError(error instanceof HTTPException ? error.cause : error).toResponse();
  });
  return app;
}
