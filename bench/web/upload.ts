/**
 * The dashboard side of the capture bench, as a whole process: opens a session on a running
 * `netdoctor serve`, uploads a capture as the page does (its script sends the file as the
 * request's body, streamed from disk; with `--form`, as the page's form does without script: a
 * multipart body), follows the redirect to the result and prints what the page shows as JSON:
 * `{ packets, bytes }`.
 *
 * Usage: node --import tsx bench/web/upload.ts <server URL> <capture file> [--form]
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { basename } from 'node:path';

const [base, file, how] = process.argv.slice(2) as [string, string, string | undefined];
const FORM = how === '--form';
const u = new URL(base);

function get(path: string, cookie = ''): Promise<{ status: number; body: string; cookie: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: u.hostname, port: u.port, path, headers: cookie ? { Cookie: cookie } : {} }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            cookie:
              (res.headers['set-cookie'] ?? [])
                .map((c) => c.split(';')[0])
                .find((c) => c?.startsWith('nd_session=')) ?? cookie,
          }),
        );
      })
      .on('error', reject);
  });
}

const form = await get('/capture');
const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
// The boundary a browser sends (Chromium's form, as the page's upload is made): the parser's
// search skips by the boundary's length, so a short one would measure a case browsers never make.
const boundary = `----WebKitFormBoundary${randomBytes(12).toString('base64url').slice(0, 16)}`;
const head = FORM
  ? Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="capture"; filename="${basename(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    )
  : Buffer.alloc(0);
const tail = FORM ? Buffer.from(`\r\n--${boundary}--\r\n`) : Buffer.alloc(0);
// What the page's script sends (src/web/capture-script.ts): the file as the body, the token and
// the name in headers.
const kind = FORM
  ? { 'Content-Type': `multipart/form-data; boundary=${boundary}` }
  : {
      'Content-Type': 'application/octet-stream',
      'X-CSRF-Token': csrf,
      'X-Capture-Name': encodeURIComponent(basename(file)),
    };
const location = await new Promise<string>((resolve, reject) => {
  const req = http.request(
    {
      host: u.hostname,
      port: u.port,
      method: 'POST',
      path: '/capture',
      headers: {
        Cookie: form.cookie,
        Origin: `${u.protocol}//${u.host}`,
        'Sec-Fetch-Site': 'same-origin',
        ...kind,
        'Content-Length': String(head.length + statSync(file).size + tail.length),
      },
    },
    (res) => {
      res.resume();
      if (res.statusCode !== 303) reject(new Error(`upload answered ${res.statusCode}`));
      else resolve(String(res.headers.location));
    },
  );
  req.on('error', reject);
  if (head.length) req.write(head);
  const body = createReadStream(file, { highWaterMark: 4 << 20 });
  body.pipe(req, { end: false });
  body.on('end', () => req.end(tail));
});
const result = await get(location, form.cookie);
const table = /<table id="capture-summary">([\s\S]*?)<\/table>/.exec(result.body)?.[1] ?? '';
const cells = [...table.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
const num = (s: string | undefined) => Number((s ?? '').replace(/,/g, ''));
process.stdout.write(`${JSON.stringify({ packets: num(cells[0]), bytes: num(cells[1]) })}\n`);
