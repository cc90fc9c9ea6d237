/**
 * A message's template: the words kept, the parts that change from one line to the next masked —
 * UUIDs, e-mail addresses, IPv4 and IPv6 addresses (with a port), hex ids (queue ids, hashes)
 * and numbers — so that `Failed password for root from 203.0.113.7 port 52311 ssh2` and the same
 * line from another address count as one. Every pattern has bounded repetition (linear time on a
 * megabyte line), and only the first 1000 characters are templated.
 */
const MASK =
  /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|([\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})|((?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.]))|((?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4})(?![\w:]))|((?<![\w])(?=[0-9a-f]{0,63}\d)(?=[0-9a-f]{0,63}[a-f])[0-9a-f]{6,64}(?![\w]))|((?<![A-Za-z])\d{1,20}(?![A-Za-z]))/gi;

const MAX = 1000;

export function messageTemplate(message: string): string {
  const text = message.length > MAX ? message.slice(0, MAX) : message;
  return text.replace(MASK, (_m, uuid, email, v4, v6, hex) =>
    uuid ? '<uuid>' : email ? '<email>' : v4 ? '<ip>' : v6 ? '<ip6>' : hex ? '<id>' : '<n>',
  );
}
