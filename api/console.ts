import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { projectRoot } from '../config';
import { PUBLIC } from '../domain/access';

export const consoleDir = path.join(projectRoot, 'dist', 'console');

/**
 * The web console (console/, built by Vite into dist/console) served under /console/: its files
 * are public, every piece of data goes through the API with the signed-in person's token. Any
 * other path under /console/ is a page of the single-page app and gets its index.html.
 */
export async function serveConsole(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(consoleDir, 'index.html'))) {
    app.log.warn(`the console is not built (${consoleDir}); run npm run build`);
    return;
  }
  await app.register(fastifyStatic, { root: consoleDir, prefix: '/console/', wildcard: false, index: false, preCompressed: true, maxAge: '1h', immutable: false });
  const page = { schema: { hide: true }, config: { access: PUBLIC } };
  const index = (_req: unknown, reply: { header: (k: string, v: string) => unknown; sendFile: (f: string, o?: object) => unknown }) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { maxAge: 0 });
  };
  app.get('/console', page, index);
  app.get('/console/', page, index);
  app.get('/console/*', page, index);
  app.get('/', page, (_req, reply) => reply.redirect('/console/'));
}
