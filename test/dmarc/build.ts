/** Builds report wrappings for the tests from the fixtures: gzip, zip, e-mails, mboxes and bombs. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';

export const FIXTURES = new URL('../fixtures/dmarc/', import.meta.url);
export const SAMPLE = 'reporter.example!example.test!1700000000!1700086399.xml';
export const SAMPLE_NS = 'ns.reporter.example!example.test!1700086400!1700172799.xml';

export function fixture(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

export function gz(b: Uint8Array): Buffer {
  return gzipSync(b);
}

export function zip(entries: Record<string, Uint8Array>): Buffer {
  return Buffer.from(zipSync(entries, { level: 9 }));
}

function b64(b: Uint8Array): string {
  return (
    Buffer.from(b)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\n');
}

/** A report e-mail the way Google (zip) or Microsoft (gzip) send them. */
export function reportMail(
  attachment: Uint8Array,
  o: { type?: string; filename?: string; subject?: string; from?: string } = {},
): Buffer {
  const type = o.type ?? 'application/zip';
  const filename = o.filename ?? 'reporter.example!example.test!1700000000!1700086399.zip';
  return Buffer.from(
    [
      `From: ${o.from ?? 'noreply-dmarc-support@reporter.example'}`,
      'To: dmarc@example.test',
      `Subject: ${o.subject ?? 'Report domain: example.test Submitter: reporter.example Report-ID: rx-1'}`,
      'Date: Tue, 14 Nov 2023 23:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      'This is an aggregate report from reporter.example.',
      '--b1',
      `Content-Type: ${type}; name="${filename}"`,
      `Content-Disposition: attachment; filename="${filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      b64(attachment),
      '--b1--',
      '',
    ].join('\n'),
  );
}

/** An mboxrd file of the given messages (body lines starting with "From " escaped). */
export function mbox(messages: Uint8Array[]): Buffer {
  return Buffer.from(
    messages
      .map(
        (m) =>
          `From MAILER-DAEMON Tue Nov 14 23:00:00 2023\n${Buffer.from(m)
            .toString('latin1')
            .replace(/^(>*From )/gm, '>$1')}\n`,
      )
      .join(''),
    'latin1',
  );
}

/** A zip whose one entry inflates to `size` bytes of zeros; `lie` rewrites its declared size. */
export function zipBomb(size: number, lie?: number): Buffer {
  const b = zip({ 'report.xml': new Uint8Array(size) });
  if (lie !== undefined) {
    b.writeUInt32LE(lie, 22); // local file header: uncompressed size
    const cd = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    b.writeUInt32LE(lie, cd + 24); // central directory: uncompressed size
  }
  return b;
}
