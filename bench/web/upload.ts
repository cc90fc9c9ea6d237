/**
 * The dashboard side of the capture bench, as a whole process: opens a session on a running
 * `netdoctor serve`, uploads a capture as the page does (its script sends the file as the
 * request's body, streamed from disk; with `--form`, as the page's form does without script: a
 * multipart body) through curl (see below), follows the redirect to the result and prints what the
 * page shows as JSON: `{ packets, bytes, findings, seconds }`. `seconds` is what a person at the
 * page waits: from the upload's first byte to the result page received (the POST and the
 * redirect's GET). This process's start-up and its GET of the form come before it (about 0.17 s
 * here: a Node.js start and a page the person had open already) and are not the dashboard's work.
 *
 * Usage: node --import tsx bench/web/upload.ts <server URL> <capture file> [--form]
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';

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
// The upload itself is sent by curl: native code, as a browser's network process is. A Node.js
// client (fs stream piped into http.request) spent about five times curl's CPU moving the bytes
// (0.5 s against 0.1 s per 300 MB) and, on the same two cores as the server, took their time from
// the server: it measured Node's HTTP client, not the dashboard. curl streams the file from disk
// either way (`-T` for the raw body; `-F name=@file` for the multipart form).
const common = [
  '-sS',
  '-o',
  '/dev/null',
  '-w',
  '%{http_code} %{redirect_url}',
  '-H',
  `Cookie: ${form.cookie}`,
  '-H',
  `Origin: ${u.protocol}//${u.host}`,
  '-H',
  'Sec-Fetch-Site: same-origin',
  '-H',
  'Expect:', // no 100-continue round trip (browsers send the body at once)
];
const args = FORM
  ? // What the page's form sends without script: multipart, the token before the file.
    [...common, '-F', `csrf=${csrf}`, '-F', `capture=@${file};type=application/octet-stream`]
  : // What the page's script sends (src/web/capture-script.ts): the file as the body, the token and
    // the name in headers.
    [
      ...common,
      '-X',
      'POST',
      '-T',
      file,
      '-H',
      'Content-Type: application/octet-stream',
      '-H',
      `X-CSRF-Token: ${csrf}`,
      '-H',
      `X-Capture-Name: ${encodeURIComponent(basename(file))}`,
    ];
const started = performance.now();
const sent = spawnSync('curl', [...args, `${u.protocol}//${u.host}/capture`], { encoding: 'utf8' });
const [status, location = ''] = (sent.stdout ?? '').trim().split(' ');
if (sent.status !== 0 || status !== '303' || !location)
  throw new Error(
    `upload answered ${status ?? '-'}: ${(sent.stderr || String(sent.error ?? '')).slice(0, 300)}`,
  );
const result = await get(new URL(location).pathname, form.cookie);
const seconds = (performance.now() - started) / 1000;
const table = /<table id="capture-summary">([\s\S]*?)<\/table>/.exec(result.body)?.[1] ?? '';
const cells = [...table.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
const num = (s: string | undefined) => Number((s ?? '').replace(/,/g, ''));
// The findings the page lists (their ids, sorted): what `pcap diagnose --json` gives for the file.
const findings = [...result.body.matchAll(/<li class="finding" data-id="([^"]+)"/g)]
  .map((m) => m[1] ?? '')
  .sort();
process.stdout.write(
  `${JSON.stringify({ packets: num(cells[0]), bytes: num(cells[1]), findings, seconds })}\n`,
);
