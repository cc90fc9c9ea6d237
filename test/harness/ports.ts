/** Free loopback ports for test servers. */
import dgram from 'node:dgram';
import net from 'node:net';

function tcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.on('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 that is free for both TCP and UDP right now. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await tcpPort();
    if (await udpFree(port)) return port;
  }
  throw new Error('no free TCP+UDP port on 127.0.0.1');
}
