/**
 * Starts the test BIND by hand, for trying netdoctor against it:
 *   node --import tsx test/harness/bind-cli.ts
 * prints `127.0.0.1:PORT` and serves test/fixtures/zones until Ctrl-C.
 */
import { startBind } from './bind.js';

const bind = await startBind();
console.log(bind.address);
const stop = async () => {
  await bind.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
