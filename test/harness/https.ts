/**
 * A loopback HTTPS server for tests that fetch over HTTPS (the MTA-STS policy): listens on a
 * 127.0.0.0/8 address at a free port with a certificate from the test CA, and answers each path
 * per `Host:` header from a table. Never a real site: the client is pointed at it through its
 * own port/CA options.
 *
 * @example
 *   const srv = await startHttps({ host: '127.25.0.80', key, cert,
 *     routes: { 'mta-sts.example.test/.well-known/mta-sts.txt': { body: 'version: STSv1\n…' } } });
 */
import https from 'node:https';
import type net from 'node:net';

export interface HttpsRoute {
  status?: number;
  contentType?: string;
  body: string;
  /** Send the body one byte every `dripMs` milliseconds (a slow or hostile server). */
  dripMs?: number;
}

export interface HttpsServer {
  host: string;
  port: number;
  /** The requests seen, as `host/path`. */
  requests: string[];
  stop(): Promise<void>;
}

export async function startHttps(options: {
  host: string;
  key: string;
  cert: string;
  routes: Record<string, HttpsRoute>;
}): Promise<HttpsServer> {
  if (!options.host.startsWith('127.')) throw new Error('the HTTPS harness listens on loopback only');
  const requests: string[] = [];
  const server = https.createServer({ key: options.key, cert: options.cert }, (req, res) => {
    const key = `${String(req.headers.host ?? '').replace(/:\d+$/, '')}${req.url ?? ''}`;
    requests.push(key);
    const route = options.routes[key];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'text/plain' });
    if (route.dripMs === undefined) {
      res.end(route.body);
      return;
    }
    let i = 0;
    const timer = setInterval(() => {
      if (i >= route.body.length || res.destroyed) {
        clearInterval(timer);
        res.end();
      } else res.write(route.body[i++] ?? '');
    }, route.dripMs);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => resolve());
  });
  return {
    host: options.host,
    port: (server.address() as net.AddressInfo).port,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
